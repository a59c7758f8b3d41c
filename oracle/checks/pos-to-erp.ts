import type { ChannelOrder, ErpTx, RunModel } from '../model.js';
import type { CheckDefinition } from '../types.js';
import { exactlyOnce } from './order-to-erp.js';

/**
 * pos-to-erp (design §5): each completed Square order → one ERP cashSale, each Square refund →
 * one cashRefund or creditMemo, linked by `externalId` = the Square id; totals to the cent.
 * Sales from an offline till count from the moment their store uploads them.
 */
const SALE_TYPES = ['cashSale'];
const REFUND_TYPES = ['cashRefund', 'creditMemo'];

/** The Square id an ERP record carries: `externalId` (the contract), else `otherRefNum`. */
export const saleLink = (tx: ErpTx): string | undefined => tx.externalId ?? tx.otherRefNum;

/** Cash sales by the Square order id they carry (built once per judged model). */
export function cashSalesBySale(m: RunModel): Map<string, ErpTx[]> {
  return m.memo('cashSalesBySale', () => m.erpBy(SALE_TYPES, saleLink));
}

/** Cash refunds and credit memos by the Square refund id they carry. */
export function refundsByRefund(m: RunModel): Map<string, ErpTx[]> {
  return m.memo('refundsByRefund', () => m.erpBy(REFUND_TYPES, saleLink));
}

function totalsOff(
  objects: Iterable<ChannelOrder>,
  erp: ReadonlyMap<string, readonly ErpTx[]>,
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
    title: 'Every store sale is one ERP cash sale',
    description:
      'Completed Square orders (including late uploads from offline stores) with no ERP cashSale whose externalId is the Square order id, plus those with more than one.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => exactlyOnce(m.posOrders.values(), cashSalesBySale(m), 'sales'),
  },
  {
    id: 'pos-to-erp.refunds-exactly-once',
    group: 'pos-to-erp',
    title: 'Every store refund is one ERP refund',
    description:
      'Square refunds with no ERP cashRefund or creditMemo whose externalId is the refund id, plus those with more than one.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => exactlyOnce(m.posRefunds.values(), refundsByRefund(m), 'refunds'),
  },
  {
    id: 'pos-to-erp.totals-match',
    group: 'pos-to-erp',
    title: 'Store totals match the ERP to the cent',
    description:
      'Cash sales and refunds whose total differs from the Square order or refund amount by any amount.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => {
      const sales = totalsOff(m.posOrders.values(), cashSalesBySale(m));
      const refunds = totalsOff(m.posRefunds.values(), refundsByRefund(m));
      const compared = sales.compared + refunds.compared;
      if (compared === 0)
        return { value: null, note: 'no cash sale or refund to compare', evidence: [] };
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
