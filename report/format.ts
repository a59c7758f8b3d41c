import type { Expectation } from '../scenarios/types.js';
import type { CheckResult } from '../oracle/types.js';

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
  return v === 'pass' ? 'PASS' : v === 'fail' ? 'FAIL' : 'NOT CHECKED';
}
