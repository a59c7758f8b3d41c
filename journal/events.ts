import type { FaultMatch, FaultWindow, Scenario } from '../scenarios/types.js';

/**
 * The journal's contract: every event a run may write, as one discriminated union on `type`, and
 * the typed constructors every emitter uses (`journal.append(ev.runFinished({ … }))`). A renamed
 * or misspelt field is a compile error at the emitter, the test builder and the oracle's fold
 * alike. docs/journal.md describes the families, the fields and the compatibility rules.
 *
 * Business events speak in business terms (a channel order became visible, an ERP document was
 * recorded with its links, a warehouse order shipped); each dialect maps its vendor's records onto
 * them inside its own folder, so the oracle never learns a vendor's vocabulary.
 */

/**
 * The schema version this build writes into `run:started`. Version 1 is the format before the
 * journal was typed: no `schema` field, vendor-named events (`mkt:order-created`,
 * `erp:record-created`, …). Version 2 journaled each exchange with its vendor annotations only;
 * version 3 adds the business reading every dialect gives it (`ref`, `writeKey`, `oneShot`,
 * `read` on `http:exchange`), which is all the oracle reads of an exchange. Readers upgrade
 * older versions line by line (see `runtime/journal-upgrades.ts`).
 */
export const JOURNAL_SCHEMA_VERSION = 3;

/** What the journal stamps on every event: sequence, scenario time and wall time. */
export interface Stamp {
  /** 1-based sequence number in this journal. */
  seq: number;
  /** Scenario time, epoch ms. */
  t: number;
  /** Wall ms since the journal opened (unscaled) — Retry-After compliance is judged on this. */
  w: number;
}

/** A line of a business document: SKU and units (prices in cents where the source has them). */
export interface BusinessLine {
  sku: string;
  quantity: number;
  unitPriceCents?: number;
  rateCents?: number;
  amountCents?: number;
  /** The warehouse or store the line moves stock at (its world id). */
  location?: string;
}

/**
 * What an ERP document is in business terms. The dialect maps its record types onto these:
 * `sales-order` (an order to fulfil, from a channel order), `sale-receipt` (a sale paid on the
 * spot, from a store sale), `refund` (money back, from a store refund), `fulfillment` (goods
 * shipped against a sales order), `invoice`, `ledger-entry` (debits and credits to ledger accounts,
 * e.g. a marketplace payout booked), and master data (`customer`, `item`, `location`).
 */
export type ErpDocumentKind =
  | 'sales-order'
  | 'sale-receipt'
  | 'refund'
  | 'fulfillment'
  | 'invoice'
  | 'ledger-entry'
  | 'customer'
  | 'item'
  | 'location'
  | 'other';

/**
 * The links an ERP document carries to other systems, as the dialect read them off the record:
 * `sourceOrderId` is the channel's order number typed on the document, `externalId` the
 * integration's own key for it. Which one identifies the source is the oracle's business rule.
 */
export interface ErpLinks {
  externalId?: string;
  sourceOrderId?: string;
  /** The channel settlement (payout) a ledger entry books. */
  settlementId?: string;
}

/**
 * A ledger entry read as a payout booking, in signed cents from the seller's side, by what each
 * account is for: `netCents` reached the bank, `chargesCents` gross sales, `refundsCents` sales
 * given back, `feesCents` channel fees, `adjustmentsCents` account adjustments, `otherCents`
 * anything booked against the settlement clearing account (a carried balance). A balanced entry
 * has net = charges + refunds + fees + adjustments + other.
 */
export interface LedgerAmounts {
  netCents: number;
  chargesCents: number;
  refundsCents: number;
  feesCents: number;
  adjustmentsCents: number;
  otherCents: number;
}

/** Fields of each event type (without the stamp and `type`). `sys` is the system it concerns. */
export interface EventFields {
  // ── run: the runner's lifecycle ──────────────────────────────────────────────────────────
  /** The first event of every run: what produced the journal and from which world. */
  'run:started': {
    sys: 'runner';
    /** `JOURNAL_SCHEMA_VERSION` of the writer; absent in version-1 journals. */
    schema?: number;
    /** The omnichaos package version that wrote the journal. */
    omnichaosVersion?: string;
    /** sha256 of the seeded world (world/digest.ts); the oracle regenerates and compares it. */
    worldDigest?: string;
    seed?: number;
    simulators?: string[];
    /** The loaded scenario (absent for `omnichaos up` without one). */
    scenario?: Scenario;
  };
  'run:reset': { sys: 'runner' };
  'run:phase': { sys: 'runner'; phase: 'demand' | 'drain' };
  'run:finished': {
    sys: 'runner';
    /** The target's exit (code or signal), when the runner started it. */
    targetExit?: unknown;
    /** Arrivals per demand channel. */
    arrivals?: Record<string, number>;
  };
  'target:started': {
    sys: 'runner';
    /** The supervisor's pid: the target's process group id. */
    pid?: number;
    command: string;
    health?: string;
    webhooks?: Record<string, string>;
    /** Which clock the target reads: scenario time (under libfaketime) or the machine's. */
    clock?: 'wall' | 'scenario';
  };
  /** The target ended: on its own mid-run (`stoppedByRunner: false`, the run fails) or stopped. */
  'target:exited': {
    sys: 'runner';
    pid?: number;
    code?: number | string;
    stoppedByRunner: boolean;
  };
  /**
   * How loaded the machine was during the run (runner/load-monitor.ts), journaled just before
   * `run:finished`: the oracle calls timing failures on an overloaded run INCONCLUSIVE.
   */
  'run:load': {
    sys: 'runner';
    /** Wall time watched (the demand phase and the drain). */
    wallMs: number;
    /** The runner's event-loop delay, 99th percentile and worst, in wall ms. */
    loopDelayP99Ms: number;
    loopDelayMaxMs: number;
    /**
     * Share of wall time the runner's main thread, and the target's (the most any of its
     * processes), waited for a CPU: over the run and in the worst `windowMs`; absent where
     * /proc does not tell.
     */
    runnerWaitRatio?: number;
    runnerWorstWaitRatio?: number;
    targetWaitRatio?: number;
    targetWorstWaitRatio?: number;
    windowMs: number;
    /** The 1-minute load average at the end, and the CPU count, for the reader. */
    loadAvg1: number;
    cpus: number;
  };
  /** SIGINT/SIGTERM stopped the run: no `run:finished` follows, the reports say INCOMPLETE. */
  'run:interrupted': { sys: 'runner'; signal: string };
  /** The control plane failed on a request (an internal error, journaled with its id). */
  'control:error': { sys: 'runner'; route: string; error: string };
  'target:healthy': {
    sys: 'runner';
    afterMs: number;
    /** Whether /proc showed the health port held by the target's own process group. */
    ownerVerified?: boolean;
  };
  'target:unhealthy': { sys: 'runner'; why: string };

  // ── demand: the driver's arrivals ────────────────────────────────────────────────────────
  'demand:arrival': { sys: 'runner'; channel: string; index?: number; slipMs?: number };
  'demand:failed': { sys: 'runner'; channel: string; index: number; error: string };

  // ── fault: the chaos engine ──────────────────────────────────────────────────────────────
  'fault:added': {
    sys: 'chaos';
    fault: string;
    /** The rule's fault type (not `type`: that is the event's). */
    faultType: string;
    /**
     * The kind its type declares (`outage`, `throttle`, `latency`, `network`, `data`,
     * `delivery`, `offline`): the oracle judges outage windows by it, never by a list of types.
     */
    faultKind: string;
    match?: FaultMatch;
    window?: FaultWindow;
  };
  'fault:removed': { sys: 'chaos'; fault: string };
  'fault:applied': {
    sys: string;
    fault: string;
    faultType: string;
    /** The exchange it hit (request faults). */
    id?: string;
    key: string;
    attempt: number;
    /** The webhook topic it hit (delivery faults). */
    topic?: string;
  };
  'fault:window-opened': { sys: string; fault: string; faultType: string };
  'fault:window-closed': { sys: string; fault: string; faultType: string };

  // ── http / sim: the simulators' wire ─────────────────────────────────────────────────────
  /** One request and what the client got back (after faults). */
  'http:exchange': ExchangeFields;
  /** A simulator bug (a handler or job threw): loud on purpose. */
  'sim:crashed': { sys: string; error: string; id?: string; op?: string; job?: string | number };

  // ── webhook: the outbox's deliveries ─────────────────────────────────────────────────────
  'webhook:unrouted': { sys: string; id: string; topic: string };
  'webhook:queued': { sys: string; id: string; topic: string; url: string };
  'webhook:dropped': { sys: string; id: string; topic: string; attempt: number; fault: string };
  'webhook:delayed': { sys: string; id: string; attempt: number; fault: string; byMs: number };
  /** One delivery of a webhook message and its outcome (`ok`: the target answered 2xx). */
  'webhook:attempt': {
    sys: string;
    id: string;
    topic?: string;
    attempt?: number;
    status?: number;
    error?: string;
    ok: boolean;
    /** The fault that sent this copy again (a duplicate delivery). */
    duplicate?: string;
    /** The forgery this copy carries (a `webhook-forge` fault), absent for genuine ones. */
    forged?: string;
  };
  /** A forged copy of a delivery is about to be sent (a `webhook-forge` fault). */
  'webhook:forged': {
    sys: string;
    id: string;
    topic: string;
    fault: string;
    variant: string;
    /** The claims the forger replaced. */
    claims?: unknown;
  };
  /** The vendor's signature cannot express the forgery: only the genuine delivery is sent. */
  'webhook:forge-skipped': {
    sys: string;
    id: string;
    topic: string;
    fault: string;
    variant: string;
    reason: string;
  };
  'webhook:gave-up': { sys: string; id: string; topic: string; attempts: number };

  // ── channel: orders on a sales channel (a marketplace, later a storefront) ───────────────
  /** An order became visible to the target: from now on the target must carry it. */
  'channel:order-visible': {
    sys: string;
    orderId: string;
    index?: number;
    placedAt?: number;
    lines: BusinessLine[];
    totalCents: number;
  };
  /** The channel refused an order (e.g. no stock listed): it never existed. */
  'channel:order-rejected': {
    sys: string;
    orderId: string;
    index: number;
    reason: string;
    sku?: string;
  };
  /** The target told the channel an order shipped, with this tracking number. */
  'channel:shipment-confirmed': {
    sys: string;
    orderId: string;
    trackingNumber?: string;
    carrier?: string;
    packageId?: string;
    items?: { itemId: string; sku: string; quantity: number }[];
    status?: string;
  };

  // ── listing: what a channel offers ───────────────────────────────────────────────────────
  /** The channel now lists `quantity` units of `sku` (why: the target's update, an order, …). */
  'listing:quantity-changed': { sys: string; sku: string; quantity: number; reason: string };
  /**
   * The channel now sells `sku` at `priceCents` (why: the target's update, …); `compareAtCents`
   * is the "was" price a promotion shows, null when cleared.
   */
  'listing:price-changed': {
    sys: string;
    sku: string;
    priceCents: number;
    compareAtCents?: number | null;
    reason: string;
  };
  'listing:batch-submitted': { sys: string; batchId: string; kind: string };
  'listing:batch-processed': {
    sys: string;
    batchId: string;
    status: string;
    [summary: string]: unknown;
  };

  // ── warehouse: orders and stock at a fulfilment warehouse ────────────────────────────────
  /** The warehouse accepted an order for the channel order `sourceOrderId`. */
  'warehouse:order-received': {
    sys: string;
    orderId: string;
    sourceOrderId: string;
    lines?: BusinessLine[];
    status?: string;
  };
  'warehouse:order-status': { sys: string; orderId: string; sourceOrderId: string; status: string };
  /** The warehouse cannot ship the order (no stock, unknown product, …). */
  'warehouse:order-exception': {
    sys: string;
    orderId?: string;
    sourceOrderId: string;
    reason: string;
  };
  'warehouse:order-cancelled': { sys: string; orderId: string; sourceOrderId: string };
  /** The order left the warehouse with this tracking number. */
  'warehouse:order-shipped': {
    sys: string;
    orderId: string;
    sourceOrderId: string;
    shipmentId?: string;
    trackingNumber: string;
    carrier?: string;
  };
  'warehouse:order-delivered': {
    sys: string;
    orderId: string;
    sourceOrderId: string;
    shipmentId?: string;
  };
  /** The warehouse can now fulfil `fulfillable` units of `sku`. */
  'warehouse:stock-changed': {
    sys: string;
    sku: string;
    fulfillable: number;
    onHand?: number;
    committed?: number;
    reason?: string;
  };

  // ── store: point of sale ─────────────────────────────────────────────────────────────────
  /**
   * A store sale was completed. A sale rung up on an offline till (`offline`) is invisible to the
   * target until `store:sale-uploaded`.
   */
  'store:sale-completed': {
    sys: string;
    saleId: string;
    locationId?: string;
    /** The store's world id (`locationId` is the POS's own). */
    storeId?: string;
    totalCents: number;
    completedAt?: string;
    index?: number;
    offline?: boolean;
  };
  'store:sale-uploaded': {
    sys: string;
    saleId: string;
    locationId?: string;
    completedAt?: string;
    uploadedAt?: string;
  };
  /** A store refund was completed (held, like a sale, while its till is `offline`). */
  'store:refund-completed': {
    sys: string;
    refundId: string;
    saleId?: string;
    paymentId?: string;
    locationId?: string;
    /** The store's world id (`locationId` is the POS's own). */
    storeId?: string;
    amountCents: number;
    completedAt?: string;
    offline?: boolean;
  };
  'store:offline': { sys: string; locationId: string; storeId?: string };
  /** A store came back online: its held sales and refunds are uploaded now. */
  'store:online': {
    sys: string;
    locationId: string;
    storeId?: string;
    uploadedSales?: number;
    uploadedRefunds?: number;
  };
  'store:switch-ignored': { sys: string; store: string; reason: string };
  'store:stock-changed': {
    sys: string;
    locationId?: string;
    storeId: string;
    sku: string;
    itemId?: string;
    state: string;
    quantity: number;
    delta: number;
    reason: string;
    refId?: string;
  };

  // ── settlement: a channel's payouts (event groups, their events, the fund transfer) ──────
  /**
   * Money moved on the channel's seller account: a shipped order's charges and fees (`shipment`),
   * a refund (`refund`) or an account adjustment (`adjustment`). Signed cents from the seller's
   * side: charges are positive on a shipment and negative on a refund, fees negative when charged.
   * `groupId` is the settlement period (payout) the event landed in.
   */
  'settlement:event-posted': {
    sys: string;
    groupId: string;
    eventId: string;
    kind: 'shipment' | 'refund' | 'adjustment';
    orderId?: string;
    /** When the event happened (the vendor's posted date), scenario epoch ms. */
    postedAt: number;
    /** Item charges (principal and tax), signed. */
    chargesCents: number;
    /** Fees, signed (negative when charged, positive when given back). */
    feesCents: number;
    /** Adjustment amount (adjustments only), signed. */
    adjustmentCents: number;
    /** chargesCents + feesCents + adjustmentCents. */
    amountCents: number;
    /** The adjustment's own type name (for people reading the journal). */
    detail?: string;
  };
  /**
   * A settlement period closed: its totals are final. `netCents` = beginning balance + the sum of
   * its events' amounts, the payout when positive. The breakdown sums the group's events by kind.
   */
  'settlement:group-closed': {
    sys: string;
    groupId: string;
    openedAt: number;
    closedAt: number;
    beginningBalanceCents: number;
    netCents: number;
    /** Charges of shipment events (gross sales). */
    chargesCents: number;
    /** Fees of shipment and refund events, signed (usually negative). */
    feesCents: number;
    /** Charges given back by refund events, signed (negative). */
    refundsCents: number;
    adjustmentsCents: number;
    events: number;
    /** Whether a payout follows (false: a zero or negative balance carried forward). */
    transfer: boolean;
  };
  /** The payout of a closed group moved: `initiated` at close, `succeeded` when the bank has it. */
  'settlement:transfer-updated': {
    sys: string;
    groupId: string;
    status: 'initiated' | 'succeeded';
    amountCents: number;
    traceId?: string;
  };

  // ── erp: documents and stock in the ERP ──────────────────────────────────────────────────
  /** A document now exists in the ERP, with its links and (for transactions) lines and total. */
  'erp:document-recorded': ErpLinks & {
    sys: string;
    document: ErpDocumentKind;
    id: string;
    /** The vendor's own name for the record (for people reading the journal). */
    record?: string;
    /** The document number people see (e.g. `SO-12`). */
    number?: string;
    /** The document this one was made from (a fulfillment's sales order). */
    fromDocumentId?: string;
    totalCents?: number;
    lines?: BusinessLine[];
    /** The business day it is booked on (YYYY-MM-DD), as the ERP dates it. */
    tranDate?: string;
    /** The store or warehouse it is booked at (its world id). */
    location?: string;
    /** Ledger entries: the amounts by account purpose. */
    ledger?: LedgerAmounts;
  };
  /** A document's links changed (an update). */
  'erp:document-updated': ErpLinks & {
    sys: string;
    document: ErpDocumentKind;
    id: string;
    record?: string;
  };
  'erp:document-removed': ErpLinks & {
    sys: string;
    document: ErpDocumentKind;
    id: string;
    record?: string;
  };
  'erp:stock-changed': {
    sys: string;
    sku?: string;
    itemId?: number | string;
    location: string;
    locationId?: number | string;
    /** The balance after the change, when the emitter tracks it. */
    onHand?: number;
    committed?: number;
    available?: number;
    deltaOnHand: number;
    deltaCommitted: number;
    reason?: string;
    [why: string]: unknown;
  };
  'erp:replenished': { sys: string; receipts: unknown };
  'erp:job-submitted': { sys: string; jobId: string; op?: string; idempotencyKey?: string };
  'erp:job-completed': {
    sys: string;
    jobId: string;
    op?: string;
    progress: string;
    status: number;
  };
  /**
   * The ERP's list price of `sku` for the sales channel `channel` (a system name) is now
   * `priceCents` (it was `previousCents`): a scheduled price change the integration must carry
   * to that channel.
   */
  'erp:price-changed': {
    sys: string;
    sku: string;
    channel: string;
    priceCents: number;
    previousCents: number;
    /** The ERP's own name for where the price lives (a price level), for people reading. */
    priceList?: string;
  };
  /**
   * A promotion was recorded in the ERP: `percentOff` off the list price of `skus` on `channel`
   * from `fromT` until `untilT` (scenario epoch ms); `listCents` is each SKU's list price now.
   */
  'erp:promotion-recorded': {
    sys: string;
    promotionId: string;
    channel: string;
    fromT: number;
    untilT: number;
    percentOff: number;
    skus: { sku: string; listCents: number }[];
    /** The ERP's own record id, for people reading. */
    recordId?: string;
  };
}

/**
 * An `http:exchange`: the request's metadata, the outcome, and the dialect's annotations. `ref`,
 * `writeKey`, `oneShot` and `read` are the business reading of the exchange the oracle's
 * resilience checks use, filled by the dialect's `readExchange` (its manifest); the rest of the
 * annotations are vendor detail for people reading the journal.
 */
export interface ExchangeFields {
  sys: string;
  id?: string;
  /** The operation name, e.g. `createSalesOrder`. */
  op?: string;
  method?: string;
  path?: string;
  /** Absent when no response went back (reset, hang). */
  status?: number;
  /** `respond`, `truncate`, `drip`, `reset`, `hang`, … */
  outcome?: string;
  cred?: string;
  /** Logical key: the same key is a retry of the same call. */
  key?: string;
  attempt?: number;
  corr?: string;
  /** Retry-After as answered, seconds. */
  retryAfter?: number;
  /**
   * Refused for a rate limit though the HTTP status is not 429: Shopify's GraphQL answers a
   * call its cost bucket cannot cover with HTTP 200 and `errors[].extensions.code: "THROTTLED"`
   * (docs/dialects/storefront.md). Counted as throttled like a 429.
   */
  throttled?: boolean;
  faults?: string[];
  /** Wall ms the exchange took. */
  ms?: number;
  /** The business object a write is about (the channel order, the document, the SKU). */
  ref?: string;
  /** What makes the write idempotent on the server: its idempotency key, else its external id. */
  writeKey?: string;
  /** A write the vendor allows once per object (a shipment confirmation, a fulfillment). */
  oneShot?: boolean;
  /** Sent with a write method but reads (a search, a batch retrieve, a token grant): no write. */
  read?: boolean;
  [note: string]: unknown;
}

/** Every event type. */
export type EventType = keyof EventFields;

/** An event as appended: its type and fields, before the journal stamps it. */
export type EventInitOf<K extends EventType> = { type: K } & EventFields[K];

/** Any event as appended. */
export type EventInit = { [K in EventType]: EventInitOf<K> }[EventType];

/** One stamped event of a type. */
export type EventOf<K extends EventType> = Stamp & EventInitOf<K>;

/** Any stamped event of this schema version (what the oracle folds). */
export type TypedJournalEvent = { [K in EventType]: EventOf<K> }[EventType];

/**
 * A journal line as read back: the stamp, a type and untyped fields. Lines of an older schema
 * version, or written by a newer build, are this until upgraded (runtime/journal-upgrades.ts).
 */
export interface JournalEvent extends Stamp {
  /** `family:verb`, e.g. `http:exchange`, `channel:order-visible`. */
  type: string;
  /** The system it concerns: erp, pos, wms, marketplace, target, runner, chaos. */
  sys?: string;
  [field: string]: unknown;
}

/** The families, for docs and dashboards: the part before the colon. */
export type EventFamily = EventType extends `${infer F}:${string}` ? F : never;

const make =
  <K extends EventType>(type: K) =>
  (fields: EventFields[K]): EventInitOf<K> =>
    ({ type, ...fields }) as EventInitOf<K>;

type Fixed<K extends EventType, S extends string> = (
  fields: Omit<EventFields[K], 'sys'> & { sys?: S },
) => EventInitOf<K>;

const runner =
  <K extends EventType>(type: K): Fixed<K, 'runner'> =>
  (fields) =>
    ({ type, sys: 'runner', ...fields }) as unknown as EventInitOf<K>;

const chaos =
  <K extends EventType>(type: K): Fixed<K, 'chaos'> =>
  (fields) =>
    ({ type, sys: 'chaos', ...fields }) as unknown as EventInitOf<K>;

/**
 * The typed constructors, one per event type: `journal.append(ev.channelOrderVisible({ … }))`.
 * Runner and chaos events fill in their `sys`.
 *
 * @example journal.append(ev.warehouseOrderShipped({ sys: 'wms', orderId: '1', sourceOrderId: '113-1', trackingNumber: '1Z' }))
 */
export const ev = {
  /** Also stamps `schema`: every journal this build writes declares its version. */
  runStarted: ((fields) =>
    ({
      type: 'run:started',
      sys: 'runner',
      schema: JOURNAL_SCHEMA_VERSION,
      ...fields,
    }) as EventInitOf<'run:started'>) as Fixed<'run:started', 'runner'>,
  runReset: runner('run:reset'),
  runPhase: runner('run:phase'),
  runFinished: runner('run:finished'),
  targetStarted: runner('target:started'),
  targetHealthy: runner('target:healthy'),
  targetUnhealthy: runner('target:unhealthy'),
  targetExited: runner('target:exited'),
  runInterrupted: runner('run:interrupted'),
  runLoad: runner('run:load'),
  controlError: runner('control:error'),
  demandArrival: runner('demand:arrival'),
  demandFailed: runner('demand:failed'),
  faultAdded: chaos('fault:added'),
  faultRemoved: chaos('fault:removed'),
  faultApplied: make('fault:applied'),
  faultWindowOpened: make('fault:window-opened'),
  faultWindowClosed: make('fault:window-closed'),
  httpExchange: make('http:exchange'),
  simCrashed: make('sim:crashed'),
  webhookUnrouted: make('webhook:unrouted'),
  webhookQueued: make('webhook:queued'),
  webhookDropped: make('webhook:dropped'),
  webhookDelayed: make('webhook:delayed'),
  webhookAttempt: make('webhook:attempt'),
  webhookGaveUp: make('webhook:gave-up'),
  webhookForged: make('webhook:forged'),
  webhookForgeSkipped: make('webhook:forge-skipped'),
  channelOrderVisible: make('channel:order-visible'),
  channelOrderRejected: make('channel:order-rejected'),
  channelShipmentConfirmed: make('channel:shipment-confirmed'),
  listingQuantityChanged: make('listing:quantity-changed'),
  listingPriceChanged: make('listing:price-changed'),
  listingBatchSubmitted: make('listing:batch-submitted'),
  listingBatchProcessed: make('listing:batch-processed'),
  warehouseOrderReceived: make('warehouse:order-received'),
  warehouseOrderStatus: make('warehouse:order-status'),
  warehouseOrderException: make('warehouse:order-exception'),
  warehouseOrderCancelled: make('warehouse:order-cancelled'),
  warehouseOrderShipped: make('warehouse:order-shipped'),
  warehouseOrderDelivered: make('warehouse:order-delivered'),
  warehouseStockChanged: make('warehouse:stock-changed'),
  storeSaleCompleted: make('store:sale-completed'),
  storeSaleUploaded: make('store:sale-uploaded'),
  storeRefundCompleted: make('store:refund-completed'),
  storeOffline: make('store:offline'),
  storeOnline: make('store:online'),
  storeSwitchIgnored: make('store:switch-ignored'),
  storeStockChanged: make('store:stock-changed'),
  settlementEventPosted: make('settlement:event-posted'),
  settlementGroupClosed: make('settlement:group-closed'),
  settlementTransferUpdated: make('settlement:transfer-updated'),
  erpDocumentRecorded: make('erp:document-recorded'),
  erpDocumentUpdated: make('erp:document-updated'),
  erpDocumentRemoved: make('erp:document-removed'),
  erpStockChanged: make('erp:stock-changed'),
  erpReplenished: make('erp:replenished'),
  erpJobSubmitted: make('erp:job-submitted'),
  erpJobCompleted: make('erp:job-completed'),
  erpPriceChanged: make('erp:price-changed'),
  erpPromotionRecorded: make('erp:promotion-recorded'),
} satisfies { [name: string]: (fields: never) => EventInit };

/** Every event type this schema version declares (docs, tests, the v1 upgrade's checks). */
export const EVENT_TYPES: readonly EventType[] = Object.keys({
  'run:started': 1,
  'run:reset': 1,
  'run:phase': 1,
  'run:finished': 1,
  'target:started': 1,
  'target:healthy': 1,
  'target:unhealthy': 1,
  'target:exited': 1,
  'run:interrupted': 1,
  'run:load': 1,
  'control:error': 1,
  'demand:arrival': 1,
  'demand:failed': 1,
  'fault:added': 1,
  'fault:removed': 1,
  'fault:applied': 1,
  'fault:window-opened': 1,
  'fault:window-closed': 1,
  'http:exchange': 1,
  'sim:crashed': 1,
  'webhook:unrouted': 1,
  'webhook:queued': 1,
  'webhook:dropped': 1,
  'webhook:delayed': 1,
  'webhook:attempt': 1,
  'webhook:gave-up': 1,
  'webhook:forged': 1,
  'webhook:forge-skipped': 1,
  'channel:order-visible': 1,
  'channel:order-rejected': 1,
  'channel:shipment-confirmed': 1,
  'listing:quantity-changed': 1,
  'listing:price-changed': 1,
  'listing:batch-submitted': 1,
  'listing:batch-processed': 1,
  'warehouse:order-received': 1,
  'warehouse:order-status': 1,
  'warehouse:order-exception': 1,
  'warehouse:order-cancelled': 1,
  'warehouse:order-shipped': 1,
  'warehouse:order-delivered': 1,
  'warehouse:stock-changed': 1,
  'store:sale-completed': 1,
  'store:sale-uploaded': 1,
  'store:refund-completed': 1,
  'store:offline': 1,
  'store:online': 1,
  'store:switch-ignored': 1,
  'store:stock-changed': 1,
  'settlement:event-posted': 1,
  'settlement:group-closed': 1,
  'settlement:transfer-updated': 1,
  'erp:document-recorded': 1,
  'erp:document-updated': 1,
  'erp:document-removed': 1,
  'erp:stock-changed': 1,
  'erp:replenished': 1,
  'erp:job-submitted': 1,
  'erp:job-completed': 1,
  'erp:price-changed': 1,
  'erp:promotion-recorded': 1,
} satisfies Record<EventType, 1>) as EventType[];
