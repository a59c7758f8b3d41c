import { unitHash } from '../../world/rng.js';
import { adjust, peekBalance } from './inventory.js';
import type { ErpContext, ErpRecord } from './state.js';
import { ev } from '../../journal/events.js';

/**
 * Receipts that raise stock on the scenario clock. GUESS (no vendor fact; a plan in the spirit
 * of NetSuite's reorder point / preferred stock level): every `replenishEveryMs` (default 6
 * scenario hours) each balance below its reorder point receives its reorder quantity.
 * Warehouses are checked for every item; stores only for balances that have moved (a store
 * that never sold an item keeps its shelf as the world seeded it).
 */

export interface ReorderPlan {
  reorderPoint: number;
  /** Units one receipt brings. */
  reorderQuantity: number;
  /** NetSuite's "preferred stock level": reorder point + one receipt. */
  preferredStockLevel: number;
}

/**
 * The plan of one item at one location — a pure function of the world seed and the pair.
 *
 * @example planFor(ctx, item, warehouse) // { reorderPoint: 20, reorderQuantity: 137, preferredStockLevel: 157 }
 */
export function planFor(ctx: ErpContext, item: ErpRecord, location: ErpRecord): ReorderPlan {
  const warehouse = location.fields.locationType !== 'store';
  const u = unitHash(ctx.world.seed, 'erp-reorder', location.externalId ?? location.id, item.id);
  const [point, min, span] = warehouse ? [20, 50, 201] : [3, 5, 16];
  const reorderQuantity = min + Math.floor(u * span);
  return { reorderPoint: point, reorderQuantity, preferredStockLevel: point + reorderQuantity };
}

/** Pairs to check: every item at every warehouse, plus every balance that has moved. */
function pairsToCheck(ctx: ErpContext): Array<[ErpRecord, ErpRecord]> {
  const items = ctx.state.records.get('inventoryItem')!;
  const locations = ctx.state.records.get('location')!;
  const seen = new Set<string>();
  const out: Array<[ErpRecord, ErpRecord]> = [];
  const add = (item: ErpRecord | undefined, location: ErpRecord | undefined) => {
    if (!item || !location) return;
    const k = `${item.id}|${location.id}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push([item, location]);
  };
  for (const location of locations.values()) {
    if (location.fields.locationType === 'store') continue;
    for (const item of items.values()) add(item, location);
  }
  for (const b of ctx.state.balances.values())
    add(items.get(b.itemId), locations.get(b.locationId));
  return out;
}

/**
 * One replenishment pass; returns the number of receipts.
 *
 * @example replenish(ctx) // 12
 */
export function replenish(ctx: ErpContext): number {
  let receipts = 0;
  for (const [item, location] of pairsToCheck(ctx)) {
    const plan = planFor(ctx, item, location);
    if (peekBalance(ctx, item.id, location.id).onHand >= plan.reorderPoint) continue;
    adjust(
      ctx,
      item.id,
      location.id,
      { onHand: plan.reorderQuantity },
      { reason: 'replenishment' },
    );
    receipts++;
  }
  return receipts;
}

/**
 * The lifecycle job: runs often, acts when the configured interval has passed, so the interval
 * is a scenario setting rather than a constant of the definition.
 */
export const replenishmentJob = {
  name: 'replenishment',
  everyMs: 15 * 60_000,
  run(ctx: ErpContext): void {
    const every = ctx.state.config.replenishEveryMs;
    if (every === 0) return;
    while (ctx.clock.now() >= ctx.state.nextReplenishMs) {
      ctx.state.nextReplenishMs += every;
      const receipts = replenish(ctx);
      ctx.journal.append(ev.erpReplenished({ sys: 'erp', receipts }));
    }
  },
};
