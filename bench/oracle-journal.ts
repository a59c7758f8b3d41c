/**
 * Oracle benchmark (docs/architecture.md: "the oracle judges a 1,000,000-order journal in ≤ 30 s").
 *
 * Writes a synthetic journal of N channel orders (40% marketplace orders, 60% store sales) with
 * the events a real run writes for each flow, then times the fold (`foldRunJournal`) + `judge`
 * on it — the same verdict computation `omnichaos report` runs — and the reports it writes
 * (`commandSeconds`: what the command takes).
 *
 * The journal is what a clean run of a well-behaved integration looks like at 50 orders per
 * scenario second (a big retailer's peak day, compressed 20×): every order lands in the ERP once,
 * ships and is confirmed, listings follow stock. It still meets faults — repeating ERP
 * maintenance windows (503 + Retry-After, honoured), a marketplace throttle storm (429s,
 * retried), lost ERP responses (reset, retried under the same external id), an offline store
 * (sales uploaded late), duplicated and failed webhook deliveries — so every check has work.
 *
 * Shapes follow the simulators (field names and order of `Journal.append`: `seq`, `t`, `w`,
 * `type`, then fields) and test/support/journal-builder.ts; the events-per-order ratio follows
 * the demo runs (see `EVENTS_PER_ORDER_SEEN`): this one writes 18.9 events and ~4.8 KB per order
 * (1,000,000 orders: 18.9 M events, 4.85 GB). Deterministic: one seeded stream
 * (`streamFor(seed, 'oracle-bench')`), no ambient time or randomness in the journal.
 *
 * Where the time goes at that size (2 shared CPUs, Node 20): reading and `JSON.parse` of the
 * lines alone take ~37 s, before any folding — a one-thread NDJSON oracle cannot meet 30 s here.
 *
 *   BENCH_ORACLE_ORDERS=1000000 node dist/bench/oracle-journal.js
 *
 * Also: `BENCH_ORACLE_FILE=path` keeps the journal there, `BENCH_ORACLE_REUSE=1` judges that
 * file again without generating it, `BENCH_ORACLE_REPORTS=0` does not time `writeReports` (and `commandSeconds`),
 * `BENCH_ORACLE_MODEL_FILE=0` does not write the model file and time `report` reading it,
 * `BENCH_ORACLE_PARSE=1` first times a read-and-parse-only pass (`parseSeconds`: what folding
 * costs on top of it is `foldSeconds - parseSeconds`).
 */
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { judge } from '../oracle/judge.js';
import { RunModel } from '../oracle/model.js';
import { ev, JOURNAL_SCHEMA_VERSION } from '../journal/events.js';
import { faultKind } from '../chaos/registry.js';
import { withReading } from '../simulators/core/exchange-reading.js';
import { registeredSimulator } from '../simulators/index.js';
import type { ErpDocumentKind, EventInit, JournalEvent } from '../journal/events.js';
import { readJournalBatches } from '../journal/reader.js';
import { foldRunJournal, writeReports } from '../report/index.js';
import { MODEL_FILE, modelFileOf, writeModelFile } from '../oracle/model-file.js';
import type { FaultMatch, FaultWindow, Scenario } from '../scenarios/types.js';
import { TimerHeap } from '../simulators/core/heap.js';
import { createWorld, worldOptionsOf } from '../world/index.js';
import { streamFor, type Rng } from '../world/rng.js';

/** Events per channel order in the demo runs this generator imitates (`omnichaos demo`). */
export const EVENTS_PER_ORDER_SEEN = {
  /** 1,446 events / (30 marketplace orders + 60 sales): no shipments inside two minutes. */
  smoke: 16.1,
  /** 13,078 events / (215 marketplace orders + 432 sales): ships, confirms, lost responses. */
  lostResponses: 20.2,
};

const START_T = 1_795_755_600_000; // 2026-11-27 05:00 UTC, the demos' epoch
const SPEED = 20;
/** Wall ms the runner spends starting the target before demand starts. */
const BOOT_WALL_MS = 5_000;
const ORDERS_PER_SEC = 50;
const MARKETPLACE_SHARE = 0.4;
const SHIP_AFTER_MS = 360_000;
const REFUND_SHARE = 0.02;
const LOST_RESPONSE_P = 0.005;
const DUPLICATE_WEBHOOK_P = 0.01;
const FAILED_WEBHOOK_P = 0.005;
const THROTTLED_P = 0.01;
const STORM_THROTTLED_P = 0.3;
/** Below this many available units a SKU is restocked (a receipt 60 s later). */
const LOW_STOCK = 40;
const RESTOCK_UNITS = 500;
const WEBHOOK_URL = 'http://127.0.0.1:40339/webhooks';

interface Line {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

interface SkuStock {
  sku: string;
  priceCents: number;
  onHand: number;
  fulfillable: number;
  /** Units sold on the marketplace, not yet routed to the WMS. */
  unrouted: number;
  listing: number;
  restocking: boolean;
}

interface ExchangeSpec {
  op: string;
  method: string;
  path: string;
  /** The chaos engine's logical key (same key = a retry of the same call). */
  key: string;
  attempt?: number;
}

interface PosSale {
  orderId: string;
  totalCents: number;
  lines: Line[];
  store: Store;
}

interface Store {
  id: string;
  locationId: string;
  /** Sales rung up while the store is offline, waiting for upload. */
  offline?: PosSale[];
}

interface MarketplaceOrder {
  id: string;
  lines: Line[];
  totalCents: number;
  wmsId: number;
  salesOrderId?: string;
}

/** An ERP write the integration makes, retried until it is done. */
interface ErpWrite {
  op: string;
  path: string;
  /** The business document and the NetSuite record type it is written as. */
  document: ErpDocumentKind;
  recordType: string;
  externalId: string;
  otherRefNum: string;
  createdFrom?: string;
  totalCents?: number;
  lines?: Line[];
  /** Where the lines' stock moves: the warehouse, or the store of a cash sale. */
  location: string;
  attempt: number;
  done?: (id: string) => void;
}

/** A fault window, absolute scenario ms. */
interface Window {
  fromT: number;
  untilT: number;
}

/** Where the synthetic run's events go. */
interface Sink {
  seq: number;
  emit(t: number, event: EventInit): void;
  flush(): void;
}

const wallOf = (t: number) => Math.round(((t - START_T) / SPEED + BOOT_WALL_MS) * 1000) / 1000;

/**
 * Events straight into a model, as `omnichaos run` feeds its live model while the run goes
 * (decision 0009): no file, no parsing.
 */
class ModelSink implements Sink {
  seq = 0;
  constructor(private readonly model: RunModel) {}

  emit(t: number, init: EventInit): void {
    this.model.add({ seq: ++this.seq, t, w: wallOf(t), ...init } as JournalEvent);
  }

  flush(): void {}
}

/** Appends NDJSON lines in 1 MiB chunks; `seq`, `t`, `w`, `type` first, like `Journal.append`. */
class NdjsonSink implements Sink {
  seq = 0;
  bytes = 0;
  private chunk: string[] = [];
  private chunkChars = 0;

  constructor(
    private readonly fd: number,
    /** Also fed every event, as `omnichaos run` feeds its live model. */
    private readonly model?: RunModel,
  ) {}

  emit(t: number, init: EventInit): void {
    const event = { seq: ++this.seq, t, w: wallOf(t), ...init };
    this.model?.add(event as JournalEvent);
    const line = JSON.stringify(event) + '\n';
    this.chunk.push(line);
    this.chunkChars += line.length;
    if (this.chunkChars >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.chunk.length === 0) return;
    this.bytes += writeSync(this.fd, this.chunk.join(''));
    this.chunk = [];
    this.chunkChars = 0;
  }
}

const CREDENTIALS: Record<string, string> = {
  erp: 'tba:6590f366',
  wms: 'wms-token',
  pos: 'pos-merchant',
  marketplace: 'mkt-seller',
};
const TRAN_PREFIX: Record<string, string> = {
  salesOrder: 'SO',
  itemFulfillment: 'IF',
  cashSale: 'CS',
  cashRefund: 'CR',
};

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const inside = (t: number, w: Window) => t >= w.fromT && t < w.untilT;

/**
 * The run, as a discrete-event simulation: actions sit in a time-ordered heap and write their
 * events when they fire, so the file is in time order and only in-flight orders are in memory.
 */
class SyntheticRun {
  private readonly heap = new TimerHeap();
  private heapSeq = 0;
  private now = START_T;
  private readonly ids = { erp: 0, wms: 0, shipment: 0, ex: new Map<string, number>() };
  private readonly stock: SkuStock[];
  private readonly stores: Store[];
  private erpPausedUntil = 0;
  private readonly maintenance: { fromT: number; lengthMs: number; everyMs: number };
  private readonly storm: Window;
  private readonly offline: Window;
  private readonly counts = { marketplace: 0, pos: 0 };
  readonly scenario: Scenario;
  private readonly worldDigest: string;

  constructor(
    private readonly sink: Sink,
    private readonly rng: Rng,
    private readonly orders: number,
    private readonly seed: number,
  ) {
    const demandMs = Math.ceil((orders / ORDERS_PER_SEC) * 1000);
    this.scenario = scenarioFor(seed, demandMs);
    const world = createWorld(seed, worldOptionsOf(this.scenario));
    this.worldDigest = world.digest();
    const warehouses = Array.from({ length: world.size.warehouses }, (_, i) => world.warehouse(i));
    // Start from the world's stock, as the simulators (and the oracle) do.
    this.stock = world.catalog().map((s) => {
      const start = warehouses.reduce((sum, wh) => sum + world.initialStock(wh.id, s.index), 0);
      return {
        sku: s.sku,
        priceCents: s.priceCents,
        onHand: start,
        fulfillable: start,
        unrouted: 0,
        listing: start,
        restocking: false,
      };
    });
    this.stores = Array.from({ length: world.size.stores }, (_, i) => ({
      id: world.store(i).id,
      locationId: `L${this.token(12).toUpperCase()}`,
    }));
    const plan = faultPlan(demandMs);
    this.maintenance = { ...plan.maintenance, fromT: START_T + plan.maintenance.fromMs };
    this.storm = { fromT: START_T + plan.storm.fromMs, untilT: START_T + plan.storm.untilMs };
    this.offline = { fromT: START_T + plan.store.fromMs, untilT: START_T + plan.store.untilMs };
  }

  /** Write the whole journal. */
  run(): { marketplaceOrders: number; posSales: number } {
    this.start();
    this.at(START_T + 2_000, () => this.arrive(0));
    for (const s of this.stock) if (s.fulfillable < LOW_STOCK) this.restock(s, START_T + 1_000);
    this.at(this.offline.fromT, () => this.storeOffline(true));
    this.at(this.offline.untilT, () => this.storeOffline(false));
    for (let e = this.heap.pop(); e; e = this.heap.pop()) {
      this.now = e.dueAt;
      e.fire();
    }
    this.finish();
    return { marketplaceOrders: this.counts.marketplace, posSales: this.counts.pos };
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────

  private at(t: number, fire: () => void): void {
    this.heap.push({ dueAt: Math.round(t), seq: ++this.heapSeq, cancelled: false, fire });
  }

  private emit(event: EventInit): void {
    this.sink.emit(this.now, event);
  }

  private token(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += BASE62[Math.floor(this.rng.next() * 62)];
    return s;
  }

  private uuid(): string {
    const hex = (n: number) => this.rng.uint32().toString(16).padStart(8, '0').slice(0, n);
    return `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(8)}${hex(4)}`;
  }

  /** Scenario ms for `wallMs` of the integration's own waiting. */
  private wall(wallMs: number): number {
    return wallMs * SPEED;
  }

  /** The id the next exchange into `sys` gets (a `fault:applied` names it before it is journaled). */
  private nextExchangeId(sys: string): string {
    return `${sys}-${(this.ids.ex.get(sys) ?? 0) + 1}`;
  }

  /** An `http:exchange` as stages.ts journals it; `notes` are the dialect's annotations. */
  private exchange(
    sys: string,
    spec: ExchangeSpec,
    status: number | undefined,
    notes: Record<string, unknown> = {},
  ): void {
    const id = this.nextExchangeId(sys);
    this.ids.ex.set(sys, (this.ids.ex.get(sys) ?? 0) + 1);
    this.emit(
      ev.httpExchange(
        withReading(
          {
            sys,
            id,
            op: spec.op,
            method: spec.method,
            path: spec.path,
            status,
            outcome: status === undefined ? 'reset' : 'respond',
            cred: CREDENTIALS[sys],
            key: spec.key,
            attempt: spec.attempt ?? 0,
            ms: Math.round((0.3 + this.rng.next() * 6) * 100) / 100,
            ...notes,
          },
          registeredSimulator(sys)?.readExchange,
        ),
      ),
    );
  }

  /** A webhook: queued now, delivered (sometimes twice, sometimes after a failure) shortly. */
  private webhook(sys: string, topic: string): void {
    const id = this.uuid();
    const url = `${WEBHOOK_URL}/${sys}`;
    this.emit(ev.webhookQueued({ sys, id, topic, url }));
    this.at(this.now + 150 + this.rng.int(0, 300), () => {
      const u = this.rng.next();
      if (u < FAILED_WEBHOOK_P) {
        this.emit(ev.webhookAttempt({ sys, id, topic, attempt: 1, status: 500, ok: false }));
        this.at(this.now + 60_000, () =>
          this.emit(ev.webhookAttempt({ sys, id, topic, attempt: 2, status: 200, ok: true })),
        );
        return;
      }
      const twice = u < FAILED_WEBHOOK_P + DUPLICATE_WEBHOOK_P;
      if (twice)
        this.emit(
          ev.faultApplied({
            sys,
            fault: 'duplicate-webhooks',
            faultType: 'webhook-duplicate',
            key: id,
            attempt: 0,
            topic,
          }),
        );
      this.emit(ev.webhookAttempt({ sys, id, topic, attempt: 1, status: 200, ok: true }));
      if (twice)
        this.emit(
          ev.webhookAttempt({
            sys,
            id,
            topic,
            attempt: 1,
            status: 200,
            ok: true,
            duplicate: 'duplicate-webhooks',
          }),
        );
    });
  }

  // ── run lifecycle ─────────────────────────────────────────────────────────────────────────

  private start(): void {
    this.emit(
      ev.runStarted({
        scenario: this.scenario,
        schema: JOURNAL_SCHEMA_VERSION,
        worldDigest: this.worldDigest,
        seed: this.seed,
        simulators: ['erp', 'pos', 'wms', 'marketplace'],
      }),
    );
    for (const [fault, faultType, match, window] of faultRules(this.scenario))
      this.emit(
        ev.faultAdded({ fault, faultType, faultKind: faultKind(faultType), match, window }),
      );
    this.emit(ev.targetStarted({ pid: 4242, command: 'node server.js' }));
    this.emit(ev.targetHealthy({ afterMs: 1200 }));
    this.emit(ev.runPhase({ phase: 'demand' }));
    // The integration's first ERP write: the walk-in customer every store sale books against.
    this.emit(
      ev.erpDocumentRecorded({
        sys: 'erp',
        document: 'customer',
        record: 'customer',
        id: String(++this.ids.erp),
        externalId: 'OMNI-WALK-IN',
      }),
    );
    this.exchange(
      'erp',
      {
        op: 'customer.upsert',
        method: 'PUT',
        path: '/services/rest/record/v1/customer/eid:OMNI-WALK-IN',
        key: 'customer.upsert:eid:OMNI-WALK-IN',
      },
      204,
      { recordType: 'customer', externalId: 'OMNI-WALK-IN', recordId: String(this.ids.erp) },
    );
  }

  private finish(): void {
    this.now += 1_000;
    this.emit(
      ev.runFinished({
        targetExit: 'SIGTERM',
        arrivals: { 'marketplace-order': this.counts.marketplace, 'pos-sale': this.counts.pos },
      }),
    );
    for (const [fault] of faultRules(this.scenario)) this.emit(ev.faultRemoved({ fault }));
  }

  /** Arrival `i`, then the next one (one pending arrival at a time keeps the heap small). */
  private arrive(i: number): void {
    if (this.rng.next() < MARKETPLACE_SHARE) this.marketplaceOrder(this.counts.marketplace++);
    else this.posSale(this.counts.pos++);
    if (i + 1 === this.orders) {
      this.at(this.now + 1, () => this.emit(ev.runPhase({ phase: 'drain' })));
      return;
    }
    const gapMs = (-Math.log(1 - this.rng.next()) / ORDERS_PER_SEC) * 1000;
    this.at(this.now + gapMs, () => this.arrive(i + 1));
  }

  private demandArrival(channel: string, index: number): void {
    const slipMs = Math.round(this.rng.next() * 300) / 100;
    this.emit(ev.demandArrival({ channel, index, slipMs }));
  }

  // ── marketplace → WMS → ERP → ship → confirm ──────────────────────────────────────────────

  private pickLines(): Line[] {
    const n = this.rng.next() < 0.75 ? 1 : this.rng.next() < 0.8 ? 2 : 3;
    const lines: Line[] = [];
    for (let k = 0; k < n; k++) {
      const quantity = this.rng.next() < 0.85 ? 1 : 2;
      // The marketplace only sells what it lists: walk to the next SKU with enough stock (after
      // a whole round, stock arrives: a run never stalls for want of it).
      let i = this.rng.int(0, this.stock.length - 1);
      const taken = (s: SkuStock) => lines.some((l) => l.sku === s.sku);
      for (
        let step = 0;
        this.available(this.stock[i]!) < quantity || taken(this.stock[i]!);
        step++
      ) {
        if (step >= this.stock.length && !taken(this.stock[i]!)) this.receive(this.stock[i]!);
        else i = (i + 1) % this.stock.length;
      }
      const s = this.stock[i]!;
      lines.push({ sku: s.sku, quantity, unitPriceCents: s.priceCents });
    }
    return lines;
  }

  private available(s: SkuStock): number {
    return s.fulfillable - s.unrouted;
  }

  private marketplaceOrder(index: number): void {
    const id = `${this.rng.int(111, 999)}-${String(this.rng.int(0, 9_999_999)).padStart(7, '0')}-${String(index).padStart(7, '0')}`;
    const lines = this.pickLines();
    const totalCents = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
    const order: MarketplaceOrder = { id, lines, totalCents, wmsId: 0 };
    this.emit(
      ev.channelOrderVisible({
        sys: 'marketplace',
        orderId: id,
        index,
        placedAt: this.now - 5,
        lines,
        totalCents,
      }),
    );
    for (const l of lines) this.stockOf(l.sku).unrouted += l.quantity;
    this.at(this.now + 8, () => {
      for (const l of lines) {
        const s = this.stockOf(l.sku);
        s.listing -= l.quantity;
        this.emit(
          ev.listingQuantityChanged({
            sys: 'marketplace',
            sku: l.sku,
            quantity: s.listing,
            reason: 'order',
          }),
        );
        if (this.available(s) < LOW_STOCK) this.restock(s, this.now + 60_000);
      }
      this.webhook('marketplace', 'ORDER_CHANGE');
      this.demandArrival('marketplace-order', index);
    });
    this.at(this.now + 300 + this.rng.int(0, 2_200), () => this.ingest(order));
  }

  private stockOf(sku: string): SkuStock {
    return this.stock[Number(sku.slice(4))]!;
  }

  /** The WMS journals a SKU's new levels, as ShipBob's inventory changes do in a real run. */
  private wmsStockChanged(s: SkuStock, reason: string): void {
    this.emit(
      ev.warehouseStockChanged({
        sys: 'wms',
        sku: s.sku,
        onHand: s.onHand,
        committed: s.onHand - s.fulfillable,
        fulfillable: s.fulfillable,
        reason,
      }),
    );
  }

  /** The integration reads the order, routes it to the WMS, books it in the ERP. */
  private ingest(order: MarketplaceOrder): void {
    this.marketplaceCall(
      {
        op: 'getOrderItems',
        method: 'GET',
        path: `/orders/v0/orders/${order.id}/orderItems`,
        key: `getOrderItems:${order.id}`,
      },
      200,
      { orderId: order.id },
      () => undefined,
    );
    this.at(this.now + 20 + this.rng.int(0, 200), () => this.routeToWms(order));
    this.at(this.now + 40 + this.rng.int(0, 400), () =>
      this.erpWrite({
        op: 'salesOrder.create',
        path: '/services/rest/record/v1/salesOrder',
        document: 'sales-order',
        recordType: 'salesOrder',
        externalId: order.id,
        otherRefNum: order.id,
        totalCents: order.totalCents,
        lines: order.lines,
        location: 'WH-1',
        attempt: 0,
        done: (soId) => (order.salesOrderId = soId),
      }),
    );
  }

  private routeToWms(order: MarketplaceOrder): void {
    order.wmsId = 310_000_000 + ++this.ids.wms;
    for (const l of order.lines) {
      const s = this.stockOf(l.sku);
      s.fulfillable -= l.quantity;
      this.wmsStockChanged(s, 'order-committed');
    }
    const lines = order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
    this.emit(
      ev.warehouseOrderReceived({
        sys: 'wms',
        orderId: String(order.wmsId),
        sourceOrderId: order.id,
        lines,
        status: 'Processing',
      }),
    );
    for (const l of order.lines) this.stockOf(l.sku).unrouted -= l.quantity;
    this.exchange(
      'wms',
      {
        op: 'order.create',
        method: 'POST',
        path: '/2026-01/order',
        key: `order.create:${order.id}`,
      },
      201,
      { externalId: order.id, orderId: order.wmsId },
    );
    // The integration pushes the new availability of the first line to the listing (same value).
    const first = this.stockOf(order.lines[0]!.sku);
    this.at(this.now + 200 + this.rng.int(0, 800), () => this.patchListing(first, false));
    this.at(this.now + SHIP_AFTER_MS + this.rng.int(0, 60_000), () => this.ship(order));
  }

  private ship(order: MarketplaceOrder): void {
    const shipmentId = 520_000_000 + ++this.ids.shipment;
    const trackingNumber = String(this.rng.int(100_000_000, 999_999_999)) + '123';
    this.emit(
      ev.warehouseOrderStatus({
        sys: 'wms',
        orderId: String(order.wmsId),
        sourceOrderId: order.id,
        status: 'Fulfilled',
      }),
    );
    this.emit(
      ev.warehouseOrderShipped({
        sys: 'wms',
        orderId: String(order.wmsId),
        sourceOrderId: order.id,
        shipmentId: String(shipmentId),
        trackingNumber,
        carrier: 'FedEx',
      }),
    );
    for (const l of order.lines) {
      const s = this.stockOf(l.sku);
      s.onHand -= l.quantity;
      this.wmsStockChanged(s, 'shipped');
    }
    this.webhook('wms', 'order.shipped');
    this.at(this.now + 500 + this.rng.int(0, 30_000), () => this.confirm(order, trackingNumber));
    this.at(this.now + 500 + this.rng.int(0, 30_000), () => this.fulfil(order));
  }

  private confirm(order: MarketplaceOrder, trackingNumber: string, attempt = 0): void {
    this.marketplaceCall(
      {
        op: 'confirmShipment',
        method: 'POST',
        path: `/orders/v0/orders/${order.id}/shipmentConfirmation`,
        key: `confirmShipment:${order.id}`,
        attempt,
      },
      204,
      { orderId: order.id, trackingNumber },
      () => {
        this.emit(
          ev.channelShipmentConfirmed({
            sys: 'marketplace',
            orderId: order.id,
            trackingNumber,
            carrier: 'FedEx',
            packageId: '1',
            items: order.lines.map((l, k) => ({
              itemId: `${order.id.slice(-7)}${k}`,
              sku: l.sku,
              quantity: l.quantity,
            })),
            status: 'Shipped',
          }),
        );
        this.webhook('marketplace', 'ORDER_CHANGE');
      },
      () => this.confirm(order, trackingNumber, attempt + 1),
    );
  }

  private fulfil(order: MarketplaceOrder): void {
    if (order.salesOrderId === undefined) {
      this.at(this.now + 10_000, () => this.fulfil(order));
      return;
    }
    this.erpWrite({
      op: 'salesOrder.transform.itemFulfillment',
      path: `/services/rest/record/v1/salesOrder/eid:${order.id}/!transform/itemFulfillment`,
      document: 'fulfillment',
      recordType: 'itemFulfillment',
      externalId: `FUL-${order.id}`,
      otherRefNum: order.id,
      createdFrom: order.salesOrderId,
      lines: order.lines,
      location: 'WH-1',
      attempt: 0,
    });
  }

  // ── inventory sync ────────────────────────────────────────────────────────────────────────

  /** Order stock for `s`, arriving at `t` (once at a time). */
  private restock(s: SkuStock, t: number): void {
    if (s.restocking) return;
    s.restocking = true;
    this.at(t, () => {
      s.restocking = false;
      this.receive(s);
    });
  }

  /** Stock arrives at the warehouse now; the integration lists it a few seconds later. */
  private receive(s: SkuStock): void {
    s.onHand += RESTOCK_UNITS;
    s.fulfillable += RESTOCK_UNITS;
    this.wmsStockChanged(s, 'receipt');
    this.at(this.now + 1_000 + this.rng.int(0, 4_000), () => this.patchListing(s, true));
  }

  private patchListing(s: SkuStock, change: boolean, attempt = 0): void {
    const quantity = Math.max(0, this.available(s));
    this.marketplaceCall(
      {
        op: 'patchListingsItem',
        method: 'PATCH',
        path: `/listings/2021-08-01/items/AFYGI65FE6BMHQ/${s.sku}`,
        key: `patchListingsItem:${s.sku}`,
        attempt,
      },
      200,
      { externalId: s.sku, submissionId: this.uuid().replace(/-/g, ''), quantity },
      () => {
        if (!change || s.listing === quantity) return;
        s.listing = quantity;
        this.emit(
          ev.listingQuantityChanged({ sys: 'marketplace', sku: s.sku, quantity, reason: 'patch' }),
        );
      },
      () => this.patchListing(s, change, attempt + 1),
    );
  }

  /**
   * An SP-API call. With `retry`, it is throttled now and then (more inside the storm window)
   * and `retry` runs 1–3 wall seconds later; otherwise `ok` journals the business events, then
   * the exchange is journaled (the simulators journal the exchange after the handler).
   */
  private marketplaceCall(
    spec: ExchangeSpec,
    status: number,
    notes: Record<string, unknown>,
    ok: () => void,
    retry?: () => void,
  ): void {
    const storm = inside(this.now, this.storm);
    if (retry && this.rng.next() < (storm ? STORM_THROTTLED_P : THROTTLED_P)) {
      if (storm)
        this.emit(
          ev.faultApplied({
            sys: 'marketplace',
            fault: 'amazon-throttle-storm/1',
            faultType: 'throttle',
            id: this.nextExchangeId('marketplace'),
            key: spec.key,
            attempt: spec.attempt ?? 0,
          }),
        );
      this.exchange('marketplace', spec, 429);
      this.at(this.now + this.wall(1_000 + this.rng.int(0, 2_000)), retry);
      return;
    }
    ok();
    this.exchange('marketplace', spec, status, notes);
  }

  /** The ERP maintenance window open at `t` (it repeats every `everyMs`), if any. */
  private maintenanceAt(t: number): Window | undefined {
    const { fromT, lengthMs, everyMs } = this.maintenance;
    if (t < fromT) return undefined;
    const cycleT = fromT + Math.floor((t - fromT) / everyMs) * everyMs;
    return t < cycleT + lengthMs ? { fromT: cycleT, untilT: cycleT + lengthMs } : undefined;
  }

  // ── ERP writes (the integration's client: honours Retry-After, retries lost responses) ────

  private erpWrite(write: ErpWrite): void {
    if (this.now < this.erpPausedUntil) {
      // Told to wait by a 503: every ERP write waits for the same moment (a shared pause).
      this.at(this.erpPausedUntil + this.rng.int(1_000, 30_000), () => this.erpWrite(write));
      return;
    }
    const key = `${write.op}:eid:${write.externalId}`;
    const spec = { op: write.op, method: 'POST', path: write.path, key, attempt: write.attempt };
    const window = this.maintenanceAt(this.now);
    if (window) {
      const retryAfter = Math.max(1, Math.ceil((window.untilT - this.now) / SPEED / 1000));
      this.emit(
        ev.faultApplied({
          sys: 'erp',
          fault: 'erp-maintenance/1',
          faultType: 'outage',
          id: this.nextExchangeId('erp'),
          key,
          attempt: write.attempt,
        }),
      );
      this.exchange('erp', spec, 503, { retryAfter, faults: ['erp-maintenance/1'] });
      this.erpPausedUntil = this.now + this.wall(retryAfter * 1000);
      write.attempt++;
      this.at(this.erpPausedUntil + this.rng.int(1_000, 30_000), () => this.erpWrite(write));
      return;
    }
    const id = String(++this.ids.erp);
    const total = write.totalCents;
    this.emit(
      ev.erpDocumentRecorded({
        sys: 'erp',
        document: write.document,
        record: write.recordType,
        id,
        externalId: write.externalId,
        sourceOrderId: write.otherRefNum,
        number: `${TRAN_PREFIX[write.recordType] ?? 'TX'}${id}`,
        fromDocumentId: write.createdFrom,
        totalCents: total,
        lines: write.lines?.map((l) => ({
          sku: l.sku,
          quantity: l.quantity,
          rateCents: l.unitPriceCents,
          amountCents: l.unitPriceCents * l.quantity,
          location: write.location,
        })),
      }),
    );
    for (const l of write.lines ?? [])
      this.emit(
        ev.erpStockChanged({
          sys: 'erp',
          sku: l.sku,
          location: write.location,
          deltaOnHand: write.document === 'fulfillment' ? -l.quantity : 0,
          deltaCommitted: write.document === 'sales-order' ? l.quantity : 0,
          reason: write.recordType,
          recordType: write.recordType,
          recordId: Number(id),
        }),
      );
    write.done?.(id);
    const notes: Record<string, unknown> = {
      recordType: write.recordType,
      externalId: write.externalId,
      otherRefNum: write.otherRefNum,
      recordId: id,
    };
    if (write.createdFrom) notes.sourceId = write.createdFrom;
    if (this.rng.next() >= LOST_RESPONSE_P) {
      this.exchange('erp', spec, 204, notes);
      return;
    }
    // The record was written, the answer lost: the retry under the same external id is refused.
    this.emit(
      ev.faultApplied({
        sys: 'erp',
        fault: 'lost-erp-writes',
        faultType: 'lost-response',
        id: this.nextExchangeId('erp'),
        key,
        attempt: write.attempt,
      }),
    );
    this.exchange('erp', spec, undefined, { faults: ['lost-erp-writes'], ...notes });
    this.at(this.now + this.wall(1_000 + this.rng.int(0, 1_000)), () =>
      this.exchange('erp', { ...spec, attempt: write.attempt + 1 }, 400, {
        recordType: write.recordType,
        externalId: write.externalId,
      }),
    );
  }

  // ── store sales → ERP cash sales (and refunds) ────────────────────────────────────────────

  private posSale(index: number): void {
    const store = this.stores[this.rng.int(0, this.stores.length - 1)]!;
    const orderId = `${index.toString(36).padStart(6, '0')}${this.token(21)}`;
    const lines: Line[] = [];
    const n = this.rng.next() < 0.7 ? 1 : 2;
    for (let k = 0; k < n; k++) {
      const s = this.stock[this.rng.int(0, this.stock.length - 1)]!;
      if (lines.some((l) => l.sku === s.sku)) continue;
      lines.push({ sku: s.sku, quantity: this.rng.int(1, 3), unitPriceCents: s.priceCents });
    }
    const totalCents = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
    const offline = store.offline !== undefined;
    this.emit(
      ev.storeSaleCompleted({
        sys: 'pos',
        saleId: orderId,
        locationId: store.locationId,
        totalCents,
        completedAt: new Date(this.now).toISOString(),
        index,
        ...(offline ? { offline: true } : {}),
      }),
    );
    for (const l of lines)
      this.emit(
        ev.storeStockChanged({
          sys: 'pos',
          locationId: store.locationId,
          storeId: store.id,
          sku: l.sku,
          itemId: `${l.sku.slice(4)}${orderId.slice(6, 25)}`,
          state: 'IN_STOCK',
          quantity: 20 + this.rng.int(0, 20),
          delta: -l.quantity,
          reason: 'sale',
          refId: orderId,
        }),
      );
    this.demandArrival('pos-sale', index);
    const sale: PosSale = { orderId, totalCents, lines, store };
    if (offline) store.offline!.push(sale);
    else this.posUpload(sale);
    if (this.rng.next() < REFUND_SHARE)
      this.at(this.now + 600_000 + this.rng.int(0, 3_000_000), () => this.refund(sale));
  }

  /** The sale reaches the POS API: webhooks, then the integration's poll and the cash sale. */
  private posUpload(sale: PosSale): void {
    this.webhook('pos', 'payment.created');
    this.webhook('pos', 'order.updated');
    this.webhook('pos', 'inventory.count.updated');
    this.at(this.now + 300 + this.rng.int(0, 2_500), () => {
      this.exchange(
        'pos',
        {
          op: 'SearchOrders',
          method: 'POST',
          path: '/v2/orders/search',
          key: 'SearchOrders:POST /v2/orders/search',
        },
        200,
      );
      this.at(this.now + 20 + this.rng.int(0, 300), () =>
        this.erpWrite({
          op: 'cashSale.create',
          path: '/services/rest/record/v1/cashSale',
          document: 'sale-receipt',
          recordType: 'cashSale',
          externalId: sale.orderId,
          otherRefNum: sale.orderId,
          totalCents: sale.totalCents,
          lines: sale.lines,
          location: sale.store.id,
          attempt: 0,
        }),
      );
    });
  }

  private refund(sale: PosSale): void {
    if (sale.store.offline) {
      // Refunds at a store that is offline wait for it (keeps the journal simple: no held refunds).
      this.at(this.offline.untilT + this.rng.int(1_000, 60_000), () => this.refund(sale));
      return;
    }
    const line = sale.lines[0]!;
    const refundId = `${this.token(27)}_${this.token(10)}`;
    this.emit(
      ev.storeRefundCompleted({
        sys: 'pos',
        refundId,
        saleId: sale.orderId,
        locationId: sale.store.locationId,
        amountCents: line.unitPriceCents,
      }),
    );
    this.webhook('pos', 'refund.created');
    this.at(this.now + 1_000 + this.rng.int(0, 4_000), () =>
      this.erpWrite({
        op: 'cashRefund.create',
        path: '/services/rest/record/v1/cashRefund',
        document: 'refund',
        recordType: 'cashRefund',
        externalId: refundId,
        otherRefNum: refundId,
        totalCents: line.unitPriceCents,
        lines: [{ ...line, quantity: 1 }],
        location: sale.store.id,
        attempt: 0,
      }),
    );
  }

  /** Store ST-003 loses its network for the window; its sales upload when it is back. */
  private storeOffline(offline: boolean): void {
    const store = this.stores[Math.min(2, this.stores.length - 1)]!;
    const fault = 'store-3-offline';
    const edge = { sys: 'pos', fault, faultType: 'store-offline' };
    this.emit(offline ? ev.faultWindowOpened(edge) : ev.faultWindowClosed(edge));
    if (offline) {
      store.offline = [];
      this.emit(ev.storeOffline({ sys: 'pos', locationId: store.locationId, storeId: store.id }));
      return;
    }
    const held = store.offline ?? [];
    store.offline = undefined;
    for (const sale of held)
      this.emit(
        ev.storeSaleUploaded({
          sys: 'pos',
          saleId: sale.orderId,
          locationId: store.locationId,
          uploadedAt: new Date(this.now).toISOString(),
        }),
      );
    this.emit(
      ev.storeOnline({
        sys: 'pos',
        locationId: store.locationId,
        storeId: store.id,
        uploadedSales: held.length,
        uploadedRefunds: 0,
      }),
    );
    for (const sale of held) this.posUpload(sale);
  }
}

// ── scenario and faults ───────────────────────────────────────────────────────────────────────

interface FaultPlan {
  maintenance: { fromMs: number; lengthMs: number; everyMs: number };
  storm: { fromMs: number; untilMs: number };
  store: { fromMs: number; untilMs: number };
}

/** Fault windows scaled to the demand's length, capped at the lengths of black-friday.yaml. */
function faultPlan(demandMs: number): FaultPlan {
  const lengthMs = Math.round(clamp(demandMs * 0.02, 5_000, 180_000));
  const stormMs = Math.round(clamp(demandMs * 0.05, 10_000, 600_000));
  const storeMs = Math.round(clamp(demandMs * 0.03, 10_000, 360_000));
  return {
    maintenance: {
      fromMs: Math.round(demandMs * 0.2),
      lengthMs,
      everyMs: Math.round(Math.max(demandMs * 0.25, 4 * lengthMs)),
    },
    storm: { fromMs: Math.round(demandMs * 0.5), untilMs: Math.round(demandMs * 0.5) + stormMs },
    store: { fromMs: Math.round(demandMs * 0.6), untilMs: Math.round(demandMs * 0.6) + storeMs },
  };
}

/** The loaded scenario `run:started` carries (what `omnichaos run` would have loaded). */
function scenarioFor(seed: number, demandMs: number): Scenario {
  const plan = faultPlan(demandMs);
  const perSec = (share: number) => [
    { durationMs: demandMs, fromPerSec: ORDERS_PER_SEC * share, toPerSec: ORDERS_PER_SEC * share },
  ];
  const max = (value: number) => ({ op: '<=' as const, value });
  return {
    version: 1,
    name: 'oracle-bench',
    description: 'A synthetic peak day for the oracle benchmark (bench/oracle-journal.ts).',
    seed,
    clock: { durationMs: demandMs, speed: SPEED, drainMs: 15 * 60_000, startMs: START_T },
    world: { skus: 200, warehouses: 1, stores: 6, customers: 5000 },
    demand: {
      marketplace: { stages: perSec(MARKETPLACE_SHARE) },
      pos: { stages: perSec(1 - MARKETPLACE_SHARE), returns: REFUND_SHARE },
    },
    faults: [
      {
        kind: 'preset',
        id: 'erp-maintenance',
        preset: 'erp-maintenance',
        window: {
          fromMs: plan.maintenance.fromMs,
          untilMs: plan.maintenance.fromMs + plan.maintenance.lengthMs,
          everyMs: plan.maintenance.everyMs,
        },
      },
      {
        kind: 'preset',
        id: 'amazon-throttle-storm',
        preset: 'marketplace-throttle-storm',
        window: plan.storm,
      },
      {
        kind: 'fault',
        id: 'store-3-offline',
        type: 'store-offline',
        match: { system: 'pos' },
        window: plan.store,
        frequency: { kind: 'always' },
        params: { stores: ['ST-003'] },
      },
      {
        kind: 'fault',
        id: 'lost-erp-writes',
        type: 'lost-response',
        match: { system: 'erp', method: 'POST' },
        window: { fromMs: 0 },
        frequency: { kind: 'probability', p: LOST_RESPONSE_P },
        params: {},
      },
      {
        kind: 'fault',
        id: 'duplicate-webhooks',
        type: 'webhook-duplicate',
        match: {},
        window: { fromMs: 0 },
        frequency: { kind: 'probability', p: DUPLICATE_WEBHOOK_P },
        params: { copies: 1 },
      },
    ],
    target: {
      command: 'node server.js',
      env: {},
      healthTimeoutMs: 30_000,
      webhooks: {
        pos: `${WEBHOOK_URL}/pos`,
        wms: `${WEBHOOK_URL}/wms`,
        marketplace: `${WEBHOOK_URL}/marketplace`,
      },
    },
    simulators: {
      wms: { pickAfterMs: 120_000, packAfterMs: 240_000, shipAfterMs: SHIP_AFTER_MS },
    },
    flows: ['order-to-erp', 'fulfillment', 'inventory-sync', 'pos-to-erp'],
    expectations: {
      'order-to-erp.exactly-once': max(0),
      'pos-to-erp.exactly-once': max(0),
      'pos-to-erp.totals-match': max(0),
      'fulfillment.shipment-confirmed': max(0),
      'inventory-sync.oversell': max(0),
      'lag.p95': { op: '<=', value: 10 * 60_000, unit: 'ms' },
      'resilience.retry-after': { op: '>=', value: 0.95, unit: 'ratio' },
      'resilience.unsafe-retries': max(0),
    },
  };
}

/** The rules the chaos engine installs for the scenario, as `fault:added` journals them. */
function faultRules(scenario: Scenario): [string, string, FaultMatch, FaultWindow][] {
  return scenario.faults.map((f): [string, string, FaultMatch, FaultWindow] => {
    if (f.kind === 'fault') return [f.id, f.type, f.match, f.window];
    const match: FaultMatch = { system: f.preset === 'erp-maintenance' ? 'erp' : 'marketplace' };
    const type = f.preset === 'erp-maintenance' ? 'outage' : 'throttle';
    return [`${f.id}/1`, type, match, f.window ?? { fromMs: 0 }];
  });
}

// ── the benchmark ─────────────────────────────────────────────────────────────────────────────

/** What `generateOracleJournal` wrote. */
export interface GeneratedJournal {
  orders: number;
  marketplaceOrders: number;
  posSales: number;
  events: number;
  bytes: number;
}

/**
 * Write a synthetic journal of `orders` channel orders to `file` (streaming, deterministic);
 * with `live`, also fold every event into it as the runner does during a run.
 *
 * @example generateOracleJournal('/tmp/j.ndjson', 10_000).events // ≈ 190,000
 */
export function generateOracleJournal(
  file: string,
  orders: number,
  seed = 2026,
  live?: RunModel,
): GeneratedJournal {
  if (!Number.isInteger(orders) || orders < 1)
    throw new Error(`[omnichaos:bench] orders must be a positive integer, got ${orders}`);
  const fd = openSync(file, 'w');
  try {
    const sink = new NdjsonSink(fd, live);
    const run = new SyntheticRun(sink, streamFor(seed, 'oracle-bench'), orders, seed);
    const counts = run.run();
    sink.flush();
    return { orders, ...counts, events: sink.seq, bytes: sink.bytes };
  } finally {
    closeSync(fd);
  }
}

export interface OracleBenchOptions {
  orders: number;
  /** Where to write the journal (kept); default a temporary file, deleted afterwards. */
  file?: string;
  /** Judge `file` as it is when it exists (repeat a measurement without generating again). */
  reuse?: boolean;
  seed?: number;
  /** Also time `writeReports` (judge again, timeline, report.json, junit.xml, report.html). */
  reports?: boolean;
  /**
   * Then write the folded model beside the journal as a finished run does (`journal.model`) and
   * time `omnichaos report` in its own process reading it (`modelFile`).
   */
  modelFile?: boolean;
  /**
   * First time a pass that only reads and parses the file (`parseSeconds`), to tell the cost of
   * `JSON.parse` from the cost of folding. The page cache is warm for the timed fold after it.
   */
  parseOnly?: boolean;
}

export interface OracleBenchResult {
  /** Channel orders in the journal (marketplace orders and store sales). */
  orders: number;
  events: number;
  bytes: number;
  /** 0 when an existing journal was reused. */
  generateSeconds: number;
  /** Fold (as `omnichaos report` folds: `foldRunJournal`) + `judge`, wall clock. */
  judgeSeconds: number;
  /** Of which folding (reading + parsing + the model). */
  foldSeconds: number;
  /** With `parseOnly`: a separate pass that reads and parses the file without folding. */
  parseSeconds?: number;
  /** CPU time of fold + judge (all threads, GC included): steadier than wall on a busy machine. */
  judgeCpuSeconds: number;
  eventsPerSecond: number;
  /** Heap in use with the folded model alive, after judging. */
  heapUsedMB: number;
  verdict: { passed: number; failed: number; notChecked: number };
  /** Checks that did not pass, with what they measured. */
  notPassing: { id: string; verdict: string; measured: number | null; note?: string }[];
  /** With `reports`: seconds `writeReports` took, or why it failed. */
  reportSeconds?: number;
  reportError?: string;
  /**
   * With `reports`: what `omnichaos report <dir>` spends, fold (with the world check) and
   * `writeReports` (which judges once): `foldSeconds + reportSeconds`.
   */
  commandSeconds?: number;
  /** With `modelFile`: `omnichaos report` judging the run's saved model instead. */
  modelFile?: ModelFileFigures | { error: string };
}

const seconds = (fromMs: number) => Math.round((performance.now() - fromMs) / 10) / 100;

/**
 * Generate a journal of `orders` orders, then fold and judge it as `omnichaos report` does.
 *
 * @example const r = await oracleBench({ orders: 10_000 }); r.judgeSeconds
 */
export async function oracleBench(options: OracleBenchOptions): Promise<OracleBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'omnichaos-oracle-bench-'));
  const file = options.file ?? join(dir, 'journal.ndjson');
  try {
    let t0 = performance.now();
    const reused = options.reuse === true && options.file !== undefined && existsSync(file);
    if (!reused) generateOracleJournal(file, options.orders, options.seed);
    const generateSeconds = reused ? 0 : seconds(t0);
    const parseSeconds = options.parseOnly ? await parseOnlySeconds(file) : undefined;
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    // As `omnichaos report` folds: upgrades on, the world the journal names regenerated and checked.
    const model = await foldRunJournal(file);
    const foldSeconds = seconds(t0);
    const verdict = judge(model);
    const judgeSeconds = seconds(t0);
    const cpu = process.cpuUsage(cpu0);
    const heapUsedMB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
    const result: OracleBenchResult = {
      orders: model.channelOrders.size + model.storeSales.size + model.offlineSales.size,
      events: model.events,
      bytes: statSync(file).size,
      generateSeconds,
      judgeSeconds,
      foldSeconds,
      ...(parseSeconds === undefined ? {} : { parseSeconds }),
      judgeCpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
      eventsPerSecond: Math.round(model.events / Math.max(judgeSeconds, 0.001)),
      heapUsedMB,
      verdict: {
        passed: verdict.counts.pass,
        failed: verdict.counts.fail,
        notChecked: verdict.counts.notChecked,
      },
      notPassing: verdict.checks
        .filter((c) => c.verdict !== 'pass')
        .map((c) => ({ id: c.id, verdict: c.verdict, measured: c.measured, note: c.note })),
    };
    if (options.reports) {
      t0 = performance.now();
      try {
        writeReports(dir, model);
        result.reportSeconds = seconds(t0);
        result.commandSeconds = Math.round((foldSeconds + result.reportSeconds) * 100) / 100;
      } catch (err) {
        result.reportError = String(err);
      }
    }
    if (options.modelFile) result.modelFile = modelFileRun(file, model);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `omnichaos report` on a journal with its model file beside it (`OracleBenchResult.modelFile`). */
export interface ModelFileFigures {
  /** `journal.model`'s size. */
  bytes: number;
  /** What writing it costs at the end of a run (`writeModelFile`), wall and CPU. */
  writeSeconds: number;
  writeCpuSeconds: number;
  /** `node bin/omnichaos.js report <dir>` in its own process (default heap), wall clock. */
  commandSeconds: number;
  /** Its CPU (user + system) and peak RSS, from `/usr/bin/time` where there is one. */
  commandCpuSeconds?: number;
  commandPeakRssMB?: number;
  /** What the command said it read: the model file, or the journal and why. */
  read: string;
  exitCode: number | null;
  budgetSeconds: 30;
  holds: boolean;
}

function modelFileRun(file: string, model: RunModel): ModelFileFigures | { error: string } {
  if (basename(file) !== 'journal.ndjson')
    return { error: `the journal must be named journal.ndjson to have a model file (${file})` };
  let t0 = performance.now();
  const cpu0 = process.cpuUsage();
  writeModelFile(file, model);
  const writeSeconds = seconds(t0);
  const cpu = process.cpuUsage(cpu0);
  const bin = fileURLToPath(new URL('../../bin/omnichaos.js', import.meta.url));
  const timed = existsSync('/usr/bin/time');
  t0 = performance.now();
  const run = spawnSync(
    timed ? '/usr/bin/time' : process.execPath,
    [
      ...(timed ? ['-f', 'omnichaos-time %U %S %M', process.execPath] : []),
      bin,
      'report',
      dirname(file),
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const commandSeconds = seconds(t0);
  const time = /omnichaos-time ([\d.]+) ([\d.]+) (\d+)/.exec(run.stderr ?? '');
  const read = /^ {2}read {5}(.*)$/m.exec(run.stdout ?? '')?.[1] ?? `(no read line) ${run.stderr}`;
  return {
    bytes: statSync(modelFileOf(file)).size,
    writeSeconds,
    writeCpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    commandSeconds,
    ...(time && {
      commandCpuSeconds: Math.round((Number(time[1]) + Number(time[2])) * 100) / 100,
      commandPeakRssMB: Math.round(Number(time[3]) / 1024),
    }),
    read,
    exitCode: run.status,
    budgetSeconds: 30,
    holds: commandSeconds <= 30 && read.includes(MODEL_FILE),
  };
}

/** Read and parse every line of a journal, folding nothing: the floor under `foldJournal`. */
async function parseOnlySeconds(file: string): Promise<number> {
  const t0 = performance.now();
  const batches = readJournalBatches(file);
  while ((await batches.next()).done !== true); // each batch is parsed, then dropped
  return seconds(t0);
}

/**
 * What `omnichaos run` pays at the end of a run: its model was fed event by event while the run
 * went (that cost is spread over the run: `feedSeconds`, generation included), so the verdict
 * is one `judge` of a model already folded.
 */
export function liveJudgeBench(orders: number, seed = 2026) {
  const model = new RunModel();
  let t0 = performance.now();
  new SyntheticRun(new ModelSink(model), streamFor(seed, 'oracle-bench'), orders, seed).run();
  const feedSeconds = seconds(t0);
  t0 = performance.now();
  const verdict = judge(model);
  return {
    orders: model.channelOrders.size + model.storeSales.size + model.offlineSales.size,
    events: model.events,
    feedSeconds,
    judgeSeconds: seconds(t0),
    heapUsedMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    verdict: { passed: verdict.counts.pass, failed: verdict.counts.fail },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await oracleBench({
    orders: Number(process.env.BENCH_ORACLE_ORDERS ?? 1_000_000),
    file: process.env.BENCH_ORACLE_FILE,
    reuse: process.env.BENCH_ORACLE_REUSE === '1',
    reports: process.env.BENCH_ORACLE_REPORTS !== '0',
    parseOnly: process.env.BENCH_ORACLE_PARSE === '1',
    modelFile: process.env.BENCH_ORACLE_MODEL_FILE !== '0',
  });
  // The file-based model is garbage by now; the live one is built next, in the same process.
  const live = liveJudgeBench(Number(process.env.BENCH_ORACLE_ORDERS ?? 1_000_000));
  console.log(
    JSON.stringify(
      {
        budgetSeconds: 30,
        // `omnichaos report <dir>`: read the journal file, fold, judge.
        fromFile: result,
        // `omnichaos run`: judge the model fed during the run.
        endOfRun: live,
      },
      null,
      2,
    ),
  );
}
