import type { RunModel } from '../model.js';
import type { CheckDefinition, Measurement } from '../types.js';
import { fulfillmentsByErpOrder } from './fulfillment.js';
import { erpOrdersByChannelOrder } from './order-to-erp.js';
import { receiptsBySale, refundsByRefund } from './pos-to-erp.js';

/**
 * ordering: effects that cannot come before their cause. A shipment confirmed on the channel
 * before the warehouse shipped it, an ERP fulfillment recorded before the warehouse shipped the
 * order (or an ERP sales order before its channel order existed), an ERP refund before the sale it
 * refunds was booked — each is an integration reporting something that had not happened yet.
 */
function causality(m: RunModel): Measurement {
  const wrong = new Map<string, string>();
  let judged = 0;
  const note = (id: string, what: string) => {
    if (!wrong.has(id)) wrong.set(id, what);
  };
  // confirmation before shipment
  for (const [orderId, list] of m.confirmations) {
    const shipped = m.shipments.get(orderId);
    for (const c of list) {
      judged++;
      if (!shipped || c.t < shipped.t) note(orderId, 'confirmed before it shipped');
    }
  }
  // ERP documents before their source
  for (const [orderId, docs] of erpOrdersByChannelOrder(m)) {
    const order = m.channelOrders.get(orderId);
    for (const d of docs) {
      judged++;
      if (order && d.t < order.visibleT) note(orderId, 'sales order before the order existed');
    }
  }
  const soToOrder = new Map<string, string>();
  for (const [orderId, docs] of erpOrdersByChannelOrder(m))
    for (const d of docs) soToOrder.set(d.id, orderId);
  for (const [soId, docs] of fulfillmentsByErpOrder(m)) {
    const orderId = soToOrder.get(soId);
    if (orderId === undefined) continue;
    const shipped = m.shipments.get(orderId);
    for (const d of docs) {
      judged++;
      if (!shipped || d.t < shipped.t) note(orderId, 'fulfilled in the ERP before it shipped');
    }
  }
  // refund before sale
  const receipts = receiptsBySale(m);
  for (const [refundId, docs] of refundsByRefund(m)) {
    const refund = m.storeRefunds.get(refundId);
    const sale = refund?.saleId === undefined ? undefined : receipts.get(refund.saleId)?.[0];
    if (!sale) continue;
    for (const d of docs) {
      judged++;
      if (d.t < sale.t) note(refundId, 'refunded in the ERP before the sale was booked');
    }
  }
  if (judged === 0)
    return { value: null, note: 'no confirmation, fulfillment or refund to judge', evidence: [] };
  const kinds = new Map<string, number>();
  for (const what of wrong.values()) kinds.set(what, (kinds.get(what) ?? 0) + 1);
  return {
    value: wrong.size,
    note: wrong.size
      ? [...kinds].map(([what, n]) => `${n} ${what}`).join(', ')
      : `${judged} effects after their cause`,
    evidence: [...wrong.keys()].slice(0, 10),
    details: { judged, wrong: wrong.size },
  };
}

export const orderingChecks: CheckDefinition[] = [
  {
    id: 'ordering.causality',
    group: 'ordering',
    title: 'Nothing is reported before it happened',
    description:
      'Objects with an effect recorded before its cause: a shipment confirmed on the channel before the warehouse shipped it, an ERP fulfillment before the warehouse shipped the order, an ERP sales order before its channel order existed, an ERP refund before its sale was booked.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: causality,
  },
];
