/**
 * channel-demand.js — a scenario's marketplace orders and store sales, placed by k6 instead of
 * omnichaos's built-in driver, at the scenario's arrival curve (open model: arrivals come on
 * schedule whatever the harness or the integration is doing).
 *
 * The journey is one arrival: `POST /_omnichaos/demand/<channel>/<i>`, where `i` is k6's
 * `exec.scenario.iterationInTest`, unique across every k6 instance of the run, so arrival i is
 * world order i exactly once even with k6-operator. Each channel of the plan is one
 * `ramping-arrival-rate` scenario named after the channel (lib/stages.js: toArrivalRate).
 *
 *   omnichaos up --scenario scenarios/smoke.yaml            # without --demand
 *   curl -fsS http://127.0.0.1:4000/_omnichaos/plan -o plan.json
 *   k6 run -e OMNICHAOS_URL=http://127.0.0.1:4000 -e OMNICHAOS_PLAN=$PWD/plan.json load/channel-demand.js
 *
 * Why a saved plan: k6 fixes its scenarios in the init stage, where it allows no HTTP. setup()
 * then reads the live plan and stops the run if the saved one no longer matches it.
 *
 * Settings (-e): OMNICHAOS_URL, OMNICHAOS_TOKEN, OMNICHAOS_PLAN (required), P95_MS (200),
 * MAX_ERROR_RATE (0.01), INSTANCES (1; the k6-operator parallelism). See docs/load.md.
 */
import http from 'k6/http';
import exec from 'k6/execution';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { readyPlan, stop } from './k6/omnichaos.js';
import { controlHeaders, readControl } from './lib/control.js';
import { numberEnv } from './lib/env.js';
import { replyJson, replyOf } from './lib/health.js';
import { arrivalRequest, demandProblem, parsePlan, planDriftProblem } from './lib/plan.js';
import { demandScenarios } from './lib/stages.js';
import { demandThresholds } from './lib/thresholds.js';

const control = readControl(__ENV);
const planFile = __ENV.OMNICHAOS_PLAN;
if (!planFile)
  throw new Error(
    `[omnichaos:k6] -e OMNICHAOS_PLAN is required: k6 shapes its scenarios before setup() may call omnichaos, so save the plan first: curl -fsS ${control.url}/_omnichaos/plan -o plan.json, then -e OMNICHAOS_PLAN=$PWD/plan.json`,
  );
const saved = parsePlan(open(planFile), planFile);
const refusal = demandProblem(saved);
if (refusal) throw new Error(`[omnichaos:k6] ${refusal}`);

const slo = {
  p95Ms: numberEnv(__ENV, 'P95_MS', 200, { min: 1 }),
  maxErrorRate: numberEnv(__ENV, 'MAX_ERROR_RATE', 0.01),
};
const instances = numberEnv(__ENV, 'INSTANCES', 1, { min: 1, integer: true });

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: demandScenarios(saved, 'arrive'),
  thresholds: demandThresholds(saved.demand, slo, instances),
};

/** Arrivals admitted (HTTP 200), per channel (the scenario tag). */
const arrivals = new Counter('omnichaos_arrivals');
/** Marketplace orders the shopper could not place: the listing showed too little stock. */
const unavailable = new Counter('omnichaos_orders_unavailable');

/**
 * Fail fast: omnichaos healthy, not placing demand itself, running the saved plan.
 *
 * @returns {{ paths: Record<string, string> }}
 */
export function setup() {
  const live = readyPlan(control);
  const problem = demandProblem(live) ?? planDriftProblem(saved, live);
  if (problem) stop(problem);
  return { paths: Object.fromEntries(live.demand.map((c) => [c.channel, c.path])) };
}

/**
 * One arrival of the channel this scenario drives.
 *
 * @param {{ paths: Record<string, string> }} data
 */
export function arrive(data) {
  const path = data.paths[exec.scenario.name];
  if (!path) stop(`no demand path for scenario "${exec.scenario.name}"`);
  const { url, name } = arrivalRequest(control.url, path, exec.scenario.iterationInTest);
  const res = http.post(url, null, {
    headers: controlHeaders(control.token, true),
    tags: { name },
  });
  if (!check(res, { 'arrival admitted': (r) => r.status === 200 })) return;
  arrivals.add(1);
  if (replyJson(replyOf(res))?.result?.unavailable) unavailable.add(1);
}
