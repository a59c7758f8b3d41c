import { availableOf, peekBalance } from '../inventory.js';
import { totalCents } from '../records/lines.js';
import { orderStatus } from '../records/sales-order.js';
import { recordsOf } from '../store.js';
import type { ErpContext, ErpRecord, RecordType } from '../state.js';

/**
 * The SuiteQL tables the simulator serves, with lower-case column names as SuiteQL returns them.
 * GUESS: column sets are a small, plausible subset of NetSuite's Records Catalog; values are
 * rendered as strings by the runner, as SuiteQL over REST does.
 */
export type Row = Record<string, string | number | undefined>;

/** Allowed values of a column from `=` / `IN` conditions, to avoid scanning every pair. */
export type Hint = (column: string) => ReadonlySet<string> | undefined;

export interface Table {
  columns: readonly string[];
  /** Rows before filtering; may use `hint` to skip rows the WHERE clause would drop anyway. */
  rows(ctx: ErpContext, hint: Hint): Iterable<Row>;
  /** Rows `rows()` would enumerate for this hint (refuse scans that are too broad). */
  size(ctx: ErpContext, hint: Hint): number;
}

/** NetSuite's default date format in SuiteQL results: M/D/YYYY. */
function nsDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
}

const TRAN_TYPE: Partial<Record<RecordType, string>> = {
  salesOrder: 'SalesOrd',
  itemFulfillment: 'ItemShip',
  invoice: 'CustInvc',
  cashSale: 'CashSale',
  cashRefund: 'CashRfnd',
  creditMemo: 'CustCred',
};

const item: Table = {
  columns: [
    'id',
    'itemid',
    'displayname',
    'externalid',
    'upccode',
    'itemtype',
    'isinactive',
    'lastmodifieddate',
  ],
  *rows(ctx) {
    for (const r of recordsOf(ctx.state, 'inventoryItem')) {
      yield {
        id: r.id,
        itemid: r.item!.itemId,
        displayname: r.fields.displayName as string | undefined,
        externalid: r.externalId,
        upccode: r.fields.upcCode as string | undefined,
        itemtype: 'InvtPart',
        isinactive: r.fields.isInactive === true ? 'T' : 'F',
        lastmodifieddate: nsDate(r.modifiedMs),
      };
    }
  },
  size: (ctx) => ctx.state.records.get('inventoryItem')!.size,
};

/** Records whose internal id is allowed by the hint (all when there is none). */
function pick(
  ctx: ErpContext,
  type: RecordType,
  allowed: ReadonlySet<string> | undefined,
): ErpRecord[] {
  const byId = ctx.state.records.get(type)!;
  if (!allowed) return recordsOf(ctx.state, type);
  return [...allowed]
    .map((id) => byId.get(Number(id)))
    .filter((r): r is ErpRecord => r !== undefined)
    .sort((a, b) => a.id - b.id);
}

/** GUESS: one row per (item, location), zero rows included; `quantitycommitted` is our name. */
const inventoryBalance: Table = {
  columns: ['item', 'location', 'quantityonhand', 'quantityavailable', 'quantitycommitted'],
  *rows(ctx, hint) {
    const locations = pick(ctx, 'location', hint('location'));
    for (const it of pick(ctx, 'inventoryItem', hint('item'))) {
      for (const loc of locations) {
        const b = peekBalance(ctx, it.id, loc.id);
        yield {
          item: it.id,
          location: loc.id,
          quantityonhand: b.onHand,
          quantityavailable: availableOf(b),
          quantitycommitted: b.committed,
        };
      }
    }
  },
  size: (ctx, hint) =>
    pick(ctx, 'inventoryItem', hint('item')).length *
    pick(ctx, 'location', hint('location')).length,
};

const transaction: Table = {
  columns: [
    'id',
    'tranid',
    'type',
    'externalid',
    'otherrefnum',
    'entity',
    'trandate',
    'status',
    'foreigntotal',
    'createdfrom',
    'memo',
    'createddate',
    'lastmodifieddate',
  ],
  *rows(ctx) {
    const all = Object.keys(TRAN_TYPE).flatMap((t) => recordsOf(ctx.state, t as RecordType));
    for (const r of all.sort((a, b) => a.id - b.id)) {
      const tx = r.tx!;
      yield {
        id: r.id,
        tranid: tx.tranId,
        type: TRAN_TYPE[r.type],
        externalid: r.externalId,
        otherrefnum: tx.otherRefNum,
        entity: tx.entityId,
        trandate: nsDate(Date.parse(tx.tranDate)),
        status:
          r.type === 'salesOrder' ? orderStatus(tx).id : r.type === 'invoice' ? 'A' : undefined,
        foreigntotal: totalCents(r) / 100,
        createdfrom: tx.createdFromId,
        memo: r.fields.memo as string | undefined,
        createddate: nsDate(r.createdMs),
        lastmodifieddate: nsDate(r.modifiedMs),
      };
    }
  },
  size: (ctx) =>
    Object.keys(TRAN_TYPE).reduce((n, t) => n + ctx.state.records.get(t as RecordType)!.size, 0),
};

/** Tables by lower-case name. */
export const TABLES: Readonly<Record<string, Table>> = {
  item,
  inventorybalance: inventoryBalance,
  transaction,
};
