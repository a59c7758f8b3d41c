import { describe, expect, it } from 'vitest';
import { createWorld, ENTITY_KINDS } from './index.js';

const SMALL = { skus: 20, warehouses: 1, stores: 2, customers: 50 };

describe('createWorld', () => {
  it('pins the digest of a small world', () => {
    // If this fails, generation changed: every seed now yields a different world, and saved runs
    // no longer replay. If the change is intentional, paste the new digest here and say so in the
    // CHANGELOG; if not, find the generator whose output moved.
    expect(createWorld(42, SMALL).digest()).toBe(
      'c1126d24b08a00252fae298a04e6c387c28b0d042eeee12ddfe276fe37636b32',
    );
  });

  it('gives the same entities and digest for the same seed, different for another', () => {
    const a = createWorld(7, SMALL);
    const b = createWorld(7, SMALL);
    expect(a.customer(3)).toEqual(b.customer(3));
    expect(a.marketplaceOrder(99)).toEqual(b.marketplaceOrder(99));
    expect(a.posSale(99)).toEqual(b.posSale(99));
    expect(a.catalog()).toEqual(b.catalog());
    expect(a.digest()).toBe(b.digest());
    expect(createWorld(8, SMALL).digest()).not.toBe(a.digest());
    expect(createWorld(7, { ...SMALL, skus: 21 }).digest()).not.toBe(a.digest());
  });

  it('is addressable: order 5,000,000 needs none of the orders before it', () => {
    const fresh = createWorld(42).marketplaceOrder(5_000_000);
    const warm = createWorld(42);
    for (let i = 0; i < 50; i++) warm.marketplaceOrder(i);
    warm.customer(9_999);
    expect(warm.marketplaceOrder(5_000_000)).toEqual(fresh);
    expect(createWorld(42).entity('marketplace-order', 5_000_000)).toEqual(fresh);
  });

  it('uses the default size, and shares one SKU code across systems', () => {
    const world = createWorld(42);
    expect(world.size).toEqual({ skus: 200, warehouses: 1, stores: 5, customers: 10_000 });
    expect(world.sku(3).sku).toBe('SKU-00003');
    expect(
      createWorld(42, SMALL)
        .locations()
        .map((l) => l.id),
    ).toEqual(['WH-1', 'ST-001', 'ST-002']);
  });

  it('addresses stock row-major over (location, SKU) and agrees with initialStock', () => {
    const world = createWorld(3, SMALL);
    expect(world.entity('stock', 21)).toEqual({
      locationId: 'ST-001',
      sku: 'SKU-00001',
      skuIndex: 1,
      quantity: world.initialStock('ST-001', 1),
    });
    const all = world
      .locations()
      .flatMap((l) => world.catalog().map((s) => world.initialStock(l.id, s.index)));
    expect(all.some((q) => q === 0)).toBe(true); // some lines start sold out
    expect(Math.max(...all.slice(0, SMALL.skus))).toBeGreaterThan(40); // the warehouse holds more than a shelf
  });

  it('explains unknown kinds, bad indexes and unknown locations', () => {
    const world = createWorld(1, SMALL);
    expect(() => world.entity('unicorn', 1)).toThrow(
      `[omnichaos:world] unknown kind "unicorn"; known kinds: ${ENTITY_KINDS.join(', ')}`,
    );
    expect(() => world.entity('toString', 1)).toThrow('unknown kind "toString"');
    expect(() => world.entity('customer', 50)).toThrow(
      'customer index must be an integer in 0..49, got 50',
    );
    expect(() => world.entity('marketplace-order', -1)).toThrow(
      'marketplace-order index must be a non-negative safe integer, got -1',
    );
    expect(() => world.entity('pos-sale', 1.5)).toThrow('pos-sale index');
    expect(() => world.entity('stock', 3 * 20)).toThrow('stock index must be an integer in 0..59');
    expect(() => world.initialStock('WH-9', 0)).toThrow(
      'unknown location "WH-9"; known: WH-1, ST-001, ST-002',
    );
    expect(() => world.initialStock('WH-1', 20)).toThrow('sku index must be an integer in 0..19');
    expect(() => createWorld(1, { ...SMALL, stores: 0 }).store(0)).toThrow('this world has none');
  });

  it('rejects sizes that could not generate orders, naming the field', () => {
    expect(() => createWorld(1, { skus: 0 })).toThrow('size.skus must be an integer ≥ 1, got 0');
    expect(() => createWorld(1, { customers: 2.5 })).toThrow('size.customers');
    expect(() => createWorld(1, { sku: 5 } as never)).toThrow('unknown size field "sku"');
    expect(() => createWorld(Number.NaN)).toThrow('seed must be a safe integer');
    expect(createWorld(1, { stores: undefined }).size.stores).toBe(5);
  });

  it('gives the limited-stock best sellers exactly their units everywhere, the rest unchanged', () => {
    const plain = createWorld(42, SMALL);
    const sale = createWorld(42, { ...SMALL, limitedStock: { skus: 3, units: 5 } });
    for (const location of sale.locations())
      for (let i = 0; i < SMALL.skus; i++)
        expect(sale.initialStock(location.id, i)).toBe(
          i < 3 ? 5 : plain.initialStock(location.id, i),
        );
    // best sellers: popularity falls with the index
    expect(sale.sku(0).popularity).toBeGreaterThan(sale.sku(3).popularity);
    expect(sale.limitedStock).toEqual({ skus: 3, units: 5 });
    expect(plain.limitedStock).toBeUndefined();
    // the declaration changes the world (its stock rows), and only when present
    expect(sale.digest()).not.toBe(plain.digest());
    expect(createWorld(42, { ...SMALL, limitedStock: undefined }).digest()).toBe(plain.digest());
    expect(() => createWorld(1, { skus: 2, limitedStock: { skus: 3, units: 1 } })).toThrow(
      'limitedStock.skus must be an integer from 1 to size.skus (2), got 3',
    );
    expect(() => createWorld(1, { limitedStock: { skus: 1, units: -1 } })).toThrow(
      'limitedStock.units must be an integer ≥ 0',
    );
  });

  it('refunds the share of POS sales a scenario asks for, minutes later, the sales otherwise alike', () => {
    const plain = createWorld(42, SMALL);
    const surge = createWorld(42, { ...SMALL, returns: 0.15 });
    let refunded = 0;
    let partial = 0;
    for (let i = 0; i < 2_000; i++) {
      const sale = surge.posSale(i);
      expect(sale.lines).toEqual(plain.posSale(i).lines);
      if (!sale.refund) continue;
      refunded++;
      expect(sale.refund.afterMs).toBeGreaterThanOrEqual(2 * 60_000);
      expect(sale.refund.afterMs).toBeLessThanOrEqual(20 * 60_000);
      if (sale.lines.length > 1 || sale.refund.quantity < sale.lines[0]!.quantity) partial++;
    }
    expect(refunded / 2_000).toBeGreaterThan(0.13);
    expect(refunded / 2_000).toBeLessThan(0.17);
    expect(partial).toBeGreaterThan(refunded * 0.2);
    // without the option the world keeps its own mix, and its digest
    expect(createWorld(42, { ...SMALL, returns: undefined }).digest()).toBe(plain.digest());
    expect(() => createWorld(1, { returns: 1.5 })).toThrow('returns must be a share from 0 to 1');
  });

  it("freezes what it shares, so one simulator cannot edit another one's world", () => {
    const world = createWorld(1, SMALL);
    expect(() => {
      (world.sku(0) as { priceCents: number }).priceCents = 1;
    }).toThrow(TypeError);
    expect(() => {
      (world.credentials.erp as { accountId: string }).accountId = 'x';
    }).toThrow(TypeError);
  });
});
