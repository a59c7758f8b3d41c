import type { SimulatorContext } from '../core/define-simulator.js';
import type { PosSale } from '../../world/index.js';
import { variationId } from './catalog.js';
import { catalogVariation } from './catalog-store.js';
import { objectId } from './ids.js';
import {
  emitOrderUpdated,
  insertOrder,
  journalCompleted,
  lineTotal,
  newLineUid,
  orderTotal,
  saleMoves,
} from './orders.js';
import { recordPayment } from './payments.js';
import { announceRefund, recordRefund } from './refunds.js';
import { NO_IDS, type OrderRec, type PosState } from './state.js';
import { applyMoves, emitCounts } from './stock.js';
import { emit } from './webhooks.js';
import { paymentWire } from './wire-payments.js';

/**
 * In-store demand: world sale `i` rung up at its store's till. Online, it is a COMPLETED order
 * with a payment at once (`payment.created`, `order.updated`, `inventory.count.updated` — no
 * `order.created`, which Square sends only for CreateOrder, docs/dialects/pos.md). Offline, it waits on
 * the till (see offline.ts). A sale with `refund` comes back `refund.afterMs` later.
 */
type Ctx = SimulatorContext<PosState>;

export interface SaleSummary {
  orderId: string;
  locationId: string;
  totalCents: number;
  offline: boolean;
}

/** Cash handed over: the next whole $5 note amount at or above the total. */
function cashTendered(totalCents: number): number {
  return Math.ceil(totalCents / 500) * 500;
}

function buildSaleOrder(ctx: Ctx, sale: PosSale, locationId: string, hidden: boolean): OrderRec {
  const now = ctx.clock.now();
  const lines = sale.lines.map((l) => {
    const id = variationId(ctx.world, l.skuIndex);
    // A price changed through the Catalog API is what the till charges too.
    const unit = ctx.state.catalog.objects.has(id)
      ? (catalogVariation(ctx.state, ctx.world, id)?.priceCents ?? l.unitPriceCents)
      : l.unitPriceCents;
    return {
      uid: newLineUid(ctx),
      name: ctx.world.sku(l.skuIndex).name,
      quantity: l.quantity,
      catalogObjectId: id,
      variationName: 'Regular',
      basePriceCents: unit,
      totalCents: lineTotal(l.quantity, unit),
    };
  });
  return {
    // From the sale index, so the same sale always has the same order id (and arrives once).
    id: objectId(ctx.world.seed, 'sale-order', sale.index, 27),
    locationId,
    referenceId: sale.saleId,
    sourceName: 'Square Point of Sale',
    lines,
    state: 'COMPLETED',
    createdAt: now,
    updatedAt: now,
    closedAt: now,
    totalCents: orderTotal(lines),
    paymentIds: NO_IDS,
    refundIds: NO_IDS,
    hidden,
    saleIndex: sale.index,
  };
}

/**
 * Ring up world sale `index`. Calling it twice for the same index does nothing the second time.
 *
 * @example ringUpSale(ctx, 12) // { orderId, locationId, totalCents, offline: false }
 */
export function ringUpSale(ctx: Ctx, index: number): SaleSummary {
  const sale = ctx.world.posSale(index);
  const store = ctx.state.stores[sale.storeIndex]!;
  const existing = ctx.state.orders.get(objectId(ctx.world.seed, 'sale-order', index, 27));
  const backlog = ctx.state.offline.get(store.squareId);
  if (existing)
    return {
      orderId: existing.id,
      locationId: existing.locationId,
      totalCents: existing.totalCents,
      offline: existing.hidden,
    };
  const offline = backlog !== undefined;
  const order = insertOrder(ctx, buildSaleOrder(ctx, sale, store.squareId, offline));
  const payment = recordPayment(ctx, {
    sourceType: sale.tender,
    amountCents: order.totalCents,
    tipCents: 0,
    autocomplete: true,
    locationId: store.squareId,
    order,
    entryMethod: 'EMV',
    cashSuppliedCents: sale.tender === 'CASH' ? cashTendered(order.totalCents) : undefined,
    hidden: offline,
  });
  journalCompleted(ctx, order, offline);
  const moves = saleMoves(ctx, order, store.location.id);
  if (backlog) {
    backlog.orderIds.push(order.id);
    backlog.stock.push(...moves);
  } else {
    const counts = applyMoves(ctx, moves);
    emit(ctx, 'payment.created', 'payment', payment.id, { payment: paymentWire(payment) });
    emitOrderUpdated(ctx, order);
    emitCounts(ctx, counts);
  }
  if (sale.refund) scheduleReturn(ctx, sale, order.id);
  return { orderId: order.id, locationId: store.squareId, totalCents: order.totalCents, offline };
}

function scheduleReturn(ctx: Ctx, sale: PosSale, orderId: string): void {
  const state = ctx.state;
  const refund = sale.refund!;
  ctx.clock.afterScenario(refund.afterMs, () => {
    if (ctx.state !== state) return; // a reset replaced the state
    returnGoods(ctx, sale, orderId);
  });
}

/**
 * The customer brings part of the sale back: a refund of that line and the units back on the
 * shelf (GUESS: as a NONE → IN_STOCK adjustment; Square's exact states for a linked return are
 * not in the fact sheet).
 *
 * @example returnGoods(ctx, world.posSale(12), orderId)
 */
export function returnGoods(ctx: Ctx, sale: PosSale, orderId: string): void {
  const order = ctx.state.orders.get(orderId);
  const payment = order && ctx.state.payments.get(order.paymentIds[0] ?? '');
  const ret = sale.refund;
  if (!order || !payment || !ret) return;
  const line = sale.lines[ret.lineIndex]!;
  const left = payment.amountCents + payment.tipCents - payment.refundedCents;
  const unit = order.lines[ret.lineIndex]?.basePriceCents ?? line.unitPriceCents;
  const amount = Math.min(left, lineTotal(ret.quantity, unit));
  if (amount <= 0) return;
  const backlog = ctx.state.offline.get(order.locationId);
  const refund = recordRefund(ctx, payment, amount, 'Returned goods', backlog !== undefined);
  const move = {
    variationIndex: line.skuIndex,
    storeId: ctx.state.storeBySquareId.get(order.locationId)!.id,
    fromState: 'NONE',
    toState: 'IN_STOCK',
    quantity: ret.quantity,
    occurredAt: refund.createdAt,
    reason: 'return',
    refId: refund.id,
  };
  if (backlog) {
    backlog.refundIds.push(refund.id);
    backlog.stock.push(move);
    return;
  }
  const counts = applyMoves(ctx, [move]);
  announceRefund(ctx, refund);
  emitCounts(ctx, counts);
}
