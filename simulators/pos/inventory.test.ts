import { describe, expect, it } from 'vitest';
import { createWorld } from '../../world/index.js';
import { createInventoryLedger } from './inventory.js';

const world = createWorld(7, { skus: 10, warehouses: 0, stores: 2, customers: 1 });

describe('inventory ledger', () => {
  it('starts from the world stock and ignores untracked states', () => {
    const ledger = createInventoryLedger(world, 1000);
    const start = world.initialStock('ST-001', 3);
    expect(ledger.quantity(3, 'ST-001', 'IN_STOCK')).toBe(start);
    ledger.adjust(3, 'ST-001', 'IN_STOCK', -2, 2000, 2000);
    expect(ledger.adjust(3, 'ST-001', 'SOLD', 2, 2000, 2000)).toBeUndefined();
    expect(ledger.quantity(3, 'ST-001', 'IN_STOCK')).toBe(start - 2);
    expect(ledger.touched()).toHaveLength(1);
  });

  it('orders changes by occurred_at: a late adjustment older than a physical count is subsumed', () => {
    const ledger = createInventoryLedger(world, 0);
    ledger.physicalCount(1, 'ST-002', 'IN_STOCK', 10, 5_000, 6_000);
    ledger.adjust(1, 'ST-002', 'IN_STOCK', -3, 4_000, 7_000); // happened before the count
    expect(ledger.quantity(1, 'ST-002', 'IN_STOCK')).toBe(10);
    ledger.adjust(1, 'ST-002', 'IN_STOCK', -1, 8_000, 8_000);
    expect(ledger.quantity(1, 'ST-002', 'IN_STOCK')).toBe(9);
    // A count that arrives late but occurred between keeps the adjustment after it.
    ledger.physicalCount(1, 'ST-002', 'IN_STOCK', 20, 7_500, 9_000);
    expect(ledger.quantity(1, 'ST-002', 'IN_STOCK')).toBe(19);
    // A count older than the latest one changes nothing.
    ledger.physicalCount(1, 'ST-002', 'IN_STOCK', 99, 1_000, 9_500);
    expect(ledger.count(1, 'ST-002', 'IN_STOCK')).toMatchObject({
      quantity: 19,
      calculatedAt: 9_500,
    });
  });

  it('lists touched counts newest first', () => {
    const ledger = createInventoryLedger(world, 0);
    ledger.adjust(0, 'ST-001', 'IN_STOCK', 1, 1, 100);
    ledger.adjust(2, 'ST-001', 'IN_STOCK', 1, 1, 300);
    ledger.adjust(1, 'ST-001', 'IN_STOCK', 1, 1, 200);
    expect(ledger.touched().map((c) => c.variationIndex)).toEqual([2, 1, 0]);
  });
});
