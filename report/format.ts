import type { Expectation } from '../scenarios/types.js';
import type { CheckResult } from '../oracle/types.js';
import type { IntegritySummary } from '../journal/reader.js';
import type { Verdict } from '../oracle/judge.js';

/**
 * How values read in every report: durations as "1m 05s", ratios as percentages, counts as
 * integers — the same strings in the terminal, the JUnit messages and the HTML page.
 */

/** @example formatMs(65_000) // '1m 05s' */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** @example formatValue(0.953, 'ratio') // '95.3%' */
export function formatValue(value: number | null, unit: CheckResult['unit']): string {
  if (value === null) return '—';
  if (unit === 'ms') return formatMs(value);
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** @example formatThreshold({ op: '<=', value: 30_000, unit: 'ms' }, 'ms') // '<= 30 s' */
export function formatThreshold(t: Expectation, unit: CheckResult['unit']): string {
  if (typeof t.value === 'boolean') return `== ${t.value}`;
  return `${t.op} ${formatValue(t.value, unit)}`;
}

/** @example verdictLabel('not-checked') // 'NOT CHECKED' */
export function verdictLabel(v: CheckResult['verdict']): string {
  return v === 'pass'
    ? 'PASS'
    : v === 'fail'
      ? 'FAIL'
      : v === 'inconclusive'
        ? 'INCONCLUSIVE'
        : 'NOT CHECKED';
}

/**
 * The line that says why timing failures were not held against the target (empty when the run
 * was not overloaded).
 */
export function overloadedSentence(verdict: Verdict): string {
  if (!verdict.overloaded) return '';
  const n = verdict.counts.inconclusive;
  return `overloaded machine: ${verdict.overloaded}${n ? `; ${n} timing check(s) that failed are INCONCLUSIVE — rerun on a quieter machine or at a lower speed` : ''}`;
}

/** Control characters (a corrupt line's NULs) as `\uXXXX`, so a terminal shows them. */
function printable(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `[1, 2, 3, 4, 5, 6]` → `1, 2, 3, 4, 5, …` */
function some(items: (string | number)[], total = items.length, show = 5): string {
  return items.slice(0, show).join(', ') + (total > show ? ', …' : '');
}

/**
 * What reading the journal found, one sentence per kind of damage (none when the file is
 * whole) — the same sentences in the terminal, the JUnit failure and the HTML page.
 *
 * @example describeIntegrity(summary) // ['2 corrupt lines in the middle of the journal (lines 12, 40): …']
 */
export function describeIntegrity(i: IntegritySummary | undefined): string[] {
  if (!i) return [];
  const out: string[] = [];
  if (i.corrupt.count > 0) {
    const first = i.corrupt.examples[0];
    out.push(
      `${i.corrupt.count} corrupt line${i.corrupt.count === 1 ? '' : 's'} in the middle of the journal ` +
        `(line${i.corrupt.count === 1 ? '' : 's'} ${some(i.corrupt.lines, i.corrupt.count)}): not JSON, ${i.corrupt.count === 1 ? 'its event is' : 'their events are'} lost` +
        (first ? `; line ${first.line} starts: ${printable(first.text.slice(0, 60))}` : ''),
    );
  }
  if (i.gaps.count > 0) {
    const ranges = i.gaps.examples.map((g) =>
      g.from === g.to
        ? `seq ${g.from} (before line ${g.line})`
        : `seq ${g.from}–${g.to} (before line ${g.line})`,
    );
    out.push(
      `${i.gaps.missing} event${i.gaps.missing === 1 ? '' : 's'} missing from the sequence over ${i.gaps.count} gap${i.gaps.count === 1 ? '' : 's'}: ${some(ranges, i.gaps.count)}`,
    );
  }
  if (i.outOfOrder.count > 0) {
    const ex = i.outOfOrder.examples.map((o) => `line ${o.line} has seq ${o.seq} after ${o.after}`);
    out.push(
      `${i.outOfOrder.count} line${i.outOfOrder.count === 1 ? '' : 's'} out of sequence (duplicated or reordered): ${some(ex, i.outOfOrder.count)}`,
    );
  }
  if (i.tornLastLine)
    out.push(
      `the last line (line ${i.tornLastLine.line}) is torn: a write cut off when the run was killed; it was skipped`,
    );
  return out;
}

/**
 * The sentence every report uses when the target died mid-run.
 *
 * @example targetDiedSentence({ targetDied: { code: 7, t: 65_000 }, startT: 0 }) // 'the target exited (7) 1m 05s into the run, before it ended'
 */
export function targetDiedSentence(verdict: Pick<Verdict, 'targetDied' | 'startT'>): string {
  const died = verdict.targetDied;
  if (!died) return '';
  const into =
    verdict.startT !== undefined ? ` ${formatMs(died.t - verdict.startT)} into the run` : '';
  return `the target exited (${String(died.code ?? 'unknown')})${into}, before it ended`;
}

/**
 * The plain line for systems the target's flows need and it never called; '' when none.
 *
 * @example neverCalledSentence({ neverCalled: ['erp', 'pos'] }) // 'the target never called erp, pos — systems its flows need'
 */
export function neverCalledSentence(verdict: Pick<Verdict, 'neverCalled'>): string {
  const list = verdict.neverCalled ?? [];
  return list.length ? `the target never called ${list.join(', ')} — systems its flows need` : '';
}
