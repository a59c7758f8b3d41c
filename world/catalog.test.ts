import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSku, skuCode, upcFor } from './catalog.js';

describe('catalog', () => {
  it('computes UPC-A check digits', () => {
    expect(upcFor('03600029145')).toBe('036000291452'); // GS1's worked example
    expect(upcFor('01234567890')).toBe('012345678905');
    expect(() => upcFor('123')).toThrow('upcFor expects 11 digits');
  });

  it('gives every SKU a valid UPC, a retail price and a shared code', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat({ max: 99_999 }), (seed, index) => {
        const sku = generateSku(seed, index);
        expect(sku.sku).toBe(skuCode(index));
        expect(sku.upc).toMatch(/^\d{12}$/);
        expect(upcFor(sku.upc.slice(0, 11))).toBe(sku.upc);
        expect(Number.isInteger(sku.priceCents)).toBe(true);
        expect(sku.priceCents).toBeGreaterThanOrEqual(249);
        expect(sku.priceCents).toBeLessThanOrEqual(19_999);
        expect([99, 95, 49]).toContain(sku.priceCents % 100);
      }),
      { numRuns: 200 },
    );
  });

  it('skews popularity so a few SKUs carry most demand', () => {
    const weights = Array.from({ length: 200 }, (_, i) => generateSku(1, i).popularity);
    const total = weights.reduce((a, b) => a + b, 0);
    const top10 = weights.slice(0, 10).reduce((a, b) => a + b, 0);
    expect(top10 / total).toBeGreaterThan(0.45); // 5% of SKUs, about half the weight
  });
});
