import type { SimulatorContext } from '../core/define-simulator.js';
import type { Stage } from '../core/pipeline.js';
import { respond } from '../core/types.js';
import { squareErrors } from './errors.js';
import type { PosState } from './state.js';
import { takeToken, type Bucket } from '../core/token-bucket.js';

export { takeToken, type Bucket };

/**
 * The pipeline stage. Answers 429 RATE_LIMITED (category RATE_LIMIT_ERROR) WITHOUT `Retry-After`:
 * Square's error docs (https://developer.squareup.com/docs/build-basics/handling-errors) and its
 * staff ("we don't document the limits", developer forum thread 7842) name no header, and clients
 * are told to back off exponentially. A chaos fault can still add one (see errors.ts). GUESS:
 * that the header is absent is inferred from the docs' silence, not from a captured response.
 *
 * @example posSimulator.limiter!(ctx)
 */
export function squareLimiter(ctx: SimulatorContext<PosState>): Stage<PosState> {
  return (ex, next) => {
    const limit = ctx.state.config.rateLimit;
    if (!limit) return next();
    const who = ex.credential ?? 'anonymous';
    const wall = ex.sim.clock.wallNow();
    let bucket = ctx.state.buckets.get(who);
    if (!bucket) {
      bucket = { tokens: limit.burst, atWall: wall };
      ctx.state.buckets.set(who, bucket);
    }
    const taken = takeToken(bucket, wall, limit.ratePerSec, limit.burst);
    if (taken.ok) return next();
    return Promise.resolve(
      respond(
        squareErrors.error(429, 'Too many requests. Please slow down and retry later.', {
          code: 'RATE_LIMITED',
        }),
      ),
    );
  };
}
