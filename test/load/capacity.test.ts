import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadScript } from './k6-shim.js';
import { startUp } from '../support/up.js';

/**
 * load/simulator-capacity.js itself, run on the k6 shim (./k6-shim.ts) against a real
 * `omnichaos up --scenario load/capacity.yaml` (every vendor quota lifted) in another process.
 */

const k6 = await vi.hoisted(async () => (await import('./k6-shim.js')).createK6Shim());
vi.mock('k6/http', () => ({ default: k6.http }));
vi.mock('k6/execution', () => ({ default: k6.exec }));
vi.mock('k6', () => ({ check: k6.check, sleep: k6.sleep }));
vi.mock('k6/metrics', () => k6.metrics);

const samplesOf = (metric: string) => k6.samples.filter((s) => s.metric === metric);
const STAIRS = { START_RATE: '10', MAX_RATE: '40', STEPS: '4', HOLD_S: '5' };

let up: Awaited<ReturnType<typeof startUp>>;
beforeAll(async () => {
  up = await startUp(['--port', '0', '--scenario', 'load/capacity.yaml']);
});
afterAll(async () => expect(await up?.stop()).toBe(0));
beforeEach(() => k6.reset());

describe('simulator-capacity.js', () => {
  it('builds the staircase with per-step thresholds, and tags each read with its step', async () => {
    const script = await loadScript('simulator-capacity.js', { OMNICHAOS_URL: up.url, ...STAIRS });
    expect(script.options.scenarios.capacity).toMatchObject({
      executor: 'ramping-arrival-rate',
      startRate: 10,
      timeUnit: '1s',
    });
    expect(script.options.thresholds['omnichaos_served_ms{offered:30}']).toEqual([
      { threshold: 'p(95)<250', abortOnFail: true, delayAbortEval: '13s' },
    ]);
    // 429 is a vendor's normal answer, not a failed request
    expect(k6.responseCallback()).toEqual({ expectedStatuses: [{ min: 200, max: 399 }, 429] });

    const data = script.setup(); // incl. the LWA token and one warm-up read per simulator
    for (let i = 0; i < 8; i++) {
      k6.iteration('capacity', i, 7); // 7 s in: the second step, 20/s
      script.read(data);
    }
    const served = samplesOf('omnichaos_served_ms');
    expect(new Set(served.map((s) => `${s.tags.sim}@${s.tags.offered}`))).toEqual(
      new Set(['erp@20', 'pos@20', 'wms@20', 'marketplace@20']),
    );
    expect(served).toHaveLength(8);
    expect(samplesOf('omnichaos_throttled').map((s) => s.value)).toEqual(Array(8).fill(0));
  });

  it('load/capacity.yaml lifts every quota: a burst on each simulator is served, none throttled', async () => {
    const script = await loadScript('simulator-capacity.js', { OMNICHAOS_URL: up.url, ...STAIRS });
    const reads = script.setup().reads as { url: string; headers: Record<string, string> }[];
    // 30 at once: over NetSuite's 15 in flight and the SP-API listings burst of 10
    const burst = reads.flatMap((r) =>
      Array.from({ length: 30 }, () => fetch(r.url, { headers: r.headers }).then((x) => x.status)),
    );
    expect(new Set(await Promise.all(burst))).toEqual(new Set([200]));
  });

  it('stops in setup() when omnichaos is not there', async () => {
    const script = await loadScript('simulator-capacity.js', {
      OMNICHAOS_URL: 'http://127.0.0.1:9',
    });
    expect(() => script.setup()).toThrow(
      /^\[omnichaos:k6\] cannot reach omnichaos at http:\/\/127.0.0.1:9/,
    );
  });
});
