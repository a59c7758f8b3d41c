import { fail } from '../errors.js';
import { adjust, commit } from '../inventory.js';
import type { ErpRecord, TxLine } from '../state.js';
import type { RecordKind, RecordOps } from './kind.js';
import { requestedLines } from './lines.js';
import { itemLines, renderTransaction } from './transaction-render.js';
import { buildTransaction, updateTransaction, type TxSpec } from './transaction.js';

/**
 * Item fulfillments, created only by `POST /salesOrder/{id}/!transform/itemFulfillment`. Each
 * fulfilled unit leaves the shelf: on hand down, committed down, the order line's
 * quantityFulfilled up. Deleting a fulfillment puts the units back and re-commits them.
 */
const FULFILLMENT: TxSpec = { type: 'itemFulfillment', prefix: 'IF' };

const SHIP_STATUS: Record<string, string> = { A: 'Picked', B: 'Packed', C: 'Shipped' };

function readShipStatus(value: unknown): { id: string; refName: string } {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value;
  if (value === undefined) return { id: 'C', refName: 'Shipped' };
  if (typeof id !== 'string' || !Object.hasOwn(SHIP_STATUS, id))
    fail(
      400,
      'Invalid value for the field shipStatus: expected A (Picked), B (Packed) or C (Shipped).',
      {
        code: 'INVALID_CONTENT',
        path: 'shipStatus',
      },
    );
  return { id, refName: SHIP_STATUS[id]! };
}

/** Units to ship per order line; tops up commitments from stock that arrived since the order. */
function planShipment(op: RecordOps, order: ErpRecord, body: Record<string, unknown>) {
  const requested = requestedLines(body);
  const plan: Array<{ line: TxLine; qty: number }> = [];
  for (const [n] of requested) {
    if (!order.tx!.lines.some((l) => l.line === n))
      fail(400, `Invalid orderLine ${n}: the sales order has no such line.`, {
        code: 'INVALID_CONTENT',
        path: 'item.items',
      });
  }
  for (const line of order.tx!.lines) {
    if (requested.size > 0 && !requested.has(line.line)) continue;
    const remaining = line.quantity - line.fulfilled;
    if (remaining <= 0 || line.locationId === undefined) continue;
    const want = Math.min(requested.get(line.line) ?? remaining, remaining);
    if (line.committed < want) {
      line.committed += commit(op.ctx, line.itemId, line.locationId, want - line.committed, {
        reason: 'salesOrder',
        recordType: 'salesOrder',
        recordId: order.id,
      });
    }
    const qty = Math.min(want, line.committed);
    if (qty > 0) plan.push({ line, qty });
  }
  if (plan.length === 0) {
    // GUESS: wording of NetSuite's transform error when nothing is committed to ship.
    fail(400, 'You have no items to fulfill: no order line has committed quantity left.', {
      code: 'USER_ERROR',
    });
  }
  return plan;
}

/**
 * The `!transform/itemFulfillment` of a sales order.
 *
 * @example fulfillFromOrder(op, order, {}) // ships every committed unit
 */
export function fulfillFromOrder(
  op: RecordOps,
  order: ErpRecord,
  body: Record<string, unknown>,
): ErpRecord {
  const shipStatus = readShipStatus(body.shipStatus);
  const plan = planShipment(op, order, body);
  const lines: TxLine[] = plan.map(({ line, qty }, i) => ({
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
  const { shipStatus: _ignored, ...rest } = body;
  const record = buildTransaction(op, FULFILLMENT, rest, { source: order, lines });
  record.fields.shipStatus = shipStatus;
  for (const { line, qty } of plan) {
    adjust(
      op.ctx,
      line.itemId,
      line.locationId!,
      { onHand: -qty, committed: -qty },
      {
        reason: 'itemFulfillment',
        recordType: 'itemFulfillment',
        recordId: record.id,
      },
    );
    line.committed -= qty;
    line.fulfilled += qty;
  }
  order.modifiedMs = op.ctx.clock.now();
  return record;
}

function remove(op: RecordOps, record: ErpRecord): void {
  const order = op.ctx.state.records.get('salesOrder')!.get(record.tx!.createdFromId ?? -1);
  for (const l of record.tx!.lines) {
    if (l.locationId === undefined) continue;
    adjust(
      op.ctx,
      l.itemId,
      l.locationId,
      { onHand: l.quantity, committed: l.quantity },
      {
        reason: 'itemFulfillment-deleted',
        recordType: 'itemFulfillment',
        recordId: record.id,
      },
    );
    const source = order?.tx!.lines.find((s) => s.line === l.orderLine);
    if (source) {
      source.fulfilled -= l.quantity;
      source.committed += l.quantity;
    }
  }
}

export const itemFulfillmentKind: RecordKind = {
  type: 'itemFulfillment',
  family: 'transaction',
  create: () =>
    // GUESS: NetSuite refuses a bare POST of a fulfillment; the wording is ours.
    fail(
      400,
      'An itemFulfillment must be created by transforming a sales order: POST /record/v1/salesOrder/{id}/!transform/itemFulfillment.',
      { code: 'USER_ERROR' },
    ),
  update: (op, record, body) => {
    if (body.shipStatus !== undefined) record.fields.shipStatus = readShipStatus(body.shipStatus);
    const { shipStatus: _s, ...rest } = body;
    updateTransaction(op, record, rest, FULFILLMENT);
  },
  remove,
  render: (op, record, expand) => renderTransaction(op, record, expand),
  sublists: { item: itemLines },
};
