import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { upcFor } from './catalog.js';
import { createWorld, ENTITY_KINDS } from './index.js';

const SMALL = { skus: 20, warehouses: 1, stores: 2, customers: 50 };

describe('world', () => {
  it('pins the digest of a small world', () => {
    // If this fails, generation changed: every seed now yields a different world, and saved runs
    // no longer replay. Only update the literal when that is the intent, and say so in CHANGELOG.
    expect(createWorld(42, SMALL).digest()).toBe(
      '4fa84a761784018dd7a35ee430c4e362f303646f9509a080e57e20eed993e2b4',
    );
  });

  it('gives the same entities and digest for the same seed, different for another', () => {
    const a = createWorld(7, SMALL);
    const b = createWorld(7, SMALL);
    expect(a.customer(3)).toEqual(b.customer(3));
    expect(a.marketplaceOrder(99)).toEqual(b.marketplaceOrder(99));
    expect(a.digest()).toBe(b.digest());
    expect(createWorld(8, SMALL).digest()).not.toBe(a.digest());
    expect(createWorld(7, { ...SMALL, skus: 21 }).digest()).not.toBe(a.digest());
  });

  it('is addressable: entity i does not depend on generating the others', () => {
    const fresh = createWorld(42).marketplaceOrder(5_000_000);
    const warm = createWorld(42);
    for (let i = 0; i < 50; i++) warm.marketplaceOrder(i);
    warm.customer(9_999);
    expect(warm.marketplaceOrder(5_000_000)).toEqual(fresh);
  });

  it('gives every marketplace order a unique Amazon-shaped id', () => {
    const world = createWorld(3, SMALL);
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = world.marketplaceOrder(i).amazonOrderId;
      expect(id).toMatch(/^\d{3}-\d{7}-\d{7}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(20_000);
  });

  it('builds orders from catalog SKUs with positive quantities and catalog prices', () => {
    const world = createWorld(5, SMALL);
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (i) => {
        const order = world.marketplaceOrder(i);
        expect(order.lines.length).toBeGreaterThan(0);
        for (const line of order.lines) {
          expect(line.sku).toBe(world.sku(line.skuIndex).sku);
          expect(line.unitPriceCents).toBe(world.sku(line.skuIndex).priceCents);
          expect(line.quantity).toBeGreaterThan(0);
        }
        expect(order.customerIndex).toBeLessThan(SMALL.customers);
        const sale = world.posSale(i);
        expect(sale.storeIndex).toBeLessThan(SMALL.stores);
      }),
      { numRuns: 300 },
    );
  });

  it('skews demand toward popular SKUs', () => {
    const world = createWorld(11, SMALL);
    const counts = new Array(SMALL.skus).fill(0);
    for (let i = 0; i < 5_000; i++)
      for (const l of world.marketplaceOrder(i).lines) counts[l.skuIndex]++;
    expect(counts[0]).toBeGreaterThan(counts[19] * 5);
  });

  it('gives UPCs valid check digits', () => {
    expect(upcFor('03600029145')).toBe('036000291452'); // a well-known valid UPC-A
    for (const sku of createWorld(1, SMALL).catalog())
      expect(upcFor(sku.upc.slice(0, 11))).toBe(sku.upc);
  });

  it('shares one SKU code and issues realistic credentials', () => {
    const world = createWorld(42, SMALL);
    expect(world.sku(3).sku).toBe('SKU-00003');
    expect(world.credentials.erp.accountId).toMatch(/^TSTDRV\d{7}$/);
    expect(world.credentials.wms.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(world.credentials.pos.accessToken).toMatch(/^EAAA/);
    expect(world.locations().map((l) => l.id)).toEqual(['WH-1', 'ST-001', 'ST-002']);
  });

  it('explains unknown kinds and bad indexes', () => {
    const world = createWorld(1, SMALL);
    expect(() => world.entity('unicorn', 1)).toThrow(
      `unknown kind "unicorn"; known kinds: ${ENTITY_KINDS.join(', ')}`,
    );
    expect(() => world.entity('customer', 50)).toThrow(
      'customer index must be an integer in 0..49',
    );
    expect(() => world.entity('marketplace-order', -1)).toThrow('marketplace-order index');
    expect(world.entity('stock', 21)).toMatchObject({ locationId: 'ST-001', skuIndex: 1 });
  });
});
