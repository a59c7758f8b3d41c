import { describe, expect, it } from 'vitest';
import { capacityLadder, stepAt } from '../../load/lib/capacity.js';
import { controlHeaders, readControl, rebaseUrl } from '../../load/lib/control.js';
import { flagEnv, listEnv, numberEnv } from '../../load/lib/env.js';
import {
  activeFaultsProblem,
  faultsUrl,
  ownedFaultIds,
  presetFaultBody,
  presetProblem,
} from '../../load/lib/faults.js';
import { healthProblem, replyOf, replyProblem } from '../../load/lib/health.js';
import { chaosTimeline, phaseAt } from '../../load/lib/phases.js';
import type { Plan } from '../../load/lib/plan.js';
import { readFor, simulatorReads } from '../../load/lib/reads.js';
import {
  capacityThresholds,
  demandThresholds,
  phaseThresholds,
} from '../../load/lib/thresholds.js';

const BASE = 'http://127.0.0.1:4000';
const okHealth = (extra: object = {}) =>
  JSON.stringify({
    status: 'ok',
    clock: { paused: false },
    simulators: [{ name: 'erp', refusing: false }],
    ...extra,
  });

describe('settings from -e', () => {
  it('reads the control plane URL and token, with the `up` default', () => {
    expect(readControl({})).toEqual({ url: BASE, token: undefined });
    expect(readControl({ OMNICHAOS_URL: 'http://omnichaos:4000/', OMNICHAOS_TOKEN: 't' })).toEqual({
      url: 'http://omnichaos:4000',
      token: 't',
    });
    expect(() => readControl({ OMNICHAOS_URL: 'omnichaos:4000' })).toThrow(
      '-e OMNICHAOS_URL: expected the control plane\'s base URL like http://127.0.0.1:4000, got "omnichaos:4000"',
    );
    expect(controlHeaders(undefined)).toEqual({});
    expect(controlHeaders('t', true)).toEqual({
      authorization: 'Bearer t',
      'content-type': 'application/json',
    });
  });

  it('parses numbers, lists and flags, naming the flag when a value is wrong', () => {
    expect(numberEnv({}, 'RATE', 8)).toBe(8);
    expect(numberEnv({ RATE: '20' }, 'RATE', 8, { min: 1, integer: true })).toBe(20);
    expect(() => numberEnv({ RATE: '2.5' }, 'RATE', 8, { min: 1, integer: true })).toThrow(
      '-e RATE: expected a whole number >= 1, got "2.5"',
    );
    expect(() => numberEnv({ P95_MS: 'fast' }, 'P95_MS', 200)).toThrow('-e P95_MS');
    expect(listEnv({ SIMULATORS: ' erp, pos ,' }, 'SIMULATORS', [])).toEqual(['erp', 'pos']);
    expect(flagEnv({}, 'X', true)).toBe(true);
    expect(flagEnv({ X: 'no' }, 'X', true)).toBe(false);
    expect(() => flagEnv({ X: 'maybe' }, 'X', true)).toThrow('-e X: expected 1/true/yes');
  });

  it('moves plan URLs onto the host k6 reaches omnichaos by, keeping ports', () => {
    const plan = 'http://127.0.0.1:4000';
    expect(rebaseUrl('http://127.0.0.1:4001', plan, 'http://omnichaos.load.svc:4000')).toBe(
      'http://omnichaos.load.svc:4001',
    );
    expect(rebaseUrl('http://127.0.0.1:4001/', plan, BASE)).toBe('http://127.0.0.1:4001');
    expect(rebaseUrl('http://other:9000', plan, 'http://omnichaos:4000')).toBe('http://other:9000');
  });
});

describe('fail fast: health and control-plane replies', () => {
  it('passes a healthy, running omnichaos', () => {
    expect(healthProblem({ status: 200, body: okHealth() }, BASE)).toBeUndefined();
  });

  it('says what to do when omnichaos is down, locked, paused or refusing', () => {
    expect(healthProblem({ status: 0, body: null, error: 'dial: connection refused' }, BASE)).toBe(
      `cannot reach omnichaos at ${BASE} (dial: connection refused): start it with "omnichaos up --scenario FILE", or point -e OMNICHAOS_URL at it`,
    );
    expect(healthProblem({ status: 401, body: '{}' }, BASE)).toContain('-e OMNICHAOS_TOKEN');
    expect(healthProblem({ status: 200, body: '<html>' }, BASE)).toContain('did not answer');
    expect(
      healthProblem({ status: 200, body: okHealth({ clock: { paused: true } }) }, BASE),
    ).toContain('the scenario clock is paused');
    const refusing = okHealth({ simulators: [{ name: 'pos', refusing: true }] });
    expect(healthProblem({ status: 200, body: refusing }, BASE)).toMatch(/^pos refuse connections/);
    expect(replyProblem({ status: 400, body: '{"error":"bad preset"}' }, BASE, 'POST /x')).toBe(
      'POST /x answered 400: bad preset',
    );
    expect(replyOf({ status: 200, body: new ArrayBuffer(1), error: '' })).toEqual({
      status: 200,
      body: null,
      error: undefined,
    });
  });
});

describe('faults from k6', () => {
  const plan = { presets: ['erp-maintenance', 'flaky-network'] } as Plan;

  it('builds a preset body whose window is the hold in scenario time, plus a margin', () => {
    expect(presetFaultBody('erp-maintenance', { id: 'k6', holdS: 30, speed: 10 })).toEqual({
      id: 'k6',
      preset: 'erp-maintenance',
      window: { for: '350000ms' },
    });
    expect(presetProblem(plan, 'erp-maintenance')).toBeUndefined();
    expect(presetProblem(plan, 'erp-maintenence')).toBe(
      '-e PRESET: no preset "erp-maintenence"; this omnichaos knows erp-maintenance, flaky-network',
    );
  });

  it('finds the rules a preset added under its id, and addresses each', () => {
    const faults = [
      { id: 'k6/1', type: 'latency' },
      { id: 'k6/2', type: 'error' },
      { id: 'k6-other', type: 'outage' },
      { id: 'k6', type: 'outage' },
    ];
    expect(ownedFaultIds(faults, 'k6')).toEqual(['k6/1', 'k6/2', 'k6']);
    expect(faultsUrl(`${BASE}/`)).toBe(`${BASE}/_omnichaos/faults`);
    expect(faultsUrl(BASE, 'k6/2')).toBe(`${BASE}/_omnichaos/faults/k6%2F2`);
    expect(activeFaultsProblem([])).toBeUndefined();
    expect(activeFaultsProblem(faults.slice(3))).toMatch(/^1 fault already on \(k6\)/);
  });
});

describe('chaos timeline', () => {
  const t = chaosTimeline({ beforeS: 30, faultS: 20, afterS: 30 });

  it('tags each moment with its phase, and the seconds around a switch with none', () => {
    expect(t).toEqual({ faultOnS: 30, faultOffS: 50, endS: 80, guardS: 2 });
    const at = (s: number) => phaseAt(t, s);
    expect([0, 27.9, 28.1, 31.9, 32.1, 47.9, 48.1, 52.1, 79].map(at)).toEqual([
      'before',
      'before',
      'transition',
      'transition',
      'during',
      'during',
      'transition',
      'after',
      'after',
    ]);
    expect(() => chaosTimeline({ beforeS: 3, faultS: 20, afterS: 30 })).toThrow(
      '-e BEFORE_S: each phase must be longer than twice the 2s guard',
    );
  });

  it('holds an SLO before and after, and wants the fault seen during', () => {
    const slo = { p95Ms: 250, maxErrorRate: 0.01 };
    expect(phaseThresholds(slo, true)).toEqual({
      'checks{scenario:chaos}': ['rate==1'],
      'http_req_failed{phase:before}': ['rate<0.01'],
      'http_req_duration{phase:before}': ['p(95)<250'],
      'http_req_failed{phase:after}': ['rate<0.01'],
      'http_req_duration{phase:after}': ['p(95)<250'],
      'omnichaos_disturbed{phase:during}': ['rate>0'],
    });
    expect(phaseThresholds(slo, false)).not.toHaveProperty(['omnichaos_disturbed{phase:during}']);
  });
});

describe('capacity staircase', () => {
  const ladder = capacityLadder({ startPerSec: 50, maxPerSec: 200, steps: 4, holdS: 20 });

  it('climbs in whole steps, jumping with zero-length stages and holding each', () => {
    expect(ladder).toEqual({
      rates: [50, 100, 150, 200],
      holdS: 20,
      startRate: 50,
      timeUnit: '1s',
      stages: [
        { duration: '20000ms', target: 50 },
        { duration: '0s', target: 100 },
        { duration: '20000ms', target: 100 },
        { duration: '0s', target: 150 },
        { duration: '20000ms', target: 150 },
        { duration: '0s', target: 200 },
        { duration: '20000ms', target: 200 },
      ],
    });
    expect([0, 19.9, 20, 45, 79, 200].map((s) => stepAt(ladder, s))).toEqual([0, 0, 1, 2, 3, 3]);
    expect(capacityLadder({ startPerSec: 1, maxPerSec: 2, steps: 5, holdS: 1 }).rates).toEqual([
      1, 2,
    ]);
    expect(() => capacityLadder({ startPerSec: 10, maxPerSec: 5, steps: 2, holdS: 1 })).toThrow(
      'START_RATE <= MAX_RATE',
    );
  });

  it('judges each step on its own, once half of it has run, and stops at the first break', () => {
    const t = capacityThresholds(ladder, { p95Ms: 250, maxErrorRate: 0.01 });
    expect(t['omnichaos_served_ms{offered:150}']).toEqual([
      { threshold: 'p(95)<250', abortOnFail: true, delayAbortEval: '50s' },
    ]);
    expect(t['http_req_failed{offered:50}']).toEqual([
      { threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '10s' },
    ]);
    expect(t.omnichaos_throttled).toEqual(['rate<0.01']); // fails, does not stop
  });
});

describe('demand thresholds', () => {
  it('per channel: errors, p95, no dropped arrivals, and the curve delivered per instance', () => {
    const demand = [
      {
        key: 'pos',
        channel: 'pos-sale',
        path: '/_omnichaos/demand/pos-sale/{index}',
        expectedArrivals: 60,
        wallStages: [{ durationS: 12, fromPerSec: 5, toPerSec: 5 }],
      },
    ];
    expect(demandThresholds(demand, { p95Ms: 200, maxErrorRate: 0.01 }, 4)).toEqual({
      'http_req_failed{scenario:pos-sale}': ['rate<0.01'],
      'http_req_duration{scenario:pos-sale}': ['p(95)<200'],
      'dropped_iterations{scenario:pos-sale}': ['count<1'],
      'omnichaos_arrivals{scenario:pos-sale}': ['count>=14'],
    });
  });
});

describe('simulator reads', () => {
  const plan = {
    control: BASE,
    simulators: {
      erp: { url: 'http://127.0.0.1:4001', dialect: 'netsuite', credentials: { accessToken: 'e' } },
      kv: { url: 'http://127.0.0.1:4009', dialect: 'kv', credentials: {} },
    },
  } as unknown as Plan;

  it('reads the simulators it knows, in turn, and names an unknown one', () => {
    const reads = simulatorReads(plan, BASE, [], undefined);
    expect(reads).toEqual([
      {
        sim: 'erp',
        operation: 'inventoryItem.get',
        url: 'http://127.0.0.1:4001/services/rest/record/v1/inventoryItem/eid:SKU-00001',
        headers: { authorization: 'Bearer e' },
      },
    ]);
    expect(readFor(reads, 7).sim).toBe('erp');
    expect(() => simulatorReads(plan, BASE, ['kv'], undefined)).toThrow(
      '-e SIMULATORS: no read for "kv"; known: erp',
    );
  });
});
