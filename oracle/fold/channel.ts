import type { ChannelOrder } from '../model.js';
import type { FamilyHandlers } from './handler.js';
import { dayOf, forgedEffect, lines, num, str } from './values.js';

/** Sales channels (orders, shipment confirmations), their listings, and the warehouse. */
export const channelHandlers: FamilyHandlers = {
  'channel:order-visible': (m, e) => {
    const id = String(e.orderId);
    const order: ChannelOrder = {
      id,
      visibleT: e.t,
      seq: e.seq,
      totalCents: num(e.totalCents) ?? 0,
      lines: lines(e.lines),
      channel: e.sys,
      day: dayOf(e.placedAt, e.t),
    };
    m.channelOrders.set(id, order);
    m.inventory.orderTaken(id, order.lines ?? [], e.t, e.seq, str(e.sys));
    // The price each line was taken at, kept only when the run schedules prices (pricing checks).
    if (m.scenario?.pricing && Array.isArray(e.lines))
      for (const l of e.lines as { sku?: unknown; unitPriceCents?: unknown }[]) {
        const unitPriceCents = num(l.unitPriceCents);
        if (unitPriceCents !== undefined)
          m.pricing.orderLine({
            orderId: id,
            channel: e.sys,
            sku: String(l.sku),
            t: e.t,
            unitPriceCents,
          });
      }
  },
  'channel:shipment-confirmed': (m, e) => {
    const orderId = String(e.orderId);
    forgedEffect(m, str(e.trackingNumber), e, orderId);
    const list = m.confirmations.get(orderId) ?? [];
    list.push({ trackingNumber: str(e.trackingNumber), t: e.t, seq: e.seq });
    m.confirmations.set(orderId, list);
  },
  'listing:quantity-changed': (m, e) => {
    // a sale lowers the listing by itself; any other change is the target publishing stock
    if (e.reason !== 'order') m.inventory.published++;
    m.inventory.listing(String(e.sku), num(e.quantity) ?? 0, e.t, str(e.sys), e.reason === 'order');
  },
  'warehouse:order-received': (m, e) => {
    const ref = String(e.sourceOrderId);
    // a parcel for an order only a forged delivery claimed
    forgedEffect(m, ref, e);
    const list = m.warehouseOrders.get(ref) ?? [];
    list.push({ orderId: String(e.orderId), t: e.t, seq: e.seq, lines: lines(e.lines) });
    m.warehouseOrders.set(ref, list);
    m.inventory.routed(ref, e.t);
  },
  'warehouse:order-exception': (m, e) => {
    m.warehouseExceptions.set(String(e.sourceOrderId), String(e.reason ?? 'exception'));
  },
  'warehouse:order-shipped': (m, e) => {
    const ref = String(e.sourceOrderId);
    m.shipments.set(ref, {
      sourceOrderId: ref,
      orderId: String(e.orderId),
      trackingNumber: String(e.trackingNumber),
      t: e.t,
      seq: e.seq,
    });
  },
  'warehouse:stock-changed': (m, e) => {
    m.inventory.fulfillable(String(e.sku), num(e.fulfillable) ?? 0, e.t);
  },
};
