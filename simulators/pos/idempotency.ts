import type { RouteContext } from '../core/define-simulator.js';
import type { SimResponse } from '../core/types.js';
import { fail } from './errors.js';
import type { PosState } from './state.js';

/**
 * Square idempotency (docs/dialects/pos.md): the same key with the same body replays the FIRST
 * successful response and does nothing else; the same key with a different body is a 400
 * IDEMPOTENCY_KEY_REUSED. Failed requests are not remembered ("the response of the first
 * successful call"), so a corrected retry with the same key goes through.
 * GUESS: keys are scoped per endpoint and kept for the whole run (Square documents no window).
 */

/** JSON with sorted keys, so `{a,b}` and `{b,a}` are the same request. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Run `perform` once per (scope, key); replay or refuse repeats.
 *
 * @example return idempotent(ctx, 'CreatePayment', key, body, () => createPayment(ctx, body))
 */
export function idempotent(
  ctx: RouteContext<PosState>,
  scope: string,
  key: string | undefined,
  body: unknown,
  perform: () => SimResponse,
): SimResponse {
  if (key === undefined) return perform();
  ctx.annotate({ idempotencyKey: key });
  const slot = `${scope}\u001f${key}`;
  const fingerprint = canonical(body);
  const seen = ctx.state.idempotency.get(slot);
  if (seen) {
    if (seen.fingerprint !== fingerprint)
      fail(
        400,
        'IDEMPOTENCY_KEY_REUSED',
        'The idempotency key can only be retried with the same request data.',
        'idempotency_key',
      );
    ctx.annotate({ idempotentReplay: true });
    return seen.response;
  }
  const response = perform();
  if (response.status >= 200 && response.status < 300)
    ctx.state.idempotency.set(slot, { fingerprint, response });
  return response;
}
