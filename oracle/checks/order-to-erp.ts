import type { ChannelOrder, ErpDocument, Line, RunModel } from '../model.js';
import type { CheckDefinition, Measurement } from '../types.js';
import { account, type Accounting } from './accounting.js';

/**
 * order-to-erp: each channel order → one ERP sales order, linked by the channel
 * order number it carries (or, without one, its external id), with the same SKUs, units and
 * total.
 */

/** The channel order a sales order is for: the order number on it, else its external id. */
export const erpOrderLink = (doc: ErpDocument): string | undefined =>
  doc.sourceOrderId ?? doc.externalId;

/** Sales orders accounted for against the channel orders (built once per judged model). */
export function orderDocumentAccounting(model: RunModel): Accounting {
  return model.memo('orderDocumentAccounting', () =>
    account(model, ['sales-order'], model.channelOrders, (d) => [d.sourceOrderId, d.externalId]),
  );
}

/** Sales orders by the channel order id they carry (built once per judged model). */
export function erpOrdersByChannelOrder(model: RunModel): Map<string, ErpDocument[]> {
  return orderDocumentAccounting(model).bySource;
}

/**
 * Exactly-once over a set of channel objects: how many have no ERP record, how many more than
 * one (by id, or a second record found by content under another id), and how many ERP records
 * match none of them — the shared core of order-to-erp and pos-to-erp.
 *
 * @example exactlyOnce(orders, accounting, 'orders') // { value: 1, evidence: ['113-…'], details: { missing: 1, duplicated: 0, … } }
 */
export function exactlyOnce(
  orders: Iterable<ChannelOrder>,
  books: Accounting,
  noun: string,
  /** Sources visible after this scenario ms and not booked yet are too recent to judge. */
  recentAfter = Infinity,
): Measurement {
  let total = 0;
  let recent = 0;
  const missing: string[] = [];
  const duplicated: string[] = [];
  const byContent = new Map<string, string>();
  for (const d of books.contentDuplicates) byContent.set(d.sourceId!, d.doc.id);
  for (const order of orders) {
    total++;
    const n = books.bySource.get(order.id)?.length ?? 0;
    if (n === 0 && order.visibleT > recentAfter) recent++;
    else if (n === 0) missing.push(order.id);
    else if (n > 1 || byContent.has(order.id)) duplicated.push(order.id);
  }
  const unlinked = books.unlinked.map((u) => u.doc.id);
  if (total === 0 && unlinked.length === 0)
    return { value: null, note: `no ${noun} in this run`, evidence: [] };
  const parts = [`${missing.length} missing`, `${duplicated.length} duplicated`];
  if (recent) parts.push(`${recent} too recent to judge`);
  if (byContent.size) parts[1] += ` (${byContent.size} found by content under another id)`;
  if (unlinked.length) parts.push(`${unlinked.length} ERP records linked to none`);
  const shown = [
    [missing.length, 'missing'],
    [duplicated.length, 'duplicated'],
    [unlinked.length, 'unlinked'],
  ].filter(([n]) => n !== 0);
  return {
    value: missing.length + duplicated.length + unlinked.length,
    summary: shown.length ? shown.map(([n, what]) => `${n} ${what}`).join(', ') : '0',
    note: `${total} ${noun}: ${parts.join(', ')}`,
    evidence: [
      ...duplicated,
      ...[...byContent.values()].map((id) => `erp:${id}`),
      ...unlinked.map((id) => `erp:${id}`),
      ...missing,
    ].slice(0, 10),
    details: {
      [noun]: total,
      missing: missing.length,
      duplicated: duplicated.length,
      ...(recent && { tooRecent: recent }),
      ...(byContent.size && { duplicatedByContent: byContent.size }),
      ...(unlinked.length && { unlinked: unlinked.length }),
    },
  };
}

function sameLines(a: readonly Line[] | undefined, b: readonly Line[] | undefined): boolean {
  const sum = (lines: readonly Line[] | undefined) => {
    const m = new Map<string, number>();
    for (const l of lines ?? []) m.set(l.sku, (m.get(l.sku) ?? 0) + l.quantity);
    return m;
  };
  const x = sum(a);
  const y = sum(b);
  if (x.size !== y.size) return false;
  for (const [sku, q] of x) if (y.get(sku) !== q) return false;
  return true;
}

export const orderToErpChecks: CheckDefinition[] = [
  {
    id: 'order-to-erp.exactly-once',
    group: 'order-to-erp',
    title: 'Every channel order is in the ERP exactly once',
    description:
      'Channel orders (marketplace and storefront) with no ERP sales order carrying the channel order number (or an external id equal to it), plus those with more than one — also a second one under another id, found by its content (amount, lines, time) — plus sales orders that match no channel order. A lost order is lost revenue; a duplicate ships twice.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => exactlyOnce(m.channelOrders.values(), orderDocumentAccounting(m), 'orders'),
  },
  {
    id: 'order-to-erp.lines-match',
    group: 'order-to-erp',
    title: 'ERP sales orders match their channel order',
    description:
      'Sales orders whose SKUs, units or total (to the cent) differ from the channel order (marketplace or storefront) they were made from.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => {
      const erp = erpOrdersByChannelOrder(m);
      const bad: string[] = [];
      let compared = 0;
      for (const order of m.channelOrders.values()) {
        const so = erp.get(order.id)?.[0];
        if (!so) continue;
        compared++;
        const totalOk = so.totalCents === undefined || so.totalCents === order.totalCents;
        if (!totalOk || !sameLines(order.lines, so.lines)) bad.push(order.id);
      }
      if (compared === 0) return { value: null, note: 'no sales order to compare', evidence: [] };
      return {
        value: bad.length,
        note: `${compared} sales orders compared`,
        evidence: bad.slice(0, 10),
        details: { compared, mismatched: bad.length },
      };
    },
  },
];
