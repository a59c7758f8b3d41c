import { fail } from '../errors.js';
import type { ErpRecord, TxLine } from '../state.js';
import { centsOf, dollars } from '../wire.js';
import { asObject, resolveRef } from './fields.js';
import type { RecordOps } from './kind.js';
import { renderRecordRef } from './render.js';

/**
 * The `item` sublist of transactions: `{ item: { items: [ { item: { id }, quantity, rate,
 * amount, location, description, custcol… } ] } }` (docs/dialects/erp.md).
 */

const MAX_LINES = 1_000;

function lineField(i: number, name: string): string {
  return `item.items[${i}].${name}`;
}

function invalidLine(i: number, name: string, expected: string): never {
  fail(400, `Invalid value for the field ${lineField(i, name)}: expected ${expected}.`, {
    code: 'INVALID_CONTENT',
    path: lineField(i, name),
  });
}

/**
 * The `items` array of a sublist value, or a 400 naming what is wrong.
 *
 * @example sublistItems({ items: [] }) // []
 */
export function sublistItems(value: unknown): unknown[] {
  const sublist = asObject(value, 'item');
  const items = sublist.items;
  if (!Array.isArray(items)) {
    fail(400, 'Invalid value for the field item: expected an object with an "items" array.', {
      code: 'INVALID_CONTENT',
      path: 'item.items',
    });
  }
  if (items.length > MAX_LINES) {
    fail(400, `A transaction may carry at most ${MAX_LINES} lines in the simulator.`, {
      code: 'INVALID_CONTENT',
      path: 'item.items',
    });
  }
  return items;
}

/**
 * A positive whole number of units. Simplification: NetSuite allows fractional units.
 *
 * @example readQuantity(2, 0) // 2; readQuantity('2', 0) throws a 400
 */
export function readQuantity(value: unknown, i: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    invalidLine(i, 'quantity', 'a positive whole number');
  return value;
}

function readLine(op: RecordOps, raw: unknown, i: number, headerLoc: number | undefined): TxLine {
  const line = asObject(raw, `item.items[${i}]`);
  if (line.item === undefined) {
    fail(400, `Please enter value(s) for: Item (${lineField(i, 'item')}).`, {
      code: 'USER_ERROR',
      path: lineField(i, 'item'),
    });
  }
  const item = resolveRef(op.ctx.state, 'inventoryItem', line.item, lineField(i, 'item'));
  const quantity = readQuantity(line.quantity, i);
  const rate = line.rate === undefined ? undefined : centsOf(line.rate);
  const amount = line.amount === undefined ? undefined : centsOf(line.amount);
  if (line.rate !== undefined && rate === undefined) invalidLine(i, 'rate', 'a number ≥ 0');
  if (line.amount !== undefined && amount === undefined) invalidLine(i, 'amount', 'a number ≥ 0');
  if (line.description !== undefined && typeof line.description !== 'string')
    invalidLine(i, 'description', 'a string');
  const location =
    line.location === undefined
      ? undefined
      : resolveRef(op.ctx.state, 'location', line.location, lineField(i, 'location')).id;
  const rateCents =
    rate ?? (amount !== undefined ? Math.round(amount / quantity) : item.item!.basePriceCents);
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(line)) if (k.startsWith('cust')) custom[k] = v;
  return {
    line: i + 1,
    itemId: item.id,
    quantity,
    rateCents,
    amountCents: amount ?? rateCents * quantity,
    locationId: location ?? headerLoc,
    description: line.description as string | undefined,
    committed: 0,
    fulfilled: 0,
    billed: 0,
    orderLine: undefined,
    custom,
  };
}

/**
 * Parse the item sublist of a create body.
 *
 * @example parseLines(op, { item: { items: [{ item: { id: '1' }, quantity: 2 }] } }, 1)
 */
export function parseLines(
  op: RecordOps,
  body: Record<string, unknown>,
  headerLocationId: number | undefined,
): TxLine[] {
  if (body.item === undefined) {
    fail(400, 'Please enter value(s) for: Items.', { code: 'USER_ERROR', path: 'item' });
  }
  const items = sublistItems(body.item);
  if (items.length === 0) {
    fail(400, 'You must enter at least one line item for this transaction.', {
      code: 'USER_ERROR',
      path: 'item.items',
    });
  }
  return items.map((raw, i) => readLine(op, raw, i, headerLocationId));
}

/**
 * `orderLine → quantity` from a transform body (`item.items[].orderLine`, optional `quantity`,
 * `itemReceive: false` to leave a line out); empty when the body names no lines.
 *
 * @example requestedLines({ item: { items: [{ orderLine: 1, quantity: 2 }] } }) // Map { 1 => 2 }
 */
export function requestedLines(body: Record<string, unknown>): Map<number, number | undefined> {
  const out = new Map<number, number | undefined>();
  if (body.item === undefined) return out;
  sublistItems(body.item).forEach((raw, i) => {
    const line = asObject(raw, `item.items[${i}]`);
    if (line.itemReceive === false) return;
    const orderLine = line.orderLine ?? line.line;
    if (typeof orderLine !== 'number' || !Number.isSafeInteger(orderLine))
      fail(400, `Please enter value(s) for: orderLine (${lineField(i, 'orderLine')}).`, {
        code: 'USER_ERROR',
        path: lineField(i, 'orderLine'),
      });
    out.set(orderLine, line.quantity === undefined ? undefined : readQuantity(line.quantity, i));
  });
  return out;
}

/**
 * Total of a transaction in cents.
 *
 * @example totalCents(salesOrder) // 3998
 */
export function totalCents(record: ErpRecord): number {
  return (record.tx?.lines ?? []).reduce((sum, l) => sum + l.amountCents, 0);
}

/**
 * One line as GET renders it (sales-order progress fields only on sales orders).
 *
 * @example renderLine(op, so, so.tx!.lines[0]!) // { line: 1, item: {…}, quantity: 2, rate: 19.99, … }
 */
export function renderLine(op: RecordOps, record: ErpRecord, l: TxLine): Record<string, unknown> {
  const out: Record<string, unknown> = {
    line: l.line,
    item: renderRecordRef(op, 'inventoryItem', l.itemId),
    quantity: l.quantity,
    rate: dollars(l.rateCents),
    amount: dollars(l.amountCents),
  };
  if (l.description !== undefined) out.description = l.description;
  if (l.locationId !== undefined) out.location = renderRecordRef(op, 'location', l.locationId);
  if (l.orderLine !== undefined) out.orderLine = l.orderLine;
  if (record.type === 'salesOrder') {
    out.quantityCommitted = l.committed;
    out.quantityFulfilled = l.fulfilled;
    out.quantityBilled = l.billed;
    out.quantityBackOrdered = Math.max(0, l.quantity - l.fulfilled - l.committed);
  }
  return { ...out, ...l.custom };
}
