import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldJournal, judge, type Verdict } from '../../oracle/judge.js';
import { VirtualClock } from '../../simulators/core/clock.js';
import { ev } from '../../journal/events.js';
import { Journal } from '../../journal/journal.js';
import { checkOf, journal, MIN, scenario, START_T } from '../support/journal-builder.js';

describe('resilience.retry-amplification', () => {
  const id = 'resilience.retry-amplification';

  it('passes at 1.5 requests per write (one write retried once); reads are not counted', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .http({
        sys: 'erp',
        method: 'POST',
        op: 'createSalesOrder',
        externalId: '113-1',
        status: 200,
      })
      .http({
        sys: 'erp',
        method: 'POST',
        op: 'createSalesOrder',
        externalId: '113-2',
        status: 503,
      })
      .http({
        sys: 'erp',
        method: 'POST',
        op: 'createSalesOrder',
        externalId: '113-2',
        status: 200,
      })
      .http({ sys: 'erp', method: 'GET', op: 'getSalesOrder', externalId: '113-2', status: 200 })
      .http({ sys: 'erp', method: 'GET', op: 'getSalesOrder', externalId: '113-2', status: 200 })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(1.5);
    expect(result.evidence).toEqual(['113-2', '113-1']);
    expect(result.details).toEqual({ 'erp createSalesOrder': 1.5 });
  });

  it('links retries by the logical key when a fault cut them off before any annotation', () => {
    const post = {
      sys: 'erp',
      method: 'POST',
      op: 'cashSale.create',
      key: 'cashSale.create:eid:sq-1',
    };
    const j = journal().runStarted();
    for (let i = 0; i < 5; i++) j.http({ ...post, status: undefined }); // resets: no externalId
    const result = j
      .http({ ...post, externalId: 'sq-1', status: 204 })
      .http({ ...post, key: 'cashSale.create:eid:sq-2', externalId: 'sq-2', status: 204 })
      .http({ sys: 'pos', method: 'POST', op: 'SearchOrders', key: 'SearchOrders:x', status: 429 })
      .http({ sys: 'pos', method: 'POST', op: 'SearchOrders', key: 'SearchOrders:x', status: 200 })
      .runFinished()
      .check(id);
    // 7 requests for 2 writes; the searches are reads
    expect(result.measured).toBe(3.5);
    expect(result.verdict).toBe('fail');
    expect(result.details).toEqual({ 'erp cashSale.create': 3.5 });
  });

  it('counts writing the same object again after a success as a new write, not a retry', () => {
    const patch = { sys: 'marketplace', method: 'PATCH', op: 'patchListingsItem' };
    const result = journal()
      .runStarted()
      .http({ ...patch, externalId: 'SKU-1', status: 200 })
      .http({ ...patch, externalId: 'SKU-1', status: 200 })
      .http({ ...patch, externalId: 'SKU-1', status: 429 })
      .http({ ...patch, externalId: 'SKU-1', status: 200 })
      .runFinished()
      .check(id);
    // three writes, the third needed two requests
    expect(result.measured).toBe(1.333);
    expect(result.verdict).toBe('pass');
    expect(result.evidence).toEqual(['SKU-1']);
  });

  it('fails when one payment is sent 5 times under the same idempotency key', () => {
    const j = journal().runStarted().at(1000);
    j.http({
      sys: 'erp',
      method: 'POST',
      op: 'createSalesOrder',
      otherRefNum: '113-1',
      status: 200,
    });
    for (let i = 0; i < 5; i++)
      j.http({
        sys: 'pos',
        method: 'POST',
        op: 'CreatePayment',
        idempotencyKey: 'k1',
        status: 500,
      });
    const result = j.runFinished().check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(5);
    expect(result.evidence).toEqual(['k1']);
    expect(result.note).toBe('worst: pos CreatePayment');
    expect(result.details).toEqual({ 'erp createSalesOrder': 1, 'pos CreatePayment': 5 });
  });
});

describe('resilience.retry-after', () => {
  const id = 'resilience.retry-after';

  it('passes when the retry starts after Retry-After (wall clock, within the 50 ms slack)', () => {
    const result = journal()
      .runStarted()
      .http({ sys: 'erp', key: 'k1', status: 429, headers: { 'retry-after': '2' } })
      // ended at 2010 wall ms after taking 60 ms: started at 1950, +50 ms slack ≥ 2000
      .at(2010)
      .http({ sys: 'erp', key: 'k1', status: 200, ms: 60, id: 'x-ok' })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(1);
    expect(result.evidence).toEqual([]);
    expect(result.details).toEqual({ retries: 1, tooEarly: 0 });
  });

  it('fails when one of two retries comes early on the wall clock, whatever scenario time says', () => {
    const result = journal()
      .runStarted()
      .http({ sys: 'erp', key: 'k1', status: 429, headers: { 'retry-after': '2' } })
      .http({ sys: 'pos', key: 'k2', status: 503, retryAfter: 1 })
      // 10 scenario minutes later, but only 500 wall ms
      .at(10 * MIN)
      .wall(500)
      .http({ sys: 'erp', key: 'k1', status: 200, id: 'x-early' })
      .wall(1000)
      .http({ sys: 'pos', key: 'k2', status: 200, id: 'x-waited' })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(0.5);
    expect(result.evidence).toEqual(['x-early']);
    expect(result.details).toEqual({ retries: 2, tooEarly: 1 });
  });

  it('judges a target in scenario time on scenario time: Retry-After 5 at speed 20 is 250 wall ms', () => {
    const base = scenario();
    const result = journal()
      .runStarted({ scenario: { ...base, clock: { ...base.clock, speed: 20 } } })
      .raw('target:started', { sys: 'runner', command: 'node t.js', clock: 'scenario' })
      .http({ sys: 'erp', key: 'k1', status: 429, headers: { 'retry-after': '5' } })
      .http({ sys: 'pos', key: 'k2', status: 503, retryAfter: 5 })
      // 5 scenario seconds later (250 wall ms at speed 20): in time for the target's clock
      .at(5000)
      .wall(250)
      .http({ sys: 'erp', key: 'k1', status: 200, id: 'x-waited' })
      .http({ sys: 'pos', key: 'k2', status: 200, id: 'x-waited-pos' })
      .runFinished()
      .check(id);
    expect(result.details).toEqual({ retries: 2, tooEarly: 0 });
    const early = journal()
      .runStarted({ scenario: { ...base, clock: { ...base.clock, speed: 20 } } })
      .raw('target:started', { sys: 'runner', command: 'node t.js', clock: 'scenario' })
      .http({ sys: 'erp', key: 'k1', status: 429, headers: { 'retry-after': '5' } })
      // 2 scenario seconds on, 10 wall seconds on (a paused stretch): early for the target
      .at(2000)
      .wall(10_000)
      .http({ sys: 'erp', key: 'k1', status: 200, id: 'x-early' })
      .runFinished()
      .check(id);
    expect(early.verdict).toBe('fail');
    expect(early.evidence).toEqual(['x-early']);
  });

  it('is not checked when nothing was told to wait', () => {
    const result = journal()
      .runStarted()
      .http({ sys: 'erp', key: 'k1', status: 429 }) // no Retry-After
      .http({ sys: 'erp', key: 'k1', status: 200 })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('not-checked');
    expect(result.evidence).toEqual([]);
  });
});

describe('resilience.throttle-pressure', () => {
  const id = 'resilience.throttle-pressure';

  it('passes at exactly 25% of requests throttled on the worst system', () => {
    const result = journal()
      .runStarted()
      .http({ sys: 'erp', status: 429 })
      .http({ sys: 'erp', status: 200 })
      .http({ sys: 'erp', status: 200 })
      .http({ sys: 'erp', status: 500 })
      .http({ sys: 'pos', status: 200 })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0.25);
    expect(result.evidence).toEqual(['erp']);
    expect(result.details).toEqual({ erp: 0.25, pos: 0 });
  });

  it("counts Shopify's THROTTLED answers (HTTP 200, marked throttled) as throttled", () => {
    const result = journal()
      .runStarted()
      .http({ sys: 'storefront', status: 200, throttled: true })
      .http({ sys: 'storefront', status: 200, throttled: true })
      .http({ sys: 'storefront', status: 200 })
      .http({ sys: 'erp', status: 200 })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(0.667);
    expect(result.evidence).toEqual(['storefront']);
  });

  it('fails when 3 of 4 POS requests are throttled', () => {
    const result = journal()
      .runStarted()
      .http({ sys: 'erp', status: 200 })
      .http({ sys: 'erp', status: 200 })
      .http({ sys: 'pos', status: 429 })
      .http({ sys: 'pos', status: 429 })
      .http({ sys: 'pos', status: 429 })
      .http({ sys: 'pos', status: 201 })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(0.75);
    expect(result.evidence).toEqual(['pos']);
    expect(result.details).toEqual({ erp: 0, pos: 0.75 });
  });
});

describe('resilience.outage-hammering', () => {
  const id = 'resilience.outage-hammering';

  /** One ERP request a second for 10 s, then an ERP outage from 10 s to 20 s with `during` ERP requests. */
  function outage(during: number): Verdict {
    const j = journal()
      .runStarted()
      .faultAdded('erp-down', { type: 'outage', system: 'erp', fromMs: 10_000, untilMs: 20_000 });
    for (let s = 0; s < 10; s++) j.at(s * 1000).http({ sys: 'erp', status: 200 });
    // traffic to another system does not count
    j.http({ sys: 'pos', status: 200 });
    for (let i = 0; i < during; i++)
      j.at(10_000 + Math.floor((i * 10_000) / during)).http({ sys: 'erp', status: 503 });
    return judge(j.at(30_000).runFinished().fold());
  }

  it('passes when the target backs off to half its rate during the outage', () => {
    const result = checkOf(outage(5), id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0.5);
    expect(result.evidence).toEqual([]);
    expect(result.details).toEqual({ 'erp-down': 0.5 });
  });

  it('fails when the target doubles its rate into the system that is down', () => {
    const result = checkOf(outage(20), id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(2);
    expect(result.evidence).toEqual(['erp-down']);
    expect(result.details).toEqual({ 'erp-down': 2 });
  });

  // Regression: Journal.append stamps the event type over a field named `type`, so the engine
  // journals the rule's type as `faultType`; reading `type` made this check never measured.
  it('measures an outage window journaled through a real Journal', async () => {
    const clock = new VirtualClock({ startMs: START_T });
    const dir = mkdtempSync(join(tmpdir(), 'omnichaos-oracle-'));
    const real = new Journal({ clock, file: join(dir, 'journal.ndjson') });
    real.append(ev.runStarted({}));
    // exactly what chaos/engine.ts journals when a rule is added
    real.append(
      ev.faultAdded({
        fault: 'erp-down',
        faultType: 'outage',
        faultKind: 'outage',
        match: { system: 'erp' },
        window: { fromMs: 10_000, untilMs: 20_000 },
      }),
    );
    for (let s = 0; s < 20; s++) {
      const status = s < 10 ? 200 : 503;
      real.append(ev.httpExchange({ sys: 'erp', method: 'GET', status }));
      real.append(ev.httpExchange({ sys: 'erp', method: 'GET', status }));
      if (s >= 10) real.append(ev.httpExchange({ sys: 'erp', method: 'GET', status: 503 }));
      await clock.advance(1000);
    }
    real.append(ev.runFinished({}));
    real.close();
    const model = await foldJournal(join(dir, 'journal.ndjson'));
    expect(model.faults[0]?.type).toBe('outage');
    expect(model.faults[0]?.kind).toBe('outage');
    expect(checkOf(judge(model), id).measured).toBe(1.5);
  });

  it('compares a window that follows another with the traffic before both', () => {
    // 1 req/s for 10 s; maintenance 10–20 s (silent); flapping 20–30 s with 3 req/s
    const j = journal()
      .runStarted()
      .faultAdded('maint', { type: 'outage', system: 'erp', fromMs: 10_000, untilMs: 20_000 })
      .faultAdded('flap', { type: 'outage', system: 'erp', fromMs: 20_000, untilMs: 30_000 });
    for (let s = 0; s < 10; s++) j.at(s * 1000).http({ sys: 'erp', status: 200 });
    for (let s = 20; s < 30; s++)
      for (let k = 0; k < 3; k++) j.at(s * 1000 + k).http({ sys: 'erp', status: 503 });
    const result = checkOf(judge(j.at(40_000).runFinished().fold()), id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(3);
    expect(result.evidence).toEqual(['flap']);
    expect(result.details).toEqual({ maint: 0, flap: 3 });
  });

  it('ignores fault types that do not take a system down', () => {
    const model = journal()
      .runStarted()
      .http({ sys: 'erp', status: 200 })
      .at(1000)
      .http({ sys: 'erp', status: 200 })
      .http({ sys: 'erp', status: 200 })
      .at(3000)
      .runFinished()
      .fold();
    model.faults.push({
      id: 'slow',
      type: 'latency',
      system: 'erp',
      fromT: START_T + 1000,
      untilT: START_T + 2000,
    });
    expect(checkOf(judge(model), id).verdict).toBe('not-checked');
  });
});

describe('resilience.unsafe-retries', () => {
  const id = 'resilience.unsafe-retries';

  it('passes when a failed write is retried under the same external id', () => {
    const write = { sys: 'erp', method: 'POST', op: 'createSalesOrder', otherRefNum: '113-1' };
    const result = journal()
      .runStarted()
      .http({ ...write, externalId: 'amz-113-1', status: 500 })
      .http({ ...write, externalId: 'amz-113-1', status: 200 })
      // a new key after a success is a new write, not an unsafe retry
      .http({ ...write, externalId: 'amz-113-1-v2', status: 200 })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
    expect(result.evidence).toEqual([]);
  });

  it('fails for a new idempotency key after a reset and for a keyless retry after a 503', () => {
    const result = journal()
      .runStarted()
      .http({
        sys: 'wms',
        method: 'POST',
        op: 'createOrder',
        externalId: '113-7',
        idempotencyKey: 'a',
      })
      .http({
        sys: 'wms',
        method: 'POST',
        op: 'createOrder',
        externalId: '113-7',
        idempotencyKey: 'b',
        status: 201,
      })
      .http({ sys: 'erp', method: 'POST', op: 'createCashSale', otherRefNum: 'sq-9', status: 503 })
      .http({ sys: 'erp', method: 'POST', op: 'createCashSale', otherRefNum: 'sq-9', status: 200 })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(2);
    expect(result.evidence).toEqual(['113-7', 'sq-9']);
  });
});

describe('resilience.webhook-duplicates', () => {
  const id = 'resilience.webhook-duplicates';

  it('passes when a redelivered webhook changes nothing twice', () => {
    const result = journal()
      .runStarted()
      .webhookAttempt('wms', 'evt-1')
      .webhookAttempt('wms', 'evt-1')
      .shipmentConfirmed('113-1', '1Z1')
      .erpCreated('fulfillment', 'IF1', { fromDocumentId: 'SO1' })
      .erpCreated('sale-receipt', 'CS1', { externalId: 'sq-1' })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
    expect(result.evidence).toEqual([]);
    expect(result.details).toEqual({ redelivered: 1, appliedTwice: 0 });
  });

  it('fails for a double confirmation, a double fulfillment and a double cash sale', () => {
    const result = journal()
      .runStarted()
      .webhookAttempt('wms', 'evt-1')
      .webhookAttempt('wms', 'evt-1')
      .webhookAttempt('pos', 'evt-1') // another system's message with the same id
      .shipmentConfirmed('113-1', '1Z1')
      .shipmentConfirmed('113-1', '1Z1')
      .erpCreated('fulfillment', 'IF1a', { fromDocumentId: 'SO1' })
      .erpCreated('fulfillment', 'IF1b', { fromDocumentId: 'SO1' })
      .erpCreated('sale-receipt', 'CS1a', { externalId: 'sq-1' })
      .erpCreated('sale-receipt', 'CS1b', { externalId: 'sq-1' })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(3);
    expect(result.evidence).toEqual(['113-1', 'sales-order:SO1', 'sq-1']);
    expect(result.details).toEqual({ redelivered: 1, appliedTwice: 3 });
  });

  it('counts effects, not attempts: a repeat the vendor refused is no duplicate effect', () => {
    const confirm = {
      sys: 'marketplace',
      method: 'POST',
      op: 'confirmShipment',
      path: '/orders/v0/orders/113-1/shipmentConfirmation',
    };
    const result = journal()
      .runStarted()
      .webhookAttempt('wms', 'evt-1')
      .webhookAttempt('wms', 'evt-1')
      .http({ ...confirm, status: 204 })
      .shipmentConfirmed('113-1', '1Z1')
      .http({ ...confirm, status: 400 }) // sent again, refused: nothing happened twice
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
  });

  it('counts a delivery the sender timed out on: the target may have processed it', () => {
    const result = journal()
      .runStarted()
      .append(
        ev.webhookAttempt({
          sys: 'wms',
          id: 'evt-1',
          ok: false,
          error: 'The operation was aborted due to timeout',
        }),
      )
      .webhookAttempt('wms', 'evt-1')
      .shipmentConfirmed('113-1', '1Z1')
      .shipmentConfirmed('113-1', '1Z1')
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(1);
    expect(result.evidence).toEqual(['113-1']);
  });

  it('is not checked when failed attempts were retried until one succeeded', () => {
    const result = journal()
      .runStarted()
      .webhookAttempt('wms', 'evt-1', false)
      .webhookAttempt('wms', 'evt-1', true)
      .shipmentConfirmed('113-1', '1Z1')
      .shipmentConfirmed('113-1', '1Z1')
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('not-checked');
    expect(result.measured).toBeNull();
  });
});
