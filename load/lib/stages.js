/**
 * The plan's arrival curves as k6 `ramping-arrival-rate` scenarios: one journey (an arrival),
 * the load shape taken from the scenario file (docs/development.md: grafana k6 examples, `lib/stages.js`).
 *
 * Plain ES module with no k6 imports: k6 runs it, and Node (vitest) tests it.
 */

/**
 * @typedef {import('./plan.js').Plan} Plan
 * @typedef {import('./plan.js').WallStage} WallStage
 * @typedef {{ duration: string, target: number }} RateStage
 * @typedef {{ timeUnitS: number, startRate: number, stages: RateStage[] }} ArrivalRate
 * @typedef {{
 *   executor: 'ramping-arrival-rate',
 *   exec: string,
 *   startRate: number,
 *   timeUnit: string,
 *   stages: RateStage[],
 *   preAllocatedVUs: number,
 *   maxVUs: number,
 *   gracefulStop: string,
 *   tags: Record<string, string>,
 * }} DemandScenario
 */

/**
 * The wall-time curve as k6 `ramping-arrival-rate` settings. k6 wants whole iterations per
 * `timeUnit` (its `startRate` and `target` are integers) and ramps linearly from one target to
 * the next, each `target` being the rate at the END of its stage. So:
 *
 * - `timeUnit` is the smallest whole number of seconds that makes every rate whole
 *   (0.3/s → 10s: 3 per 10 s; 0.3/s and 0.25/s → 20s). The plan rounds rates to 1/1000 per
 *   second, so it is at most 1000s and the conversion is exact; a rate with more decimals is
 *   rounded to 1/1000 per second first.
 * - `startRate` is the first stage's `fromPerSec`; each stage becomes `{ duration, target: to }`.
 * - where a stage starts at a rate the previous one did not end at (a step, e.g. 2/s then 5/s),
 *   a zero-length stage jumps there first: k6 accepts `duration: '0s'` and switches at once.
 *
 * Iterations start where the area under the curve crosses 1, 2, 3, … (evenly spaced, unlike
 * the built-in driver's seeded jitter), so k6 starts ⌊area⌋ of the plan's `expectedArrivals`.
 *
 * @example toArrivalRate([{ durationS: 12, fromPerSec: 0.3, toPerSec: 0.3 }])
 *   // { timeUnitS: 10, startRate: 3, stages: [{ duration: '12000ms', target: 3 }] }
 * @param {WallStage[]} wallStages
 * @returns {ArrivalRate}
 */
export function toArrivalRate(wallStages) {
  const first = wallStages[0];
  if (!first) throw new Error('[omnichaos:k6] a channel needs at least one stage');
  const timeUnitS = timeUnitFor(wallStages.flatMap((s) => [s.fromPerSec, s.toPerSec]));
  // Exact: thousandths × timeUnitS is a multiple of 1000 by the choice of timeUnitS.
  const perUnit = (/** @type {number} */ perSec) => (thousandths(perSec) * timeUnitS) / 1000;
  const startRate = perUnit(first.fromPerSec);
  /** @type {RateStage[]} */
  const stages = [];
  let current = startRate;
  for (const s of wallStages) {
    const from = perUnit(s.fromPerSec);
    if (from !== current) stages.push({ duration: '0s', target: from });
    current = perUnit(s.toPerSec);
    stages.push({ duration: `${Math.round(s.durationS * 1000)}ms`, target: current });
  }
  return { timeUnitS, startRate, stages };
}

/**
 * The smallest whole number of seconds T such that every rate × T is whole.
 *
 * @example timeUnitFor([0.3, 0.5]) // 10
 * @param {number[]} perSec
 */
export function timeUnitFor(perSec) {
  let unit = 1;
  for (const r of perSec) {
    if (!(r >= 0) || !Number.isFinite(r))
      throw new Error(`[omnichaos:k6] an arrival rate must be a number >= 0, got ${r}`);
    const n = thousandths(r);
    unit = lcm(unit, 1000 / gcd(n, 1000));
  }
  return unit;
}

/**
 * Arrivals the curve adds up to (the area under it; the plan's `expectedArrivals`, unrounded).
 *
 * @example curveArea([{ durationS: 10, fromPerSec: 0, toPerSec: 2 }]) // 10
 * @param {WallStage[]} wallStages
 */
export function curveArea(wallStages) {
  return wallStages.reduce((sum, s) => sum + ((s.fromPerSec + s.toPerSec) / 2) * s.durationS, 0);
}

/**
 * Pre-allocated and maximum VUs for an arrival rate, by Little's law (in flight = rate × time
 * in the system): enough for `typicalS` per arrival up front, up to `worstS` before k6 drops
 * arrivals (counted in `dropped_iterations`).
 *
 * @example vusFor(5) // { preAllocatedVUs: 2, maxVUs: 20 }
 * @param {number} peakPerSec
 * @param {{ typicalS?: number, worstS?: number }} [options]
 */
export function vusFor(peakPerSec, options = {}) {
  const { typicalS = 0.25, worstS = 2 } = options;
  const preAllocatedVUs = Math.max(2, Math.ceil(peakPerSec * typicalS));
  return { preAllocatedVUs, maxVUs: Math.max(preAllocatedVUs, 10, Math.ceil(peakPerSec * worstS)) };
}

/**
 * One `ramping-arrival-rate` scenario per channel, named after the channel, running `exec`.
 *
 * @example demandScenarios(plan, 'arrive')['pos-sale'].timeUnit // '2s'
 * @param {Plan} plan
 * @param {string} exec the exported function each arrival runs
 * @returns {Record<string, DemandScenario>}
 */
export function demandScenarios(plan, exec) {
  /** @type {Record<string, DemandScenario>} */
  const scenarios = {};
  for (const c of plan.demand) {
    const rate = toArrivalRate(c.wallStages);
    const peak = Math.max(...c.wallStages.flatMap((s) => [s.fromPerSec, s.toPerSec]));
    scenarios[c.channel] = {
      executor: 'ramping-arrival-rate',
      exec,
      startRate: rate.startRate,
      timeUnit: `${rate.timeUnitS}s`,
      stages: rate.stages,
      ...vusFor(peak),
      gracefulStop: '10s',
      tags: { channel: c.channel },
    };
  }
  return scenarios;
}

/** @param {number} perSec */
function thousandths(perSec) {
  return Math.round(perSec * 1000);
}

/** @param {number} a @param {number} b @returns {number} */
function gcd(a, b) {
  return b === 0 ? a : gcd(b, a % b);
}

/** @param {number} a @param {number} b */
function lcm(a, b) {
  return (a / gcd(a, b)) * b;
}
