import type { EventFields, JournalEvent } from '../journal/events.js';
import { PricingModel } from './pricing.js';
import type { IntegritySummary } from '../journal/reader.js';
import type { Scenario } from '../scenarios/types.js';
import { ErpDocuments, type ErpDocument } from './erp-documents.js';
import type { FaultSpan } from './faults.js';
import { HANDLER_OF, type Handler } from './fold/index.js';
import { InventoryTracker } from './inventory.js';
import { TrafficStats } from './traffic.js';

/** The machine's load during the run, as the runner measured it (`run:load`). */
export type HarnessLoadFigures = Omit<EventFields['run:load'], 'sys'>;

export type { ErpDocument } from './erp-documents.js';
export type { FaultSpan } from './faults.js';

/**
 * What the oracle knows about a run, built in ONE pass over the journal's business events (the
 * oracle reads only the journal; docs/journal.md). Everything is keyed by the cross-system
 * references, so a check is a lookup, not a search; memory grows with the number of business
 * objects, not with the number of requests (requests are folded into `TrafficStats` as they
 * stream by). The handlers that fold each event family live in `fold/`.
 */

/** A line as the flows compare them: SKU and units. */
export interface Line {
  sku: string;
  quantity: number;
}

/** A channel order or a completed store sale/refund the target must carry. */
export interface ChannelOrder {
  id: string;
  /** Scenario ms it became visible to the target (a late-uploaded store sale: the upload time). */
  visibleT: number;
  seq: number;
  totalCents: number;
  lines?: Line[];
  offline?: boolean;
  /** The system it came from (`marketplace`, `pos`, …): lag is judged per channel. */
  channel?: string;
  /** Where it was sold (a store sale's or refund's location, the POS's id). */
  locationId?: string;
  /** The store's world id (`ST-001`), as the ERP knows it: reconciliation groups by it. */
  store?: string;
  /** The business day it belongs to (YYYY-MM-DD, UTC): when it was sold, not when it was seen. */
  day?: string;
  /** A refund's sale. */
  saleId?: string;
}

export interface Shipment {
  /** The channel order shipped. */
  sourceOrderId: string;
  /** The warehouse's own order id. */
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

/** One settlement period of a channel, as the journal told it. */
export interface SettlementGroup {
  id: string;
  /** Signed cents of the events released into it, by kind (refund charges under `refunds`). */
  chargesCents: number;
  feesCents: number;
  refundsCents: number;
  adjustmentsCents: number;
  events: number;
  /** Set when it closed. */
  closed?: { t: number; netCents: number; transfer: boolean };
  /** Scenario ms the payout was initiated / reached the bank. */
  initiatedT?: number;
  succeededT?: number;
}

/** Per scenario-second bucket, for the report's timeline. */
export interface Bucket {
  demand: number;
  requests: Record<string, number>;
  errors: Record<string, number>;
}

interface TypeTally {
  count: number;
  handler: Handler | undefined;
}

export class RunModel {
  scenario: Scenario | undefined;
  seed: number | undefined;
  /** The journal's schema version (`run:started`; 1 when absent). */
  schema = 1;
  /** The world digest the run announced, if it did (schema 2 on). */
  worldDigest: string | undefined;
  omnichaosVersion: string | undefined;
  startT: number | undefined;
  lastT: number | undefined;
  lastW = 0;
  events = 0;
  /** Torn or unparseable lines (a killed run leaves at most one). */
  problems = 0;
  /** What reading the journal file found (gaps, corrupt lines, a torn tail); unset when live. */
  integrity: IntegritySummary | undefined;
  finished = false;
  /** The simulators the run started (`run:started`). */
  simulators: string[] = [];
  /** Business event family (`erp`, `warehouse`, …) → the system its events came from. */
  readonly familySystems = new Map<string, string>();
  /** The target exited on its own before the run ended (the runner did not stop it). */
  targetDied: { code: number | string | undefined; t: number } | undefined;
  /** Per event type, in order of first appearance: how many were folded and what folds them. */
  private readonly types = new Map<string, TypeTally>();

  /** Orders visible on a sales channel, by order id. */
  readonly channelOrders = new Map<string, ChannelOrder>();
  /** Completed store sales visible to the target, by sale id. */
  readonly storeSales = new Map<string, ChannelOrder>();
  readonly storeRefunds = new Map<string, ChannelOrder>();
  /** Sales rung up on an offline till, not yet uploaded. */
  readonly offlineSales = new Map<string, ChannelOrder>();
  /** Hidden (offline) refunds by location, waiting for their store to come back. */
  private readonly offlineRefunds = new Map<string, ChannelOrder[]>();

  /** Live ERP documents by kind and id. */
  readonly erp = new ErpDocuments();
  /** Warehouse orders by the channel order they carry. */
  /** Warehouse orders by the reference they carry (a channel order id, or whatever was sent). */
  readonly warehouseOrders = new Map<
    string,
    { orderId: string; t: number; seq: number; lines?: Line[] }[]
  >();
  readonly warehouseExceptions = new Map<string, string>();
  /** Warehouse shipments by the channel order shipped. */
  readonly shipments = new Map<string, Shipment>();
  /** Shipment confirmations on the channel, by channel order id. */
  readonly confirmations = new Map<string, Confirmation[]>();
  faults: FaultSpan[] = [];
  /** sys → ids of the webhook messages delivered successfully (at least once). */
  readonly webhookDeliveries = new Map<string, Set<string>>();
  /** sys → ids of the webhook messages delivered successfully more than once. */
  readonly webhookRedeliveries = new Map<string, Set<string>>();
  /** Webhook messages delivered successfully more than once. */
  redeliveredWebhooks = 0;
  /** Forged deliveries sent, and each forged claim → the webhook message it was forged on. */
  readonly forged = { deliveries: 0, claims: new Map<string, string>() };
  /**
   * Business effects carrying a forged claim: shipments confirmed with a forged tracking number,
   * ERP records and warehouse orders of an order only a forged delivery named.
   */
  readonly forgedEffects: { orderId: string; claim: string; eventId: string; t: number }[] = [];
  /** Settlement periods (payouts) by group id (fold/settlement.ts). */
  readonly settlementGroups = new Map<string, SettlementGroup>();
  /** Groups each order's shipment events landed in, by channel order id. */
  readonly settledShipments = new Map<string, string[]>();
  readonly timeline = new Map<number, Bucket>();
  readonly traffic = new TrafficStats();
  readonly inventory = new InventoryTracker();
  /** The ERP's and the channels' price timelines and order prices (oracle/pricing.ts). */
  readonly pricing = new PricingModel();
  /** Arrival slippage of the demand driver (wall ms late), for the report. */
  readonly slips: number[] = [];
  /** How loaded the machine was during the run (`run:load`); unset in older journals. */
  load: HarnessLoadFigures | undefined;

  /** Values the checks derive from the folded events (see `memo`). */
  private readonly derived = new Map<string, unknown>();
  private derivedAt = -1;

  /**
   * A value derived from the model, computed once while no event is added — several checks
   * share the same lookups (sales orders by channel order, arrivals), and on a million-order run
   * building one costs seconds.
   *
   * @example const byOrder = model.memo('erpOrdersByChannelOrder', () => model.erpBy(['sales-order'], link))
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
    if (tally.count === 1 && e.sys !== undefined) {
      const family = e.type.slice(0, e.type.indexOf(':'));
      if (!this.familySystems.has(family)) this.familySystems.set(family, e.sys);
    }
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

  /** ERP documents of some kinds grouped by a link key (see `ErpDocuments.by`). */
  erpBy(
    kinds: Parameters<ErpDocuments['by']>[0],
    link: (doc: ErpDocument) => string | undefined,
  ): Map<string, ErpDocument[]> {
    return this.erp.by(kinds, link);
  }

  /** @internal a refund made on an offline till waits for its store. */
  holdRefund(locationId: string, refund: ChannelOrder): void {
    const list = this.offlineRefunds.get(locationId) ?? [];
    list.push(refund);
    this.offlineRefunds.set(locationId, list);
  }

  /** @internal a store came back: its held refunds become visible now. */
  releaseRefunds(locationId: string, t: number): void {
    for (const r of this.offlineRefunds.get(locationId) ?? []) {
      r.visibleT = t;
      this.storeRefunds.set(r.id, r);
    }
    this.offlineRefunds.delete(locationId);
  }
}
