import { describe, expect, it } from 'vitest';
import { first, maxOf, percentile, percentileOfSorted, sortedCopy, topIds } from './stats.js';

describe('percentiles', () => {
  it('takes nearest-rank percentiles, several from one sorted copy', () => {
    const sorted = sortedCopy([50, 10, 40, 20, 30]);
    expect(percentileOfSorted(sorted, 0.5)).toBe(30);
    expect(percentileOfSorted(sorted, 0.95)).toBe(50);
    expect(percentileOfSorted(sorted, 0)).toBe(10);
    expect(percentile([5, 1, 3], 0.5)).toBe(3);
    expect(percentile([], 0.5)).toBeUndefined();
  });
});

describe('maxOf', () => {
  it('is Math.max for lists too long to spread into arguments', () => {
    const values = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(() => Math.max(...values)).toThrow(RangeError);
    expect(maxOf(values)).toBe(values.reduce((a, b) => (b > a ? b : a)));
    expect(maxOf([])).toBe(-Infinity);
  });
});

describe('first', () => {
  it('matches a stable sort then slice, ties in input order', () => {
    const items = Array.from({ length: 5_000 }, (_, i) => ({ id: i, v: (i * 37) % 23 }));
    const byValue = (a: { v: number }, b: { v: number }) => a.v > b.v;
    const expected = [...items].sort((a, b) => b.v - a.v).slice(0, 10);
    expect(first(items, byValue)).toEqual(expected);
    expect(first(items, byValue, 3)).toEqual(expected.slice(0, 3));
    expect(first([1, 2], (a, b) => a > b, 10)).toEqual([2, 1]);
    expect(first([1, 2], (a, b) => a > b, 0)).toEqual([]);
  });

  it('gives the most retried ids, equal counts by id', () => {
    const counts = new Map([
      ['c', 2],
      ['a', 2],
      ['b', 9],
      ['d', 1],
    ]);
    expect(topIds(counts, 3)).toEqual(['b', 'a', 'c']);
  });
});
