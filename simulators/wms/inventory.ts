import type { SimulatorContext } from '../core/define-simulator.js';
import { unitHash } from '../../world/rng.js';
import { fulfillable, type OrderLine, type StockRec, type WmsState } from './state.js';
import { ev } from '../../journal/events.js';

/**
 * Stock rules. Creating an order commits its lines when fulfillable covers all of them; shipping
 * relieves committed and on hand; cancelling releases committed. Every change journals
 * `warehouse:stock-changed`, which the oracle reads.
 */
type Ctx = SimulatorContext<WmsState>;

export type StockReason = 'order-committed' | 'order-released' | 'shipped' | 'adjustment';

function journal(ctx: Ctx, s: StockRec, reason: StockReason): void {
  ctx.journal.append(
    ev.warehouseStockChanged({
      sys: 'wms',
      sku: s.sku,
      onHand: s.onHand,
      committed: s.committed,
      fulfillable: fulfillable(s),
      reason,
    }),
  );
}

/** Quantity per SKU for a list of lines (one order may name a SKU twice). */
function bySku(lines: readonly OrderLine[]): Map<string, number> {
  const need = new Map<string, number>();
  for (const l of lines) need.set(l.sku, (need.get(l.sku) ?? 0) + l.quantity);
  return need;
}

/**
 * The first line the warehouse cannot cover right now, or undefined when all are covered.
 *
 * @example shortfall(state, lines) // { sku: 'SKU-00003', reason: 'OutOfStock' }
 */
export function shortfall(
  state: WmsState,
  lines: readonly OrderLine[],
  available: (s: StockRec) => number = fulfillable,
): { sku: string; reason: 'OutOfStock' | 'UnknownProduct' } | undefined {
  for (const [sku, quantity] of bySku(lines)) {
    const s = state.stock.get(sku);
    if (!s) return { sku, reason: 'UnknownProduct' };
    if (available(s) < quantity) return { sku, reason: 'OutOfStock' };
  }
  return undefined;
}

/** Commit every line (caller has checked `shortfall`). */
export function commit(ctx: Ctx, lines: readonly OrderLine[]): void {
  for (const [sku, q] of bySku(lines)) {
    const s = ctx.state.stock.get(sku)!;
    s.committed += q;
    journal(ctx, s, 'order-committed');
  }
}

/** Release committed units (cancel, or an exception found at pick time). */
export function release(ctx: Ctx, lines: readonly OrderLine[]): void {
  for (const [sku, q] of bySku(lines)) {
    const s = ctx.state.stock.get(sku);
    if (!s) continue;
    s.committed = Math.max(0, s.committed - q);
    journal(ctx, s, 'order-released');
  }
}

/** The units leave the building: relieve committed and on hand. */
export function shipOut(ctx: Ctx, lines: readonly OrderLine[]): void {
  for (const [sku, q] of bySku(lines)) {
    const s = ctx.state.stock.get(sku)!;
    s.committed = Math.max(0, s.committed - q);
    s.onHand = Math.max(0, s.onHand - q);
    journal(ctx, s, 'shipped');
  }
}

/**
 * Demand channel `wms-adjustment`: a damage / cycle-count write-off. Arrival `index` removes a
 * seeded 1–5 units of a seeded SKU (never below zero), so committed stock can exceed on hand and
 * an order that was promised stock can fail at pick time (oversell).
 *
 * @example adjustStock(ctx, 3) // { sku: 'SKU-00117', removed: 2, onHand: 40 }
 */
export function adjustStock(
  ctx: Ctx,
  index: number,
): { sku: string; removed: number; onHand: number } {
  const skus = ctx.world.size.skus;
  const skuIndex = Math.floor(unitHash(ctx.world.seed, 'wms-adjustment', index, 'sku') * skus);
  const wanted = 1 + Math.floor(unitHash(ctx.world.seed, 'wms-adjustment', index, 'qty') * 5);
  const s = ctx.state.stock.get(ctx.world.sku(skuIndex).sku)!;
  const removed = Math.min(wanted, s.onHand);
  s.onHand -= removed;
  ctx.state.seq.adjustment++;
  journal(ctx, s, 'adjustment');
  return { sku: s.sku, removed, onHand: s.onHand };
}
