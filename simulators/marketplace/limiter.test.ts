import { describe, expect, it } from 'vitest';
import { readMarketplaceConfig } from './config.js';
import { planFor, takeToken } from './limiter.js';

describe('SP-API usage plans', () => {
  it('refills at the rate per wall second up to the burst', () => {
    const bucket = { tokens: 2, atWall: 0 };
    expect(takeToken(bucket, 0, 0.5, 2).ok).toBe(true);
    expect(takeToken(bucket, 0, 0.5, 2).ok).toBe(true);
    const denied = takeToken(bucket, 0, 0.5, 2);
    expect(denied).toEqual({ ok: false, retryAfterMs: 2000 });
    expect(takeToken(bucket, 1999, 0.5, 2).ok).toBe(false);
    expect(takeToken(bucket, 2000, 0.5, 2).ok).toBe(true);
    // A long pause refills only up to the burst.
    takeToken(bucket, 1_000_000, 0.5, 2);
    expect(bucket.tokens).toBe(1);
  });

  it('uses the published plans, scaled and overridden by config', () => {
    expect(planFor(readMarketplaceConfig(), 'getOrders')).toEqual({ rate: 0.0167, burst: 20 });
    expect(planFor(readMarketplaceConfig(), 'patchListingsItem')).toEqual({ rate: 5, burst: 5 });
    expect(planFor(readMarketplaceConfig({ rateScale: 10 }), 'getOrder')).toEqual({
      rate: 5,
      burst: 30,
    });
    const cfg = readMarketplaceConfig({
      rateOverrides: { confirmShipment: { rate: 1, burst: 1 } },
    });
    expect(planFor(cfg, 'confirmShipment')).toEqual({ rate: 1, burst: 1 });
    expect(planFor(cfg, 'lwaToken')).toBeUndefined();
  });

  it('rejects unknown or malformed settings with the field named', () => {
    expect(() => readMarketplaceConfig({ rateScal: 2 })).toThrow(/config\.rateScal: unknown/);
    expect(() => readMarketplaceConfig({ rateScale: 0 })).toThrow(/config\.rateScale/);
  });
});
