/**
 * The scenario's settings for the ERP (`config.erp` in a scenario, `ctx.config` here), read once
 * and checked, so a typo fails at start-up with a message that names the field.
 */
export interface ErpConfig {
  /** Account-wide concurrent requests (NetSuite Tier 1 base = 15, docs/dialects/erp.md). */
  concurrencyLimit: number;
  /** Optional Retry-After on the concurrency 429 (NetSuite documents none; default: absent). */
  concurrencyRetryAfterSeconds: number | undefined;
  /** Scenario ms from an async submission to its completion. */
  asyncJobDelayMs: number;
  /** Scenario ms between replenishment receipts; 0 turns replenishment off. */
  replenishEveryMs: number;
  /**
   * `verify`: check the OAuth 1.0a HMAC-SHA256 signature against the URL the request reached; a
   * request without a Host header cannot be checked and is refused. `keys-only` (a documented
   * leniency, off by default): compare consumer key and token only, for servers mounted under a
   * path prefix nobody forwards.
   */
  oauthSignature: 'verify' | 'keys-only';
  /**
   * OAuth 1.0a: how far `oauth_timestamp` may be from server time, in seconds. Oracle documents
   * "plus or minus five minutes of the server time" (InvalidTimestamp, Error Messages for the TBA
   * Authorization Flow, ns-online-help subsect_156934879823), so 300 by default.
   */
  oauthTimestampSkewSeconds: number;
}

export const DEFAULT_ERP_CONFIG: Readonly<ErpConfig> = Object.freeze({
  concurrencyLimit: 15,
  concurrencyRetryAfterSeconds: undefined,
  asyncJobDelayMs: 5_000,
  replenishEveryMs: 6 * 3_600_000,
  oauthSignature: 'verify',
  oauthTimestampSkewSeconds: 300,
});

function fail(field: string, expected: string, got: unknown): never {
  throw new Error(
    `[omnichaos:erp] config.${field}: expected ${expected}, got ${JSON.stringify(got)}`,
  );
}

function nonNegativeInt(raw: Record<string, unknown>, field: string, fallback: number): number {
  const v = raw[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    fail(field, 'a non-negative integer', v);
  return v;
}

/**
 * @example readErpConfig({ concurrencyLimit: 5 }).asyncJobDelayMs // 5000
 */
export function readErpConfig(raw: Readonly<Record<string, unknown>> = {}): ErpConfig {
  const known = new Set(Object.keys(DEFAULT_ERP_CONFIG));
  for (const key of Object.keys(raw)) {
    if (!known.has(key))
      throw new Error(
        `[omnichaos:erp] config.${key}: unknown setting; known: ${[...known].join(', ')}`,
      );
  }
  const signature = raw.oauthSignature ?? DEFAULT_ERP_CONFIG.oauthSignature;
  if (signature !== 'verify' && signature !== 'keys-only')
    fail('oauthSignature', '"verify" or "keys-only"', signature);
  const retryAfter = raw.concurrencyRetryAfterSeconds;
  return {
    concurrencyLimit: nonNegativeInt(raw, 'concurrencyLimit', DEFAULT_ERP_CONFIG.concurrencyLimit),
    concurrencyRetryAfterSeconds:
      retryAfter === undefined ? undefined : nonNegativeInt(raw, 'concurrencyRetryAfterSeconds', 0),
    asyncJobDelayMs: nonNegativeInt(raw, 'asyncJobDelayMs', DEFAULT_ERP_CONFIG.asyncJobDelayMs),
    replenishEveryMs: nonNegativeInt(raw, 'replenishEveryMs', DEFAULT_ERP_CONFIG.replenishEveryMs),
    oauthSignature: signature,
    oauthTimestampSkewSeconds: nonNegativeInt(
      raw,
      'oauthTimestampSkewSeconds',
      DEFAULT_ERP_CONFIG.oauthTimestampSkewSeconds,
    ),
  };
}
