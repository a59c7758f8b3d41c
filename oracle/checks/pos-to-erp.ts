import type { ChannelOrder, ErpDocument, RunModel } from '../model.js';
import type { CheckDefinition } from '../types.js';
import { account, type Accounting } from './accounting.js';
import { SHIPMENT_GRACE_MS } from './fulfillment.js';
import { exactlyOnce } from './order-to-erp.js';

/**
 * pos-to-erp: each completed store sale → one ERP sale receipt, each store
 * refund → one ERP refund, linked by the external id = the store's sale or refund id; totals to
 * the cent. Sales from an offline till count from the moment their store uploads them.
 */

/** The store id an ERP document carries: its external id (the contract), else its order number. */
export const saleLink = (doc: ErpDocument): string | undefined =>
  doc.externalId ?? doc.sourceOrderId;

/** Sale receipts accounted for against the store sales (built once per judged model). */
export function receiptAccounting(m: RunModel): Accounting {
  return m.memo('receiptAccounting', () =>
    account(m, ['sale-receipt'], m.storeSales, (d) => [d.externalId, d.sourceOrderId]),
  );
}

/** ERP refunds accounted for against the store refunds. */
export function refundAccounting(m: RunModel): Accounting {
  return m.memo('refundAccounting', () =>
    account(m, ['refund'], m.storeRefunds, (d) => [d.externalId, d.sourceOrderId]),
  );
}

/** Sale receipts by the store sale id they carry (built once per judged model). */
export function receiptsBySale(m: RunModel): Map<string, ErpDocument[]> {
  return receiptAccounting(m).bySource;
}

/** ERP refunds by the store refund id they carry. */
export function refundsByRefund(m: RunModel): Map<string, ErpDocument[]> {
  return refundAccounting(m).bySource;
}

function totalsOff(
  objects: Iterable<ChannelOrder>,
  erp: ReadonlyMap<string, readonly ErpDocument[]>,
): { compared: number; bad: string[] } {
  let compared = 0;
  const bad: string[] = [];
  for (const o of objects) {
    const tx = erp.get(o.id)?.[0];
    if (!tx || tx.totalCents === undefined) continue;
    compared++;
    if (tx.totalCents !== o.totalCents) bad.push(o.id);
  }
  return { compared, bad };
}

export const posToErpChecks: CheckDefinition[] = [
  {
    id: 'pos-to-erp.exactly-once',
    group: 'pos-to-erp',
    title: 'Every store sale is one ERP sale receipt',
    description:
      'Completed store sales (including late uploads from offline stores) with no ERP sale receipt whose external id (or order number) is the sale id, plus those with more than one — also a second one under another id, found by its content (amount, time) — plus sale receipts that match no store sale.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => exactlyOnce(m.storeSales.values(), receiptAccounting(m), 'sales'),
  },
  {
    id: 'pos-to-erp.refunds-exactly-once',
    group: 'pos-to-erp',
    title: 'Every store refund is one ERP refund',
    description:
      'Store refunds with no ERP refund (a cash refund or a credit memo) whose external id (or order number) is the refund id, plus those with more than one (by id or by content), plus ERP refunds that match no store refund. Refunds keep coming while the run drains, so one made in its last 5 scenario minutes and not booked yet is too recent to judge.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) =>
      exactlyOnce(
        m.storeRefunds.values(),
        refundAccounting(m),
        'refunds',
        (m.lastT ?? Infinity) - SHIPMENT_GRACE_MS,
      ),
  },
  {
    id: 'pos-to-erp.totals-match',
    group: 'pos-to-erp',
    title: 'Store totals match the ERP to the cent',
    description:
      'ERP sale receipts and refunds whose total differs from the store sale or refund amount by any amount.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => {
      const sales = totalsOff(m.storeSales.values(), receiptsBySale(m));
      const refunds = totalsOff(m.storeRefunds.values(), refundsByRefund(m));
      const compared = sales.compared + refunds.compared;
      if (compared === 0)
        return { value: null, note: 'no sale receipt or refund to compare', evidence: [] };
      const bad = [...sales.bad, ...refunds.bad];
      return {
        value: bad.length,
        note: `${compared} compared`,
        evidence: bad.slice(0, 10),
        details: { compared, mismatched: bad.length },
      };
    },
  },
];
