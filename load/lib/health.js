/**
 * Fail fast: each script's `setup()` asks `GET /_omnichaos/health` (and reads the plan) before
 * any load starts, and stops the run with one of these reasons instead of measuring a harness
 * that is down, paused or half started.
 */

/**
 * @typedef {{ status: number, body: string | null, error?: string }} Reply
 *   What a script got back: k6's `res.status`, `res.body` and `res.error` (status 0 = no answer).
 */

/**
 * A reply from anything shaped like a k6 `Response` (or a test's own object).
 *
 * @example replyOf(http.get(url)) // { status: 200, body: '…', error: '' }
 * @param {{ status: number, body: unknown, error?: string }} res
 * @returns {Reply}
 */
export function replyOf(res) {
  return {
    status: res.status,
    body: typeof res.body === 'string' ? res.body : null,
    error: res.error || undefined,
  };
}

/**
 * JSON from a reply, or undefined.
 *
 * @example replyJson({ status: 200, body: '{"a":1}' }) // { a: 1 }
 * @param {Reply} reply
 * @returns {any}
 */
export function replyJson(reply) {
  if (typeof reply.body !== 'string' || reply.body === '') return undefined;
  try {
    return JSON.parse(reply.body);
  } catch {
    return undefined;
  }
}

/**
 * What a failed control-plane call means, in words a tester can act on.
 *
 * @example replyProblem({ status: 0, body: null, error: 'connection refused' }, 'http://127.0.0.1:4000', 'GET /_omnichaos/plan')
 * @param {Reply} reply
 * @param {string} base the control plane URL
 * @param {string} what the call, e.g. `GET /_omnichaos/plan`
 * @returns {string | undefined}
 */
export function replyProblem(reply, base, what) {
  if (reply.status === 0)
    return (
      `cannot reach omnichaos at ${base} (${reply.error ?? 'no answer'}): start it with ` +
      `"omnichaos up --scenario FILE", or point -e OMNICHAOS_URL at it`
    );
  if (reply.status === 401)
    return `the control plane at ${base} wants a token (omnichaos up --token …): pass -e OMNICHAOS_TOKEN=…`;
  if (reply.status === 404 && what.includes('/plan'))
    return `${base} serves no plan: this omnichaos predates GET /_omnichaos/plan, or ${base} is not omnichaos's control port`;
  if (reply.status < 200 || reply.status > 299) {
    const error = replyJson(reply)?.error;
    return `${what} answered ${reply.status}${error ? `: ${error}` : ''}`;
  }
  return undefined;
}

/**
 * Why omnichaos is not ready for load, or undefined when it is: reachable, `status: ok`, its
 * clock running, every simulator accepting connections.
 *
 * @example healthProblem({ status: 200, body: '{"status":"ok","clock":{"paused":false},"simulators":[]}' }, base)
 * @param {Reply} reply `GET /_omnichaos/health`
 * @param {string} base the control plane URL
 * @returns {string | undefined}
 */
export function healthProblem(reply, base) {
  const failed = replyProblem(reply, base, 'GET /_omnichaos/health');
  if (failed) return failed;
  const health = replyJson(reply);
  if (!health || health.status !== 'ok')
    return `${base}/_omnichaos/health did not answer {"status":"ok"}: is ${base} omnichaos's control port?`;
  if (health.clock?.paused)
    return 'the scenario clock is paused: resume it (POST /_omnichaos/clock {"action":"resume"}) before loading it';
  /** @type {{ name: string, refusing?: boolean }[]} */
  const simulators = Array.isArray(health.simulators) ? health.simulators : [];
  if (simulators.length === 0) return `omnichaos at ${base} runs no simulators`;
  const refusing = simulators.filter((s) => s.refusing).map((s) => s.name);
  if (refusing.length > 0)
    return `${refusing.join(', ')} refuse connections (a fault is on?): see GET /_omnichaos/faults, or "omnichaos chaos clear"`;
  return undefined;
}
