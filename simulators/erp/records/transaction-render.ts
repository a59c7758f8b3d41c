import type { ErpRecord } from '../state.js';
import { dollars } from '../wire.js';
import type { RecordOps } from './kind.js';
import { renderLine, totalCents } from './lines.js';
import { renderFields, renderRecordRef, renderSublist } from './render.js';

/**
 * How transactions look on GET: document number and date, entity / location / createdFrom
 * references, totals in decimal dollars, plain fields, and the `item` sublist (a link, or the
 * lines too with `expandSubResources=true`).
 */

/**
 * GET body of a transaction; `extra` adds type-specific fields (status, shipStatus).
 *
 * @example renderTransaction(op, so, true, { status: orderStatus(so.tx!) })
 */
export function renderTransaction(
  op: RecordOps,
  record: ErpRecord,
  expand: boolean,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const tx = record.tx!;
  const total = dollars(totalCents(record));
  const lines = expand ? tx.lines.map((l) => renderLine(op, record, l)) : undefined;
  const out: Record<string, unknown> = {
    tranId: tx.tranId,
    tranDate: tx.tranDate,
    entity: renderRecordRef(op, 'customer', tx.entityId),
    ...(tx.locationId === undefined
      ? {}
      : { location: renderRecordRef(op, 'location', tx.locationId) }),
    ...(tx.otherRefNum === undefined ? {} : { otherRefNum: tx.otherRefNum }),
    ...(tx.createdFromId === undefined
      ? {}
      : { createdFrom: createdFromRef(op, tx.createdFromId) }),
    subtotal: total,
    total,
    ...renderFields(op, record.fields),
    ...extra,
    item: renderSublist(op, record, 'item', lines),
  };
  return out;
}

function createdFromRef(op: RecordOps, id: number) {
  for (const type of ['salesOrder', 'cashSale', 'invoice'] as const) {
    if (op.ctx.state.records.get(type)!.has(id)) return renderRecordRef(op, type, id);
  }
  return { id: String(id) };
}

/**
 * The item sublist of a transaction as expanded lines.
 *
 * @example itemLines(op, so).length // number of lines
 */
export function itemLines(op: RecordOps, record: ErpRecord): Record<string, unknown>[] {
  return record.tx!.lines.map((l) => renderLine(op, record, l));
}
