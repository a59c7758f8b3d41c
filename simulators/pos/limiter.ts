import type { SimulatorContext } from '../core/define-simulator.js';
import type { Stage } from '../core/pipeline.js';
import { respond } from '../core/types.js';
import { squareErrors } from './errors.js';
import type { PosState } from './state.js';

/**
 * Square's normal limit: a token bucket per access token on WALL time (design §1: what the
 * target measures stays unscaled). Square publishes no numbers (reference §1.6), so the default
 * 20 req/s with bursts of 40 is a GUESS; `config.pos.rateLimit` overrides it.
 */
export interface Bucket {
  tokens: number;
  atWall: number;
}

/**
 * Refill for the elapsed wall time, then take one token if there is one.
 *
 * @example takeToken({ tokens: 0, atWall: 0 }, 500, 2, 4) // { ok: true, retryAfterMs: 0 } (refilled 1)
 */
export function takeToken(
  bucket: Bucket,
  nowWall: number,
  ratePerSec: number,
  burst: number,
): { ok: boolean; retryAfterMs: number } {
  const elapsed = Math.max(0, nowWall - bucket.atWall);
  bucket.tokens = Math.min(burst, bucket.tokens + (elapsed * ratePerSec) / 1000);
  bucket.atWall = nowWall;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return { ok: true, retryAfterMs: 0 };
  }
  return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) * 1000) / ratePerSec) };
}

/**
 * The pipeline stage. Answers 429 RATE_LIMITED (category RATE_LIMIT_ERROR) with `Retry-After`
 * in whole seconds — GUESS: Square does not document the header; the v44 SDK honours it.
 *
 * @example posSimulator.limiter!(ctx)
 */
export function squareLimiter(ctx: SimulatorContext<PosState>): Stage<PosState> {
  return async (ex, next) => {
    const limit = ctx.state.config.rateLimit;
    if (!limit) return next();
    const who = ex.credential ?? 'anonymous';
    let bucket = ctx.state.buckets.get(who);
    if (!bucket) {
      bucket = { tokens: limit.burst, atWall: ex.sim.clock.wallNow() };
      ctx.state.buckets.set(who, bucket);
    }
    const taken = takeToken(bucket, ex.sim.clock.wallNow(), limit.ratePerSec, limit.burst);
    if (taken.ok) return next();
    return respond(
      squareErrors.error(429, 'Too many requests. Please slow down and retry later.', {
        code: 'RATE_LIMITED',
        retryAfterSeconds: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)),
      }),
    );
  };
}
