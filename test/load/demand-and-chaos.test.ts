import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { K6Abort, loadScript } from './k6-shim.js';
import { startUp } from '../support/up.js';

/**
 * load/channel-demand.js and load/chaos-under-load.js themselves, run on a k6 shim
 * (./k6-shim.ts: k6's synchronous HTTP, its execution fields set per iteration) against a real
 * `omnichaos up --scenario scenarios/smoke.yaml` in another process: init stage, setup() with
 * its fail-fast checks, iterations and teardown, called the way k6 calls them.
 */

const k6 = await vi.hoisted(async () => (await import('./k6-shim.js')).createK6Shim());
vi.mock('k6/http', () => ({ default: k6.http }));
vi.mock('k6/execution', () => ({ default: k6.exec }));
vi.mock('k6', () => ({ check: k6.check, sleep: k6.sleep }));
vi.mock('k6/metrics', () => k6.metrics);

const samplesOf = (metric: string) => k6.samples.filter((s) => s.metric === metric);
const FAULT_ID = 'k6-chaos-under-load';

async function journal(base: string, type: string) {
  const res = await fetch(`${base}/_omnichaos/journal?type=${type}`);
  return ((await res.json()) as { events: Record<string, unknown>[] }).events;
}

async function faultIds(base: string) {
  const res = await fetch(`${base}/_omnichaos/faults`);
  return ((await res.json()) as { faults: { id: string }[] }).faults.map((f) => f.id);
}

let up: Awaited<ReturnType<typeof startUp>>;
let planFile: string;

beforeAll(async () => {
  up = await startUp(['--port', '0', '--scenario', 'scenarios/smoke.yaml']); // without --demand: k6 places it
  planFile = join(mkdtempSync(join(tmpdir(), 'omnichaos-k6-')), 'plan.json');
  writeFileSync(planFile, await (await fetch(`${up.url}/_omnichaos/plan`)).text());
});
afterAll(async () => expect(await up?.stop()).toBe(0));
beforeEach(() => k6.reset());

describe('channel-demand.js', () => {
  it('shapes one arrival-rate scenario per channel, then places arrivals 0…2 of each', async () => {
    const script = await loadScript('channel-demand.js', {
      OMNICHAOS_URL: up.url,
      OMNICHAOS_PLAN: planFile,
    });
    expect(script.options.scenarios['pos-sale']).toMatchObject({
      executor: 'ramping-arrival-rate',
      exec: 'arrive',
      timeUnit: '1s',
      startRate: 5, // smoke: 0.5/s × speed 10
      stages: [{ duration: '12000ms', target: 5 }],
    });
    expect(script.options.thresholds['omnichaos_arrivals{scenario:pos-sale}']).toEqual([
      'count>=59',
    ]);

    const data = script.setup();
    expect(data.paths).toEqual({
      'marketplace-order': '/_omnichaos/demand/marketplace-order/{index}',
      'pos-sale': '/_omnichaos/demand/pos-sale/{index}',
    });
    for (const channel of Object.keys(data.paths))
      for (let i = 0; i < 3; i++) {
        k6.iteration(channel, i); // exec.scenario.iterationInTest = i
        script.arrive(data);
      }
    expect(k6.checks.map((c) => `${c.name}:${c.ok}`)).toEqual(
      Array(6).fill('arrival admitted:true'),
    );
    expect(samplesOf('omnichaos_arrivals')).toHaveLength(6);
    const names = k6.requests.filter((r) => r.method === 'POST').map((r) => r.tags.name);
    expect(new Set(names)).toEqual(new Set(Object.values(data.paths))); // one series per channel
    const placed = [
      ...(await journal(up.url, 'channel:order-visible')),
      ...(await journal(up.url, 'channel:order-rejected')),
    ];
    expect(placed.map((e) => e.index).sort()).toEqual([0, 1, 2]);
    const sales = await journal(up.url, 'store:sale-completed');
    expect(sales.map((e) => e.index).sort()).toEqual([0, 1, 2]);

    // Why indexes must be unique across k6 instances: a repeated one places nothing new.
    k6.iteration('pos-sale', 1);
    script.arrive(data);
    expect(await journal(up.url, 'store:sale-completed')).toHaveLength(3);
  });

  it('stops at init without a saved plan, and in setup() when the saved plan is stale', async () => {
    await expect(loadScript('channel-demand.js', { OMNICHAOS_URL: up.url })).rejects.toThrow(
      '-e OMNICHAOS_PLAN is required',
    );
    const stale = { ...JSON.parse(readFileSync(planFile, 'utf8')), seed: 7 };
    const staleFile = `${planFile}.stale.json`;
    writeFileSync(staleFile, JSON.stringify(stale));
    const script = await loadScript('channel-demand.js', {
      OMNICHAOS_URL: up.url,
      OMNICHAOS_PLAN: staleFile,
    });
    expect(() => script.setup()).toThrow(K6Abort);
    expect(() => script.setup()).toThrow(/seed 7.*save it again/);
  });

  it('stops in setup() when omnichaos places the demand itself (up --demand)', async () => {
    const demanding = await startUp([
      '--port',
      '0',
      '--scenario',
      'scenarios/smoke.yaml',
      '--demand',
    ]);
    try {
      const script = await loadScript('channel-demand.js', {
        OMNICHAOS_URL: demanding.url,
        OMNICHAOS_PLAN: planFile,
      });
      expect(() => script.setup()).toThrow(
        `omnichaos is already placing scenario "smoke"'s demand (it was started with --demand), so k6 would double it. Restart it as "omnichaos up --scenario FILE" without --demand and run this script again.`,
      );
    } finally {
      expect(await demanding.stop()).toBe(0);
    }
  });
});

describe('chaos-under-load.js', () => {
  const env = () => ({
    OMNICHAOS_URL: up.url,
    PRESET: 'erp-maintenance',
    BEFORE_S: '10',
    FAULT_S: '10',
    AFTER_S: '10',
    P95_MS: '60000', // phases judged on status alone: no wall-clock tolerance in a test
  });

  it('baseline, erp-maintenance on (the ERP answers 503), off, and recovery', async () => {
    const script = await loadScript('chaos-under-load.js', env());
    expect(script.options.scenarios.chaos).toMatchObject({ startTime: '10s', vus: 1 });
    expect(script.options.thresholds['omnichaos_disturbed{phase:during}']).toEqual(['rate>0']);

    const data = script.setup();
    const sims = data.reads.map((r: { sim: string }) => r.sim);
    expect([...sims].sort()).toEqual(['erp', 'marketplace', 'pos', 'wms']);
    const readErp = (elapsedS: number) => {
      k6.iteration('steady', sims.indexOf('erp'), elapsedS);
      script.read(data);
      return k6.requests.at(-1)!.tags.phase;
    };

    expect(readErp(3)).toBe('before');
    // The chaos VU holds the fault in sleep(): the steady VUs read the ERP meanwhile.
    k6.onSleep(() => expect(readErp(15)).toBe('during'));
    k6.iteration('chaos', 0);
    script.chaos(data);
    expect(k6.sleeps).toHaveLength(1);
    expect(k6.checks.map((c) => `${c.name}:${c.ok}`)).toEqual([
      'fault switched on:true',
      'fault switched off:true',
    ]);
    expect(readErp(25)).toBe('after');
    expect(samplesOf('omnichaos_disturbed').map((s) => [s.tags.phase, s.value])).toEqual([
      ['before', 0],
      ['during', 1], // 503: NetSuite maintenance
      ['after', 0],
    ]);
    expect(await faultIds(up.url)).toEqual([]);
  });

  it('teardown() removes every rule a bundle preset left behind when a run stops early', async () => {
    const script = await loadScript('chaos-under-load.js', { ...env(), PRESET: 'flaky-network' });
    const on = await fetch(`${up.url}/_omnichaos/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: FAULT_ID, preset: 'flaky-network', window: { for: '60s' } }),
    });
    expect(on.status).toBe(201);
    expect(await faultIds(up.url)).toEqual([`${FAULT_ID}/1`, `${FAULT_ID}/2`, `${FAULT_ID}/3`]);
    expect(() => script.setup()).toThrow(/\] 3 faults already on \(k6-chaos-under-load\/1/); // no baseline with faults on
    script.teardown();
    expect(await faultIds(up.url)).toEqual([]);
  });

  it('stops in setup() for an unknown preset', async () => {
    const script = await loadScript('chaos-under-load.js', { ...env(), PRESET: 'nope' });
    expect(() => script.setup()).toThrow('-e PRESET: no preset "nope"; this omnichaos knows');
  });

  it('meets vendor quotas with a burst: why capacity runs use load/capacity.yaml', async () => {
    const script = await loadScript('chaos-under-load.js', env());
    const listing = script.setup().reads.find((r: { sim: string }) => r.sim === 'marketplace') as {
      url: string;
      headers: Record<string, string>;
    };
    const burst = Array.from({ length: 100 }, () =>
      fetch(listing.url, { headers: listing.headers }).then((r) => r.status),
    );
    expect(await Promise.all(burst)).toContain(429); // getListingsItem: burst 10
  });
});
