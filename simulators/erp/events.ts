import { totalCents } from './records/lines.js';
import type { ErpContext, ErpRecord } from './state.js';

/**
 * Business events for the oracle (design §5): which record exists, with its cross-system links
 * (`externalId`, `otherRefNum`) and its lines in SKUs and cents.
 */

/**
 * Lines of a transaction as the oracle compares them with channel orders.
 *
 * @example summaryLines(ctx, so) // [{ sku: 'SKU-00001', quantity: 2, rateCents: 1999, amountCents: 3998, location: 'WH-1' }]
 */
export function summaryLines(ctx: ErpContext, record: ErpRecord) {
  return (record.tx?.lines ?? []).map((l) => ({
    sku: ctx.state.records.get('inventoryItem')!.get(l.itemId)?.item?.itemId,
    quantity: l.quantity,
    rateCents: l.rateCents,
    amountCents: l.amountCents,
    location:
      l.locationId === undefined
        ? undefined
        : ctx.state.records.get('location')!.get(l.locationId)?.externalId,
  }));
}

/**
 * Journal `erp:record-created`.
 *
 * @example recordCreated(ctx, salesOrder) // { sys: 'erp', recordType: 'salesOrder', id: '12', total: 4998, … }
 */
export function recordCreated(ctx: ErpContext, record: ErpRecord): void {
  ctx.journal.append('erp:record-created', {
    sys: 'erp',
    recordType: record.type,
    id: String(record.id),
    externalId: record.externalId,
    otherRefNum: record.tx?.otherRefNum,
    tranId: record.tx?.tranId,
    createdFrom:
      record.tx?.createdFromId === undefined ? undefined : String(record.tx.createdFromId),
    total: record.tx ? totalCents(record) : undefined,
    lines: record.tx ? summaryLines(ctx, record) : undefined,
  });
}

/**
 * Journal `erp:record-updated` (a PATCH that changed a record).
 *
 * @example recordUpdated(ctx, salesOrder)
 */
export function recordUpdated(ctx: ErpContext, record: ErpRecord): void {
  ctx.journal.append('erp:record-updated', {
    sys: 'erp',
    recordType: record.type,
    id: String(record.id),
    externalId: record.externalId,
    otherRefNum: record.tx?.otherRefNum,
  });
}

/**
 * Journal `erp:record-deleted`.
 *
 * @example recordDeleted(ctx, salesOrder)
 */
export function recordDeleted(ctx: ErpContext, record: ErpRecord): void {
  ctx.journal.append('erp:record-deleted', {
    sys: 'erp',
    recordType: record.type,
    id: String(record.id),
    externalId: record.externalId,
    otherRefNum: record.tx?.otherRefNum,
  });
}
