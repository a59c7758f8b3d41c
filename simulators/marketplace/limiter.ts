import type { SimulatorContext } from '../core/define-simulator.js';
import type { Stage } from '../core/pipeline.js';
import { respond, type Outcome } from '../core/types.js';
import type { RateLimit } from './config.js';
import { spErrors } from './errors.js';
import { requestIdFor } from './ids.js';
import type { MarketplaceState } from './state.js';
import { takeToken, type Bucket } from '../core/token-bucket.js';

export { takeToken, type Bucket };

/** Published usage plans [SPEC] SPAPI-M, docs/dialects/marketplace.md. */
export const USAGE_PLANS: Readonly<Record<string, RateLimit>> = Object.freeze({
  getOrders: { rate: 0.0167, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  getOrderItems: { rate: 0.5, burst: 30 },
  confirmShipment: { rate: 2, burst: 10 },
  getListingsItem: { rate: 5, burst: 10 },
  patchListingsItem: { rate: 5, burst: 5 },
  createFeedDocument: { rate: 0.5, burst: 15 },
  createFeed: { rate: 0.0083, burst: 15 },
  getFeed: { rate: 2, burst: 15 },
  getFeeds: { rate: 0.0222, burst: 10 },
  cancelFeed: { rate: 2, burst: 15 },
  getFeedDocument: { rate: 0.0222, burst: 10 },
  // Finances v0: every operation 0.5 req/s, burst 30 (selling-partner-api-models financesV0.json).
  listFinancialEventGroups: { rate: 0.5, burst: 30 },
  listFinancialEventsByGroupId: { rate: 0.5, burst: 30 },
  listFinancialEventsByOrderId: { rate: 0.5, burst: 30 },
  listFinancialEvents: { rate: 0.5, burst: 30 },
});

/**
 * The effective plan of an operation after config (overrides, then `rateScale`), or undefined
 * for operations SP-API does not meter here (LWA, unknown paths).
 *
 * @example planFor(readMarketplaceConfig({ rateScale: 10 }), 'getOrder') // { rate: 5, burst: 30 }
 */
export function planFor(
  config: MarketplaceState['config'],
  operation: string,
): RateLimit | undefined {
  const plan = config.rateOverrides[operation] ?? USAGE_PLANS[operation];
  if (!plan) return undefined;
  return { rate: plan.rate * config.rateScale, burst: plan.burst };
}

/** Format a rate as SP-API does in the header (`0.0167`, `0.5`, `2.0`). */
function rateHeader(rate: number): string {
  return Number.isInteger(rate) ? rate.toFixed(1) : String(Number(rate.toPrecision(6)));
}

function withHeaders(outcome: Outcome, headers: Record<string, string>): Outcome {
  if (outcome.kind !== 'respond' && outcome.kind !== 'truncate' && outcome.kind !== 'drip')
    return outcome;
  return {
    ...outcome,
    response: { ...outcome.response, headers: { ...outcome.response.headers, ...headers } },
  };
}

/**
 * The pipeline stage: 429 `QuotaExceeded` in SP-API's shape when the bucket is empty. GUESS:
 * SP-API documents no `Retry-After` (docs/dialects/marketplace.md), so none is sent.
 *
 * @example marketplaceSimulator.limiter!(ctx)
 */
export function spLimiter(ctx: SimulatorContext<MarketplaceState>): Stage<MarketplaceState> {
  return async (ex, next) => {
    const state = ctx.state;
    // Document URLs must point where callers reach us; only the runtime knows (mount prefixes).
    if (ex.sim.baseUrl) state.baseUrl = ex.sim.baseUrl;
    const headers: Record<string, string> = {
      'x-amzn-requestid': requestIdFor(ctx.world.seed, ++state.requestSeq),
    };
    const plan = planFor(state.config, ex.operation);
    if (!plan || !ex.credential) return withHeaders(await next(), headers);
    headers['x-amzn-ratelimit-limit'] = rateHeader(plan.rate);
    if (state.config.rateLimits) {
      const key = `${ex.credential}|${ex.operation}`;
      let bucket = state.buckets.get(key);
      if (!bucket) {
        bucket = { tokens: plan.burst, atWall: ex.sim.clock.wallNow() };
        state.buckets.set(key, bucket);
      }
      const taken = takeToken(bucket, ex.sim.clock.wallNow(), plan.rate, plan.burst);
      if (!taken.ok)
        return withHeaders(
          respond(spErrors.error(429, 'You exceeded your quota for the requested resource.')),
          headers,
        );
    }
    return withHeaders(await next(), headers);
  };
}
