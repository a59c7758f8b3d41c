import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../oracle/checks/index.js';
import { foldJournal, holds, judge, unknownExpectations } from '../../oracle/judge.js';
import { ev } from '../../journal/events.js';
import { checkOf, journal, MIN, scenario, START_T } from '../support/journal-builder.js';

/** Only order-to-erp under test; one marketplace order carried to the ERP in a minute. */
const clean = (s = scenario({ flows: ['order-to-erp'] })) =>
  journal()
    .runStarted({ scenario: s })
    .mktOrder('113-1', { totalCents: 500 })
    .http({ sys: 'marketplace', method: 'GET', op: 'getOrders', status: 200 })
    .at(MIN)
    .http({ sys: 'erp', method: 'POST', op: 'createSalesOrder', status: 204 })
    .erpCreated('sales-order', 'SO1', { sourceOrderId: '113-1', totalCents: 500 });

describe('the catalogue', () => {
  it('has 32 checks with unique ids', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(ids).toHaveLength(32);
    expect(new Set(ids).size).toBe(32);
  });
});

describe('judge', () => {
  it('passes a finished run with no failing check', () => {
    const verdict = clean().runFinished().judge();
    expect(verdict.complete).toBe(true);
    expect(verdict.passed).toBe(true);
    expect(verdict.counts.fail).toBe(0);
    expect(verdict.events).toBe(6);
    expect(verdict.startT).toBe(START_T);
    expect(verdict.endT).toBe(START_T + MIN);
    expect(verdict.scenario).toEqual({
      name: 'hand-built',
      seed: undefined,
      flows: ['order-to-erp'],
    });
  });

  it('does not pass a run without run:finished, even with no failing check', () => {
    const verdict = clean().judge();
    expect(verdict.complete).toBe(false);
    expect(verdict.counts.fail).toBe(0);
    expect(verdict.passed).toBe(false);
  });

  it('does not pass a finished run with a failing check', () => {
    const verdict = journal().runStarted().mktOrder('113-1').at(MIN).runFinished().judge();
    expect(checkOf(verdict, 'order-to-erp.exactly-once').verdict).toBe('fail');
    expect(verdict.passed).toBe(false);
  });

  it('counts every verdict once', () => {
    const { counts } = clean().runFinished().judge();
    expect(counts.pass + counts.fail + counts.notChecked + counts.inconclusive).toBe(32);
    expect(counts).toEqual({ pass: 9, fail: 0, notChecked: 23, inconclusive: 0 });
  });

  it('uses the default threshold when the scenario names none', () => {
    const result = clean().runFinished().check('lag.p95');
    expect(result.thresholdSource).toBe('default');
    expect(result.threshold).toEqual({ op: '<=', value: 15 * MIN, unit: 'ms' });
    expect(result.verdict).toBe('pass');
  });

  it('uses the scenario’s threshold over the default', () => {
    const strict = scenario({ expectations: { 'lag.p95': { op: '<', value: MIN, unit: 'ms' } } });
    const result = clean(strict).runFinished().check('lag.p95');
    expect(result.thresholdSource).toBe('scenario');
    expect(result.threshold).toEqual({ op: '<', value: MIN, unit: 'ms' });
    expect(result.measured).toBe(MIN);
    expect(result.verdict).toBe('fail');
  });

  it('reads a boolean expectation as "measured is zero"', () => {
    const s = scenario({
      expectations: { 'order-to-erp.exactly-once': { op: '==', value: false } },
    });
    const result = clean(s).runFinished().check('order-to-erp.exactly-once');
    expect(result.measured).toBe(0);
    expect(result.verdict).toBe('fail');
  });

  it('does not check a flow the scenario does not test (resilience checks always run)', () => {
    const verdict = clean(scenario({ flows: ['pos-to-erp'] }))
      .runFinished()
      .judge();
    expect(checkOf(verdict, 'order-to-erp.exactly-once')).toMatchObject({
      verdict: 'not-checked',
      measured: null,
      note: 'flow not under test',
      evidence: [],
    });
    // lag follows the flows too: no POS sale, so nothing to measure
    expect(checkOf(verdict, 'lag.p50').verdict).toBe('not-checked');
  });
});

describe('unknownExpectations', () => {
  it('lists expectation ids the catalogue does not know', () => {
    expect(
      unknownExpectations({
        'lag.p95': { op: '<=', value: 1 },
        'lag.p59': { op: '<=', value: 1 },
        'order-to-erp.exactly-twice': { op: '<=', value: 1 },
      }),
    ).toEqual(['lag.p59', 'order-to-erp.exactly-twice']);
  });

  it('is empty when every id is a check', () => {
    expect(unknownExpectations(Object.fromEntries(CHECKS.map((c) => [c.id, c.threshold])))).toEqual(
      [],
    );
  });
});

describe('holds', () => {
  it.each([
    [3, '<=', 3, true],
    [3, '<', 3, false],
    [3, '>=', 4, false],
    [5, '>', 4, true],
    [2, '==', 2, true],
  ] as const)('%d %s %d is %s', (measured, op, value, expected) => {
    expect(holds(measured, { op, value })).toBe(expected);
  });
});

describe('foldJournal', () => {
  it('folds a journal file and counts a torn last line as a problem', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'omnichaos-oracle-')), 'journal.ndjson');
    const events = clean().runFinished().build();
    writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    appendFileSync(file, '{"seq":7,"t":1,"type":"http:exch');
    const model = await foldJournal(file);
    expect(model.events).toBe(6);
    expect(model.problems).toBe(1);
    const verdict = judge(model);
    expect(verdict.problems).toBe(1);
    expect(checkOf(verdict, 'order-to-erp.exactly-once')).toMatchObject({
      verdict: 'pass',
      measured: 0,
      evidence: [],
    });
  });
});

describe('a damaged journal', () => {
  it('does not pass: a corrupt line mid-file and a gap make the verdict DAMAGED, not a silent pass', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'omnichaos-oracle-')), 'journal.ndjson');
    const lines = clean()
      .runFinished()
      .build()
      .map((e) => JSON.stringify(e));
    // line 3 (the marketplace poll) is overwritten with garbage; the last line stays whole
    lines[2] = '\u0000\u0000{"seq":3,"t":1,"ty';
    writeFileSync(file, lines.join('\n') + '\n');
    const verdict = judge(await foldJournal(file));
    expect(verdict.complete).toBe(true);
    expect(verdict.counts.fail).toBe(0);
    expect(verdict.damaged).toBe(true);
    expect(verdict.passed).toBe(false);
    expect(verdict.integrity).toMatchObject({
      corrupt: { count: 1, lines: [3] },
      gaps: { count: 1, missing: 1, examples: [{ from: 3, to: 3, line: 4 }] },
      tornLastLine: undefined,
    });
  });

  it('is not damaged by a torn last line alone (the run is INCOMPLETE instead)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'omnichaos-oracle-')), 'journal.ndjson');
    const events = clean().build();
    writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n{"seq":9,"t":');
    const verdict = judge(await foldJournal(file));
    expect(verdict.damaged).toBe(false);
    expect(verdict.complete).toBe(false);
    expect(verdict.integrity?.tornLastLine?.line).toBe(events.length + 1);
  });
});

describe('judge at scale', () => {
  it('judges a run with more shipments and stale episodes than fit in an argument list', () => {
    const model = clean(scenario()).runFinished().fold();
    const n = 300_000;
    model.inventory.active = true;
    model.inventory.published = 1;
    for (let i = 0; i < n; i++) {
      const ref = `113-${i}`;
      model.shipments.set(ref, {
        sourceOrderId: ref,
        orderId: `W${i}`,
        trackingNumber: `1Z${i}`,
        t: START_T,
        seq: i,
      });
      model.inventory.episodes.push({ sku: `SKU-${i % 50}`, fromT: START_T, ms: i % 1000 });
    }
    model.forget();
    const verdict = judge(model);
    expect(checkOf(verdict, 'fulfillment.confirm-lag.p95').details?.shipments).toBe(n);
    expect(checkOf(verdict, 'inventory-sync.freshness.p95').details?.max).toBe(999);
  });
});

describe('systems never called', () => {
  it('fails a run whose target never called a system its flows need, and names them', () => {
    const verdict = journal()
      .runStarted()
      .mktOrder('113-1')
      .posOrder('sq-1', 100)
      .http({ sys: 'pos', method: 'GET', op: 'searchOrders', status: 200 })
      .at(MIN)
      .runFinished()
      .judge();
    expect(verdict.neverCalled).toEqual(['marketplace']);
    expect(verdict.passed).toBe(false);
  });

  it('takes the ERP and warehouse from the simulators the run started when they journaled nothing', () => {
    const verdict = journal()
      .append(
        ev.runStarted({ scenario: scenario(), simulators: ['erp', 'pos', 'wms', 'marketplace'] }),
      )
      .mktOrder('113-1')
      .at(MIN)
      .runFinished()
      .judge();
    expect(verdict.neverCalled).toEqual(['erp', 'marketplace', 'wms']);
  });

  it('asks nothing of a run still going (live, the target may not have got there yet)', () => {
    expect(journal().runStarted().mktOrder('113-1').judge().neverCalled).toEqual([]);
  });
});
