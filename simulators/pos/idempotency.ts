import { createHash } from 'node:crypto';
import { BoundedMap } from '../core/bounded-map.js';
import type { RouteContext } from '../core/define-simulator.js';
import type { SimResponse } from '../core/types.js';
import { fail } from './errors.js';
import type { PosState } from './state.js';

/**
 * Square idempotency (docs/dialects/pos.md): the same key with the same body replays the FIRST
 * successful response and does nothing else; the same key with a different body is a 400
 * IDEMPOTENCY_KEY_REUSED. Failed requests are not remembered ("the response of the first
 * successful call", https://developer.squareup.com/docs/working-with-apis/idempotency), so a
 * corrected retry with the same key goes through. Keys are scoped per endpoint.
 *
 * How long Square keeps a key is not documented (same page). GUESS: 24 hours of scenario time,
 * as most payment APIs do; at most `IDEMPOTENCY_KEYS_MAX` keys, the least recently used
 * forgotten first (docs/performance.md).
 *
 * Memory (docs/performance.md): each key keeps a fingerprint of its body (a SHA-1, not the body)
 * and, for the operations that name what they made, a reference to it (order, payment, refund
 * id) — the answer is rendered again from state on a replay. Only the last `WHOLE_RECENT`
 * answers are also kept whole, so a replay soon after the first call is byte for byte the first
 * answer even if the object changed since; an older replay shows the object as it is now.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
export const IDEMPOTENCY_KEYS_MAX = 1_000_000;
const WHOLE_RECENT = 1_000;

export interface IdempotencyEntry {
  at: number;
  /** SHA-1 (base64) of the body as canonical JSON. */
  fp: string;
  /** The first successful answer, while it is among the recent ones (or has no `ref`). */
  response?: SimResponse;
  /** What the first call made, to render the answer again (`render` of its operation). */
  ref?: string;
  render?: (state: PosState, ref: string) => SimResponse | undefined;
}

export interface IdempotencyStore {
  keys: BoundedMap<IdempotencyEntry>;
  /** The slots whose answers are kept whole, oldest overwritten first. */
  recent: string[];
  recentAt: number;
}

/** @example createIdempotencyStore(() => clock.now()).keys.size // 0 */
export function createIdempotencyStore(now: () => number): IdempotencyStore {
  return {
    keys: new BoundedMap({ ttlMs: IDEMPOTENCY_TTL_MS, maxEntries: IDEMPOTENCY_KEYS_MAX, now }),
    recent: [],
    recentAt: 0,
  };
}

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

/** How to keep a reference instead of the answer: the id it made, and the answer from that id. */
export interface Replay {
  ref(response: SimResponse): string | undefined;
  render(state: PosState, ref: string): SimResponse | undefined;
}

/**
 * Run `perform` once per (scope, key); replay or refuse repeats.
 *
 * @example return idempotent(ctx, 'CreatePayment', key, body, () => createPayment(ctx, body), paymentReplay)
 */
export function idempotent(
  ctx: RouteContext<PosState>,
  scope: string,
  key: string | undefined,
  body: unknown,
  perform: () => SimResponse,
  replay?: Replay,
): SimResponse {
  if (key === undefined) return perform();
  ctx.annotate({ idempotencyKey: key });
  const slot = `${scope}\u001f${key}`;
  const fp = createHash('sha1').update(canonical(body)).digest('base64');
  const store = ctx.state.idempotency;
  const seen = store.keys.get(slot);
  if (seen) {
    if (seen.fp !== fp)
      fail(
        400,
        'IDEMPOTENCY_KEY_REUSED',
        'The idempotency key can only be retried with the same request data.',
        'idempotency_key',
      );
    const again =
      seen.response ?? (seen.ref !== undefined ? seen.render?.(ctx.state, seen.ref) : undefined);
    if (again) {
      ctx.annotate({ idempotentReplay: true });
      return again;
    }
    // What the key made is gone (a reset cannot get here; a hidden object can): run again.
    store.keys.delete(slot);
  }
  const response = perform();
  if (response.status >= 200 && response.status < 300) {
    const ref = replay?.ref(response);
    store.keys.set(
      slot,
      ref === undefined
        ? { at: ctx.clock.now(), fp, response }
        : { at: ctx.clock.now(), fp, response, ref, render: replay!.render },
    );
    keepWhole(store, slot);
  }
  return response;
}

/** Remember `slot` among the recent whole answers; the one it displaces keeps its reference only. */
function keepWhole(store: IdempotencyStore, slot: string): void {
  const i = store.recentAt;
  const old = store.recent[i];
  store.recent[i] = slot;
  store.recentAt = (i + 1) % WHOLE_RECENT;
  if (old === undefined || old === slot) return;
  const entry = store.keys.get(old);
  if (entry?.ref !== undefined) entry.response = undefined;
}
