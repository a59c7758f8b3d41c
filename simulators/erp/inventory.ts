import type { Balance, ErpContext, ErpRecord } from './state.js';
import { ev } from '../../journal/events.js';

/**
 * Per-location stock of inventory items. A balance is materialised on first touch from the
 * world's initial stock, so a 100,000-SKU × 500-store world costs nothing until it sells.
 * Every change is journaled as `erp:stock-changed` for the oracle.
 */

/** Why a balance moved, and which record moved it. */
export interface StockReason {
  reason: string;
  recordType?: string;
  recordId?: number;
}

function key(itemId: number, locationId: number): string {
  return `${itemId}|${locationId}`;
}

/** Units on hand at the start of the run for a pair nobody has touched yet. */
function initialOnHand(ctx: ErpContext, item: ErpRecord, location: ErpRecord): number {
  const skuIndex = item.item?.skuIndex;
  if (skuIndex === undefined || location.worldLocationId === undefined) return 0;
  return ctx.world.initialStock(location.worldLocationId, skuIndex);
}

/**
 * The balance of an item at a location (materialised if new).
 *
 * @example balanceOf(ctx, 1, 1).onHand // world.initialStock('WH-1', 0) until something moves it
 */
export function balanceOf(ctx: ErpContext, itemId: number, locationId: number): Balance {
  const k = key(itemId, locationId);
  let balance = ctx.state.balances.get(k);
  if (!balance) {
    const item = ctx.state.records.get('inventoryItem')!.get(itemId);
    const location = ctx.state.records.get('location')!.get(locationId);
    const onHand = item && location ? initialOnHand(ctx, item, location) : 0;
    balance = { itemId, locationId, onHand, committed: 0 };
    ctx.state.balances.set(k, balance);
  }
  return balance;
}

/**
 * Read-only view without materialising (SuiteQL scans, renders).
 *
 * @example peekBalance(ctx, 1, 2).onHand
 */
export function peekBalance(ctx: ErpContext, itemId: number, locationId: number): Balance {
  const found = ctx.state.balances.get(key(itemId, locationId));
  if (found) return found;
  const item = ctx.state.records.get('inventoryItem')!.get(itemId);
  const location = ctx.state.records.get('location')!.get(locationId);
  const onHand = item && location ? initialOnHand(ctx, item, location) : 0;
  return { itemId, locationId, onHand, committed: 0 };
}

/**
 * NetSuite's "available": on hand not committed to orders, never shown below zero.
 *
 * @example availableOf({ itemId: 1, locationId: 1, onHand: 5, committed: 7 }) // 0
 */
export function availableOf(balance: Balance): number {
  return Math.max(0, balance.onHand - balance.committed);
}

/**
 * Move a balance and journal it. Deltas may be negative; on hand may go below zero (as with
 * NetSuite's "Allow Negative Inventory" preference — a store that sold it, sold it).
 *
 * @example adjust(ctx, 1, 2, { onHand: -1 }, { reason: 'cashSale', recordType: 'cashSale', recordId: 7 })
 */
export function adjust(
  ctx: ErpContext,
  itemId: number,
  locationId: number,
  delta: { onHand?: number; committed?: number },
  why: StockReason,
): Balance {
  const balance = balanceOf(ctx, itemId, locationId);
  const dOnHand = delta.onHand ?? 0;
  const dCommitted = delta.committed ?? 0;
  if (dOnHand === 0 && dCommitted === 0) return balance;
  balance.onHand += dOnHand;
  balance.committed = Math.max(0, balance.committed + dCommitted);
  const item = ctx.state.records.get('inventoryItem')!.get(itemId);
  const location = ctx.state.records.get('location')!.get(locationId);
  ctx.journal.append(
    ev.erpStockChanged({
      sys: 'erp',
      sku: item?.item?.itemId,
      itemId,
      location: location?.externalId ?? String(locationId),
      locationId,
      onHand: balance.onHand,
      committed: balance.committed,
      available: availableOf(balance),
      deltaOnHand: dOnHand,
      deltaCommitted: dCommitted,
      ...why,
    }),
  );
  return balance;
}

/**
 * Reserve up to `quantity` units for an order (NetSuite's default "commit available quantity":
 * what is not available stays back-ordered). Returns the units committed.
 *
 * @example commit(ctx, 1, 1, 5, why) // 5 when at least 5 are available, else what is
 */
export function commit(
  ctx: ErpContext,
  itemId: number,
  locationId: number,
  quantity: number,
  why: StockReason,
): number {
  const units = Math.min(quantity, availableOf(balanceOf(ctx, itemId, locationId)));
  if (units > 0) adjust(ctx, itemId, locationId, { committed: units }, why);
  return Math.max(0, units);
}
