/**
 * The scenario's settings for the WMS (`config.wms` in a scenario, `ctx.config` here), read once
 * and checked, so a typo fails at start-up with a message that names the field. Timings are
 * scenario ms after the order was created.
 */
export interface WmsConfig {
  /**
   * ShipBob's limit (docs/dialects/wms.md): 150 requests per 60 s sliding window per token, on WALL
   * time (docs/architecture.md). `false` turns the vendor limit off (faults can still throttle).
   */
  rateLimit: { limit: number; windowMs: number } | false;
  /** GUESS: scenario ms from creation until the shipment is picked (default 10 minutes). */
  pickAfterMs: number;
  /** GUESS: …until it is packed (default 20 minutes). */
  packAfterMs: number;
  /** GUESS: …until it leaves the fulfillment center with a label (default 30 minutes). */
  shipAfterMs: number;
  /** GUESS: …until the carrier reports it delivered (default 2 days). */
  deliverAfterMs: number;
}

export const DEFAULT_WMS_CONFIG: Readonly<WmsConfig> = Object.freeze({
  rateLimit: Object.freeze({ limit: 150, windowMs: 60_000 }),
  pickAfterMs: 10 * 60_000,
  packAfterMs: 20 * 60_000,
  shipAfterMs: 30 * 60_000,
  deliverAfterMs: 2 * 86_400_000,
});

function fail(field: string, expected: string, got: unknown): never {
  throw new Error(
    `[omnichaos:wms] config.${field}: expected ${expected}, got ${JSON.stringify(got)}`,
  );
}

function nonNegativeInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    fail(field, 'a non-negative integer', value);
  return value;
}

function readRateLimit(raw: unknown): WmsConfig['rateLimit'] {
  if (raw === undefined) return DEFAULT_WMS_CONFIG.rateLimit;
  if (raw === false) return false;
  if (!raw || typeof raw !== 'object') fail('rateLimit', 'false or { limit, windowMs }', raw);
  const r = raw as Record<string, unknown>;
  const d = DEFAULT_WMS_CONFIG.rateLimit as { limit: number; windowMs: number };
  const limit = nonNegativeInt(r.limit ?? d.limit, 'rateLimit.limit');
  const windowMs = nonNegativeInt(r.windowMs ?? d.windowMs, 'rateLimit.windowMs');
  if (limit < 1 || windowMs < 1) fail('rateLimit', 'limit and windowMs >= 1', raw);
  return { limit, windowMs };
}

/**
 * @example readWmsConfig({ shipAfterMs: 60_000 }).pickAfterMs // 600000
 */
export function readWmsConfig(raw: Readonly<Record<string, unknown>> = {}): WmsConfig {
  const known = new Set(Object.keys(DEFAULT_WMS_CONFIG));
  for (const key of Object.keys(raw)) {
    if (!known.has(key))
      throw new Error(
        `[omnichaos:wms] config.${key}: unknown setting; known: ${[...known].join(', ')}`,
      );
  }
  const num = (k: 'pickAfterMs' | 'packAfterMs' | 'shipAfterMs' | 'deliverAfterMs') =>
    nonNegativeInt(raw[k] ?? DEFAULT_WMS_CONFIG[k], k);
  const config: WmsConfig = {
    rateLimit: readRateLimit(raw.rateLimit),
    pickAfterMs: num('pickAfterMs'),
    packAfterMs: num('packAfterMs'),
    shipAfterMs: num('shipAfterMs'),
    deliverAfterMs: num('deliverAfterMs'),
  };
  if (!(config.pickAfterMs <= config.packAfterMs && config.packAfterMs <= config.shipAfterMs))
    fail('pickAfterMs/packAfterMs/shipAfterMs', 'pick <= pack <= ship', raw);
  return config;
}
