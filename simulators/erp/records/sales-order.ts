import { fail } from '../errors.js';
import { adjust, commit } from '../inventory.js';
import { childrenOf } from '../store.js';
import type { ErpRecord, TxData } from '../state.js';
import { invoiceFromOrder } from './invoice.js';
import { fulfillFromOrder } from './item-fulfillment.js';
import type { RecordKind, RecordOps } from './kind.js';
import { itemLines, renderTransaction } from './transaction-render.js';
import { buildTransaction, updateTransaction, type TxSpec } from './transaction.js';

/**
 * Sales orders. Creating one commits inventory at each line's location (quantityCommitted up,
 * available down; what is not available stays back-ordered). Fulfillments relieve it; deleting
 * an order without fulfillments releases it.
 */
export const SALES_ORDER: TxSpec = {
  type: 'salesOrder',
  prefix: 'SO',
  schema: { shipDate: 'date', shipMethod: { ref: 'shipItem' } },
};

/**
 * GUESS: NetSuite's sales-order status letters (as SuiteQL shows them), rendered by REST as a
 * select `{ id, refName }`.
 *
 * @example orderStatus(so.tx!) // { id: 'B', refName: 'Pending Fulfillment' }
 */
export function orderStatus(tx: TxData): { id: string; refName: string } {
  const ordered = tx.lines.reduce((n, l) => n + l.quantity, 0);
  const fulfilled = tx.lines.reduce((n, l) => n + l.fulfilled, 0);
  const billed = tx.lines.reduce((n, l) => n + l.billed, 0);
  if (fulfilled === 0 && billed === 0) return { id: 'B', refName: 'Pending Fulfillment' };
  if (fulfilled >= ordered) {
    return billed >= ordered
      ? { id: 'G', refName: 'Billed' }
      : { id: 'F', refName: 'Pending Billing' };
  }
  return billed > 0
    ? { id: 'E', refName: 'Pending Billing/Partially Fulfilled' }
    : { id: 'D', refName: 'Partially Fulfilled' };
}

function create(op: RecordOps, body: Record<string, unknown>): ErpRecord {
  const record = buildTransaction(op, SALES_ORDER, body);
  for (const line of record.tx!.lines) {
    if (line.locationId === undefined) continue; // no location, nothing to commit
    line.committed = commit(op.ctx, line.itemId, line.locationId, line.quantity, {
      reason: 'salesOrder',
      recordType: 'salesOrder',
      recordId: record.id,
    });
  }
  return record;
}

function remove(op: RecordOps, record: ErpRecord): void {
  if (childrenOf(op.ctx.state, record.id).length > 0) {
    fail(400, 'This record cannot be deleted because it has dependent records.', {
      code: 'USER_ERROR',
    });
  }
  for (const line of record.tx!.lines) {
    if (line.locationId === undefined || line.committed === 0) continue;
    adjust(
      op.ctx,
      line.itemId,
      line.locationId,
      { committed: -line.committed },
      {
        reason: 'salesOrder-deleted',
        recordType: 'salesOrder',
        recordId: record.id,
      },
    );
  }
}

export const salesOrderKind: RecordKind = {
  type: 'salesOrder',
  family: 'transaction',
  create,
  update: (op, record, body) => updateTransaction(op, record, body, SALES_ORDER),
  remove,
  render: (op, record, expand) =>
    renderTransaction(op, record, expand, { status: orderStatus(record.tx!) }),
  sublists: { item: itemLines },
  transforms: { itemFulfillment: fulfillFromOrder, invoice: invoiceFromOrder },
};
