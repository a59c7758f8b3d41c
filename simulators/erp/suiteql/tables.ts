import { availableOf, peekBalance } from '../inventory.js';
import { allPriceLevels, priceModifiedMs, unitPriceCents } from '../price-book.js';
import { totalCents } from '../records/lines.js';
import { refNameOf } from '../records/render.js';
import { orderStatus } from '../records/sales-order.js';
import { recordsOf } from '../store.js';
import type { ErpContext, ErpRecord, RecordType } from '../state.js';

/**
 * The SuiteQL tables the simulator serves, with lower-case column names as SuiteQL returns them.
 * GUESS: column sets are a small, plausible subset of NetSuite's Records Catalog; values are
 * rendered as strings by the runner, as SuiteQL over REST does.
 */
export type Row = Record<string, Value>;

/**
 * A date or date-time value. SuiteQL over REST renders dates in the account's date format,
 * M/D/YYYY by default, time of day dropped (GUESS from observed responses); TO_CHAR shows more.
 */
export class SqlDate {
  constructor(readonly ms: number) {}
  toString(): string {
    return nsDate(this.ms);
  }
}

export type Value = string | number | SqlDate | undefined;

/** Allowed values of a column from `=` / `IN` conditions, to avoid scanning every pair. */
export type Hint = (column: string) => ReadonlySet<string> | undefined;

export interface Table {
  columns: readonly string[];
  /** Rows before filtering; may use `hint` to skip rows the WHERE clause would drop anyway. */
  rows(ctx: ErpContext, hint: Hint): Iterable<Row>;
  /** Rows `rows()` would enumerate for this hint (refuse scans that are too broad). */
  size(ctx: ErpContext, hint: Hint): number;
  /** BUILTIN.DF: the display value of a column (reference name, list label); default the value. */
  display?: Partial<Record<string, (ctx: ErpContext, value: Value) => string | undefined>>;
}

/** NetSuite's default date format in SuiteQL results: M/D/YYYY. */
function nsDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
}

/** BUILTIN.DF of a record reference: its refName (entity name, item name, location name). */
function refDisplay(type: RecordType) {
  return (ctx: ErpContext, value: Value): string | undefined => {
    const r = value === undefined ? undefined : ctx.state.records.get(type)!.get(Number(value));
    return r ? refNameOf(r) : undefined;
  };
}

const TRAN_TYPE_NAME: Record<string, string> = {
  SalesOrd: 'Sales Order',
  ItemShip: 'Item Fulfillment',
  CustInvc: 'Invoice',
  CashSale: 'Cash Sale',
  CashRfnd: 'Cash Refund',
  CustCred: 'Credit Memo',
};

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
        lastmodifieddate: new SqlDate(r.modifiedMs),
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
  display: { item: refDisplay('inventoryItem'), location: refDisplay('location') },
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
        trandate: new SqlDate(Date.parse(tx.tranDate)),
        status:
          r.type === 'salesOrder' ? orderStatus(tx).id : r.type === 'invoice' ? 'A' : undefined,
        foreigntotal: totalCents(r) / 100,
        createdfrom: tx.createdFromId,
        memo: r.fields.memo as string | undefined,
        createddate: new SqlDate(r.createdMs),
        lastmodifieddate: new SqlDate(r.modifiedMs),
      };
    }
  },
  size: (ctx) =>
    Object.keys(TRAN_TYPE).reduce((n, t) => n + ctx.state.records.get(t as RecordType)!.size, 0),
  display: {
    entity: refDisplay('customer'),
    type: (_ctx, v) => TRAN_TYPE_NAME[String(v)] ?? (v === undefined ? undefined : String(v)),
    // GUESS: "<type> : <status>", as NetSuite's status list labels read.
    status: (ctx, v) => (v === undefined ? undefined : statusLabel(String(v))),
    createdfrom: (ctx, v) => {
      const r = v === undefined ? undefined : transactionById(ctx, Number(v));
      return r ? refNameOf(r) : undefined;
    },
  },
};

const STATUS_LABEL: Record<string, string> = {
  B: 'Sales Order : Pending Fulfillment',
  D: 'Sales Order : Partially Fulfilled',
  E: 'Sales Order : Pending Billing/Partially Fulfilled',
  F: 'Sales Order : Pending Billing',
  G: 'Sales Order : Billed',
  A: 'Invoice : Open',
};

function statusLabel(code: string): string {
  return STATUS_LABEL[code] ?? code;
}

function transactionById(ctx: ErpContext, id: number): ErpRecord | undefined {
  for (const t of Object.keys(TRAN_TYPE)) {
    const r = ctx.state.records.get(t as RecordType)!.get(id);
    if (r) return r;
  }
  return undefined;
}

/** Sales-side transactions take stock out: NetSuite keeps their line quantities negative. */
const OUTBOUND: ReadonlySet<RecordType> = new Set([
  'salesOrder',
  'itemFulfillment',
  'invoice',
  'cashSale',
]);

/**
 * One row per transaction line plus the transaction's main line (`mainline = 'T'`, line id 0, no
 * item), as NetSuite's TransactionLine table has. GUESS: the column subset; quantities and net
 * amounts negative on sales-side transactions (stock going out), positive on refunds and credits.
 */
const transactionLine: Table = {
  columns: [
    'transaction',
    'id',
    'linesequencenumber',
    'mainline',
    'taxline',
    'item',
    'quantity',
    'rate',
    'netamount',
    'location',
    'quantityshiprecv',
    'quantitybilled',
    'memo',
    'isclosed',
  ],
  *rows(ctx, hint) {
    const allowed = hint('transaction');
    const all = Object.keys(TRAN_TYPE).flatMap((t) => pick(ctx, t as RecordType, allowed));
    for (const r of all.sort((a, b) => a.id - b.id)) {
      const tx = r.tx!;
      const sign = OUTBOUND.has(r.type) ? -1 : 1;
      yield {
        transaction: r.id,
        id: 0,
        linesequencenumber: 0,
        mainline: 'T',
        taxline: 'F',
        item: undefined,
        quantity: undefined,
        rate: undefined,
        netamount: (sign * totalCents(r)) / 100,
        location: tx.locationId,
        quantityshiprecv: undefined,
        quantitybilled: undefined,
        memo: r.fields.memo as string | undefined,
        isclosed: 'F',
      };
      for (const l of tx.lines) {
        yield {
          transaction: r.id,
          id: l.line,
          linesequencenumber: l.line,
          mainline: 'F',
          taxline: 'F',
          item: l.itemId,
          quantity: sign * l.quantity,
          rate: l.rateCents / 100,
          netamount: (sign * l.amountCents) / 100,
          location: l.locationId,
          quantityshiprecv: r.type === 'salesOrder' ? l.fulfilled : undefined,
          quantitybilled: r.type === 'salesOrder' ? l.billed : undefined,
          memo: l.description,
          isclosed: 'F',
        };
      }
    }
  },
  size: (ctx, hint) => {
    const allowed = hint('transaction');
    return Object.keys(TRAN_TYPE).reduce(
      (n, t) =>
        n +
        pick(ctx, t as RecordType, allowed).reduce((m, r) => m + 1 + (r.tx?.lines.length ?? 0), 0),
      0,
    );
  },
  display: {
    item: refDisplay('inventoryItem'),
    location: refDisplay('location'),
    transaction: (ctx, v) => {
      const r = v === undefined ? undefined : transactionById(ctx, Number(v));
      return r ? refNameOf(r) : undefined;
    },
  },
};

/** GUESS: a column subset of NetSuite's customer table. */
const customer: Table = {
  columns: [
    'id',
    'entityid',
    'companyname',
    'firstname',
    'lastname',
    'email',
    'externalid',
    'isperson',
    'isinactive',
    'datecreated',
    'lastmodifieddate',
  ],
  *rows(ctx) {
    for (const r of recordsOf(ctx.state, 'customer')) {
      const f = r.fields;
      yield {
        id: r.id,
        entityid: f.entityId as string | undefined,
        companyname: f.companyName as string | undefined,
        firstname: f.firstName as string | undefined,
        lastname: f.lastName as string | undefined,
        email: f.email as string | undefined,
        externalid: r.externalId,
        isperson: f.isPerson === true ? 'T' : 'F',
        isinactive: f.isInactive === true ? 'T' : 'F',
        datecreated: new SqlDate(r.createdMs),
        lastmodifieddate: new SqlDate(r.modifiedMs),
      };
    }
  },
  size: (ctx) => ctx.state.records.get('customer')!.size,
};

/** GUESS: a column subset of NetSuite's location table. */
const location: Table = {
  columns: ['id', 'name', 'externalid', 'isinactive', 'lastmodifieddate'],
  *rows(ctx) {
    for (const r of recordsOf(ctx.state, 'location')) {
      yield {
        id: r.id,
        name: r.fields.name as string | undefined,
        externalid: r.externalId,
        isinactive: r.fields.isInactive === true ? 'T' : 'F',
        lastmodifieddate: new SqlDate(r.modifiedMs),
      };
    }
  },
  size: (ctx) => ctx.state.records.get('location')!.size,
};

/**
 * GUESS: columns of NetSuite's price level table (docs/dialects/erp.md#prices): id, name,
 * isonline ('T' for the level a web store sells at).
 */
const priceLevel: Table = {
  columns: ['id', 'name', 'isonline', 'isinactive'],
  *rows(ctx) {
    for (const l of allPriceLevels(ctx.state))
      yield {
        id: l.id,
        name: l.name,
        isonline: l.channel === 'storefront' ? 'T' : 'F',
        isinactive: 'F',
      };
  },
  size: (ctx) => allPriceLevels(ctx.state).length,
};

/**
 * The pricing matrix, one row per item and price level at quantity 0 (one currency, no quantity
 * pricing). GUESS: `lastmodifieddate` is ours (when that price last changed), so a sync can ask for
 * what changed; NetSuite's own table has no such column and integrations read system notes.
 */
const pricing: Table = {
  columns: ['item', 'pricelevel', 'unitprice', 'quantity', 'currency', 'lastmodifieddate'],
  *rows(ctx, hint) {
    const levels = allPriceLevels(ctx.state);
    const allowed = hint('pricelevel');
    for (const it of pick(ctx, 'inventoryItem', hint('item')))
      for (const l of levels) {
        if (allowed && !allowed.has(String(l.id))) continue;
        yield {
          item: it.id,
          pricelevel: l.id,
          unitprice: (unitPriceCents(ctx.state, it.id, l.id) ?? 0) / 100,
          quantity: 0,
          currency: 1,
          lastmodifieddate: new SqlDate(priceModifiedMs(ctx.state, it.id, l.id)),
        };
      }
  },
  size: (ctx, hint) =>
    pick(ctx, 'inventoryItem', hint('item')).length * allPriceLevels(ctx.state).length,
  display: {
    item: refDisplay('inventoryItem'),
    pricelevel: (ctx, v) => allPriceLevels(ctx.state).find((l) => l.id === Number(v))?.name,
  },
};

/**
 * Promotion code records (REST record id `promotioncode`). GUESS: the column subset; `rate` is the
 * percent off as a number (20 = 20%), `pricelevel` the level (channel) it discounts.
 */
const promotionCode: Table = {
  columns: [
    'id',
    'code',
    'name',
    'startdate',
    'enddate',
    'rate',
    'pricelevel',
    'isinactive',
    'lastmodifieddate',
  ],
  *rows(ctx) {
    for (const p of ctx.state.promotions)
      yield {
        id: p.id,
        code: p.code,
        name: p.name,
        startdate: new SqlDate(p.startMs),
        enddate: new SqlDate(p.endMs),
        rate: p.ratePct,
        pricelevel: p.priceLevel,
        isinactive: 'F',
        lastmodifieddate: new SqlDate(p.createdMs),
      };
  },
  size: (ctx) => ctx.state.promotions.length,
};

/** The items a promotion applies to (its items sublist), one row per promotion and item. */
const promotionCodeItem: Table = {
  columns: ['promotioncode', 'item'],
  *rows(ctx, hint) {
    const allowed = hint('promotioncode');
    for (const p of ctx.state.promotions) {
      if (allowed && !allowed.has(String(p.id))) continue;
      for (const item of p.itemIds) yield { promotioncode: p.id, item };
    }
  },
  size: (ctx) => ctx.state.promotions.reduce((n, p) => n + p.itemIds.length, 0),
  display: { item: refDisplay('inventoryItem') },
};

/** Tables by lower-case name. */
export const TABLES: Readonly<Record<string, Table>> = {
  item,
  pricelevel: priceLevel,
  pricing,
  promotioncode: promotionCode,
  promotioncodeitem: promotionCodeItem,
  inventorybalance: inventoryBalance,
  transaction,
  transactionline: transactionLine,
  customer,
  location,
};
