/**
 * The scenario's settings for the POS (`config.pos` in a scenario, `ctx.config` here), read once
 * and checked, so a typo fails at start-up with a message that names the field.
 */
export interface PosConfig {
  /**
   * Token bucket per access token, on WALL time (docs/architecture.md). Square publishes no numbers
   * (docs/dialects/pos.md), so the default is a GUESS: 20 requests/s with bursts of 40. `false` turns
   * the vendor limit off (faults can still throttle).
   */
  rateLimit: { ratePerSec: number; burst: number } | false;
  /** Scenario ms a card refund stays PENDING before it turns COMPLETED (GUESS: 1 minute). */
  refundSettleMs: number;
}

export const DEFAULT_POS_CONFIG: Readonly<PosConfig> = Object.freeze({
  rateLimit: Object.freeze({ ratePerSec: 20, burst: 40 }),
  refundSettleMs: 60_000,
});

function fail(field: string, expected: string, got: unknown): never {
  throw new Error(
    `[omnichaos:pos] config.${field}: expected ${expected}, got ${JSON.stringify(got)}`,
  );
}

function positive(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    fail(field, 'a positive number', value);
  return value;
}

function readRateLimit(raw: unknown): PosConfig['rateLimit'] {
  if (raw === undefined) return DEFAULT_POS_CONFIG.rateLimit;
  if (raw === false) return false;
  if (!raw || typeof raw !== 'object') fail('rateLimit', 'false or { ratePerSec, burst }', raw);
  const r = raw as Record<string, unknown>;
  const defaults = DEFAULT_POS_CONFIG.rateLimit as { ratePerSec: number; burst: number };
  return {
    ratePerSec: positive(r.ratePerSec ?? defaults.ratePerSec, 'rateLimit.ratePerSec'),
    burst: positive(r.burst ?? defaults.burst, 'rateLimit.burst'),
  };
}

/**
 * @example readPosConfig({ rateLimit: { ratePerSec: 5, burst: 5 } }).refundSettleMs // 60000
 */
export function readPosConfig(raw: Readonly<Record<string, unknown>> = {}): PosConfig {
  const known = new Set(Object.keys(DEFAULT_POS_CONFIG));
  for (const key of Object.keys(raw)) {
    if (!known.has(key))
      throw new Error(
        `[omnichaos:pos] config.${key}: unknown setting; known: ${[...known].join(', ')}`,
      );
  }
  const settle = raw.refundSettleMs ?? DEFAULT_POS_CONFIG.refundSettleMs;
  if (typeof settle !== 'number' || !Number.isSafeInteger(settle) || settle < 0)
    fail('refundSettleMs', 'a non-negative integer', settle);
  return { rateLimit: readRateLimit(raw.rateLimit), refundSettleMs: settle };
}
