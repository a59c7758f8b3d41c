import { describe, expect, it } from 'vitest';
import { createArrivalSchedule } from './demand.js';

describe('arrival schedule', () => {
  const flat = createArrivalSchedule(
    [{ durationMs: 600_000, fromPerSec: 2, toPerSec: 2 }],
    42,
    'marketplace',
  );

  it('produces about rate × duration arrivals, in order, inside the run', () => {
    expect(Math.abs(flat.total - 1200)).toBeLessThanOrEqual(1);
    let last = -1;
    for (let i = 0; i < flat.total; i++) {
      const t = flat.arrivalAt(i)!;
      expect(t).toBeGreaterThanOrEqual(last);
      expect(t).toBeLessThanOrEqual(600_000);
      last = t;
    }
    expect(flat.arrivalAt(flat.total)).toBeUndefined();
  });

  it('counts consistently with arrivalAt', () => {
    for (const offset of [0, 1, 12_345, 300_000, 600_000]) {
      const n = flat.countUntil(offset);
      if (n > 0) expect(flat.arrivalAt(n - 1)!).toBeLessThan(offset);
      if (n < flat.total) expect(flat.arrivalAt(n)!).toBeGreaterThanOrEqual(offset);
    }
  });

  it('puts more arrivals in the second half of a rising ramp', () => {
    const ramp = createArrivalSchedule(
      [{ durationMs: 600_000, fromPerSec: 0, toPerSec: 10 }],
      1,
      'pos',
    );
    expect(Math.abs(ramp.total - 3000)).toBeLessThanOrEqual(1);
    const firstHalf = ramp.countUntil(300_000);
    expect(firstHalf / ramp.total).toBeCloseTo(0.25, 1); // ∫ of a linear ramp: a quarter in the first half
  });

  it('skips a zero-rate stage and depends on the channel', () => {
    const s = createArrivalSchedule(
      [
        { durationMs: 60_000, fromPerSec: 1, toPerSec: 1 },
        { durationMs: 60_000, fromPerSec: 0, toPerSec: 0 },
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
});
