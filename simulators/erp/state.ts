import { BoundedMap } from '../core/bounded-map.js';
import type { PriceLevel, PriceRec, PromotionRec } from './price-book.js';
import type { SimulatorContext } from '../core/define-simulator.js';
import type { SimResponse } from '../core/types.js';
import type { World } from '../../world/index.js';
import { readErpConfig, type ErpConfig } from './config.js';

/** The record types this simulator serves (NetSuite REST record service names). */
/** How long an X-NetSuite-Idempotency-Key is remembered (GUESS, see `ErpState.idempotency`). */
export const ERP_IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export const RECORD_TYPES = [
  'customer',
  'inventoryItem',
  'location',
  'salesOrder',
  'itemFulfillment',
  'invoice',
  'cashSale',
  'cashRefund',
  'creditMemo',
  'account',
  'journalEntry',
] as const;

export type RecordType = (typeof RECORD_TYPES)[number];

/** Which internal-id sequence a type draws from: NetSuite transactions share one, as here. */
export type Family = 'entity' | 'item' | 'location' | 'transaction' | 'account';

/** One line of a transaction, in cents and units (vendor-neutral). */
export interface TxLine {
  /** 1-based line number (NetSuite `line`). */
  line: number;
  /** Internal id of the inventoryItem. */
  itemId: number;
  quantity: number;
  rateCents: number;
  amountCents: number;
  /** Internal id of the location the line draws from, if any. */
  locationId: number | undefined;
  description: string | undefined;
  /** Sales orders: units reserved at the location (≤ quantity − fulfilled). */
  committed: number;
  /** Sales orders: units shipped by item fulfillments; fulfillment lines: the source line. */
  fulfilled: number;
  /** Sales orders: units invoiced. */
  billed: number;
  /** For lines created by a transform: the source record's line number. */
  orderLine: number | undefined;
  /** `custcol…` fields, kept as sent. */
  custom: Record<string, unknown>;
}

/** Transaction-only data. */
export interface TxData {
  tranId: string;
  /** YYYY-MM-DD. */
  tranDate: string;
  entityId: number;
  locationId: number | undefined;
  otherRefNum: string | undefined;
  createdFromId: number | undefined;
  lines: TxLine[];
}

/** One line of a journal entry: an account debited or credited, in cents. */
export interface JeLine {
  line: number;
  accountId: number;
  debitCents: number;
  creditCents: number;
  memo: string | undefined;
  entityId: number | undefined;
}

/** Journal-entry-only data (a journal entry has account lines, not item lines). */
export interface JeData {
  tranId: string;
  /** YYYY-MM-DD. */
  tranDate: string;
  lines: JeLine[];
}

/** What an account is for, as the marketplace-settlement bookings use it (records/account.ts). */
export type AccountRole = 'bank' | 'clearing' | 'sales' | 'returns' | 'fees' | 'adjustments';

/** Inventory-item-only data. */
export interface ItemData {
  /** World SKU index for seeded items; undefined for items a client created. */
  skuIndex: number | undefined;
  itemId: string;
  basePriceCents: number;
}

export interface ErpRecord {
  type: RecordType;
  id: number;
  externalId: string | undefined;
  createdMs: number;
  modifiedMs: number;
  /** Plain body fields as the client sent them (checked against the type's field list). */
  fields: Record<string, unknown>;
  tx?: TxData;
  je?: JeData;
  item?: ItemData;
  /** Locations: the world's location id (`WH-1`, `ST-001`). */
  worldLocationId?: string;
}

/** Units of one item at one location. Available = on hand − committed (never below 0). */
export interface Balance {
  itemId: number;
  locationId: number;
  onHand: number;
  committed: number;
}

export type JobProgress = 'pending' | 'succeeded' | 'failed';

/** One `Prefer: respond-async` submission (one task per job, as for single-record requests). */
export interface AsyncJob {
  id: number;
  operation: string;
  submittedMs: number;
  dueMs: number;
  progress: JobProgress;
  endedMs: number | undefined;
  result: SimResponse | undefined;
  /** The deferred work; dropped once it ran. */
  run: (() => SimResponse) | undefined;
  /** Service base URL of the submitting request, for links. */
  base: string;
}

export interface ErpState {
  readonly config: ErpConfig;
  readonly accountId: string;
  readonly records: Map<RecordType, Map<number, ErpRecord>>;
  readonly externalIds: Map<RecordType, Map<string, number>>;
  readonly nextId: Record<Family, number>;
  /** Document-number counters per transaction type (SO1, IF1, …). */
  readonly tranSeq: Map<RecordType, number>;
  /** Lazily materialised balances, key `${itemId}|${locationId}`; untouched pairs = world stock. */
  readonly balances: Map<string, Balance>;
  readonly jobs: Map<number, AsyncJob>;
  /** Ids of jobs not yet run, in due order. */
  readonly pendingJobs: number[];
  nextJobId: number;
  /**
   * X-NetSuite-Idempotency-Key → job id. NetSuite documents one execution per key
   * (https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/subsect_164494900632.html) but
   * not how long a key is remembered. GUESS: 24 hours of scenario time, at most 1,000,000 keys
   * (least recently used forgotten first; docs/performance.md).
   */
  readonly idempotency: BoundedMap<{ jobId: number; at: number }>;
  /** Scenario ms of the next replenishment run. */
  nextReplenishMs: number;
  /** OAuth 1.0a nonces seen within the timestamp window (replay refusal). */
  readonly nonces: NonceMemory;
  /** The price book (price-book.ts): prices set per `${itemId}|${priceLevelId}`; others = base price. */
  readonly prices: Map<string, PriceRec>;
  /** Price levels made for channels the fixed list does not name, by channel. */
  readonly priceLevels: Map<string, PriceLevel>;
  /** Promotion code records, id = position + 1. */
  readonly promotions: PromotionRec[];
}

/**
 * OAuth 1.0a nonces per consumer key + token, each kept until its timestamp leaves the window:
 * a key `consumer|token|timestamp|nonce` → wall ms when it can be forgotten.
 */
export interface NonceMemory {
  readonly seen: Map<string, number>;
  /** Keys in insertion order with their forget-at ms (wall, scenario), for cheap eviction. */
  readonly order: Array<[string, number, number]>;
  head: number;
}

export type ErpContext = SimulatorContext<ErpState>;

/**
 * The customer a web or marketplace order is booked to when the integration keeps no customer
 * per shopper (a common set-up: one "web sales" customer). Seeded with internal id 1.
 */
export const DEFAULT_WEB_CUSTOMER = 'OMNI-WEB';

/** How many of the world's customers the ERP starts with (the first ones, `CUST-0000001` on). */
export const SEEDED_CUSTOMERS = 200;

/**
 * The ledger accounts a fresh account has (ids 1…, externalId `ACCT-<number>`): what a
 * marketplace payout is booked against. GUESS: the chart is ours; NetSuite's own default chart
 * differs per account. `type` is NetSuite's account type id.
 */
export const CHART_OF_ACCOUNTS: readonly {
  number: string;
  name: string;
  type: string;
  role: AccountRole;
}[] = [
  { number: '1000', name: 'Checking', type: 'Bank', role: 'bank' },
  {
    number: '1210',
    name: 'Marketplace Settlement Clearing',
    type: 'OthCurrAsset',
    role: 'clearing',
  },
  { number: '4000', name: 'Sales - Marketplace', type: 'Income', role: 'sales' },
  { number: '4100', name: 'Sales Returns - Marketplace', type: 'Income', role: 'returns' },
  { number: '6100', name: 'Marketplace Selling Fees', type: 'Expense', role: 'fees' },
  { number: '6150', name: 'Marketplace Account Adjustments', type: 'Expense', role: 'adjustments' },
];

/** What the state is built from (the parts of the simulator context it reads). */
interface StateDeps {
  world: World;
  clock: { now(): number };
  config: Readonly<Record<string, unknown>>;
}

/**
 * Fresh ERP state: items from the world's catalog (internal id = SKU index + 1), locations from
 * the world (id = position + 1, externalId = `WH-1`/`ST-001`), customers (the default web
 * customer, then the world's first `SEEDED_CUSTOMERS`). Balances stay lazy.
 *
 * @example const state = createErpState({ world, clock, config: {} }); state.records.get('inventoryItem')!.size
 */
export function createErpState({ world, clock, config }: StateDeps): ErpState {
  const cfg = readErpConfig(config);
  const now = clock.now();
  const records = new Map<RecordType, Map<number, ErpRecord>>(
    RECORD_TYPES.map((t) => [t, new Map()]),
  );
  const externalIds = new Map<RecordType, Map<string, number>>(
    RECORD_TYPES.map((t) => [t, new Map()]),
  );
  const base = { createdMs: now, modifiedMs: now };
  for (const sku of world.catalog()) {
    const id = sku.index + 1;
    records.get('inventoryItem')!.set(id, {
      ...base,
      type: 'inventoryItem',
      id,
      // Design choice: the SKU doubles as externalId, so `eid:SKU-00042` works for targets.
      externalId: sku.sku,
      fields: { displayName: sku.name, upcCode: sku.upc, weight: sku.weightGrams, weightUnit: 'g' },
      item: { skuIndex: sku.index, itemId: sku.sku, basePriceCents: sku.priceCents },
    });
    externalIds.get('inventoryItem')!.set(sku.sku, id);
  }
  // Master data a live account already has: the default web/marketplace customer (id 1), then
  // a slice of the world's customers (ids 2…), each addressable by `eid:<world customer id>`.
  const customers = records.get('customer')!;
  const customer = (id: number, externalId: string, fields: Record<string, unknown>) => {
    customers.set(id, { ...base, type: 'customer', id, externalId, fields });
    externalIds.get('customer')!.set(externalId, id);
  };
  customer(1, DEFAULT_WEB_CUSTOMER, {
    entityId: DEFAULT_WEB_CUSTOMER,
    companyName: 'Web and marketplace customers',
    isPerson: false,
  });
  const seeded = Math.min(world.size.customers, SEEDED_CUSTOMERS);
  for (let i = 0; i < seeded; i++) {
    const c = world.customer(i);
    customer(i + 2, c.id, {
      entityId: c.id,
      isPerson: true,
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      phone: c.phone,
    });
  }
  world.locations().forEach((loc, i) => {
    records.get('location')!.set(i + 1, {
      ...base,
      type: 'location',
      id: i + 1,
      externalId: loc.id,
      fields: { name: loc.name, locationType: loc.kind, timeZone: loc.timezone },
      worldLocationId: loc.id,
    });
    externalIds.get('location')!.set(loc.id, i + 1);
  });
  CHART_OF_ACCOUNTS.forEach((a, i) => {
    records.get('account')!.set(i + 1, {
      ...base,
      type: 'account',
      id: i + 1,
      externalId: `ACCT-${a.number}`,
      fields: { acctNumber: a.number, acctName: a.name, acctType: a.type, role: a.role },
    });
    externalIds.get('account')!.set(`ACCT-${a.number}`, i + 1);
  });
  return {
    config: cfg,
    accountId: world.credentials.erp.accountId,
    records,
    externalIds,
    nextId: {
      entity: seeded + 2,
      item: world.catalog().length + 1,
      location: world.locations().length + 1,
      transaction: 1,
      account: CHART_OF_ACCOUNTS.length + 1,
    },
    tranSeq: new Map(),
    balances: new Map(),
    jobs: new Map(),
    pendingJobs: [],
    nextJobId: 1,
    idempotency: new BoundedMap({
      ttlMs: ERP_IDEMPOTENCY_TTL_MS,
      maxEntries: 1_000_000,
      now: () => clock.now(),
    }),
    nextReplenishMs: now + cfg.replenishEveryMs,
    nonces: { seen: new Map(), order: [], head: 0 },
    prices: new Map(),
    priceLevels: new Map(),
    promotions: [],
  };
}
