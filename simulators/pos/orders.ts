import type { SimulatorContext } from '../core/define-simulator.js';
import { ledgerIndex } from './catalog-store.js';
import { objectId } from './ids.js';
import type { OrderLineRec, OrderRec, PosState } from './state.js';
import { applyMoves, emitCounts, type StockMove } from './stock.js';
import { emit } from './webhooks.js';
import { iso } from './wire.js';
import { ev } from '../../journal/events.js';

/**
 * Order rules shared by the API and the tills: ids, totals, completion (which moves stock), and
 * the order events. Webhook bodies follow docs/dialects/pos.md: `order.created` only for CreateOrder,
 * `order.updated` for every later change.
 */
type Ctx = SimulatorContext<PosState>;

/** @example newLineUid(ctx).length // 22 */
export function newLineUid(ctx: Ctx): string {
  return objectId(ctx.world.seed, 'line', ++ctx.state.seq.line, 22);
}

/** Line total in cents: quantity × unit price, rounded to the cent. */
export function lineTotal(quantity: number, unitCents: number): number {
  return Math.round(quantity * unitCents);
}

/**
 * Store a new order (visible unless `hidden`) and index it by location.
 *
 * @example insertOrder(ctx, { id, locationId, lines, state: 'OPEN', … })
 */
export function insertOrder(ctx: Ctx, order: OrderRec): OrderRec {
  ctx.state.orders.set(order.id, order);
  let list = ctx.state.orderIdsByLocation.get(order.locationId);
  if (!list) ctx.state.orderIdsByLocation.set(order.locationId, (list = []));
  list.push(order.id);
  return order;
}

/** Sum of line totals. */
export function orderTotal(lines: readonly OrderLineRec[]): number {
  return lines.reduce((a, l) => a + l.totalCents, 0);
}

function summary(o: OrderRec, withUpdated: boolean) {
  return {
    order_id: o.id,
    ...(o.version !== undefined ? { version: o.version } : {}),
    location_id: o.locationId,
    state: o.state,
    created_at: iso(o.createdAt),
    ...(withUpdated ? { updated_at: iso(o.updatedAt) } : {}),
  };
}

/** `order.created` (CreateOrder only, docs/dialects/pos.md). */
export function emitOrderCreated(ctx: Ctx, o: OrderRec): void {
  emit(ctx, 'order.created', 'order_created', o.id, { order_created: summary(o, false) });
}

/** `order.updated`. */
export function emitOrderUpdated(ctx: Ctx, o: OrderRec): void {
  emit(ctx, 'order.updated', 'order_updated', o.id, { order_updated: summary(o, true) });
}

/** Mark a change: `updated_at` = now, and a new version for API-created orders. */
export function touchOrder(ctx: Ctx, o: OrderRec): void {
  o.updatedAt = ctx.clock.now();
  if (o.version !== undefined) o.version++;
}

/** The stock a completed order takes off the shelf: IN_STOCK → SOLD per catalog line. */
export function saleMoves(ctx: Ctx, o: OrderRec, storeId: string): StockMove[] {
  const moves: StockMove[] = [];
  for (const line of o.lines) {
    const v = ledgerIndex(ctx.state, ctx.world, line.catalogObjectId);
    if (v === undefined) continue;
    moves.push({
      variationIndex: v,
      storeId,
      fromState: 'IN_STOCK',
      toState: 'SOLD',
      quantity: line.quantity,
      occurredAt: o.createdAt,
      reason: 'sale',
      refId: o.id,
    });
  }
  return moves;
}

/**
 * The journal line the oracle's pos-to-erp flow starts from.
 *
 * @example journalCompleted(ctx, order, false)
 */
export function journalCompleted(ctx: Ctx, o: OrderRec, offline: boolean): void {
  ctx.journal.append(
    ev.storeSaleCompleted({
      sys: 'pos',
      saleId: o.id,
      locationId: o.locationId,
      storeId: ctx.state.storeBySquareId.get(o.locationId)?.id,
      totalCents:
        o.totalCents +
        o.paymentIds.reduce((a, id) => a + (ctx.state.payments.get(id)?.tipCents ?? 0), 0),
      completedAt: iso(o.createdAt),
      index: o.saleIndex,
      ...(offline ? { offline: true } : {}),
    }),
  );
}

/**
 * An API order fully paid: COMPLETED, closed, stock moved, journaled, `order.updated` sent.
 *
 * @example completeOrder(ctx, order)
 */
export function completeOrder(ctx: Ctx, o: OrderRec): void {
  const now = ctx.clock.now();
  o.state = 'COMPLETED';
  o.closedAt = now;
  touchOrder(ctx, o);
  const store = ctx.state.storeBySquareId.get(o.locationId);
  const counts = store ? applyMoves(ctx, saleMoves(ctx, o, store.id)) : [];
  journalCompleted(ctx, o, false);
  emitOrderUpdated(ctx, o);
  emitCounts(ctx, counts);
}

/** A visible order, or undefined (unknown or still on an offline till). */
export function visibleOrder(state: PosState, id: string): OrderRec | undefined {
  const o = state.orders.get(id);
  return o && !o.hidden ? o : undefined;
}
