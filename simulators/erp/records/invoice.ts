import { fail } from '../errors.js';
import { childrenOf } from '../store.js';
import type { ErpRecord, TxLine } from '../state.js';
import type { RecordKind, RecordOps } from './kind.js';
import { refundFrom } from './refund.js';
import { shelfMove } from './stock-effects.js';
import { itemLines, renderTransaction } from './transaction-render.js';
import { buildTransaction, updateTransaction, type TxSpec } from './transaction.js';

/**
 * Invoices. From a sales order (`!transform/invoice`) they bill what was fulfilled and not yet
 * billed (NetSuite's default, without "bill in advance of fulfillment") and move no stock. A
 * stand-alone invoice is a sale without a fulfillment: its units leave the shelf at once.
 */
const INVOICE: TxSpec = { type: 'invoice', prefix: 'INV', schema: { dueDate: 'date' } };

/**
 * @example invoiceFromOrder(op, order, {}) // bills every fulfilled, unbilled unit
 */
export function invoiceFromOrder(
  op: RecordOps,
  order: ErpRecord,
  body: Record<string, unknown>,
): ErpRecord {
  const billable: Array<{ line: TxLine; qty: number }> = [];
  for (const line of order.tx!.lines) {
    const qty = line.fulfilled - line.billed;
    if (qty > 0) billable.push({ line, qty });
  }
  // GUESS: wording of NetSuite's transform error when nothing is billable.
  if (billable.length === 0)
    fail(400, 'You have no items to bill: fulfill the sales order before invoicing it.', {
      code: 'USER_ERROR',
    });
  const lines: TxLine[] = billable.map(({ line, qty }, i) => ({
    ...line,
    line: i + 1,
    quantity: qty,
    amountCents: line.rateCents * qty,
    committed: 0,
    fulfilled: 0,
    billed: 0,
    orderLine: line.line,
    custom: {},
  }));
  const record = buildTransaction(op, INVOICE, body, { source: order, lines });
  for (const { line, qty } of billable) line.billed += qty;
  order.modifiedMs = op.ctx.clock.now();
  return record;
}

function remove(op: RecordOps, record: ErpRecord): void {
  if (childrenOf(op.ctx.state, record.id).length > 0)
    fail(400, 'This record cannot be deleted because it has dependent records.', {
      code: 'USER_ERROR',
    });
  const order = op.ctx.state.records.get('salesOrder')!.get(record.tx!.createdFromId ?? -1);
  if (!order) return shelfMove(op, record, 1, 'invoice-deleted');
  for (const l of record.tx!.lines) {
    const source = order.tx!.lines.find((s) => s.line === l.orderLine);
    if (source) source.billed -= l.quantity;
  }
}

export const invoiceKind: RecordKind = {
  type: 'invoice',
  family: 'transaction',
  create: (op, body) => {
    const record = buildTransaction(op, INVOICE, body);
    shelfMove(op, record, -1, 'invoice');
    return record;
  },
  update: (op, record, body) => updateTransaction(op, record, body, INVOICE),
  remove,
  // GUESS: status "A" (Open) — the simulator takes no payments, so invoices stay open.
  render: (op, record, expand) =>
    renderTransaction(op, record, expand, { status: { id: 'A', refName: 'Open' } }),
  sublists: { item: itemLines },
  transforms: { creditMemo: refundFrom('creditMemo') },
};
