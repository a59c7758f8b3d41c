/**
 * Small statistics the checks share. Percentiles use the nearest-rank method on a sorted copy, so
 * a reported p95 is always a value that was really measured (no interpolation between samples).
 *
 * A run may hold millions of values: nothing here spreads a list into arguments
 * (`Math.max(...values)` overflows the stack past ~120,000) or sorts a list to take ten items.
 */

/**
 * An ascending copy of `values`, to take several percentiles of one list.
 *
 * @example percentileOfSorted(sortedCopy([5, 1, 3]), 0.5) // 3
 */
export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Nearest-rank percentile of an ascending list; `undefined` for an empty one.
 *
 * @example percentileOfSorted([1, 3, 5], 1) // 5
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1];
}

/**
 * Nearest-rank percentile of `values` (any order); `undefined` for an empty list.
 *
 * @example percentile([5, 1, 3], 0.5) // 3
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  return percentileOfSorted(sortedCopy(values), p);
}

/**
 * The largest value, like `Math.max(...values)` (`-Infinity` when empty) for lists of any length.
 *
 * @example maxOf([3, 9, 4]) // 9
 */
export function maxOf(values: Iterable<number>): number {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  return max;
}

/**
 * The first `n` items in the order `before` ranks them; items neither ranks first keep their
 * input order. The same as a stable sort followed by `slice(0, n)`, in one pass.
 *
 * @example first([3, 9, 4], (a, b) => a > b, 2) // [9, 4]
 */
export function first<T>(items: Iterable<T>, before: (a: T, b: T) => boolean, n = 10): T[] {
  const top: T[] = [];
  if (n <= 0) return top;
  for (const item of items) {
    if (top.length === n && !before(item, top[n - 1]!)) continue;
    let i = top.length;
    while (i > 0 && before(item, top[i - 1]!)) i--;
    top.splice(i, 0, item);
    if (top.length > n) top.pop();
  }
  return top;
}

/**
 * Ids of the `n` largest entries of a value map, largest first (equal values by id) — the
 * evidence for "slowest" and "most retried" style checks.
 *
 * @example topIds(new Map([['a', 1], ['b', 9]]), 1) // ['b']
 */
export function topIds(values: ReadonlyMap<string, number>, n = 10): string[] {
  return first(values.entries(), (a, b) => a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]), n).map(
    ([id]) => id,
  );
}

/** @example ratio(1, 4) // 0.25 */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
