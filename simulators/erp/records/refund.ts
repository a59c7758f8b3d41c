import { fail } from '../errors.js';
import { childrenOf } from '../store.js';
import type { ErpRecord, TxLine } from '../state.js';
import type { RecordKind, RecordOps, Transform } from './kind.js';
import { requestedLines } from './lines.js';
import { shelfMove } from './stock-effects.js';
import { itemLines, renderTransaction } from './transaction-render.js';
import { buildTransaction, updateTransaction, type TxSpec } from './transaction.js';

/**
 * Cash refunds and credit memos: money back, units back on the shelf at the line's location.
 * Created directly (POS refunds, pos-to-erp flow) or by transforming the sale
 * (`cashSale/{id}/!transform/cashRefund`, `invoice/{id}/!transform/creditMemo`).
 */
const SPECS = {
  cashRefund: {
    type: 'cashRefund',
    prefix: 'CR',
    schema: { paymentMethod: { ref: 'paymentMethod' } },
  },
  creditMemo: { type: 'creditMemo', prefix: 'CM' },
} satisfies Record<string, TxSpec>;

type RefundType = keyof typeof SPECS;

/** Units of each source line already returned by earlier refunds of the same type. */
function returned(op: RecordOps, source: ErpRecord, type: RefundType): Map<number, number> {
  const out = new Map<number, number>();
  for (const child of childrenOf(op.ctx.state, source.id)) {
    if (child.type !== type) continue;
    for (const l of child.tx!.lines)
      if (l.orderLine !== undefined) out.set(l.orderLine, (out.get(l.orderLine) ?? 0) + l.quantity);
  }
  return out;
}

/** Lines of a refund from its source: everything not yet returned, or the lines asked for. */
function refundLines(
  op: RecordOps,
  source: ErpRecord,
  type: RefundType,
  body: Record<string, unknown>,
): TxLine[] {
  const done = returned(op, source, type);
  const asked = requestedLines(body);
  const lines: TxLine[] = [];
  for (const l of source.tx!.lines) {
    if (asked.size > 0 && !asked.has(l.line)) continue;
    const left = l.quantity - (done.get(l.line) ?? 0);
    const qty = Math.min(asked.get(l.line) ?? left, left);
    if (qty <= 0) continue;
    lines.push({
      ...l,
      line: lines.length + 1,
      quantity: qty,
      amountCents: l.rateCents * qty,
      committed: 0,
      fulfilled: 0,
      billed: 0,
      orderLine: l.line,
      custom: {},
    });
  }
  if (lines.length === 0)
    fail(400, `Nothing left to refund on ${source.type} ${source.id}.`, { code: 'USER_ERROR' });
  return lines;
}

/**
 * The transform from a sale to a refund of `type`.
 *
 * @example refundFrom('cashRefund')(op, cashSale, {}) // refunds every unit not yet refunded
 */
export function refundFrom(type: RefundType): Transform {
  return (op, source, body) => {
    const lines = refundLines(op, source, type, body);
    const record = buildTransaction(op, SPECS[type], body, { source, lines });
    shelfMove(op, record, 1, type);
    return record;
  };
}

function kind(type: RefundType): RecordKind {
  const spec = SPECS[type];
  return {
    type,
    family: 'transaction',
    create: (op, body) => {
      const record = buildTransaction(op, spec, body);
      shelfMove(op, record, 1, type);
      return record;
    },
    update: (op, record, body) => updateTransaction(op, record, body, spec),
    remove: (op, record) => shelfMove(op, record, -1, `${type}-deleted`),
    render: (op, record, expand) => renderTransaction(op, record, expand),
    sublists: { item: itemLines },
  };
}

export const cashRefundKind = kind('cashRefund');
export const creditMemoKind = kind('creditMemo');
