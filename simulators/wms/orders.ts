import type { SimulatorContext } from '../core/define-simulator.js';
import { invalid } from './errors.js';
import { commit, release, shortfall } from './inventory.js';
import type { OrderInput } from './order-input.js';
import {
  INVENTORY_ID_BASE,
  ORDER_ID_BASE,
  SHIPMENT_ID_BASE,
  type OrderRec,
  type OrderStatus,
  type ShipmentRec,
  type WmsState,
} from './state.js';
import { emit } from './webhooks.js';
import { ev } from '../../journal/events.js';

/**
 * Order rules: create (commit or exception), status changes, cancel. Journals the events the
 * oracle reads: `warehouse:order-received`, `warehouse:order-status`, `warehouse:order-cancelled`, `warehouse:order-exception`.
 */
type Ctx = SimulatorContext<WmsState>;

/** Move an order (and its shipment) to a new status and journal it. */
export function setStatus(ctx: Ctx, o: OrderRec, status: OrderStatus): void {
  o.status = status;
  ctx.journal.append(
    ev.warehouseOrderStatus({
      sys: 'wms',
      orderId: String(o.id),
      sourceOrderId: o.referenceId,
      status,
    }),
  );
}

/** Put an order into Exception (no stock, unknown product) and tell the merchant. */
export function toException(ctx: Ctx, o: OrderRec, reason: string): void {
  const s = ctx.state.shipments.get(o.shipmentId)!;
  s.status = 'Exception';
  s.exceptionReason = reason;
  s.lastUpdateAt = ctx.clock.now();
  setStatus(ctx, o, 'Exception');
  ctx.journal.append(
    ev.warehouseOrderException({
      sys: 'wms',
      orderId: String(o.id),
      sourceOrderId: o.referenceId,
      reason,
    }),
  );
  emit(ctx, 'order.shipment.exception', o);
}

/**
 * Lines naming an unknown `reference_id` (with a name; `readOrderInput` refused them otherwise)
 * create that product, as ShipBob does for the reference-id line model ("will automatically
 * create a new product if one does not already exist", https://developer.shipbob.com/guides/orders).
 * A new product has nothing on hand, so the order then waits in Exception (OutOfStock) like any
 * order for stock the warehouse lacks.
 */
function createProducts(ctx: Ctx, input: OrderInput): void {
  const { state } = ctx;
  for (const line of input.lines) {
    let stock = state.stock.get(line.sku);
    if (!stock) {
      stock = {
        inventoryId: INVENTORY_ID_BASE + state.stock.size,
        skuIndex: -1,
        sku: line.sku,
        name: line.name,
        onHand: 0,
        committed: 0,
      };
      state.stock.set(stock.sku, stock);
      state.stockByInventoryId.set(stock.inventoryId, stock);
    }
    line.productId = stock.inventoryId;
  }
}

/**
 * Create an order with its one shipment. Duplicate `reference_id` → 422 (GUESS: status and
 * sentence; ShipBob documents reference_id as unique but not the refusal).
 *
 * @example createOrder(ctx, input).status // 'Processing'
 */
export function createOrder(ctx: Ctx, input: OrderInput): OrderRec {
  const { state } = ctx;
  const existing = state.orderByReference.get(input.referenceId);
  if (existing !== undefined)
    invalid(
      'reference_id',
      `Cannot insert order with existing ReferenceId: ${input.referenceId.slice(0, 100)} (order ${existing}).`,
      422,
    );
  createProducts(ctx, input);
  const now = ctx.clock.now();
  const id = ORDER_ID_BASE + ++state.seq.order;
  const shipment: ShipmentRec = {
    id: SHIPMENT_ID_BASE + ++state.seq.shipment,
    orderId: id,
    status: 'Processing',
    step: 'AwaitingPick',
    createdAt: now,
    lastUpdateAt: now,
  };
  const missing = shortfall(state, input.lines);
  const o: OrderRec = {
    id,
    ...input,
    status: 'Processing',
    committed: false,
    createdAt: now,
    shipmentId: shipment.id,
  };
  state.orders.set(id, o);
  state.orderIds.push(id);
  state.active.add(id);
  state.orderByReference.set(o.referenceId, id);
  state.shipments.set(shipment.id, shipment);
  if (!missing) {
    commit(ctx, o.lines);
    o.committed = true;
  }
  ctx.journal.append(
    ev.warehouseOrderReceived({
      sys: 'wms',
      orderId: String(id),
      sourceOrderId: o.referenceId,
      lines: o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      status: 'Processing',
    }),
  );
  if (missing) toException(ctx, o, missing.reason);
  return o;
}

/**
 * Cancel an order that has not shipped; releases its committed stock. GUESS: cancelling a
 * shipped or already-cancelled order is a 422 naming the status.
 *
 * @example cancelOrder(ctx, order) // order.status === 'Cancelled'
 */
export function cancelOrder(ctx: Ctx, o: OrderRec): void {
  if (o.status === 'Fulfilled' || o.status === 'Cancelled')
    invalid('order_id', `Order ${o.id} cannot be cancelled: its status is ${o.status}.`, 422);
  const s = ctx.state.shipments.get(o.shipmentId)!;
  if (o.committed) release(ctx, o.lines);
  o.committed = false;
  s.status = 'Cancelled';
  s.lastUpdateAt = ctx.clock.now();
  setStatus(ctx, o, 'Cancelled');
  ctx.journal.append(
    ev.warehouseOrderCancelled({ sys: 'wms', orderId: String(o.id), sourceOrderId: o.referenceId }),
  );
  emit(ctx, 'order.shipment.cancelled', o);
}
