import type { ErpRecord, RecordType } from '../state.js';
import { isoTimestamp, refOf, selfLinks, recordUrl } from '../wire.js';
import type { ForeignRef } from './fields.js';
import type { RecordOps } from './kind.js';

/** How NetSuite names each type in `refName`s. */
const TYPE_LABEL: Record<RecordType, string> = {
  customer: 'Customer',
  inventoryItem: 'Inventory Item',
  location: 'Location',
  salesOrder: 'Sales Order',
  itemFulfillment: 'Item Fulfillment',
  invoice: 'Invoice',
  cashSale: 'Cash Sale',
  cashRefund: 'Cash Refund',
  creditMemo: 'Credit Memo',
  account: 'Account',
  journalEntry: 'Journal',
};

/**
 * The `refName` NetSuite shows for a record in references: entity name, item name, location
 * name, or `Sales Order #SO12` for transactions.
 *
 * @example refNameOf(salesOrder) // 'Sales Order #SO1'
 */
export function refNameOf(record: ErpRecord): string {
  if (record.tx) return `${TYPE_LABEL[record.type]} #${record.tx.tranId}`;
  if (record.je) return `${TYPE_LABEL[record.type]} #${record.je.tranId}`;
  if (record.type === 'account')
    return `${String(record.fields.acctNumber)} ${String(record.fields.acctName)}`;
  if (record.item) return record.item.itemId;
  const f = record.fields;
  if (record.type === 'customer') {
    const person = [f.firstName, f.lastName].filter((v) => typeof v === 'string').join(' ');
    const name = f.companyName ?? (person || undefined);
    return [f.entityId, name].filter((v) => typeof v === 'string' && v).join(' ') || `${record.id}`;
  }
  return typeof f.name === 'string' ? f.name : String(record.id);
}

/**
 * A stored reference (modeled or foreign) as GET renders it.
 *
 * @example renderRef(op, { refType: 'subsidiary', id: '1' }) // { links, id: '1' }
 */
export function renderRef(op: RecordOps, ref: ForeignRef): Record<string, unknown> {
  const modeled = op.ctx.state.records.get(ref.refType as RecordType)?.get(Number(ref.id));
  return refOf(op.base, ref.refType, ref.id, modeled ? refNameOf(modeled) : undefined);
}

/**
 * Reference to a stored record by type and internal id.
 *
 * @example renderRecordRef(op, 'customer', 3) // { links, id: '3', refName: 'CUS3 Acme' }
 */
export function renderRecordRef(op: RecordOps, type: RecordType, id: number | undefined) {
  if (id === undefined) return undefined;
  const record = op.ctx.state.records.get(type)!.get(id);
  return refOf(op.base, type, id, record ? refNameOf(record) : undefined);
}

function isRef(value: unknown): value is ForeignRef {
  return typeof value === 'object' && value !== null && 'refType' in value && 'id' in value;
}

/**
 * Stored plain fields → wire, references expanded to `{ links, id, refName }`.
 *
 * @example renderFields(op, { memo: 'x', subsidiary: { refType: 'subsidiary', id: '1' } })
 */
export function renderFields(op: RecordOps, fields: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = isRef(v) ? renderRef(op, v) : v;
  return out;
}

/**
 * A whole record as GET returns it: links, id, the type's fields, externalId, timestamps.
 *
 * @example renderRecord(op, record, fields) // { links: [...], id: '7', externalId: 'A-1', … }
 */
export function renderRecord(
  op: RecordOps,
  record: ErpRecord,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const created = record.tx || record.je ? 'createdDate' : 'dateCreated';
  return {
    links: selfLinks(recordUrl(op.base, record.type, record.id)),
    id: String(record.id),
    ...(record.externalId === undefined ? {} : { externalId: record.externalId }),
    ...fields,
    [created]: isoTimestamp(record.createdMs),
    lastModifiedDate: isoTimestamp(record.modifiedMs),
  };
}

/**
 * A sublist as GET shows it: a link only, or `items` too with `expandSubResources=true`.
 *
 * @example renderSublist(op, so, 'item', undefined) // { links: [{ rel: 'self', href: '…/salesOrder/1/item' }] }
 */
export function renderSublist(
  op: RecordOps,
  record: ErpRecord,
  name: string,
  lines: Record<string, unknown>[] | undefined,
): Record<string, unknown> {
  const links = selfLinks(`${recordUrl(op.base, record.type, record.id)}/${name}`);
  if (!lines) return { links };
  return {
    links,
    items: lines,
    totalResults: lines.length,
    count: lines.length,
    hasMore: false,
    offset: 0,
  };
}
