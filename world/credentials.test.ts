import { describe, expect, it } from 'vitest';
import { worldCredentials } from './credentials.js';

describe('world credentials', () => {
  const c = worldCredentials(42);

  it("imitates each vendor's credential shapes", () => {
    expect(c.erp.accountId).toMatch(/^TSTDRV\d{7}$/);
    for (const k of [c.erp.consumerKey, c.erp.consumerSecret, c.erp.tokenId, c.erp.tokenSecret])
      expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(c.pos.applicationId).toMatch(/^sq0idp-[\w-]{22}$/);
    expect(c.pos.accessToken).toMatch(/^EAAA[\w-]{60}$/);
    expect(c.wms.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(c.marketplace.clientId).toMatch(/^amzn1\.application-oa2-client\.[0-9a-f]{32}$/);
    expect(c.marketplace.refreshToken).toMatch(/^Atzr\|/);
    expect(c.marketplace.sellerId).toMatch(/^[A-Z0-9]{14}$/);
    expect(c.marketplace.marketplaceId).toBe('ATVPDKIKX0DER');
  });

  it('draws webhook secret bytes from one stream, not one repeated byte', () => {
    const bytes = Buffer.from(c.wms.webhookSecret.slice('whsec_'.length), 'base64');
    expect(bytes).toHaveLength(24);
    expect(new Set(bytes).size).toBeGreaterThan(12);
  });

  it('depends on the seed', () => {
    expect(worldCredentials(43).erp.tokenSecret).not.toBe(c.erp.tokenSecret);
    expect(worldCredentials(42)).toEqual(c);
  });
});
