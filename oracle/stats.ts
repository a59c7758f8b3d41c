/**
 * Small statistics the checks share. Percentiles use the nearest-rank method on a sorted copy, so
 * a reported p95 is always a value that was really measured (no interpolation between samples).
 */

/**
 * Nearest-rank percentile of `values` (any order); `undefined` for an empty list.
 *
 * @example percentile([5, 1, 3], 0.5) // 3
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1];
}

/**
 * Ids of the `n` largest entries of a value map, largest first — the evidence for "slowest" and
 * "most retried" style checks.
 *
 * @example topIds(new Map([['a', 1], ['b', 9]]), 1) // ['b']
 */
export function topIds(values: ReadonlyMap<string, number>, n = 10): string[] {
  return [...values.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([id]) => id);
}

/** @example ratio(1, 4) // 0.25 */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
