/**
 * Reaching omnichaos from a load generator: where its control plane is, the token it may want,
 * and the plan's simulator URLs as the load generator sees them.
 */

/**
 * @typedef {{ url: string, token: string | undefined }} Control
 */

/**
 * `-e OMNICHAOS_URL` (default http://127.0.0.1:4000, what `omnichaos up` binds) and
 * `-e OMNICHAOS_TOKEN` (needed when `up` runs with `--token`).
 *
 * @example readControl({ OMNICHAOS_URL: 'http://omnichaos:4000/' }) // { url: 'http://omnichaos:4000', token: undefined }
 * @param {Record<string, string | undefined>} env k6's `__ENV`, or `process.env` in tests
 * @returns {Control}
 */
export function readControl(env) {
  const raw = env.OMNICHAOS_URL || 'http://127.0.0.1:4000';
  const url = trimSlash(raw);
  if (!/^https?:\/\/[^/\s]+$/.test(url))
    throw new Error(
      `[omnichaos:k6] -e OMNICHAOS_URL: expected the control plane's base URL like http://127.0.0.1:4000, got "${raw}"`,
    );
  return { url, token: env.OMNICHAOS_TOKEN || undefined };
}

/**
 * Headers for a control-plane request.
 *
 * @example controlHeaders('s3cret', true) // { authorization: 'Bearer s3cret', 'content-type': 'application/json' }
 * @param {string | undefined} token
 * @param {boolean} [write] a state-changing request (POST, PATCH, DELETE): the control plane takes
 *   those only as `content-type: application/json`, a body-less one too (docs/control-plane.md)
 * @returns {Record<string, string>}
 */
export function controlHeaders(token, write = false) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (write) headers['content-type'] = 'application/json';
  return headers;
}

/**
 * A URL from the plan as the load generator reaches it. `up` reports the addresses it bound
 * (`http://127.0.0.1:4001`); a k6 pod reaches the same ports under the host name it was given in
 * OMNICHAOS_URL (a Kubernetes Service, say). So when the plan's control host differs from
 * OMNICHAOS_URL's, plan URLs on that host move to OMNICHAOS_URL's host, keeping their ports.
 *
 * @example rebaseUrl('http://127.0.0.1:4001', 'http://127.0.0.1:4000', 'http://omnichaos:4000') // 'http://omnichaos:4001'
 * @param {string} url a simulator URL from the plan
 * @param {string} planControl the plan's `control`
 * @param {string} base OMNICHAOS_URL
 */
export function rebaseUrl(url, planControl, base) {
  const target = splitUrl(url);
  const from = splitUrl(planControl);
  const to = splitUrl(base);
  if (!target || !from || !to || from.host === to.host || target.host !== from.host)
    return trimSlash(url);
  return trimSlash(`${to.scheme}${to.host}${target.port}${target.rest}`);
}

/**
 * @example trimSlash('http://x:1/') // 'http://x:1'
 * @param {string} url
 */
export function trimSlash(url) {
  return url.replace(/\/+$/, '');
}

/**
 * k6 has no WHATWG `URL`, so a small split that is enough for http(s) base URLs.
 *
 * @param {string} url
 */
function splitUrl(url) {
  const m = /^(https?:\/\/)([^/:?#]+|\[[^\]]+\])(:\d+)?(.*)$/.exec(url);
  if (!m) return undefined;
  return { scheme: m[1] ?? '', host: m[2] ?? '', port: m[3] ?? '', rest: m[4] ?? '' };
}
