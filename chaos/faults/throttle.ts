import { z } from 'zod';
import { defineFault } from '../fault.js';
import { respond } from '../../simulators/core/types.js';

/**
 * An extra rate limit on top of the vendor's own: a token bucket (`rate` per second, `burst`) or a
 * sliding window (`limit` per `windowMs`), in the target's time — scenario time for a target
 * under libfaketime, else the wall clock (docs/decisions/0011-target-clock.md) — so the target
 * meets the limit as written either way. Keyed per credential by default (as vendors count), or
 * per operation, or globally. Over the limit → the dialect's 429 with Retry-After.
 */
const params = z
  .object({
    algorithm: z.enum(['token-bucket', 'sliding-window']).default('token-bucket'),
    rate: z.number().positive().default(1),
    burst: z.number().int().positive().default(5),
    limit: z.number().int().positive().default(60),
    windowMs: z.number().positive().default(60_000),
    per: z.enum(['credential', 'operation', 'global']).default('credential'),
  })
  .strict();

interface Bucket {
  tokens: number;
  at: number;
}

export const throttle = defineFault({
  type: 'throttle',
  kind: 'throttle',
  summary: 'tighten rate limits: token bucket or sliding window, answered with the vendor 429',
  params,
  async onRequest(call, next) {
    const p = call.params;
    const now = call.clock.targetNow();
    const key =
      p.per === 'global'
        ? '*'
        : p.per === 'operation'
          ? `${call.ex.credential}:${call.ex.operation}`
          : String(call.ex.credential);
    let waitMs = 0;
    if (p.algorithm === 'token-bucket') {
      const b = (call.memory.get(key) as Bucket | undefined) ?? { tokens: p.burst, at: now };
      b.tokens = Math.min(p.burst, b.tokens + ((now - b.at) / 1000) * p.rate);
      b.at = now;
      call.memory.set(key, b);
      if (b.tokens >= 1) b.tokens -= 1;
      else waitMs = ((1 - b.tokens) / p.rate) * 1000;
    } else {
      const hits = ((call.memory.get(key) as number[] | undefined) ?? []).filter(
        (t) => t > now - p.windowMs,
      );
      if (hits.length < p.limit) hits.push(now);
      else waitMs = hits[0]! + p.windowMs - now;
      call.memory.set(key, hits);
    }
    if (waitMs <= 0) return next();
    return respond(
      call.errors.error(429, 'Request was throttled (injected by omnichaos).', {
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      }),
    );
  },
});
