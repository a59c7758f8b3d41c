import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorld } from './index.js';
import { amazonOrderId } from './orders.js';

const SMALL = { skus: 20, warehouses: 1, stores: 2, customers: 50 };

describe('marketplace orders and POS sales', () => {
  it('gives consecutive orders unique Amazon-shaped ids', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = amazonOrderId(3, i);
      expect(id).toMatch(/^1\d{2}-\d{7}-\d{7}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(20_000);
    expect(amazonOrderId(3, 0)).not.toBe(amazonOrderId(4, 0));
    expect(amazonOrderId(3, Number.MAX_SAFE_INTEGER)).toMatch(/^1\d{2}-\d{7}-\d{7}$/);
  });

  it('never repeats an id, however far apart the indexes', () => {
    // index → id is affine mod 10^16; if the multiplier shared a factor 2 or 5 with 10^16,
    // indexes 10^16/2 or 10^16/5 apart would collide. Consecutive indexes would never show it.
    for (const gap of [2e15, 5e15]) expect(amazonOrderId(3, gap)).not.toBe(amazonOrderId(3, 0));
    fc.assert(
      fc.property(
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        (a, b) => {
          fc.pre(a !== b);
          expect(amazonOrderId(3, a)).not.toBe(amazonOrderId(3, b));
        },
      ),
    );
  });

  it('builds orders and sales from catalog SKUs, catalog prices and known parties', () => {
    const world = createWorld(5, SMALL);
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (i) => {
        const order = world.marketplaceOrder(i);
        const sale = world.posSale(i);
        expect(order.amazonOrderId).toBe(amazonOrderId(5, i));
        expect(order.customerIndex).toBeLessThan(SMALL.customers);
        expect(sale.storeIndex).toBeLessThan(SMALL.stores);
        for (const lines of [order.lines, sale.lines]) {
          expect(lines.length).toBeGreaterThanOrEqual(1);
          expect(lines.length).toBeLessThanOrEqual(4);
          expect(new Set(lines.map((l) => l.skuIndex)).size).toBe(lines.length);
          for (const line of lines) {
            expect(line.sku).toBe(world.sku(line.skuIndex).sku);
            expect(line.unitPriceCents).toBe(world.sku(line.skuIndex).priceCents);
            expect(line.quantity).toBeGreaterThan(0);
          }
        }
        if (sale.refund) {
          expect(sale.refund.quantity).toBeLessThanOrEqual(
            sale.lines[sale.refund.lineIndex]!.quantity,
          );
          expect(sale.refund.afterMs).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sells popular SKUs most and refunds about 5% of sales', () => {
    const world = createWorld(11, SMALL);
    const counts = new Array<number>(SMALL.skus).fill(0);
    let refunds = 0;
    for (let i = 0; i < 5_000; i++) {
      for (const l of world.marketplaceOrder(i).lines) counts[l.skuIndex]!++;
      if (world.posSale(i).refund) refunds++;
    }
    expect(counts[0]!).toBeGreaterThan(counts[19]! * 5);
    expect(refunds / 5_000).toBeGreaterThan(0.03);
    expect(refunds / 5_000).toBeLessThan(0.07);
  });

  it('has no POS sales in a world without stores', () => {
    const world = createWorld(1, { ...SMALL, stores: 0 });
    expect(() => world.posSale(0)).toThrow('this world has no stores');
    expect(world.digest()).toMatch(/^[0-9a-f]{64}$/);
  });
});
