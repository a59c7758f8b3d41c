import { describe, expect, it } from 'vitest';
import { EventFeed } from '../../dashboard/feed.js';
import { faultViews, presetViews } from '../../dashboard/faults-view.js';
import { systemHealth } from '../../dashboard/health.js';
import { SlidingCount } from '../../dashboard/rates.js';
import { Timeline } from '../../dashboard/timeline.js';
import { liveVerdict } from '../../dashboard/verdict.js';
import { judge } from '../../oracle/judge.js';
import { RunModel } from '../../oracle/model.js';
import type { FaultRule } from '../../scenarios/types.js';
import { journal, MIN } from '../support/journal-builder.js';

const rule = (over: Partial<FaultRule> = {}): FaultRule => ({
  kind: 'fault',
  id: 'f1',
  type: 'outage',
  match: { system: 'erp' },
  window: { fromMs: 0 },
  frequency: { kind: 'always' },
  params: { mode: 'maintenance' },
  ...over,
});

describe('systemHealth', () => {
  const quiet = { activeRules: [], refusing: false, recentRequests: 0, recentFailures: 0 };

  it('is DOWN while an outage covers the whole system, whatever the traffic says', () => {
    expect(systemHealth({ ...quiet, activeRules: [rule()] })).toEqual({
      health: 'down',
      why: 'outage (maintenance) · fault f1',
    });
  });

  it('is only DEGRADED by an outage narrowed to one operation or a share of requests', () => {
    const narrowed = rule({ match: { system: 'erp', operation: 'salesOrder.*' } });
    const sometimes = rule({ frequency: { kind: 'probability', p: 0.1 } });
    expect(systemHealth({ ...quiet, activeRules: [narrowed] }).health).toBe('degraded');
    expect(systemHealth({ ...quiet, activeRules: [sometimes] }).health).toBe('degraded');
  });

  it('is DEGRADED by any other active fault, and names it', () => {
    const slow = rule({ id: 'slow', type: 'latency', params: {} });
    expect(
      systemHealth({ ...quiet, activeRules: [slow, rule({ id: 'x', type: 'error' })] }),
    ).toEqual({ health: 'degraded', why: 'fault slow (latency) (+1 more)' });
  });

  it('reads recent failures: 10% degrades, 90% is down, too few requests say nothing', () => {
    const traffic = (recentRequests: number, recentFailures: number) =>
      systemHealth({ ...quiet, recentRequests, recentFailures }).health;
    expect(traffic(100, 9)).toBe('healthy');
    expect(traffic(100, 10)).toBe('degraded');
    expect(traffic(100, 90)).toBe('down');
    expect(traffic(4, 4)).toBe('healthy');
  });

  it('is DOWN while the port refuses connections', () => {
    expect(systemHealth({ ...quiet, refusing: true }).health).toBe('down');
  });
});

describe('SlidingCount', () => {
  it('counts what happened in the last window only', () => {
    const w = new SlidingCount(10_000);
    w.add(500);
    w.add(1_500, 3);
    expect(w.total(1_999)).toBe(4);
    expect(w.perSecond(1_999)).toBe(0.4);
    expect(w.total(10_999)).toBe(3); // the first second has left the window
    expect(w.total(11_000)).toBe(0);
    w.add(25_000);
    expect(w.total(25_000)).toBe(1); // a bucket reused for a later second starts from zero
  });
});

describe('faultViews and presetViews', () => {
  it('says which rules are active, scheduled or over, and how long an active one has left', () => {
    const views = faultViews(
      [
        rule({ id: 'now', window: { fromMs: 0, untilMs: 90_000 } }),
        rule({ id: 'later', window: { fromMs: 120_000 } }),
        rule({ id: 'over', window: { fromMs: 0, untilMs: 10_000 }, match: {} }),
      ],
      30_000,
    );
    expect(views).toEqual([
      { id: 'now', type: 'outage', system: 'erp', state: 'active', remainingMs: 60_000 },
      { id: 'later', type: 'outage', system: 'erp', state: 'scheduled', remainingMs: null },
      { id: 'over', type: 'outage', system: 'all', state: 'ended', remainingMs: null },
    ]);
  });

  it('marks a preset active by its live- rules, and lists every rule of a bundle to clear', () => {
    const views = faultViews(
      [
        rule({ id: 'live-flaky-network/1' }),
        rule({ id: 'live-flaky-network/2' }),
        rule({ id: 'erp-maintenance' }),
      ],
      0,
    );
    const presets = presetViews(views);
    expect(presets.find((p) => p.name === 'flaky-network')).toMatchObject({
      label: 'Flaky network',
      id: 'live-flaky-network',
      active: true,
      ruleIds: ['live-flaky-network/1', 'live-flaky-network/2'],
    });
    // a scenario's own rule named like the preset is not the page's bundle
    expect(presets.find((p) => p.name === 'erp-maintenance')).toMatchObject({
      label: 'ERP outage',
      active: false,
      ruleIds: [],
    });
  });
});

describe('EventFeed', () => {
  it('streams the first chunks, then what is published; return() ends the client', async () => {
    const feed = new EventFeed();
    const stream = feed.open(['event: history\ndata: []\n\n'])[Symbol.asyncIterator]();
    expect((await stream.next()).value).toBe('retry: 2000\n\n');
    expect((await stream.next()).value).toBe('event: history\ndata: []\n\n');
    const waiting = stream.next();
    feed.publish('state', { n: 1 });
    expect((await waiting).value).toBe('event: state\ndata: {"n":1}\n\n');
    expect(feed.size).toBe(1);
    await stream.return!();
    expect(feed.size).toBe(0);
  });

  it('keeps only the newest messages for a client that does not read', async () => {
    const feed = new EventFeed();
    const stream = feed.open([])[Symbol.asyncIterator]();
    for (let n = 1; n <= 20; n++) feed.publish('state', { n });
    const first = (await stream.next()).value as string;
    expect(first).toBe('event: state\ndata: {"n":13}\n\n');
  });

  it('close() ends every waiting client', async () => {
    const feed = new EventFeed();
    const stream = feed.open([])[Symbol.asyncIterator]();
    await stream.next(); // retry:
    const waiting = stream.next();
    feed.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
  });
});

describe('Timeline', () => {
  it('turns interval counts into per-second rates and keeps a bounded history', () => {
    const timeline = new Timeline(2);
    const verdict = liveVerdict(new RunModel());
    const interval = { demand: 4, requests: 10, failures: 2, throttled: 1 };
    const at = (scenarioNowMs: number, wallSeconds: number) =>
      timeline.sample({
        scenarioNowMs,
        wallSeconds,
        interval,
        verdict,
        activeFaults: 1,
        faults: [{ id: 'erp-down', type: 'outage' }],
      });
    const s = at(60_000, 2);
    expect(s).toEqual({
      t: 60,
      demandPerSec: 2,
      requestsPerSec: 5,
      errorsPerSec: 1,
      throttledPerSec: 0.5,
      backlog: 0,
      lagP95Ms: null,
      activeFaults: 1,
      faults: [expect.objectContaining({ id: 'erp-down', type: 'outage' })],
    });
    // each active fault carries its kind's style, for the hatching and the legend
    expect(s.faults[0]!.color).toMatch(/^#[0-9a-f]{6}$/);
    at(61_000, 1);
    at(62_000, 0);
    expect(timeline.history().map((x) => x.t)).toEqual([61, 62]);
    expect(timeline.history()[1]!.demandPerSec).toBe(0); // no wall time passed: no rate
  });
});

describe('liveVerdict', () => {
  const events = journal()
    .runStarted()
    .wmsInventory('A', 5)
    .listing('A', 5)
    .at(MIN)
    .wmsInventory('A', 3) // the listing still says 5: stale from here…
    .at(5 * MIN)
    .listing('A', 3) // …until here: one 4-minute episode
    .at(6 * MIN)
    .runFinished()
    .build();

  it('measured every step of the way, leaves the final verdict as if judged once at the end', () => {
    const live = new RunModel();
    for (const e of events) {
      live.add(e);
      liveVerdict(live);
    }
    const once = new RunModel();
    for (const e of events) once.add(e);
    const freshness = (m: RunModel) =>
      judge(m).checks.find((c) => c.id === 'inventory-sync.freshness.p95')!.measured;
    expect(freshness(live)).toBe(4 * MIN);
    expect(freshness(live)).toBe(freshness(once));
  });

  it('reads IN FLIGHT (pending) while the only shortfall is orders on their way, FAILING for a duplicate', () => {
    const exactlyOnce = (b: ReturnType<typeof journal>) => {
      const m = new RunModel();
      for (const e of b.build()) m.add(e);
      return liveVerdict(m).checks.find((c) => c.id === 'order-to-erp.exactly-once')!;
    };
    const inFlight = journal().runStarted().at(MIN).mktOrder('113-1').mktOrder('113-2');
    expect(exactlyOnce(inFlight)).toMatchObject({
      verdict: 'pending',
      measuredText: '2 in flight',
    });
    const duplicated = journal()
      .runStarted()
      .at(MIN)
      .mktOrder('113-1')
      .mktOrder('113-2')
      .erpCreated('sales-order', '1', { sourceOrderId: '113-1' })
      .erpCreated('sales-order', '2', { sourceOrderId: '113-1' });
    expect(exactlyOnce(duplicated).verdict).toBe('fail');
    // Once the run has finished nothing is in flight any more: a missing order fails.
    expect(exactlyOnce(inFlight.at(2 * MIN).runFinished()).verdict).toBe('fail');
  });

  it('says FAILING mid-run is not final, and formats values as the reports do', () => {
    const m = new RunModel();
    for (const e of journal().runStarted().at(MIN).mktOrder('113-1').build()) m.add(e);
    const v = liveVerdict(m);
    expect(v.final).toBe(false);
    expect(v.backlog).toBe(1);
    const lag = v.checks.find((c) => c.id === 'lag.p95')!;
    expect(lag).toMatchObject({ verdict: 'pass', measured: 0, measuredText: '0 ms' });
    expect(lag.thresholdText).toBe('<= 15m 00s');
  });
});
