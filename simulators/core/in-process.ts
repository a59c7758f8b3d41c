import type { SimulatorRuntime } from './simulator-runtime.js';
import type { SimRequest, SimResponse } from './types.js';

/**
 * Requests through a simulator's whole pipeline without a socket — what the dialects' test
 * harnesses and fuzz suites use (every stage runs; only the transport is skipped).
 */

/**
 * Build a `SimRequest`: the query string parsed from `path`, header names lower-cased, a body
 * that is not a string sent as JSON.
 *
 * @example simRequest('GET', '/services/rest/record/v1/customer?limit=5', undefined, {})
 */
export function simRequest(
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): SimRequest {
  const q = path.indexOf('?');
  const rawQuery = q === -1 ? '' : path.slice(q + 1);
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) query[k] = v;
  const rawBody = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method,
    path: q === -1 ? path : path.slice(0, q),
    query,
    rawQuery,
    headers: lower,
    rawBody,
  };
}

export type InProcessCall = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<SimResponse>;

/**
 * A `call(method, path, body?, headers?)` that expects an HTTP response (not a network fault)
 * and sends `defaults()` (e.g. the current auth header) under the caller's own headers.
 *
 * @example const call = inProcessCaller(runtime, () => ({ authorization: `Bearer ${token}` }))
 */
export function inProcessCaller(
  runtime: Pick<SimulatorRuntime, 'handle'>,
  defaults: () => Record<string, string> = () => ({}),
): InProcessCall {
  return async (method, path, body, headers = {}) => {
    const outcome = await runtime.handle(
      simRequest(method, path, body, { ...defaults(), ...headers }),
    );
    if (outcome.kind !== 'respond') throw new Error(`expected a response, got ${outcome.kind}`);
    return outcome.response;
  };
}
