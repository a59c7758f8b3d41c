import {
  ev,
  type BusinessLine,
  type ErpDocumentKind,
  type LedgerAmounts,
} from '../../journal/events.js';
import { jeTotals } from './records/journal-entry.js';
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
  account: 'other',
  journalEntry: 'ledger-entry',
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
    location: locationOf(ctx, l.locationId),
  }));
}

/** A location's world id (its externalId) from its internal id. */
function locationOf(ctx: ErpContext, locationId: number | undefined): string | undefined {
  return locationId === undefined
    ? undefined
    : ctx.state.records.get('location')!.get(locationId)?.externalId;
}

/**
 * The settlement a journal entry books: its `custbody_settlement_id` custom field when set,
 * else its externalId (docs/dialects/erp.md#journal-entries).
 */
function settlementOf(record: ErpRecord): string | undefined {
  if (record.type !== 'journalEntry') return undefined;
  const custom = record.fields.custbody_settlement_id;
  return typeof custom === 'string' && custom !== '' ? custom : record.externalId;
}

/**
 * A journal entry's lines by what each account is for (state.ts CHART_OF_ACCOUNTS).
 *
 * @example ledgerOf(ctx, je) // { netCents: 9010, chargesCents: 10000, feesCents: -990, … }
 */
export function ledgerOf(ctx: ErpContext, record: ErpRecord): LedgerAmounts {
  const out: LedgerAmounts = {
    netCents: 0,
    chargesCents: 0,
    refundsCents: 0,
    feesCents: 0,
    adjustmentsCents: 0,
    otherCents: 0,
  };
  const key = {
    bank: 'netCents',
    clearing: 'otherCents',
    sales: 'chargesCents',
    returns: 'refundsCents',
    fees: 'feesCents',
    adjustments: 'adjustmentsCents',
  } as const;
  for (const l of record.je?.lines ?? []) {
    const role = ctx.state.records.get('account')!.get(l.accountId)?.fields.role;
    const k = key[role as keyof typeof key];
    if (!k) continue;
    // Money in the bank is a debit; income and expense count from the seller's side (credit +).
    out[k] += k === 'netCents' ? l.debitCents - l.creditCents : l.creditCents - l.debitCents;
  }
  return out;
}

function identity(record: ErpRecord) {
  return {
    sys: 'erp',
    document: documentOf(record.type),
    id: String(record.id),
    record: record.type,
    externalId: record.externalId,
    sourceOrderId: record.tx?.otherRefNum,
    settlementId: settlementOf(record),
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
      number: record.tx?.tranId ?? record.je?.tranId,
      fromDocumentId:
        record.tx?.createdFromId === undefined ? undefined : String(record.tx.createdFromId),
      lines: record.tx ? summaryLines(ctx, record) : undefined,
      tranDate: record.tx?.tranDate ?? record.je?.tranDate,
      location: locationOf(ctx, record.tx?.locationId),
      ledger: record.je ? ledgerOf(ctx, record) : undefined,
      totalCents: record.je
        ? jeTotals(record).debitCents
        : record.tx
          ? totalCents(record)
          : undefined,
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
