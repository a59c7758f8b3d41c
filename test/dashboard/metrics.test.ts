import { afterEach, describe, expect, it } from 'vitest';
import { mountDashboard } from '../../dashboard/index.js';
import { createMetrics, type ScrapeView } from '../../dashboard/metrics.js';
import { startSimulators, type StartedSimulators } from '../../runtime/start-simulators.js';
import { VirtualClock } from '../../simulators/core/clock.js';
import type { JournalEvent } from '../../journal/journal.js';

/**
 * `/_omnichaos/metrics` as Prometheus scrapes it: counters that move with traffic and faults,
 * gauges read from the live state, one private registry per run.
 */

/** Sum of the samples of `name` whose labels include `labels` (Prometheus text format). */
function total(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((x) => [x[1], x[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3]);
  }
  return sum;
}

const running: StartedSimulators[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(seed: number) {
  const clock = new VirtualClock({ startMs: Date.UTC(2026, 10, 27), speed: 1 });
  const sims = await startSimulators({ seed, port: 0, clock });
  running.push(sims);
  mountDashboard(sims);
  const token = sims.endpoints().env.OMNICHAOS_ERP_ACCESS_TOKEN!;
  return {
    sims,
    scrape: async () => {
      const res = await fetch(`${sims.controlUrl}/_omnichaos/metrics`);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      return res.text();
    },
    getCustomers: () =>
      fetch(`${sims.urls.erp}/services/rest/record/v1/customer?limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      }),
  };
}

describe('/_omnichaos/metrics under traffic', () => {
  it('counts requests by system, operation and status, and faults by type, as they happen', async () => {
    const run = await start(3);
    const before = await run.scrape();
    expect(before).toContain('# TYPE omnichaos_http_requests_total counter');
    const erp200 = { system: 'erp', status: '200' };
    expect(total(before, 'omnichaos_http_requests_total', erp200)).toBe(0);

    for (let i = 0; i < 4; i++) expect((await run.getCustomers()).status).toBe(200);
    const during = await run.scrape();
    expect(total(during, 'omnichaos_http_requests_total', erp200)).toBe(4);
    expect(during).toMatch(
      /omnichaos_http_requests_total\{system="erp",operation="[^"]+",status="200"\} 4/,
    );
    expect(total(during, 'omnichaos_http_request_duration_seconds_count', { system: 'erp' })).toBe(
      4,
    );
    expect(total(during, 'omnichaos_system_health', { system: 'erp' })).toBe(2);

    await fetch(`${run.sims.controlUrl}/_omnichaos/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ preset: 'erp-maintenance' }),
    });
    for (let i = 0; i < 3; i++) expect((await run.getCustomers()).status).toBe(503);
    const after = await run.scrape();
    expect(total(after, 'omnichaos_http_requests_total', { system: 'erp', status: '503' })).toBe(3);
    expect(total(after, 'omnichaos_faults_applied_total', { type: 'outage', system: 'erp' })).toBe(
      3,
    );
    expect(total(after, 'omnichaos_faults_active', { type: 'outage' })).toBe(1);
    expect(total(after, 'omnichaos_system_health', { system: 'erp' })).toBe(0);
    expect(total(after, 'omnichaos_journal_events_total')).toBeGreaterThan(
      total(during, 'omnichaos_journal_events_total'),
    );
  });

  it('keeps each run in its own registry: two runs in one process never mix', async () => {
    const busy = await start(4);
    const idle = await start(4);
    for (let i = 0; i < 3; i++) await busy.getCustomers();
    expect(total(await busy.scrape(), 'omnichaos_http_requests_total', { system: 'erp' })).toBe(3);
    expect(total(await idle.scrape(), 'omnichaos_http_requests_total', { system: 'erp' })).toBe(0);
  });
});

describe('createMetrics', () => {
  const view = {
    state: {
      systems: [],
      faults: [],
      clock: { elapsedMs: 90_000, speed: 10 },
    },
    verdict: {
      oversells: 2,
      backlog: 7,
      checks: [
        { id: 'lag.p50', verdict: 'pass', measured: 1_500 },
        { id: 'lag.p95', verdict: 'fail', measured: 42_000 },
        { id: 'lag.p99', verdict: 'not-checked', measured: null },
      ],
    },
  } as unknown as ScrapeView;
  let seq = 0;
  const event = (type: string, fields: Record<string, unknown>): JournalEvent => ({
    seq: ++seq,
    t: 0,
    w: 0,
    type,
    ...fields,
  });

  it('turns webhook, fault and demand lines into counters, and the live view into gauges', async () => {
    const metrics = createMetrics(() => view);
    for (const e of [
      event('fault:added', { sys: 'chaos', fault: 'dup', faultType: 'webhook-duplicate' }),
      event('fault:applied', { sys: 'wms', fault: 'dup' }),
      event('webhook:attempt', { sys: 'wms', attempt: 1, ok: false }),
      event('webhook:attempt', { sys: 'wms', attempt: 2, ok: true }),
      event('webhook:dropped', { sys: 'pos' }),
      event('webhook:gave-up', { sys: 'pos' }),
      event('demand:arrival', { sys: 'runner', channel: 'pos-sale' }),
      event('http:exchange', { sys: 'erp', op: 'customer.get', outcome: 'reset', ms: 3 }),
    ])
      metrics.add(e);
    const text = await metrics.registry.metrics();
    expect(
      total(text, 'omnichaos_faults_applied_total', { type: 'webhook-duplicate', system: 'wms' }),
    ).toBe(1);
    expect(total(text, 'omnichaos_webhook_deliveries_total', { system: 'wms', result: 'ok' })).toBe(
      1,
    );
    expect(
      total(text, 'omnichaos_webhook_deliveries_total', { system: 'wms', result: 'failed' }),
    ).toBe(1);
    expect(total(text, 'omnichaos_webhook_retries_total', { system: 'wms' })).toBe(1);
    expect(total(text, 'omnichaos_webhooks_lost_total', { reason: 'dropped' })).toBe(1);
    expect(total(text, 'omnichaos_webhooks_lost_total', { reason: 'gave-up' })).toBe(1);
    expect(total(text, 'omnichaos_demand_arrivals_total', { channel: 'pos-sale' })).toBe(1);
    // no answer at all: the socket outcome stands in for the status
    expect(total(text, 'omnichaos_http_requests_total', { status: 'reset' })).toBe(1);

    expect(total(text, 'omnichaos_oracle_oversells')).toBe(2);
    expect(total(text, 'omnichaos_oracle_backlog_orders')).toBe(7);
    expect(total(text, 'omnichaos_oracle_lag_seconds', { quantile: '0.95' })).toBe(42);
    expect(text).not.toContain('quantile="0.99"'); // nothing measured yet: no sample
    expect(total(text, 'omnichaos_oracle_check_passing', { check: 'lag.p50' })).toBe(1);
    expect(total(text, 'omnichaos_oracle_check_passing', { check: 'lag.p95' })).toBe(0);
    expect(total(text, 'omnichaos_scenario_elapsed_seconds')).toBe(90);
    expect(total(text, 'omnichaos_clock_speed')).toBe(10);
  });
});
