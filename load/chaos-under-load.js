/**
 * chaos-under-load.js — steady traffic, a fault switched on in the middle, then cleared: does
 * the harness hold its SLO before, visibly apply the fault during, and recover after?
 *
 *   0 ── before (BEFORE_S) ──┤ PRESET on ├── during (FAULT_S) ──┤ off ├── after (AFTER_S) ──┤
 *
 * Two scenarios: `steady` makes RATE reads a second for the whole run (the simulators taking
 * turns, lib/reads.js), each tagged with its phase (lib/phases.js); `chaos` is one VU that
 * starts at BEFORE_S, POSTs the preset to /_omnichaos/faults, holds it FAULT_S seconds and
 * DELETEs it. With k6-operator that single VU lands on exactly one instance. Thresholds per
 * phase (lib/thresholds.js: phaseThresholds); teardown() removes the fault if a run stopped
 * early (and the fault's window ends on its own a few seconds after FAULT_S anyway).
 *
 *   omnichaos up                       # or --scenario FILE; faults already on stop the run
 *   k6 run -e OMNICHAOS_URL=http://127.0.0.1:4000 -e PRESET=erp-maintenance load/chaos-under-load.js
 *
 * Settings (-e): OMNICHAOS_URL, OMNICHAOS_TOKEN, PRESET (erp-maintenance), RATE (8),
 * BEFORE_S (30), FAULT_S (30), AFTER_S (30), SIMULATORS (all), P95_MS (250),
 * MAX_ERROR_RATE (0.01), EXPECT_DISTURBANCE (1), ALLOW_FAULTS (0). See docs/load.md.
 */
import http from 'k6/http';
import exec from 'k6/execution';
import { check, sleep } from 'k6';
import { Rate } from 'k6/metrics';
import { controlGet, readyPlan, readyReads, stop } from './k6/omnichaos.js';
import { controlHeaders, readControl } from './lib/control.js';
import { flagEnv, listEnv, numberEnv } from './lib/env.js';
import {
  activeFaultsProblem,
  faultsUrl,
  ownedFaultIds,
  presetFaultBody,
  presetProblem,
} from './lib/faults.js';
import { replyJson, replyOf, replyProblem } from './lib/health.js';
import { chaosTimeline, phaseAt } from './lib/phases.js';
import { vusFor } from './lib/stages.js';
import { readFor } from './lib/reads.js';
import { phaseThresholds } from './lib/thresholds.js';

const control = readControl(__ENV);
const preset = __ENV.PRESET || 'erp-maintenance';
const rate = numberEnv(__ENV, 'RATE', 8, { min: 1, integer: true });
const simulators = listEnv(__ENV, 'SIMULATORS', []);
const timeline = chaosTimeline({
  beforeS: numberEnv(__ENV, 'BEFORE_S', 30, { min: 1 }),
  faultS: numberEnv(__ENV, 'FAULT_S', 30, { min: 1 }),
  afterS: numberEnv(__ENV, 'AFTER_S', 30, { min: 1 }),
});
const slo = {
  p95Ms: numberEnv(__ENV, 'P95_MS', 250, { min: 1 }),
  maxErrorRate: numberEnv(__ENV, 'MAX_ERROR_RATE', 0.01),
};
/** The id the fault is added under; a bundle's rules become `<id>/1`, `<id>/2`, … */
const FAULT_ID = 'k6-chaos-under-load';

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      exec: 'read',
      rate,
      timeUnit: '1s',
      duration: `${timeline.endS}s`,
      ...vusFor(rate, { worstS: 10 }), // a fault may hold requests for seconds (latency presets)
      gracefulStop: '10s',
    },
    chaos: {
      executor: 'per-vu-iterations',
      exec: 'chaos',
      vus: 1,
      iterations: 1,
      startTime: `${timeline.faultOnS}s`,
      maxDuration: `${timeline.faultOffS - timeline.faultOnS + 30}s`,
    },
  },
  thresholds: phaseThresholds(slo, flagEnv(__ENV, 'EXPECT_DISTURBANCE', true)),
};

/** Reads that show the fault: an error status, no answer, or slower than the p95 SLO. */
const disturbed = new Rate('omnichaos_disturbed');

/**
 * Fail fast: omnichaos healthy, the preset known, no fault already on (the baseline would not
 * be one), every chosen read answering 200 once.
 */
export function setup() {
  const plan = readyPlan(control);
  const unknown = presetProblem(plan, preset);
  if (unknown) stop(unknown);
  const listed = replyOf(controlGet(control, '/_omnichaos/faults'));
  const failed = replyProblem(listed, control.url, 'GET /_omnichaos/faults');
  if (failed) stop(failed);
  const busy = activeFaultsProblem(replyJson(listed)?.faults ?? []);
  if (busy && !flagEnv(__ENV, 'ALLOW_FAULTS', false)) stop(busy);
  return { reads: readyReads(plan, control, simulators), speed: plan.clock.speed };
}

/**
 * The steady journey: one read, tagged with the phase it started in.
 *
 * @param {{ reads: import('./lib/reads.js').Read[] }} data
 */
export function read(data) {
  const r = readFor(data.reads, exec.scenario.iterationInTest);
  const phase = phaseAt(timeline, (Date.now() - exec.scenario.startTime) / 1000);
  const res = http.get(r.url, {
    headers: r.headers,
    timeout: '20s',
    tags: { name: `${r.sim} ${r.operation}`, sim: r.sim, phase },
  });
  disturbed.add(res.status === 0 || res.status >= 400 || res.timings.duration > slo.p95Ms, {
    phase,
  });
}

/**
 * The switch: preset on, hold, off. A refused POST stops the run (it would test nothing).
 *
 * @param {{ speed: number }} data
 */
export function chaos(data) {
  const faultS = timeline.faultOffS - timeline.faultOnS;
  const body = presetFaultBody(preset, { id: FAULT_ID, holdS: faultS, speed: data.speed });
  const on = http.post(faultsUrl(control.url), JSON.stringify(body), {
    headers: controlHeaders(control.token, true),
    responseType: 'text',
    tags: { name: 'POST /_omnichaos/faults' },
  });
  if (!check(on, { 'fault switched on': (r) => r.status === 201 }))
    stop(
      replyProblem(replyOf(on), control.url, 'POST /_omnichaos/faults') ??
        `fault not added (${on.status})`,
    );
  sleep(Math.max(0, faultS - (Date.now() - exec.scenario.startTime) / 1000));
  for (const id of ownedFaultIds(replyJson(replyOf(on))?.added ?? [], FAULT_ID)) {
    const off = http.del(faultsUrl(control.url, id), null, {
      headers: controlHeaders(control.token, true),
      tags: { name: 'DELETE /_omnichaos/faults/:id' },
    });
    check(off, { 'fault switched off': (r) => r.status === 200 });
  }
}

/** Remove the fault if the run ended before `chaos` could (runs on every k6 instance). */
export function teardown() {
  const listed = replyJson(replyOf(controlGet(control, '/_omnichaos/faults')));
  for (const id of ownedFaultIds(listed?.faults ?? [], FAULT_ID))
    http.del(faultsUrl(control.url, id), null, { headers: controlHeaders(control.token, true) });
}
