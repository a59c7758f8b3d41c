import type { JournalEvent } from '../simulators/core/journal.js';
import type { IntegritySummary } from '../simulators/core/journal-reader.js';
import type { FaultMatch, FaultWindow, Scenario } from '../scenarios/types.js';
import { InventoryTracker } from './inventory.js';
import { TrafficStats } from './traffic.js';

/**
 * What the oracle knows about a run, built in ONE pass over the journal (design §1: the oracle
 * reads only the journal). Everything is keyed by the cross-system references of design §5, so a
 * check is a lookup, not a search; memory grows with the number of business objects, not with
 * the number of requests (requests are folded into `TrafficStats` as they stream by).
 */

/** A line as the flows compare them: SKU and units. */
export interface Line {
  sku: string;
  quantity: number;
}

/** A channel order (marketplace order or completed POS order) the target must carry. */
export interface ChannelOrder {
  id: string;
  /** Scenario ms it became visible to the target (a late-uploaded POS sale: the upload time). */
  visibleT: number;
  seq: number;
  totalCents: number;
  lines?: Line[];
  offline?: boolean;
}

/** One ERP transaction that still exists at the end of the run. */
export interface ErpTx {
  id: string;
  recordType: string;
  t: number;
  seq: number;
  externalId?: string;
  otherRefNum?: string;
  createdFrom?: string;
  totalCents?: number;
  lines?: Line[];
}

export interface FaultSpan {
  id: string;
  type: string;
  system?: string;
  /** Scenario ms, absolute. */
  fromT: number;
  untilT?: number;
}

export interface Shipment {
  referenceId: string;
  orderId: string;
  trackingNumber: string;
  t: number;
  seq: number;
}

export interface Confirmation {
  trackingNumber?: string;
  t: number;
  seq: number;
}

/** Per scenario-second bucket, for the report's timeline. */
export interface Bucket {
  demand: number;
  requests: Record<string, number>;
  errors: Record<string, number>;
}

/**
 * The live ERP transactions, by record type then id: a handler finds a record from the event's
 * two fields without building a `type:id` string per event, and `erpBy` walks only the types it
 * asks for.
 */
export class ErpRecords {
  private readonly byType = new Map<string, Map<string, ErpTx>>();
  private count = 0;

  /** How many transactions are live. */
  get size(): number {
    return this.count;
  }

  /** Add a transaction, or replace the live one with its type and id. */
  set(tx: ErpTx): void {
    let ofType = this.byType.get(tx.recordType);
    if (!ofType) this.byType.set(tx.recordType, (ofType = new Map()));
    const before = ofType.size;
    ofType.set(tx.id, tx);
    this.count += ofType.size - before;
  }

  get(recordType: string, id: string): ErpTx | undefined {
    return this.byType.get(recordType)?.get(id);
  }

  delete(recordType: string, id: string): void {
    if (this.byType.get(recordType)?.delete(id) === true) this.count--;
  }

  /** The live transactions of one type, in creation order (a replacement keeps its place). */
  ofType(recordType: string): IterableIterator<ErpTx> {
    return (this.byType.get(recordType) ?? new Map<string, ErpTx>()).values();
  }
}

export class RunModel {
  scenario: Scenario | undefined;
  seed: number | undefined;
  startT: number | undefined;
  lastT: number | undefined;
  lastW = 0;
  events = 0;
  /** Torn or unparseable lines (a killed run leaves at most one). */
  problems = 0;
  /** What reading the journal file found (gaps, corrupt lines, a torn tail); unset when live. */
  integrity: IntegritySummary | undefined;
  finished = false;
  /** Per event type, in order of first appearance: how many were folded and what folds them. */
  private readonly types = new Map<string, TypeTally>();

  readonly marketplaceOrders = new Map<string, ChannelOrder>();
  readonly posOrders = new Map<string, ChannelOrder>();
  readonly posRefunds = new Map<string, ChannelOrder>();
  /** Sales rung up on an offline till, not yet uploaded. */
  readonly offlineSales = new Map<string, ChannelOrder>();
  /** Hidden (offline) refunds by location, waiting for their store to come back. */
  private readonly offlineRefunds = new Map<string, ChannelOrder[]>();

  /** Live ERP transactions by record type and id. */
  readonly erp = new ErpRecords();
  readonly wmsOrders = new Map<string, { orderId: string; t: number; seq: number }[]>();
  readonly wmsExceptions = new Map<string, string>();
  readonly shipments = new Map<string, Shipment>();
  /** Successful `confirmShipment`s by AmazonOrderId. */
  readonly confirmations = new Map<string, Confirmation[]>();
  faults: FaultSpan[] = [];
  /** sys → ids of the webhook messages delivered successfully (at least once). */
  readonly webhookDeliveries = new Map<string, Set<string>>();
  /** sys → ids of the webhook messages delivered successfully more than once. */
  readonly webhookRedeliveries = new Map<string, Set<string>>();
  /** Webhook messages delivered successfully more than once. */
  redeliveredWebhooks = 0;
  readonly timeline = new Map<number, Bucket>();
  readonly traffic = new TrafficStats();
  readonly inventory = new InventoryTracker();
  /** Arrival slippage of the demand driver (wall ms late), for the report. */
  readonly slips: number[] = [];

  /** Values the checks derive from the folded events (see `memo`). */
  private readonly derived = new Map<string, unknown>();
  private derivedAt = -1;

  /**
   * A value derived from the model, computed once while no event is added — several checks
   * share the same lookups (sales orders by order id, arrivals), and on a million-order run
   * building one costs seconds.
   *
   * @example const byOrder = model.memo('salesOrdersByOrder', () => model.erpBy(['salesOrder'], link))
   */
  memo<T>(key: string, compute: () => T): T {
    if (this.derivedAt !== this.events) this.forget();
    if (!this.derived.has(key)) this.derived.set(key, compute());
    return this.derived.get(key) as T;
  }

  /** Drop derived values (the model was changed other than by `add`). */
  forget(): void {
    this.derived.clear();
    this.derivedAt = this.events;
  }

  /** Fold one journal event into the model. Events arrive in journal (= time) order. */
  add(e: JournalEvent): void {
    this.events++;
    this.startT ??= e.t;
    this.lastT = e.t;
    this.lastW = e.w;
    // One map lookup per event finds both the counter and the handler.
    let tally = this.types.get(e.type);
    if (!tally) this.types.set(e.type, (tally = { count: 0, handler: HANDLER_OF.get(e.type) }));
    tally.count++;
    tally.handler?.(this, e);
  }

  /** Events per type, in order of first appearance (a copy). */
  get byType(): Map<string, number> {
    return new Map([...this.types].map(([type, tally]) => [type, tally.count]));
  }

  /** The scenario second an event falls into, relative to the start. */
  bucket(t: number): Bucket {
    const k = Math.floor((t - (this.startT ?? t)) / 1000);
    let b = this.timeline.get(k);
    if (!b) this.timeline.set(k, (b = { demand: 0, requests: {}, errors: {} }));
    return b;
  }

  /** End of demand (scenario ms), if the scenario is known. */
  get demandEndT(): number | undefined {
    return this.scenario && this.startT !== undefined
      ? this.startT + this.scenario.clock.durationMs
      : undefined;
  }

  /**
   * ERP transactions of some types, grouped by a link key; a group lists its transactions in
   * journal order. Only the asked types are visited (the ERP holds every record of the run).
   */
  erpBy(types: readonly string[], link: (tx: ErpTx) => string | undefined): Map<string, ErpTx[]> {
    const out = new Map<string, ErpTx[]>();
    for (const type of new Set(types))
      for (const tx of this.erp.ofType(type)) {
        const key = link(tx);
        if (key === undefined) continue;
        const list = out.get(key);
        if (list) list.push(tx);
        else out.set(key, [tx]);
      }
    for (const list of out.values()) if (list.length > 1) list.sort((a, b) => a.seq - b.seq);
    return out;
  }

  /** @internal used by the POS handlers */
  holdRefund(locationId: string, refund: ChannelOrder): void {
    const list = this.offlineRefunds.get(locationId) ?? [];
    list.push(refund);
    this.offlineRefunds.set(locationId, list);
  }

  /** @internal a store came back: its held refunds become visible now. */
  releaseRefunds(locationId: string, t: number): void {
    for (const r of this.offlineRefunds.get(locationId) ?? []) {
      r.visibleT = t;
      this.posRefunds.set(r.id, r);
    }
    this.offlineRefunds.delete(locationId);
  }
}

type Handler = (m: RunModel, e: JournalEvent) => void;

interface TypeTally {
  count: number;
  handler: Handler | undefined;
}

/** A non-empty string, else undefined (an empty reference links nothing). */
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

function lines(v: unknown): Line[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((l: { sku?: unknown; quantity?: unknown }) => ({
    sku: String(l.sku ?? ''),
    quantity: Number(l.quantity ?? 0),
  }));
}

function setOf(sets: Map<string, Set<string>>, key: string): Set<string> {
  let set = sets.get(key);
  if (!set) sets.set(key, (set = new Set()));
  return set;
}

const sameFault = (f: FaultSpan, id: string) => f.id === id || f.id.startsWith(`${id}#`);

function windowSpan(
  id: string,
  type: string,
  match: FaultMatch | undefined,
  w: FaultWindow,
  startT: number,
): FaultSpan[] {
  const system = match?.system;
  if (w.everyMs === undefined || w.untilMs === undefined)
    return [
      {
        id,
        type,
        system,
        fromT: startT + w.fromMs,
        untilT: w.untilMs === undefined ? undefined : startT + w.untilMs,
      },
    ];
  // A repeating window: one span per cycle (bounded: the run's end is applied by the checks).
  const spans: FaultSpan[] = [];
  const length = w.untilMs - w.fromMs;
  for (let from = w.fromMs, n = 0; n < 1000; from += w.everyMs, n++)
    spans.push({
      id: `${id}#${n + 1}`,
      type,
      system,
      fromT: startT + from,
      untilT: startT + from + length,
    });
  return spans;
}

const HANDLERS: Record<string, Handler> = {
  'run:started': (m, e) => {
    m.seed = num(e.seed);
    m.startT = e.t;
    if (e.scenario) m.scenario = e.scenario as Scenario;
    if (m.seed !== undefined) m.inventory.useWorld(m.seed, m.scenario?.world);
  },
  'run:finished': (m) => {
    m.finished = true;
  },
  'demand:arrival': (m, e) => {
    m.bucket(e.t).demand++;
    const slip = num(e.slipMs);
    if (slip !== undefined) m.slips.push(slip);
  },
  'http:exchange': (m, e) => {
    m.traffic.add(e);
    const sys = str(e.sys) ?? '?';
    const b = m.bucket(e.t);
    b.requests[sys] = (b.requests[sys] ?? 0) + 1;
    const status = num(e.status);
    if (status === undefined || status >= 400) b.errors[sys] = (b.errors[sys] ?? 0) + 1;
  },
  'mkt:shipment-confirmed': (m, e) => {
    const orderId = String(e.orderId);
    const list = m.confirmations.get(orderId) ?? [];
    list.push({ trackingNumber: str(e.trackingNumber), t: e.t, seq: e.seq });
    m.confirmations.set(orderId, list);
  },
  'fault:added': (m, e) => {
    const w = e.window as FaultWindow | undefined;
    if (!w || m.startT === undefined) return;
    m.faults.push(
      ...windowSpan(String(e.fault), String(e.faultType), e.match as FaultMatch, w, m.startT),
    );
  },
  'fault:removed': (m, e) => {
    const id = String(e.fault);
    // Cut the open windows short; windows that had not started yet never happened.
    m.faults = m.faults.filter((f) => !(sameFault(f, id) && f.fromT >= e.t));
    for (const f of m.faults)
      if (sameFault(f, id) && (f.untilT === undefined || f.untilT > e.t)) f.untilT = e.t;
  },
  'mkt:order-created': (m, e) => {
    const id = String(e.orderId);
    const order: ChannelOrder = {
      id,
      visibleT: e.t,
      seq: e.seq,
      totalCents: num(e.totalCents) ?? 0,
      lines: lines(e.lines),
    };
    m.marketplaceOrders.set(id, order);
    m.inventory.orderTaken(id, order.lines ?? [], e.t, e.seq);
  },
  'mkt:listing-changed': (m, e) => {
    m.inventory.listing(String(e.sku), num(e.quantity) ?? 0, e.t);
  },
  'wms:order-created': (m, e) => {
    const ref = String(e.referenceId);
    const list = m.wmsOrders.get(ref) ?? [];
    list.push({ orderId: String(e.orderId), t: e.t, seq: e.seq });
    m.wmsOrders.set(ref, list);
    m.inventory.routed(ref, e.t);
  },
  'wms:exception': (m, e) => {
    m.wmsExceptions.set(String(e.referenceId), String(e.reason ?? 'exception'));
  },
  'wms:shipped': (m, e) => {
    const ref = String(e.referenceId);
    m.shipments.set(ref, {
      referenceId: ref,
      orderId: String(e.orderId),
      trackingNumber: String(e.trackingNumber),
      t: e.t,
      seq: e.seq,
    });
  },
  'wms:inventory-changed': (m, e) => {
    m.inventory.fulfillable(String(e.sku), num(e.fulfillable) ?? 0, e.t);
  },
  'pos:order-completed': (m, e) => {
    const id = String(e.orderId);
    const order = { id, visibleT: e.t, seq: e.seq, totalCents: num(e.totalCents) ?? 0 };
    // A sale on an offline till is invisible to the target until its store uploads it.
    if (e.offline === true) m.offlineSales.set(id, { ...order, offline: true });
    else m.posOrders.set(id, order);
  },
  'pos:order-uploaded': (m, e) => {
    const id = String(e.orderId);
    const held = m.offlineSales.get(id);
    if (!held || m.posOrders.has(id)) return;
    m.offlineSales.delete(id);
    m.posOrders.set(id, { ...held, visibleT: e.t, seq: e.seq });
  },
  'pos:refund-created': (m, e) => {
    const id = String(e.refundId);
    const refund: ChannelOrder = {
      id,
      visibleT: e.t,
      seq: e.seq,
      totalCents: num(e.amountCents) ?? 0,
    };
    if (e.offline === true) m.holdRefund(String(e.locationId), { ...refund, offline: true });
    else m.posRefunds.set(id, refund);
  },
  'pos:store-online': (m, e) => {
    m.releaseRefunds(String(e.locationId), e.t);
  },
  'webhook:attempt': (m, e) => {
    if (e.ok !== true) return;
    const sys = String(e.sys);
    const id = String(e.id);
    // Hundreds of thousands of ids, nearly all delivered once: a set keeps them in less memory
    // than a counter per id, and `add` alone tells a first delivery (the set grew).
    const ids = setOf(m.webhookDeliveries, sys);
    const before = ids.size;
    ids.add(id);
    if (ids.size > before) return;
    const again = setOf(m.webhookRedeliveries, sys);
    if (again.has(id)) return;
    again.add(id);
    m.redeliveredWebhooks++;
  },
  'erp:record-created': (m, e) => {
    const tx: ErpTx = {
      id: String(e.id),
      recordType: String(e.recordType),
      t: e.t,
      seq: e.seq,
      externalId: str(e.externalId),
      otherRefNum: str(e.otherRefNum),
      createdFrom: str(e.createdFrom),
      totalCents: num(e.total),
      lines: lines(e.lines),
    };
    m.erp.set(tx);
  },
  'erp:record-updated': (m, e) => {
    const tx = m.erp.get(String(e.recordType), String(e.id));
    if (!tx) return;
    tx.externalId = str(e.externalId) ?? tx.externalId;
    tx.otherRefNum = str(e.otherRefNum) ?? tx.otherRefNum;
  },
  'erp:record-deleted': (m, e) => {
    m.erp.delete(String(e.recordType), String(e.id));
  },
};

/** The handlers by event type (a map: `add` looks one up per event, and no prototype keys). */
const HANDLER_OF = new Map(Object.entries(HANDLERS));
