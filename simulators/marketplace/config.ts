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
  /**
   * Scenario ms before an ACCEPTED listing patch shows. Amazon answers patchListingsItem with
   * `ACCEPTED` and processes the submission asynchronously (Listings Items 2021-08-01 model,
   * ListingsItemSubmissionResponse.status); it publishes no processing time. GUESS: 2 minutes
   * (the default). `0` is a documented leniency: patches apply at once.
   */
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
  /**
   * Scenario ms of one settlement period (Finances v0 event group); the first opens when the
   * simulator starts. GUESS: Amazon settles roughly every 14 days (the default).
   */
  settlementPeriodMs: number;
  /**
   * Scenario ms from a group's close (fund transfer initiated) to the transfer succeeding.
   * GUESS: 3 days (Amazon says funds take 3-5 business days to reach the bank).
   */
  fundTransferMs: number;
  /**
   * Longest scenario delay before a financial event is released into a group; each event's delay
   * is seeded between 0 and this. The Finances v0 model: "Orders from the last 48 hours might not
   * be included in financial events" (the default, 48 h).
   */
  financesDelayMs: number;
  /** Share (0..1) of fully shipped orders the buyer returns for a full refund (seeded per order). */
  refundRate: number;
  /** Scenario ms from an order's last shipment to its refund. GUESS: 3 days. */
  refundAfterMs: number;
  /** Account adjustments the scenario schedules (`atMs` since start; see finances.ts). */
  adjustments: AdjustmentSpec[];
}

/** One scheduled account adjustment (AdjustmentEventList). */
export interface AdjustmentSpec {
  /** Scenario ms after the simulator started when it is released into the open group. */
  atMs: number;
  /** Signed cents (negative: a charge to the seller). */
  amountCents: number;
  /** The vendor's AdjustmentType; default `PostageBilling`. */
  type: string;
  /** How long before its release it is dated (a late adjustment back-dated into a closed period). */
  postedBackMs: number;
}

export const DEFAULT_MARKETPLACE_CONFIG: Readonly<MarketplaceConfig> = Object.freeze({
  rateLimits: true,
  rateScale: 1,
  rateOverrides: {},
  tokenLifetimeMs: 3_600_000,
  feedProcessingMs: 60_000,
  listingProcessingMs: 120_000,
  pendingMs: 0,
  orderSettleMs: 120_000,
  settlementPeriodMs: 14 * 86_400_000,
  fundTransferMs: 3 * 86_400_000,
  financesDelayMs: 48 * 3_600_000,
  refundRate: 0,
  refundAfterMs: 3 * 86_400_000,
  adjustments: [] as AdjustmentSpec[],
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

function readAdjustments(raw: unknown): AdjustmentSpec[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw))
    fail('adjustments', '[{ atMs, amountCents, type?, postedBackMs? }]', raw);
  return raw.map((v, i) => {
    const r = (v ?? {}) as Record<string, unknown>;
    const amount = r.amountCents;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount === 0)
      fail(`adjustments[${i}].amountCents`, 'a non-zero integer', amount);
    const type = r.type ?? 'PostageBilling';
    if (typeof type !== 'string' || !/^[A-Za-z_]{1,64}$/.test(type))
      fail(`adjustments[${i}].type`, 'an AdjustmentType name', type);
    return {
      atMs: nonNegative(r.atMs, `adjustments[${i}].atMs`),
      amountCents: amount,
      type,
      postedBackMs: nonNegative(r.postedBackMs ?? 0, `adjustments[${i}].postedBackMs`),
    };
  });
}

function share(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1)
    fail(field, 'a number from 0 to 1', value);
  return value;
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
    listingProcessingMs: nonNegative(
      raw.listingProcessingMs ?? DEFAULT_MARKETPLACE_CONFIG.listingProcessingMs,
      'listingProcessingMs',
    ),
    pendingMs: nonNegative(raw.pendingMs ?? 0, 'pendingMs'),
    orderSettleMs: nonNegative(
      raw.orderSettleMs ?? DEFAULT_MARKETPLACE_CONFIG.orderSettleMs,
      'orderSettleMs',
    ),
    settlementPeriodMs: positive(
      raw.settlementPeriodMs ?? DEFAULT_MARKETPLACE_CONFIG.settlementPeriodMs,
      'settlementPeriodMs',
    ),
    fundTransferMs: nonNegative(
      raw.fundTransferMs ?? DEFAULT_MARKETPLACE_CONFIG.fundTransferMs,
      'fundTransferMs',
    ),
    financesDelayMs: nonNegative(
      raw.financesDelayMs ?? DEFAULT_MARKETPLACE_CONFIG.financesDelayMs,
      'financesDelayMs',
    ),
    refundRate: share(raw.refundRate ?? 0, 'refundRate'),
    refundAfterMs: nonNegative(
      raw.refundAfterMs ?? DEFAULT_MARKETPLACE_CONFIG.refundAfterMs,
      'refundAfterMs',
    ),
    adjustments: readAdjustments(raw.adjustments),
  };
}
