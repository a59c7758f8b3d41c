import type { SimulatorContext } from '../core/define-simulator.js';
import { skuAt, variationIdAt } from './catalog-store.js';
import { eventId } from './ids.js';
import type { CountRec } from './inventory.js';
import type { PosState } from './state.js';
import { emit } from './webhooks.js';
import { countWire, squareLocationId } from './wire.js';
import { ev } from '../../journal/events.js';

/**
 * Stock movements with their side effects: the ledger, a `store:stock-changed` journal line
 * per count (the oracle's stock truth for stores), and one `inventory.count.updated` webhook per
 * batch of counts, as Square sends them (docs/dialects/pos.md).
 */
export interface StockMove {
  variationIndex: number;
  storeId: string;
  fromState: string;
  toState: string;
  quantity: number;
  occurredAt: number;
  reason: string;
  refId?: string;
}

/**
 * Apply moves (a sale is IN_STOCK → SOLD; SOLD is untracked, so only IN_STOCK changes).
 * Returns the counts that changed.
 *
 * @example applyMoves(ctx, [{ variationIndex: 3, storeId: 'ST-001', fromState: 'IN_STOCK', toState: 'SOLD', quantity: 1, occurredAt, reason: 'sale' }])
 */
export function applyMoves(
  ctx: SimulatorContext<PosState>,
  moves: readonly StockMove[],
): CountRec[] {
  const now = ctx.clock.now();
  const ledger = ctx.state.inventory;
  const changed = new Map<string, CountRec>();
  for (const m of moves) {
    for (const [st, delta] of [
      [m.fromState, -m.quantity],
      [m.toState, m.quantity],
    ] as const) {
      const before = ledger.quantity(m.variationIndex, m.storeId, st);
      const count = ledger.adjust(m.variationIndex, m.storeId, st, delta, m.occurredAt, now);
      if (!count) continue;
      changed.set(`${m.variationIndex}|${m.storeId}|${st}`, count);
      journalCount(ctx, count, count.quantity - before, m.reason, m.refId);
    }
  }
  return [...changed.values()];
}

/** One journal line per count change: what the oracle reads as store stock. */
export function journalCount(
  ctx: SimulatorContext<PosState>,
  count: CountRec,
  delta: number,
  reason: string,
  refId?: string,
): void {
  ctx.journal.append(
    ev.storeStockChanged({
      sys: 'pos',
      locationId: squareLocationId(ctx.state, count.storeId),
      storeId: count.storeId,
      sku: skuAt(ctx.state, ctx.world, count.variationIndex),
      itemId: variationIdAt(ctx.state, ctx.world, count.variationIndex),
      state: count.state,
      quantity: count.quantity,
      delta,
      reason,
      refId,
    }),
  );
}

/** Send `inventory.count.updated` for changed counts (nothing when none changed). */
export function emitCounts(ctx: SimulatorContext<PosState>, counts: readonly CountRec[]): void {
  if (counts.length === 0) return;
  const wire = counts.map((c) =>
    countWire(ctx.state, variationIdAt(ctx.state, ctx.world, c.variationIndex), c),
  );
  // Square's data.id for this event is an opaque UUID (docs/dialects/pos.md), not an object id.
  const dataId = eventId(ctx.world.seed, ctx.state.seq.event + 1, 'inventory-counts');
  emit(ctx, 'inventory.count.updated', 'inventory_counts', dataId, {
    inventory_counts: wire,
  });
}
