import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './suggest.js';

describe('closest', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('drian', 'drain')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it.each([
    ['drian', ['duration', 'speed', 'drain', 'start'], 'drain'],
    ['get', ['GET', 'POST'], 'GET'],
    ['outtage', ['latency', 'outage', 'timeout'], 'outage'],
    ['warehouse', ['skus', 'warehouses', 'stores'], 'warehouses'],
    ['erp', ['erp-maintenance', 'flaky-network'], 'erp-maintenance'],
  ])('suggests %j for a typo', (input, candidates, expected) => {
    expect(closest(input, candidates)).toBe(expected);
  });

  it('suggests nothing when nothing is close', () => {
    expect(closest('banana', ['erp', 'pos', 'wms'])).toBeUndefined();
    expect(closest('x', ['duration', 'speed'])).toBeUndefined();
  });
});
