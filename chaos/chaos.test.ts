import { describe, expect, it } from 'vitest';
import { FAULT_TYPES, PRESET_NAMES } from '../scenarios/catalog.js';
import { streamFor, unitHash } from '../world/rng.js';
import { fires, windowAt } from './decide.js';
import { sampleLatency } from './faults/latency.js';
import { drift } from './faults/schema-drift.js';
import { glob } from './match.js';
import { expandPreset, PRESETS } from './presets.js';
import { faultDefinition, faultDefinitions } from './registry.js';

describe('fault decisions', () => {
  it('are a pure function of seed, fault, logical key and attempt', () => {
    const p = { kind: 'probability', p: 0.5 } as const;
    const decide = (seed: number, key: string, attempt: number) =>
      fires(p, undefined, 0, attempt, seed, 'f', key);
    const keys = Array.from({ length: 200 }, (_, i) => `order:${i}`);
    const a = keys.map((k) => decide(42, k, 0));
    expect(keys.map((k) => decide(42, k, 0))).toEqual(a);
    expect(keys.map((k) => decide(43, k, 0))).not.toEqual(a);
    const share = a.filter(Boolean).length / a.length;
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
    expect(decide(42, 'order:7', 0)).toBe(unitHash(42, 'f', 'order:7', 0) < 0.5);
  });

  it('firstAttempts fails the first n attempts of each key, everyNth every n-th', () => {
    const first = { kind: 'firstAttempts', n: 2 } as const;
    expect([0, 1, 2, 3].map((a) => fires(first, undefined, 0, a, 1, 'f', 'k'))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    const nth = { kind: 'everyNth', n: 3 } as const;
    expect([0, 1, 2, 3, 4, 5].map((a) => fires(nth, undefined, 0, a, 1, 'f', 'k'))).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
    ]);
  });

  it('a ramp raises the probability across the window', () => {
    const ramp = { from: 0, to: 1 };
    const count = (progress: number) =>
      Array.from({ length: 500 }, (_, i) =>
        fires({ kind: 'probability', p: 1 }, ramp, progress, 0, 9, 'f', `k${i}`),
      ).filter(Boolean).length;
    expect(count(0)).toBe(0);
    expect(count(1)).toBe(500);
    expect(count(0.5)).toBeGreaterThan(180);
    expect(count(0.5)).toBeLessThan(320);
  });
});

describe('windows', () => {
  it('open, close, report progress and the next edge', () => {
    const w = { fromMs: 60_000, untilMs: 120_000 };
    expect(windowAt(w, 0)).toMatchObject({ active: false, nextEdgeMs: 60_000 });
    expect(windowAt(w, 90_000)).toMatchObject({
      active: true,
      progress: 0.5,
      remainingMs: 30_000,
      nextEdgeMs: 120_000,
    });
    expect(windowAt(w, 120_000)).toMatchObject({ active: false, nextEdgeMs: undefined });
  });

  it('repeat every period', () => {
    const w = { fromMs: 0, untilMs: 10_000, everyMs: 60_000 };
    expect(windowAt(w, 65_000)).toMatchObject({ active: true, nextEdgeMs: 70_000 });
    expect(windowAt(w, 75_000)).toMatchObject({ active: false, nextEdgeMs: 120_000 });
  });
});

describe('matching globs', () => {
  it('* stays inside a segment, ** crosses them', () => {
    expect(glob('/orders/v0/*', '/').test('/orders/v0/orders')).toBe(true);
    expect(glob('/orders/v0/*', '/').test('/orders/v0/orders/1')).toBe(false);
    expect(glob('/orders/**', '/').test('/orders/v0/orders/1')).toBe(true);
    expect(glob('salesOrder.*', '.').test('salesOrder.create')).toBe(true);
    expect(glob('getOrder*', '.').test('getOrderItems')).toBe(true);
  });
});

describe('latency distributions (seeded)', () => {
  const sample = (p: Parameters<typeof sampleLatency>[0], n = 4000) =>
    Array.from({ length: n }, (_, i) => sampleLatency(p, streamFor(42, 'lat', i))).sort(
      (a, b) => a - b,
    );

  it('replay exactly for the same seed', () => {
    const p = { distribution: 'lognormal', median: 200, p99: 2000 } as const;
    expect(sampleLatency(p, streamFor(1, 'x'))).toBe(sampleLatency(p, streamFor(1, 'x')));
  });

  it('lognormal honours its median and p99', () => {
    const s = sample({ distribution: 'lognormal', median: 200, p99: 2000 });
    expect(s[2000]! / 200).toBeGreaterThan(0.9);
    expect(s[2000]! / 200).toBeLessThan(1.1);
    expect(s[3960]! / 2000).toBeGreaterThan(0.75);
    expect(s[3960]! / 2000).toBeLessThan(1.3);
  });

  it('uniform stays in range; pareto never goes below its scale; normal is never negative', () => {
    const u = sample({ distribution: 'uniform', min: 10, max: 20 });
    expect(u[0]!).toBeGreaterThanOrEqual(10);
    expect(u.at(-1)!).toBeLessThanOrEqual(20);
    expect(sample({ distribution: 'pareto', scale: 50, shape: 1.5 })[0]!).toBeGreaterThanOrEqual(
      50,
    );
    expect(sample({ distribution: 'normal', mean: 5, stddev: 50 })[0]!).toBeGreaterThanOrEqual(0);
  });
});

describe('schema drift', () => {
  it('renames, drops and retypes through arrays', () => {
    const body = {
      payload: { Orders: [{ OrderStatus: 'Unshipped', OrderTotal: { Amount: '11.01' }, X: 1 }] },
    };
    const out = drift(body, {
      rename: [{ path: 'payload.Orders.*.OrderStatus', to: 'Status' }],
      drop: ['payload.Orders.*.X'],
      retype: [{ path: 'payload.Orders.*.OrderTotal.Amount', to: 'number' }],
    });
    expect(out).toEqual({
      payload: { Orders: [{ Status: 'Unshipped', OrderTotal: { Amount: 11.01 } }] },
    });
    expect(body.payload.Orders[0]!.OrderStatus).toBe('Unshipped'); // the original is untouched
  });
});

describe('registry and presets', () => {
  it('registers every fault type the scenario format accepts, with a summary', () => {
    expect(
      faultDefinitions()
        .map((d) => d.type)
        .sort(),
    ).toEqual([...FAULT_TYPES].sort());
    for (const d of faultDefinitions()) expect(d.summary.length).toBeGreaterThan(10);
    expect(() => faultDefinition('earthquake')).toThrow('unknown fault type "earthquake"');
  });

  it('expands every preset into rules whose params validate', () => {
    expect(Object.keys(PRESETS).sort()).toEqual([...PRESET_NAMES].sort());
    for (const name of PRESET_NAMES) {
      const rules = expandPreset({
        kind: 'preset',
        id: name,
        preset: name,
        window: { fromMs: 0, untilMs: 60_000 },
      });
      expect(rules.length).toBeGreaterThan(0);
      for (const r of rules) {
        expect(r.window).toEqual({ fromMs: 0, untilMs: 60_000 });
        expect(faultDefinition(r.type).params.safeParse(r.params).success).toBe(true);
      }
    }
  });
});
