import type { SimulatorContext } from '../core/define-simulator.js';
import { orderItemIdFor } from './ids.js';
import { schedule } from './due.js';
import { listingFor, setListingQuantity } from './listings.js';
import { notifyOrderChange } from './notifications.js';
import type { MarketplaceState, OrderRec, ShipmentRec } from './state.js';
import { ev } from '../../journal/events.js';
import { postShipment } from './finances.js';

/**
 * Marketplace orders in domain terms: demand places world orders (docs/architecture.md), the seller
 * confirms shipments. Wire shapes live in wire-orders.ts.
 */
type Ctx = SimulatorContext<MarketplaceState>;

export interface OrderSummary {
  orderId: string;
  index: number;
  totalCents: number;
  created: boolean;
  /** The SKU a shopper could not buy: its listing showed fewer units than the order wanted. */
  unavailable?: string;
}

/** Sum of line totals in cents. */
export function orderTotalCents(order: Pick<OrderRec, 'items'>): number {
  return order.items.reduce((sum, i) => sum + i.quantity * i.unitPriceCents, 0);
}

/**
 * Demand channel `marketplace-order`: world order `index` is placed now. Amazon holds a new MFN
 * order as Pending until payment clears; by default the simulator clears it at once (Unshipped),
 * with config `pendingMs` > 0 it stays Pending that long (settle.ts moves it on). Either way an
 * ORDER_CHANGE notification goes out on creation and on each status change.
 * A shopper can only buy what the listing shows: if any line wants more units than its listing
 * quantity, no order is placed (`channel:order-rejected`, reason `unavailable`). Otherwise the
 * listing drops by what was sold. So an oversell happens exactly when the seller's listing
 * showed stock the warehouse no longer had — a stale listing, which the oracle detects.
 * Placing the same index twice does nothing the second time.
 *
 * @example placeOrder(ctx, 12) // { orderId: '1NN-…', index: 12, totalCents: 4598, created: true }
 */
export function placeOrder(ctx: Ctx, index: number): OrderSummary {
  const world = ctx.world.marketplaceOrder(index);
  const existing = ctx.state.orders.get(world.amazonOrderId);
  if (existing)
    return { orderId: existing.id, index, totalCents: orderTotalCents(existing), created: false };
  const short = world.lines.find((l) => (listingFor(ctx, l.sku)?.quantity ?? 0) < l.quantity);
  if (short) {
    ctx.journal.append(
      ev.channelOrderRejected({
        sys: 'marketplace',
        orderId: world.amazonOrderId,
        index,
        reason: 'unavailable',
        sku: short.sku,
      }),
    );
    return {
      orderId: world.amazonOrderId,
      index,
      totalCents: 0,
      created: false,
      unavailable: short.sku,
    };
  }
  const now = ctx.clock.now();
  const pendingMs = ctx.state.config.pendingMs;
  // The shopper pays the offer's current price (what the seller last listed), not the catalog's.
  const lines = world.lines.map((l) => ({
    ...l,
    unitPriceCents: listingFor(ctx, l.sku)?.priceCents ?? l.unitPriceCents,
  }));
  const order: OrderRec = {
    id: world.amazonOrderId,
    index,
    seq: ++ctx.state.orderSeq,
    customerIndex: world.customerIndex,
    status: pendingMs > 0 ? 'Pending' : 'Unshipped',
    purchaseMs: now,
    updatedMs: now,
    shipServiceLevel: world.shipServiceLevel,
    isPrime: world.isPrime,
    items: lines.map((l, i) => ({
      orderItemId: orderItemIdFor(world.amazonOrderId, i),
      skuIndex: l.skuIndex,
      sku: l.sku,
      quantity: l.quantity,
      quantityShipped: 0,
      unitPriceCents: l.unitPriceCents,
    })),
    shipments: [],
    notified: 0,
  };
  ctx.state.orders.set(order.id, order);
  const totalCents = orderTotalCents(order);
  ctx.journal.append(
    ev.channelOrderVisible({
      sys: 'marketplace',
      orderId: order.id,
      index,
      placedAt: now,
      lines: lines.map((l) => ({
        sku: l.sku,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
      })),
      totalCents,
    }),
  );
  for (const item of order.items) {
    const listing = listingFor(ctx, item.sku);
    if (listing)
      setListingQuantity(ctx, listing, Math.max(0, listing.quantity - item.quantity), 'order');
  }
  if (pendingMs > 0)
    schedule(ctx, { kind: 'order-unshipped', atMs: now + pendingMs, orderId: order.id });
  notifyOrderChange(ctx, order, 'OrderCreated');
  return { orderId: order.id, index, totalCents, created: true };
}

/**
 * Record a confirmed package: ship its items, move the order to PartiallyShipped or Shipped,
 * and journal `channel:shipment-confirmed`. Validation happens before (routes/orders.ts).
 *
 * @example recordShipment(ctx, order, { packageReferenceId: '1', carrierCode: 'UPS', trackingNumber: '1Z…', shipDateMs, items })
 */
export function recordShipment(ctx: Ctx, order: OrderRec, shipment: ShipmentRec): void {
  for (const s of shipment.items) {
    const item = order.items.find((i) => i.orderItemId === s.orderItemId)!;
    item.quantityShipped += s.quantity;
  }
  order.shipments.push(shipment);
  const done = order.items.every((i) => i.quantityShipped >= i.quantity);
  const before = order.status;
  order.status = done ? 'Shipped' : 'PartiallyShipped';
  order.updatedMs = ctx.clock.now();
  ctx.journal.append(
    ev.channelShipmentConfirmed({
      sys: 'marketplace',
      orderId: order.id,
      trackingNumber: shipment.trackingNumber,
      carrier: shipment.carrierCode,
      packageId: shipment.packageReferenceId,
      items: shipment.items.map((s) => ({
        itemId: s.orderItemId,
        sku: order.items.find((i) => i.orderItemId === s.orderItemId)!.sku,
        quantity: s.quantity,
      })),
      status: order.status,
    }),
  );
  if (order.status !== before) notifyOrderChange(ctx, order, 'OrderStatusChange');
  postShipment(ctx, order, shipment);
}
