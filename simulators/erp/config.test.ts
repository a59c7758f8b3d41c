import { describe, expect, it } from 'vitest';
import { DEFAULT_ERP_CONFIG, readErpConfig } from './config.js';

describe('ERP config', () => {
  it('defaults to NetSuite Tier 1 (15 concurrent), 5 s async jobs, 6 h replenishment', () => {
    expect(readErpConfig({})).toEqual({ ...DEFAULT_ERP_CONFIG });
    expect(DEFAULT_ERP_CONFIG.concurrencyLimit).toBe(15);
  });

  it('names the field and what it expected', () => {
    expect(() => readErpConfig({ concurrencyLimit: -1 })).toThrow(
      'config.concurrencyLimit: expected a non-negative integer, got -1',
    );
    expect(() => readErpConfig({ oauthSignature: 'maybe' })).toThrow('config.oauthSignature');
    expect(() => readErpConfig({ concurencyLimit: 3 })).toThrow('unknown setting');
  });
});
