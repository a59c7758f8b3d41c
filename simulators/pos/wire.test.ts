import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iso } from './wire.js';

describe('iso', () => {
  it('formats exactly as Date#toISOString, fractions and second boundaries included', () => {
    const edges = [0, 999, 1000, 1_795_755_599_999.9, 1_795_755_600_000, 253_402_300_799_999];
    for (const ms of [...edges, ...edges.map((e) => e + 0.5)])
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.double({ min: -1e13, max: 3e14, noNaN: true }), (ms) => {
        expect(iso(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
  });
});
