import type { SimulatorContext } from '../core/define-simulator.js';
import type { Stage } from '../core/pipeline.js';
import { respond } from '../core/types.js';
import { shipbobErrors } from './errors.js';
import type { WmsState } from './state.js';

/**
 * ShipBob's normal limit (docs/dialects/wms.md): 150 requests per minute, sliding window, per token,
 * across all endpoints, on WALL time (docs/architecture.md). Over it: 429 `{ statusCode, message }` with
 * `x-retry-after` (seconds until the oldest request leaves the window) and `x-remaining-calls`.
 */

/**
 * Record one request in a sliding window if it fits.
 *
 * @example slide([], 1000, 2, 60_000) // { ok: true, remaining: 1, retryAfterMs: 0 }
 */
export function slide(
  times: number[],
  nowWall: number,
  limit: number,
  windowMs: number,
): { ok: boolean; remaining: number; retryAfterMs: number } {
  while (times.length > 0 && times[0]! <= nowWall - windowMs) times.shift();
  if (times.length < limit) {
    times.push(nowWall);
    return { ok: true, remaining: limit - times.length, retryAfterMs: 0 };
  }
  return { ok: false, remaining: 0, retryAfterMs: times[0]! + windowMs - nowWall };
}

/**
 * The pipeline stage. GUESS: `x-remaining-calls` is also sent on successful responses so
 * clients can pace themselves; the reference only shows it on the 429.
 *
 * @example wmsSimulator.limiter!(ctx)
 */
export function shipbobLimiter(ctx: SimulatorContext<WmsState>): Stage<WmsState> {
  return async (ex, next) => {
    const limit = ctx.state.config.rateLimit;
    if (!limit) return next();
    const who = ex.credential ?? 'anonymous';
    let times = ctx.state.windows.get(who);
    if (!times) ctx.state.windows.set(who, (times = []));
    const r = slide(times, ex.sim.clock.wallNow(), limit.limit, limit.windowMs);
    if (!r.ok) {
      // The window runs on wall time with the limit scaled by the speed (runner/quotas.ts); the
      // wait it asks for is stated in the target's time (docs/decisions/0011-target-clock.md).
      const seconds = Math.max(1, Math.ceil(ex.sim.clock.wallToTarget(r.retryAfterMs) / 1000));
      return respond(
        shipbobErrors.error(429, 'Rate limit is exceeded.', { retryAfterSeconds: seconds }),
      );
    }
    const outcome = await next();
    if (outcome.kind === 'respond')
      outcome.response.headers = {
        ...outcome.response.headers,
        'x-remaining-calls': String(r.remaining),
      };
    return outcome;
  };
}
