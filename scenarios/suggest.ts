/**
 * "Did you mean …?" for misspelt keys and names. A plain dynamic-programming edit distance: the
 * candidate lists are tiny (a dozen keys, seventeen fault types), so clarity beats speed.
 */

/**
 * Edits that turn `a` into `b`: insert, delete or substitute one character, or swap two neighbours
 * (optimal string alignment). Swaps count once because "drian" for "drain" is the typical typo.
 *
 * @example editDistance('drian', 'drain') // 1
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/**
 * The candidate closest to `input`, or undefined when nothing is close enough to be a likely typo.
 * Case is ignored ("get" → "GET"); a candidate that contains the input, or is contained in it,
 * counts as one edit ("erp" → "erp-maintenance", "webhook" → "webhooks").
 *
 * @example closest('drian', ['duration', 'speed', 'drain', 'start']) // 'drain'
 * @example closest('banana', ['erp', 'pos']) // undefined
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const wanted = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const contained =
      Math.min(wanted.length, lower.length) >= 3 &&
      (lower.includes(wanted) || wanted.includes(lower));
    const distance = Math.min(editDistance(wanted, lower), contained ? 1 : Infinity);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A third of the word may be wrong: "drian" (2 of 5) yes, "banana" vs "erp" no.
  const tolerance = Math.max(1, Math.floor(wanted.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}
