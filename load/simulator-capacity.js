/**
 * simulator-capacity.js — how many requests a second omnichaos's simulators serve before they
 * miss the SLO (p95 of served reads under P95_MS, errors under MAX_ERROR_RATE).
 *
 * The journey is one cheap authenticated read, the simulators taking turns (lib/reads.js); the
 * load is a staircase of arrival rates from START_RATE to MAX_RATE in STEPS steps of HOLD_S
 * seconds (lib/capacity.js). Every request is tagged with the rate offered when it started
 * (`offered`), each step has its own thresholds, and the first step to break stops the run
 * (abortOnFail). The ceiling is the last step whose thresholds passed (✓ in k6's summary).
 *
 * What ceiling this is: the simulator process's — every simulator runs in one Node process on
 * one event loop, so reading several at once measures their shared ceiling (-e SIMULATORS=erp
 * for one alone). It is NOT a vendor's quota: 429s are the simulated vendors' normal limits
 * (SP-API buckets, Square 20/s, ShipBob 150/min, NetSuite 15 in flight); they are not counted
 * as errors but in `omnichaos_throttled`, which fails the run to say it measured quotas. Start
 * omnichaos with every quota lifted for a capacity run:
 *
 *   omnichaos up --scenario load/capacity.yaml
 *   k6 run -e OMNICHAOS_URL=http://127.0.0.1:4000 load/simulator-capacity.js
 *
 * Run k6 on another machine (or cores) than omnichaos, or the two share the CPU being measured.
 *
 * Settings (-e): OMNICHAOS_URL, OMNICHAOS_TOKEN, SIMULATORS (all), START_RATE (50),
 * MAX_RATE (1000), STEPS (10), HOLD_S (20), P95_MS (250), MAX_ERROR_RATE (0.01).
 */
import http from 'k6/http';
import exec from 'k6/execution';
import { Rate, Trend } from 'k6/metrics';
import { readyPlan, readyReads } from './k6/omnichaos.js';
import { capacityLadder, stepAt } from './lib/capacity.js';
import { readControl } from './lib/control.js';
import { listEnv, numberEnv } from './lib/env.js';
import { vusFor } from './lib/stages.js';
import { readFor } from './lib/reads.js';
import { capacityThresholds } from './lib/thresholds.js';

const control = readControl(__ENV);
const simulators = listEnv(__ENV, 'SIMULATORS', []);
const ladder = capacityLadder({
  startPerSec: numberEnv(__ENV, 'START_RATE', 50, { min: 1 }),
  maxPerSec: numberEnv(__ENV, 'MAX_RATE', 1000, { min: 1 }),
  steps: numberEnv(__ENV, 'STEPS', 10, { min: 1, integer: true }),
  holdS: numberEnv(__ENV, 'HOLD_S', 20, { min: 1 }),
});
const slo = {
  p95Ms: numberEnv(__ENV, 'P95_MS', 250, { min: 1 }),
  maxErrorRate: numberEnv(__ENV, 'MAX_ERROR_RATE', 0.01),
};
const peak = ladder.rates[ladder.rates.length - 1] ?? 1;

/** @type {import('k6/options').Options} */
export const options = {
  discardResponseBodies: true,
  scenarios: {
    capacity: {
      executor: 'ramping-arrival-rate',
      exec: 'read',
      startRate: ladder.startRate,
      timeUnit: ladder.timeUnit,
      stages: ladder.stages,
      // In flight = rate × latency: up to twice the SLO's p95 at the top step, then k6 drops
      // arrivals (dropped_iterations) rather than pile VUs onto a saturated process.
      ...vusFor(peak, { typicalS: 0.05, worstS: (2 * slo.p95Ms) / 1000 }),
      gracefulStop: '5s',
    },
  },
  thresholds: capacityThresholds(ladder, slo),
};

// A 429 is the vendor's normal answer, not a failure of the simulator (counted apart below).
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 399 }, 429));

/** Latency of reads that were served (2xx): the capacity SLO. */
const served = new Trend('omnichaos_served_ms', true);
/** Share of reads a vendor quota turned away (429). */
const throttled = new Rate('omnichaos_throttled');

/** Fail fast: omnichaos healthy, its plan readable, every chosen read answering 200 once. */
export function setup() {
  const plan = readyPlan(control);
  return { reads: readyReads(plan, control, simulators) };
}

/**
 * One read, from the simulator whose turn it is, tagged with the step's offered rate.
 *
 * @param {{ reads: import('./lib/reads.js').Read[] }} data
 */
export function read(data) {
  const r = readFor(data.reads, exec.scenario.iterationInTest);
  const offered = String(
    ladder.rates[stepAt(ladder, (Date.now() - exec.scenario.startTime) / 1000)],
  );
  const tags = { sim: r.sim, offered };
  const res = http.get(r.url, {
    headers: r.headers,
    timeout: '10s',
    tags: { ...tags, name: `${r.sim} ${r.operation}` },
  });
  throttled.add(res.status === 429, tags);
  if (res.status >= 200 && res.status < 300) served.add(res.timings.duration, tags);
}
