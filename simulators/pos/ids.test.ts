import { describe, expect, it } from 'vitest';
import { catalogId, eventId, locationIdFor, skuIndexOf } from './ids.js';

describe('square ids', () => {
  it('are deterministic and shaped like Square ids', () => {
    expect(locationIdFor(1, 'ST-001')).toBe(locationIdFor(1, 'ST-001'));
    expect(locationIdFor(1, 'ST-001')).toMatch(/^L[A-Z0-9]{12}$/);
    expect(catalogId(1, 'ITEM', 5)).toMatch(/^[A-Z0-9]{24}$/);
    expect(eventId(1, 1)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(eventId(1, 1)).not.toBe(eventId(1, 2));
  });

  it('map catalog ids back to their SKU and reject forgeries', () => {
    for (const i of [0, 7, 199, 99_999])
      expect(skuIndexOf(3, 'ITEM_VARIATION', catalogId(3, 'ITEM_VARIATION', i), 100_000)).toBe(i);
    expect(skuIndexOf(3, 'ITEM_VARIATION', catalogId(3, 'ITEM', 7), 200)).toBeUndefined();
    expect(
      skuIndexOf(3, 'ITEM_VARIATION', catalogId(3, 'ITEM_VARIATION', 300), 200),
    ).toBeUndefined();
    expect(skuIndexOf(3, 'ITEM_VARIATION', 'X'.repeat(24), 200)).toBeUndefined();
    expect(skuIndexOf(3, 'ITEM_VARIATION', 42, 200)).toBeUndefined();
  });
});
