import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createArrivalSchedule, type RateStage } from './demand.js';

/** Every arrival in order, checking monotonicity and bounds on the way. */
function expectOrderedInside(stages: readonly RateStage[], seed: number, channel: string) {
  const s = createArrivalSchedule(stages, seed, channel);
  let last = 0;
  for (let i = 0; i < s.total; i++) {
    const t = s.arrivalAt(i)!;
    expect(t).toBeGreaterThanOrEqual(last);
    expect(t).toBeLessThanOrEqual(s.durationMs);
    last = t;
  }
  expect(s.arrivalAt(s.total)).toBeUndefined();
  return s;
}

describe('arrival schedule', () => {
  const flat = createArrivalSchedule(
    [{ durationMs: 600_000, fromPerSec: 2, toPerSec: 2 }],
    42,
    'marketplace',
  );

  it('produces about rate × duration arrivals, in order, inside the run', () => {
    expectOrderedInside([{ durationMs: 600_000, fromPerSec: 2, toPerSec: 2 }], 42, 'marketplace');
    expect(Math.abs(flat.total - 1200)).toBeLessThanOrEqual(1);
    expect(flat.durationMs).toBe(600_000);
    expect(flat.arrivalAt(-1)).toBeUndefined();
    expect(flat.arrivalAt(0.5)).toBeUndefined();
  });

  it('counts consistently with arrivalAt', () => {
    for (const offset of [-5, 0, 1, 12_345, 300_000, 600_000, 1e9]) {
      const n = flat.countUntil(offset);
      if (n > 0) expect(flat.arrivalAt(n - 1)!).toBeLessThan(offset);
      if (n < flat.total) expect(flat.arrivalAt(n)!).toBeGreaterThanOrEqual(offset);
    }
    expect(flat.countUntil(1e9)).toBe(flat.total);
  });

  it('puts more arrivals in the second half of a rising ramp from zero', () => {
    const ramp = expectOrderedInside(
      [{ durationMs: 600_000, fromPerSec: 0, toPerSec: 10 }],
      1,
      'pos',
    );
    expect(Math.abs(ramp.total - 3000)).toBeLessThanOrEqual(1);
    // ∫ of a linear ramp from 0: a quarter of the arrivals in the first half.
    expect(ramp.countUntil(300_000) / ramp.total).toBeCloseTo(0.25, 1);
  });

  it('front-loads a ramp down to zero', () => {
    const down = expectOrderedInside(
      [{ durationMs: 600_000, fromPerSec: 10, toPerSec: 0 }],
      1,
      'pos',
    );
    expect(down.countUntil(300_000) / down.total).toBeCloseTo(0.75, 1);
  });

  it('skips a zero-rate stage and depends on the channel', () => {
    const s = expectOrderedInside(
      [
        { durationMs: 60_000, fromPerSec: 1, toPerSec: 1 },
        { durationMs: 60_000, fromPerSec: 0, toPerSec: 0 },
        { durationMs: 0, fromPerSec: 5, toPerSec: 5 },
        { durationMs: 60_000, fromPerSec: 1, toPerSec: 1 },
      ],
      7,
      'pos',
    );
    for (let i = 0; i < s.total; i++) {
      const t = s.arrivalAt(i)!;
      expect(t < 60_000 || t >= 120_000).toBe(true);
    }
    const other = createArrivalSchedule(
      [{ durationMs: 60_000, fromPerSec: 1, toPerSec: 1 }],
      7,
      'marketplace',
    );
    expect(other.arrivalAt(5)).not.toBe(s.arrivalAt(5));
  });

  it('is empty without stages or rate', () => {
    expect(createArrivalSchedule([], 1, 'pos')).toMatchObject({ total: 0, durationMs: 0 });
    const idle = createArrivalSchedule(
      [{ durationMs: 60_000, fromPerSec: 0, toPerSec: 0 }],
      1,
      'pos',
    );
    expect(idle.total).toBe(0);
    expect(idle.countUntil(30_000)).toBe(0);
  });

  it('rejects negative or non-finite stages, naming the stage', () => {
    expect(() =>
      createArrivalSchedule(
        [
          { durationMs: 1000, fromPerSec: 1, toPerSec: 1 },
          { durationMs: 1000, fromPerSec: -1, toPerSec: 1 },
        ],
        1,
        'pos',
      ),
    ).toThrow('demand pos stage 1: fromPerSec must be a finite number ≥ 0, got -1');
    expect(() =>
      createArrivalSchedule([{ durationMs: Infinity, fromPerSec: 1, toPerSec: 1 }], 1, 'pos'),
    ).toThrow('durationMs');
  });

  it('matches ∫rate, stays ordered and agrees with countUntil for any stages', () => {
    const stage = fc.record({
      durationMs: fc.integer({ min: 0, max: 120_000 }),
      fromPerSec: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 20, noNaN: true })),
      toPerSec: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 20, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.array(stage, { maxLength: 4 }), fc.integer(), (stages, seed) => {
        const s = expectOrderedInside(stages, seed, 'marketplace');
        const area = stages.reduce(
          (sum, st) => sum + ((st.fromPerSec + st.toPerSec) / 2) * (st.durationMs / 1000),
          0,
        );
        expect(Math.abs(s.total - area)).toBeLessThan(1);
        for (const frac of [0.1, 0.5, 0.9]) {
          const offset = s.durationMs * frac;
          const n = s.countUntil(offset);
          if (n > 0) expect(s.arrivalAt(n - 1)!).toBeLessThan(offset);
          if (n < s.total) expect(s.arrivalAt(n)!).toBeGreaterThanOrEqual(offset);
        }
      }),
      { numRuns: 60 },
    );
  });
});
