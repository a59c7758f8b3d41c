/**
 * The k6 side of talking to omnichaos, shared by the scripts: stop a run with a reason, the
 * fail-fast checks of `setup()`, the LWA token the marketplace read needs. Everything worth
 * testing is in ../lib (plain modules Node can import); this file is only the k6 calls.
 */
import http from 'k6/http';
import exec from 'k6/execution';
import { controlHeaders } from '../lib/control.js';
import { healthProblem, replyJson, replyOf, replyProblem } from '../lib/health.js';
import { parsePlan } from '../lib/plan.js';
import { lwaTokenRequest, simulatorReads } from '../lib/reads.js';

/**
 * @typedef {import('../lib/control.js').Control} Control
 * @typedef {import('../lib/plan.js').Plan} Plan
 * @typedef {import('../lib/reads.js').Read} Read
 */

/**
 * Stop the whole run now with a reason (exit code 108), from setup() or a VU.
 *
 * @param {string} reason
 * @returns {never}
 */
export function stop(reason) {
  exec.test.abort(`[omnichaos:k6] ${reason}`);
  throw new Error(reason); // not reached: abort() ends the run; this tells the type checker
}

/**
 * A control-plane GET that keeps its body even when the run discards response bodies.
 *
 * @param {Control} control
 * @param {string} path
 */
export function controlGet(control, path) {
  return http.get(`${control.url}${path}`, {
    headers: controlHeaders(control.token),
    responseType: 'text',
    tags: { name: `GET ${path}` },
  });
}

/**
 * setup()'s fail-fast: omnichaos answers, is healthy and running; then its live plan.
 *
 * @param {Control} control
 * @returns {Plan}
 */
export function readyPlan(control) {
  const unhealthy = healthProblem(replyOf(controlGet(control, '/_omnichaos/health')), control.url);
  if (unhealthy) stop(unhealthy);
  const res = replyOf(controlGet(control, '/_omnichaos/plan'));
  const failed = replyProblem(res, control.url, 'GET /_omnichaos/plan');
  if (failed) stop(failed);
  return parsePlan(res.body ?? '', `${control.url}/_omnichaos/plan`);
}

/**
 * The reads for `names`, with an LWA token when the marketplace is among them, each tried once
 * so that a wrong credential or path stops the run here instead of failing every request.
 *
 * @param {Plan} plan
 * @param {Control} control
 * @param {string[]} names
 * @returns {Read[]}
 */
export function readyReads(plan, control, names) {
  const lwa = lwaTokenRequest(plan, control.url);
  /** @type {string | undefined} */
  let token;
  if (lwa && (names.length === 0 || names.includes('marketplace'))) {
    const res = replyOf(
      http.post(lwa.url, lwa.form, { responseType: 'text', tags: { name: 'LWA token' } }),
    );
    token = replyJson(res)?.access_token;
    if (!token)
      stop(`the marketplace's LWA token grant answered ${res.status}: ${res.body ?? res.error}`);
  }
  let reads;
  try {
    reads = simulatorReads(plan, control.url, names, token);
  } catch (err) {
    stop(String(err instanceof Error ? err.message : err));
  }
  for (const r of reads) {
    const res = replyOf(
      http.get(r.url, { headers: r.headers, responseType: 'text', tags: { name: 'warm-up' } }),
    );
    if (res.status !== 200)
      stop(
        `${r.sim} ${r.operation} answered ${res.status} before any load (${r.url}): ${res.body ?? res.error}`,
      );
  }
  return reads;
}
