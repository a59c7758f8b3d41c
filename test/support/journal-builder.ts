import { judge, type Verdict } from '../../oracle/judge.js';
import { RunModel } from '../../oracle/model.js';
import type { CheckResult } from '../../oracle/types.js';
import type { Flow } from '../../scenarios/catalog.js';
import type { Expectation, FaultMatch, FaultWindow, Scenario } from '../../scenarios/types.js';
import {
  ev,
  JOURNAL_SCHEMA_VERSION,
  type ErpDocumentKind,
  type EventFields,
  type EventInit,
  type EventType,
  type JournalEvent,
} from '../../journal/events.js';
import { faultKind } from '../../chaos/registry.js';
import { withReading } from '../../simulators/core/exchange-reading.js';
import { registeredSimulator } from '../../simulators/index.js';

/**
 * A fluent builder for hand-made journals, so oracle tests can state a run event by event and
 * assert exact measurements. Scenario time `t` is `START_T + ms` where `ms` is set with `at(ms)`;
 * wall time `w` follows the same `ms` unless `wall(ms)` moves it apart (Retry-After is judged on
 * `w`). `seq` increases by one per event, from 1.
 *
 * Events are made with the journal's typed constructors (journal/events.ts), the ones the
 * simulators use, so a field the oracle reads cannot be misspelt here either.
 */

/**
 * Scenario epoch ms of `at(0)`.
 *
 * @example journal().at(1000).build()[0]?.t // undefined until an event is added; then START_T + 1000
 */
export const START_T = 1_700_000_000_000;

/**
 * One scenario minute, in ms.
 *
 * @example journal().at(5 * MIN)
 */
export const MIN = 60_000;

/** A line of an order: SKU and units. */
export interface LineSpec {
  sku: string;
  quantity: number;
}

/** The annotations of an `http:exchange` the oracle reads. */
export interface ExchangeSpec {
  sys: string;
  method?: string;
  path?: string;
  /** Omitted: the connection broke before an answer (then set `outcome`). */
  status?: number;
  /** Logical operation, e.g. `createSalesOrder`. */
  op?: string;
  /** Exchange id (the early-retry evidence); defaults to `x<seq>`. */
  id?: string;
  /** Logical key of the request (same key = a retry of the same call). */
  key?: string;
  /** Wall ms the exchange took; it started `ms` before its `w` stamp. */
  ms?: number;
  /** Retry-After as journaled: seconds, a number. */
  retryAfter?: number;
  /** Response headers; a `retry-after` header sets `retryAfter` like the simulators do. */
  headers?: Record<string, string>;
  /** `respond` (default when a status is given), `reset`, `hang`, `truncate`, … */
  outcome?: string;
  externalId?: string;
  idempotencyKey?: string;
  otherRefNum?: string;
  referenceId?: string;
  orderId?: string;
  /** The business reading of the exchange (see `ExchangeFields`). */
  ref?: string;
  writeKey?: string;
  oneShot?: boolean;
  /** Refused for a rate limit without a 429 (Shopify's THROTTLED on HTTP 200). */
  throttled?: boolean;
}

/** A fault rule as `fault:added` journals it (times relative to the run's start). */
export interface FaultSpec {
  type: string;
  system?: string;
  fromMs: number;
  untilMs?: number;
  everyMs?: number;
}

/** ERP document fields the oracle reads. */
export interface ErpSpec {
  externalId?: string;
  sourceOrderId?: string;
  fromDocumentId?: string;
  totalCents?: number;
  lines?: LineSpec[];
  tranDate?: string;
  location?: string;
}

/**
 * A complete loaded `Scenario` for `run:started`, all four flows by default, no expectations.
 *
 * @example scenario({ flows: ['pos-to-erp'], expectations: { 'lag.p95': { op: '<=', value: 1000 } } })
 */
export function scenario(
  overrides: Partial<Omit<Scenario, 'expectations' | 'flows' | 'simulators'>> & {
    flows?: Flow[];
    expectations?: Record<string, Expectation>;
  } = {},
): Scenario {
  return {
    version: 1,
    name: 'hand-built',
    seed: 1,
    clock: { durationMs: 60 * MIN, speed: 60, drainMs: 10 * MIN, startMs: START_T },
    world: {},
    demand: {},
    faults: [],
    target: { env: {}, healthTimeoutMs: 1000, webhooks: {} },
    simulators: {},
    flows: ['order-to-erp', 'fulfillment', 'inventory-sync', 'pos-to-erp'],
    expectations: {},
    ...overrides,
  };
}

/**
 * Builds a `JournalEvent[]` in time order.
 *
 * @example
 * const events = journal()
 *   .runStarted()
 *   .at(1000).mktOrder('113-1', { totalCents: 500, lines: [{ sku: 'A', quantity: 1 }] })
 *   .at(2000).erpCreated('sales-order', '1', { sourceOrderId: '113-1', totalCents: 500 })
 *   .runFinished()
 *   .build();
 */
export class JournalBuilder {
  private readonly events: JournalEvent[] = [];
  private ms = 0;
  private wallMs = 0;

  /**
   * Move scenario time (and wall time with it) to `ms` after the start. Time never goes back.
   *
   * @example journal().at(5 * MIN).runFinished()
   */
  at(ms: number): this {
    if (ms < this.ms) throw new Error(`at(${ms}): time goes back (now ${this.ms})`);
    this.ms = ms;
    this.wallMs = ms;
    return this;
  }

  /**
   * Set wall time (ms since the journal opened) independently of scenario time.
   *
   * @example journal().at(0).wall(100).http({ sys: 'erp', status: 200 })
   */
  wall(ms: number): this {
    this.wallMs = ms;
    return this;
  }

  /**
   * Append any event made with a constructor of journal/events.ts.
   *
   * @example journal().append(ev.storeOnline({ sys: 'pos', locationId: 'L1' }))
   */
  append(init: EventInit): this {
    this.events.push({
      seq: this.events.length + 1,
      t: START_T + this.ms,
      w: this.wallMs,
      ...init,
    } as JournalEvent);
    return this;
  }

  /**
   * Append an event by type and fields (typed like the constructors).
   *
   * @example journal().event('store:online', { sys: 'pos', locationId: 'L1' })
   */
  event<K extends EventType>(type: K, fields: EventFields[K]): this {
    return this.append({ type, ...fields } as EventInit);
  }

  /**
   * Append a line no constructor makes: another schema version's event, or a malformed one.
   *
   * @example journal().raw('channel:order-visible', { sys: 'marketplace', orderId: '113-1' })
   */
  raw(type: string, fields: Record<string, unknown> = {}): this {
    this.events.push({
      ...fields,
      seq: this.events.length + 1,
      t: START_T + this.ms,
      w: this.wallMs,
      type,
    });
    return this;
  }

  /**
   * `run:started`, with the scenario (default: `scenario()`) and optionally a seed. Without a
   * seed the oracle does not regenerate the world, so every SKU starts with 0 stock.
   *
   * @example journal().runStarted({ seed: 7, scenario: scenario({ flows: ['fulfillment'] }) })
   */
  runStarted(options: { seed?: number; scenario?: Scenario; worldDigest?: string } = {}): this {
    return this.append(
      ev.runStarted({
        schema: JOURNAL_SCHEMA_VERSION,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.worldDigest === undefined ? {} : { worldDigest: options.worldDigest }),
        scenario: options.scenario ?? scenario(),
      }),
    );
  }

  /** @example journal().runStarted().at(MIN).runFinished() */
  runFinished(): this {
    return this.append(ev.runFinished({}));
  }

  /** @example journal().demandArrival({ slipMs: 3 }) */
  demandArrival(options: { channel?: string; slipMs?: number } = {}): this {
    return this.append(ev.demandArrival({ channel: 'marketplace-order', ...options }));
  }

  /**
   * An `http:exchange` answered by a simulator, with the business reading its system's
   * `readExchange` gives it (as the journal stage does); `ref`/`writeKey`/… given here are kept
   * where the reader has none.
   *
   * @example journal().http({ sys: 'erp', method: 'POST', op: 'createSalesOrder', status: 429, headers: { 'retry-after': '2' }, key: 'k1' })
   */
  http(spec: ExchangeSpec): this {
    const { headers, ...rest } = spec;
    const header = headers?.['retry-after'] ?? headers?.['Retry-After'];
    return this.append(
      ev.httpExchange(
        withReading(
          {
            method: 'GET',
            path: '/',
            id: `x${this.events.length + 1}`,
            ms: 0,
            outcome: spec.status === undefined ? 'reset' : 'respond',
            ...(header === undefined ? {} : { retryAfter: Number(header) }),
            ...rest,
          },
          registeredSimulator(spec.sys)?.readExchange,
        ),
      ),
    );
  }

  /**
   * `fault:added` for a rule whose window is relative to the run's start, with the fields
   * chaos/engine.ts journals (the rule's type as `faultType`).
   *
   * @example journal().faultAdded('erp-down', { type: 'outage', system: 'erp', fromMs: 0, untilMs: MIN })
   */
  faultAdded(id: string, spec: FaultSpec): this {
    const match: FaultMatch = spec.system ? { system: spec.system as FaultMatch['system'] } : {};
    const window: FaultWindow = { fromMs: spec.fromMs };
    if (spec.untilMs !== undefined) window.untilMs = spec.untilMs;
    if (spec.everyMs !== undefined) window.everyMs = spec.everyMs;
    return this.append(
      ev.faultAdded({
        fault: id,
        faultType: spec.type,
        faultKind: faultKind(spec.type),
        match,
        window,
      }),
    );
  }

  /** @example journal().at(MIN).faultRemoved('erp-down') */
  faultRemoved(id: string): this {
    return this.append(ev.faultRemoved({ fault: id }));
  }

  /** @example journal().mktOrder('113-1', { totalCents: 1999, lines: [{ sku: 'A', quantity: 2 }] }) */
  mktOrder(
    orderId: string,
    options: { totalCents?: number; lines?: LineSpec[]; sys?: string } = {},
  ): this {
    return this.append(
      ev.channelOrderVisible({
        sys: options.sys ?? 'marketplace',
        orderId,
        totalCents: options.totalCents ?? 1000,
        lines: options.lines ?? [],
      }),
    );
  }

  /** `listing:quantity-changed`: the marketplace (or `sys`) now lists `quantity` units of `sku`. */
  listing(sku: string, quantity: number, sys = 'marketplace', reason = 'patch'): this {
    return this.append(ev.listingQuantityChanged({ sys, sku, quantity, reason }));
  }

  /** @example journal().shipmentConfirmed('113-1', '1Z999') */
  shipmentConfirmed(orderId: string, trackingNumber?: string): this {
    return this.append(
      ev.channelShipmentConfirmed({
        sys: 'marketplace',
        orderId,
        ...(trackingNumber === undefined ? {} : { trackingNumber }),
      }),
    );
  }

  /** `warehouse:order-received` for the marketplace order `sourceOrderId`. */
  wmsOrder(sourceOrderId: string, orderId = `wms-${sourceOrderId}`, lines?: LineSpec[]): this {
    return this.append(
      ev.warehouseOrderReceived({ sys: 'wms', sourceOrderId, orderId, ...(lines && { lines }) }),
    );
  }

  /** @example journal().wmsShipped('113-1', '1Z999') */
  wmsShipped(
    sourceOrderId: string,
    trackingNumber: string,
    orderId = `wms-${sourceOrderId}`,
  ): this {
    return this.append(
      ev.warehouseOrderShipped({ sys: 'wms', sourceOrderId, orderId, trackingNumber }),
    );
  }

  /** @example journal().wmsException('113-1', 'damaged') */
  wmsException(sourceOrderId: string, reason = 'exception'): this {
    return this.append(ev.warehouseOrderException({ sys: 'wms', sourceOrderId, reason }));
  }

  /** `warehouse:stock-changed`: the WMS can now fulfil `fulfillable` units of `sku`. */
  wmsInventory(sku: string, fulfillable: number): this {
    return this.append(ev.warehouseStockChanged({ sys: 'wms', sku, fulfillable }));
  }

  /** @example journal().posOrder('sq-1', 1250, { offline: true, locationId: 'L1' }) */
  posOrder(
    orderId: string,
    totalCents: number,
    options: {
      offline?: boolean;
      locationId?: string;
      storeId?: string;
      completedAt?: string;
    } = {},
  ): this {
    return this.append(
      ev.storeSaleCompleted({
        sys: 'pos',
        saleId: orderId,
        totalCents,
        locationId: options.locationId ?? 'L1',
        ...(options.storeId !== undefined && { storeId: options.storeId }),
        ...(options.completedAt !== undefined && { completedAt: options.completedAt }),
        ...(options.offline ? { offline: true } : {}),
      }),
    );
  }

  /** A sale from an offline till reaches the POS (it becomes visible to the target). */
  posUploaded(orderId: string, locationId = 'L1'): this {
    return this.append(ev.storeSaleUploaded({ sys: 'pos', saleId: orderId, locationId }));
  }

  /** @example journal().posRefund('rf-1', 500, { offline: true, locationId: 'L2' }) */
  posRefund(
    refundId: string,
    amountCents: number,
    options: { orderId?: string; offline?: boolean; locationId?: string; storeId?: string } = {},
  ): this {
    return this.append(
      ev.storeRefundCompleted({
        sys: 'pos',
        refundId,
        amountCents,
        saleId: options.orderId ?? 'sq-?',
        locationId: options.locationId ?? 'L1',
        ...(options.storeId !== undefined && { storeId: options.storeId }),
        ...(options.offline ? { offline: true } : {}),
      }),
    );
  }

  /** `store:online`: held offline refunds of the location become visible. */
  storeOnline(locationId: string): this {
    return this.append(ev.storeOnline({ sys: 'pos', locationId }));
  }

  /** @example journal().erpCreated('sale-receipt', '7', { externalId: 'sq-1', totalCents: 1250 }) */
  erpCreated(document: ErpDocumentKind, id: string, spec: ErpSpec = {}): this {
    return this.append(ev.erpDocumentRecorded({ sys: 'erp', document, id, ...spec }));
  }

  /** @example journal().erpUpdated('sales-order', '1', { sourceOrderId: '113-1' }) */
  erpUpdated(
    document: ErpDocumentKind,
    id: string,
    spec: Pick<ErpSpec, 'externalId' | 'sourceOrderId'> = {},
  ): this {
    return this.append(ev.erpDocumentUpdated({ sys: 'erp', document, id, ...spec }));
  }

  /** @example journal().erpDeleted('sales-order', '1') */
  erpDeleted(document: ErpDocumentKind, id: string): this {
    return this.append(ev.erpDocumentRemoved({ sys: 'erp', document, id }));
  }

  /** A webhook delivery attempt from `sys` for message `id`. */
  webhookAttempt(sys: string, id: string, ok = true): this {
    return this.append(ev.webhookAttempt({ sys, id, ok, status: ok ? 200 : 500 }));
  }

  /** The events so far (a copy). */
  build(): JournalEvent[] {
    return this.events.map((e) => ({ ...e }));
  }

  /** The events folded into a fresh `RunModel`. */
  fold(): RunModel {
    return foldEvents(this.build());
  }

  /** Fold and judge. */
  judge(): Verdict {
    return judge(this.fold());
  }

  /**
   * Fold, judge and return one check's result.
   *
   * @example journal().runStarted().runFinished().check('lag.p95').verdict // 'not-checked'
   */
  check(id: string): CheckResult {
    return checkOf(this.judge(), id);
  }
}

/** @example journal().runStarted().build() */
export function journal(): JournalBuilder {
  return new JournalBuilder();
}

/**
 * Fold events into a `RunModel` the way `foldJournal` does for a file.
 *
 * @example judge(foldEvents(journal().runStarted().build()))
 */
export function foldEvents(events: readonly JournalEvent[]): RunModel {
  const model = new RunModel();
  for (const e of events) model.add(e);
  return model;
}

/**
 * One check's result from a verdict; throws when the catalogue has no such check.
 *
 * @example checkOf(verdict, 'order-to-erp.exactly-once').measured
 */
export function checkOf(verdict: Verdict, id: string): CheckResult {
  const found = verdict.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in the verdict`);
  return found;
}
