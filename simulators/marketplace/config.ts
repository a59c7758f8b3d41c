/**
 * The scenario's settings for the marketplace (`config.marketplace` in a scenario, `ctx.config`
 * here), read once and checked so a typo fails at start-up with a message that names the field.
 */
export interface RateLimit {
  /** Tokens added per WALL second. */
  rate: number;
  burst: number;
}

export interface MarketplaceConfig {
  /** `false` turns the vendor's per-operation buckets off (faults can still throttle). */
  rateLimits: boolean;
  /** Multiplies every operation's published rate (tests use a large value to go fast). */
  rateScale: number;
  /** Per-operation overrides of the published usage plans, e.g. `{ getOrders: { rate: 1, burst: 2 } }`. */
  rateOverrides: Record<string, RateLimit>;
  /** Scenario ms an LWA access token lives (docs/dialects/marketplace.md: 1 h). */
  tokenLifetimeMs: number;
  /**
   * Scenario ms from createFeed to DONE; the feed is IN_QUEUE for the first half, IN_PROGRESS for
   * the second. GUESS: Amazon publishes no figure; small JSON_LISTINGS_FEEDs take about a minute.
   */
  feedProcessingMs: number;
  /** Scenario ms before an ACCEPTED listing patch shows; 0 (default) applies it at once. */
  listingProcessingMs: number;
  /** Scenario ms a new order stays Pending before Unshipped; 0 (default) skips Pending. */
  pendingMs: number;
  /**
   * Scenario ms before an order's creation or change shows in getOrders. Amazon's Orders model
   * requires CreatedBefore / LastUpdatedBefore to be at least two minutes before the request
   * (selling-partner-api-models ordersV0.json): data younger than that has not settled. 120000
   * by default; 0 is a documented leniency (instantly consistent).
   */
  orderSettleMs: number;
}

export const DEFAULT_MARKETPLACE_CONFIG: Readonly<MarketplaceConfig> = Object.freeze({
  rateLimits: true,
  rateScale: 1,
  rateOverrides: {},
  tokenLifetimeMs: 3_600_000,
  feedProcessingMs: 60_000,
  listingProcessingMs: 0,
  pendingMs: 0,
  orderSettleMs: 120_000,
});

function fail(field: string, expected: string, got: unknown): never {
  throw new Error(
    `[omnichaos:marketplace] config.${field}: expected ${expected}, got ${JSON.stringify(got)}`,
  );
}

function positive(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    fail(field, 'a positive number', value);
  return value;
}

function nonNegative(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    fail(field, 'a number of 0 or more', value);
  return value;
}

function readOverrides(raw: unknown): Record<string, RateLimit> {
  if (raw === undefined) return {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    fail('rateOverrides', '{ <operation>: { rate, burst } }', raw);
  const out: Record<string, RateLimit> = {};
  for (const [op, v] of Object.entries(raw as Record<string, unknown>)) {
    const r = (v ?? {}) as Record<string, unknown>;
    out[op] = {
      rate: positive(r.rate, `rateOverrides.${op}.rate`),
      burst: positive(r.burst, `rateOverrides.${op}.burst`),
    };
  }
  return out;
}

/**
 * @example readMarketplaceConfig({ rateScale: 100 }).tokenLifetimeMs // 3600000
 */
export function readMarketplaceConfig(
  raw: Readonly<Record<string, unknown>> = {},
): MarketplaceConfig {
  const known = new Set(Object.keys(DEFAULT_MARKETPLACE_CONFIG));
  for (const key of Object.keys(raw)) {
    if (!known.has(key))
      throw new Error(
        `[omnichaos:marketplace] config.${key}: unknown setting; known: ${[...known].join(', ')}`,
      );
  }
  const limits = raw.rateLimits ?? true;
  if (typeof limits !== 'boolean') fail('rateLimits', 'true or false', limits);
  return {
    rateLimits: limits,
    rateScale: positive(raw.rateScale ?? 1, 'rateScale'),
    rateOverrides: readOverrides(raw.rateOverrides),
    tokenLifetimeMs: positive(
      raw.tokenLifetimeMs ?? DEFAULT_MARKETPLACE_CONFIG.tokenLifetimeMs,
      'tokenLifetimeMs',
    ),
    feedProcessingMs: nonNegative(
      raw.feedProcessingMs ?? DEFAULT_MARKETPLACE_CONFIG.feedProcessingMs,
      'feedProcessingMs',
    ),
    listingProcessingMs: nonNegative(raw.listingProcessingMs ?? 0, 'listingProcessingMs'),
    pendingMs: nonNegative(raw.pendingMs ?? 0, 'pendingMs'),
    orderSettleMs: nonNegative(
      raw.orderSettleMs ?? DEFAULT_MARKETPLACE_CONFIG.orderSettleMs,
      'orderSettleMs',
    ),
  };
}
