/**
 * Thresholds written as SLOs: each line is a promise about the harness a tester can read aloud
 * ("admitting an arrival fails less than 1% of the time"). A crossed threshold fails the run
 * (k6 exits 99); the capacity ones also stop it (`abortOnFail`).
 *
 * k6 evaluates thresholds per instance: with k6-operator each runner judges its own share, so
 * count thresholds are divided by the number of instances (-e INSTANCES).
 */
import { curveArea } from './stages.js';

/**
 * @typedef {import('./plan.js').PlannedChannel} PlannedChannel
 * @typedef {import('./capacity.js').Ladder} Ladder
 * @typedef {{ threshold: string, abortOnFail?: boolean, delayAbortEval?: string }} ThresholdObject
 * @typedef {Record<string, (string | ThresholdObject)[]>} Thresholds
 * @typedef {{ p95Ms: number, maxErrorRate: number }} Slo
 */

/**
 * Arrivals one instance must have admitted: its share of the curve's area, less one for the
 * arrival k6 may not start exactly at the end of the last stage.
 *
 * @example minArrivals([{ durationS: 12, fromPerSec: 3, toPerSec: 3 }], 1) // 35
 * @param {PlannedChannel['wallStages']} wallStages
 * @param {number} instances
 */
export function minArrivals(wallStages, instances) {
  return Math.max(0, Math.floor(curveArea(wallStages) / instances) - 1);
}

/**
 * channel-demand.js, per channel (= k6 scenario): every planned arrival admitted, quickly, none
 * dropped by k6 for want of VUs.
 *
 * @example demandThresholds(plan.demand, { p95Ms: 200, maxErrorRate: 0.01 }, 1)
 * @param {PlannedChannel[]} demand
 * @param {Slo} slo
 * @param {number} instances
 * @returns {Thresholds}
 */
export function demandThresholds(demand, slo, instances) {
  /** @type {Thresholds} */
  const t = {};
  for (const c of demand) {
    const s = `{scenario:${c.channel}}`;
    t[`http_req_failed${s}`] = [`rate<${slo.maxErrorRate}`];
    t[`http_req_duration${s}`] = [`p(95)<${slo.p95Ms}`];
    t[`dropped_iterations${s}`] = ['count<1'];
    t[`omnichaos_arrivals${s}`] = [`count>=${minArrivals(c.wallStages, instances)}`];
  }
  return t;
}

/**
 * simulator-capacity.js, per step of the staircase: p95 of served (non-429) reads and the error
 * rate. Each step is judged once half of it has run (`delayAbortEval` counts from the start of
 * the test) and stops the run when it breaks, so the last step that passed is the ceiling.
 * 429s are vendor quotas, not capacity: counted in `omnichaos_throttled`, which fails the run
 * (without stopping it) to say the run measured quotas; see load/capacity.yaml.
 *
 * @example Object.keys(capacityThresholds(ladder, { p95Ms: 250, maxErrorRate: 0.01 }))
 * @param {Ladder} ladder
 * @param {Slo} slo
 * @returns {Thresholds}
 */
export function capacityThresholds(ladder, slo) {
  /** @type {Thresholds} */
  const t = { omnichaos_throttled: ['rate<0.01'], dropped_iterations: ['count<1'] };
  ladder.rates.forEach((rate, k) => {
    const delayAbortEval = `${Math.ceil((k + 0.5) * ladder.holdS)}s`;
    const judge = (/** @type {string} */ threshold) => ({
      threshold,
      abortOnFail: true,
      delayAbortEval,
    });
    t[`omnichaos_served_ms{offered:${rate}}`] = [judge(`p(95)<${slo.p95Ms}`)];
    t[`http_req_failed{offered:${rate}}`] = [judge(`rate<${slo.maxErrorRate}`)];
  });
  return t;
}

/**
 * chaos-under-load.js: the same SLO before the fault and after it is cleared (recovery), the
 * fault visibly reaching the traffic while on (unless `expectDisturbance` is false, for faults
 * the reads do not touch, such as webhook ones), and the switch itself working.
 *
 * @example phaseThresholds({ p95Ms: 250, maxErrorRate: 0.01 }, true)['omnichaos_disturbed{phase:during}'] // ['rate>0']
 * @param {Slo} slo
 * @param {boolean} expectDisturbance
 * @returns {Thresholds}
 */
export function phaseThresholds(slo, expectDisturbance) {
  /** @type {Thresholds} */
  const t = { 'checks{scenario:chaos}': ['rate==1'] };
  for (const phase of ['before', 'after']) {
    t[`http_req_failed{phase:${phase}}`] = [`rate<${slo.maxErrorRate}`];
    t[`http_req_duration{phase:${phase}}`] = [`p(95)<${slo.p95Ms}`];
  }
  if (expectDisturbance) t['omnichaos_disturbed{phase:during}'] = ['rate>0'];
  return t;
}
