import { ev, type BusinessLine, type ErpDocumentKind } from '../../journal/events.js';
import { totalCents } from './records/lines.js';
import type { ErpContext, ErpRecord, RecordType } from './state.js';

/**
 * The NetSuite-to-business mapping of the journal (docs/journal.md): which ERP document a record
 * is, its links to other systems and its lines in SKUs and cents. The oracle reads these
 * business events and never a NetSuite record type or field name.
 *
 * Links: `otherRefNum` (the "PO/check number" field, where an integration types the channel's
 * order number) becomes `sourceOrderId`; `externalId` stays the integration's own key.
 */

/** What each NetSuite record type is in business terms. */
export const DOCUMENT_OF: Readonly<Record<RecordType, ErpDocumentKind>> = {
  salesOrder: 'sales-order',
  cashSale: 'sale-receipt',
  cashRefund: 'refund',
  creditMemo: 'refund',
  itemFulfillment: 'fulfillment',
  invoice: 'invoice',
  customer: 'customer',
  inventoryItem: 'item',
  location: 'location',
};

/** The business kind of a NetSuite record type (`other` for a type this map does not know). */
export function documentOf(recordType: string): ErpDocumentKind {
  return (DOCUMENT_OF as Record<string, ErpDocumentKind | undefined>)[recordType] ?? 'other';
}

/**
 * Lines of a transaction as the oracle compares them with channel orders.
 *
 * @example summaryLines(ctx, so) // [{ sku: 'SKU-00001', quantity: 2, rateCents: 1999, amountCents: 3998, location: 'WH-1' }]
 */
export function summaryLines(ctx: ErpContext, record: ErpRecord): BusinessLine[] {
  return (record.tx?.lines ?? []).map((l) => ({
    sku: ctx.state.records.get('inventoryItem')!.get(l.itemId)?.item?.itemId as string,
    quantity: l.quantity,
    rateCents: l.rateCents,
    amountCents: l.amountCents,
    location:
      l.locationId === undefined
        ? undefined
        : ctx.state.records.get('location')!.get(l.locationId)?.externalId,
  }));
}

function identity(record: ErpRecord) {
  return {
    sys: 'erp',
    document: documentOf(record.type),
    id: String(record.id),
    record: record.type,
    externalId: record.externalId,
    sourceOrderId: record.tx?.otherRefNum,
  };
}

/**
 * Journal `erp:document-recorded` for a new record.
 *
 * @example recordCreated(ctx, salesOrder) // { document: 'sales-order', id: '12', totalCents: 4998, … }
 */
export function recordCreated(ctx: ErpContext, record: ErpRecord): void {
  ctx.journal.append(
    ev.erpDocumentRecorded({
      ...identity(record),
      number: record.tx?.tranId,
      fromDocumentId:
        record.tx?.createdFromId === undefined ? undefined : String(record.tx.createdFromId),
      totalCents: record.tx ? totalCents(record) : undefined,
      lines: record.tx ? summaryLines(ctx, record) : undefined,
    }),
  );
}

/**
 * Journal `erp:document-updated` (a PATCH that changed a record).
 *
 * @example recordUpdated(ctx, salesOrder)
 */
export function recordUpdated(ctx: ErpContext, record: ErpRecord): void {
  ctx.journal.append(ev.erpDocumentUpdated(identity(record)));
}

/**
 * Journal `erp:document-removed`.
 *
 * @example recordDeleted(ctx, salesOrder)
 */
export function recordDeleted(ctx: ErpContext, record: ErpRecord): void {
  ctx.journal.append(ev.erpDocumentRemoved(identity(record)));
}
