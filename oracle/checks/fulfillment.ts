import { first, maxOf, percentileOfSorted, sortedCopy } from '../stats.js';
import type { ChannelOrder, ErpDocument, RunModel, Shipment } from '../model.js';
import type { CheckDefinition, Measurement } from '../types.js';
import { CONTENT_WINDOW_MS, goods } from './accounting.js';
import { erpOrdersByChannelOrder } from './order-to-erp.js';

/**
 * fulfillment: each channel order → one warehouse order carrying the channel
 * order id; each warehouse shipment → a shipment confirmation on the channel with the same
 * tracking number, and one ERP fulfillment made from the order's sales order.
 */

/** Shipments younger than this at the end of the run are too recent to judge ("pending"). */
export const SHIPMENT_GRACE_MS = 5 * 60_000;

/** ERP fulfillments by the id of the sales order they were made from. */
export function fulfillmentsByErpOrder(m: RunModel): Map<string, ErpDocument[]> {
  return m.memo('fulfillmentsByErpOrder', () =>
    m.erpBy(['fulfillment'], (doc) => doc.fromDocumentId),
  );
}

function judgeable(m: RunModel): { ready: Shipment[]; pending: number } {
  const end = m.lastT ?? 0;
  const ready: Shipment[] = [];
  let pending = 0;
  for (const s of m.shipments.values()) {
    if (s.t > end - SHIPMENT_GRACE_MS) pending++;
    else ready.push(s);
  }
  return { ready, pending };
}

function perShipment(m: RunModel, noun: string, bad: (s: Shipment) => boolean): Measurement {
  const { ready, pending } = judgeable(m);
  if (ready.length === 0)
    return {
      value: null,
      note:
        pending > 0
          ? `${pending} shipments, all too recent to judge`
          : 'no WMS shipment in this run',
      evidence: [],
    };
  const failed = ready.filter(bad).map((s) => s.sourceOrderId);
  return {
    value: failed.length,
    note: `${ready.length} shipments judged (${pending} too recent): ${failed.length} without ${noun}`,
    evidence: failed.slice(0, 10),
    details: { shipments: ready.length, pending, failed: failed.length },
  };
}

interface Stray {
  /** The reference the warehouse order carries. */
  reference: string;
  /** The channel order its content matches (duplicates only). */
  orderId: string;
}

/**
 * Warehouse orders whose reference names no channel order, matched by content: the same SKUs
 * and units as a channel order visible before it (within CONTENT_WINDOW_MS) that already has a
 * warehouse order — a retry under a fresh reference that created the order twice — else
 * *unlinked*: nobody can find it from the order (the shipment webhook names only its reference).
 */
function warehouseStrays(m: RunModel): { duplicates: Stray[]; unlinked: Stray[] } {
  const duplicates: Stray[] = [];
  const unlinked: Stray[] = [];
  const strays: { reference: string; t: number; seq: number; goods: string }[] = [];
  for (const [reference, list] of m.warehouseOrders)
    if (!m.channelOrders.has(reference))
      for (const w of list) strays.push({ reference, t: w.t, seq: w.seq, goods: goods(w.lines) });
  if (strays.length === 0) return { duplicates, unlinked };
  const byGoods = new Map<string, ChannelOrder[]>();
  for (const o of m.channelOrders.values()) {
    const key = goods(o.lines);
    const list = byGoods.get(key);
    if (list) list.push(o);
    else byGoods.set(key, [o]);
  }
  strays.sort((a, b) => a.seq - b.seq);
  for (const s of strays) {
    // the nearest order before it that is already in the warehouse
    const match = (byGoods.get(s.goods) ?? [])
      .filter((o) => o.visibleT <= s.t && s.t - o.visibleT <= CONTENT_WINDOW_MS)
      .filter((o) => (m.warehouseOrders.get(o.id)?.length ?? 0) > 0)
      .reduce<ChannelOrder | undefined>(
        (a, o) => (!a || o.visibleT > a.visibleT ? o : a),
        undefined,
      );
    if (match) duplicates.push({ reference: s.reference, orderId: match.id });
    else unlinked.push({ reference: s.reference, orderId: '' });
  }
  return { duplicates, unlinked };
}

export const fulfillmentChecks: CheckDefinition[] = [
  {
    id: 'fulfillment.wms-exactly-once',
    group: 'fulfillment',
    title: 'Every channel order reaches the warehouse exactly once',
    description:
      'Channel orders (marketplace and storefront) with no warehouse order carrying the channel order id, plus those sent to the warehouse more than once — also a second warehouse order under another reference, found by its content (same SKUs and units, created after the order was visible) — plus warehouse orders whose reference matches no order.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => {
      let total = 0;
      const missing: string[] = [];
      const duplicated: string[] = [];
      for (const id of m.channelOrders.keys()) {
        total++;
        const n = m.warehouseOrders.get(id)?.length ?? 0;
        if (n === 0) missing.push(id);
        else if (n > 1) duplicated.push(id);
      }
      if (total === 0) return { value: null, note: 'no channel orders in this run', evidence: [] };
      const strays = warehouseStrays(m);
      for (const s of strays.duplicates)
        if (!duplicated.includes(s.orderId)) duplicated.push(s.orderId);
      const again = strays.duplicates.map((s) => `${s.orderId} (again as ${s.reference})`);
      const unlinked = strays.unlinked.map((s) => `${s.reference} (matches no order)`);
      return {
        value: missing.length + duplicated.length + strays.unlinked.length,
        note:
          `${total} orders: ${missing.length} never sent, ${duplicated.length} sent twice` +
          (strays.duplicates.length
            ? ` (${strays.duplicates.length} under another reference, found by content)`
            : '') +
          (strays.unlinked.length
            ? `; ${strays.unlinked.length} warehouse orders match no order`
            : ''),
        evidence: [...again, ...duplicated, ...unlinked, ...missing]
          .filter((v, i, all) => all.indexOf(v) === i)
          .slice(0, 10),
        details: {
          orders: total,
          missing: missing.length,
          duplicated: duplicated.length,
          ...(strays.duplicates.length && { contentDuplicates: strays.duplicates.length }),
          ...(strays.unlinked.length && { unlinked: strays.unlinked.length }),
        },
      };
    },
  },
  {
    id: 'fulfillment.shipment-confirmed',
    group: 'fulfillment',
    title: 'Every shipment is confirmed on its channel with its tracking number',
    description:
      'Warehouse shipments (older than 5 scenario minutes at the end) with no shipment confirmation on the channel the order came from (marketplace or storefront) carrying the same tracking number. Unconfirmed shipments hurt seller metrics and delay payouts.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) =>
      perShipment(m, 'a matching confirmation', (s) => {
        const confirmations = m.confirmations.get(s.sourceOrderId) ?? [];
        return !confirmations.some(
          (c) => c.trackingNumber === undefined || c.trackingNumber === s.trackingNumber,
        );
      }),
  },
  {
    id: 'fulfillment.erp-fulfillment',
    group: 'fulfillment',
    title: 'Every shipment is one fulfillment in the ERP',
    description:
      'Warehouse shipments (older than 5 scenario minutes) without exactly one ERP fulfillment made from the order’s sales order.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => {
      const erpOrders = erpOrdersByChannelOrder(m);
      const fulfillments = fulfillmentsByErpOrder(m);
      return perShipment(m, 'exactly one item fulfillment', (s) => {
        const so = erpOrders.get(s.sourceOrderId)?.[0];
        return !so || (fulfillments.get(so.id)?.length ?? 0) !== 1;
      });
    },
  },
  {
    id: 'fulfillment.confirm-lag.p95',
    group: 'fulfillment',
    title: 'Shipment confirmations are prompt (p95)',
    description:
      '95th percentile of scenario time from the warehouse shipping an order to its confirmation on the channel; unconfirmed shipments (and those confirmed only before they shipped) count up to the end of the run.',
    unit: 'ms',
    threshold: { op: '<=', value: 30 * 60_000, unit: 'ms' },
    measure: (m) => {
      const end = m.lastT ?? 0;
      const lags = new Map<string, number>();
      for (const s of m.shipments.values()) {
        // a confirmation sent before the shipment confirms nothing (ordering.causality fails it)
        const after = m.confirmations.get(s.sourceOrderId)?.find((c) => c.t >= s.t);
        lags.set(s.sourceOrderId, (after?.t ?? end) - s.t);
      }
      const values = [...lags.values()];
      const sorted = sortedCopy(values);
      const p95 = percentileOfSorted(sorted, 0.95);
      if (p95 === undefined)
        return { value: null, note: 'no WMS shipment in this run', evidence: [] };
      const slowest = first(lags.entries(), (a, b) => a[1] > b[1]).map(([id]) => id);
      return {
        value: p95,
        evidence: slowest,
        details: {
          shipments: values.length,
          p50: percentileOfSorted(sorted, 0.5)!,
          max: maxOf(values),
        },
      };
    },
  },
];
