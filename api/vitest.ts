import { expect } from 'vitest';
import type { Verdict } from '../oracle/judge.js';
import type { CheckResult } from '../oracle/types.js';
import { formatThreshold, formatValue } from '../report/format.js';

/**
 * `omnichaos/vitest`: matchers for verdicts. Importing this module registers them with vitest's
 * `expect` (vitest is an optional peer dependency). A failing matcher prints the failing checks
 * with what was measured, the threshold and the evidence ids to look up in the journal.
 *
 * @example
 * import 'omnichaos/vitest';
 * expect(verdict).toHold();
 * expect(verdict).toFail('inventory-sync.oversell');
 */

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

function isVerdict(v: unknown): v is Verdict {
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as Verdict).checks) &&
    typeof (v as Verdict).passed === 'boolean'
  );
}

function notAVerdict(received: unknown): MatcherResult {
  return {
    pass: false,
    message: () =>
      `expected an omnichaos verdict (from ScenarioRun#run() or judgeJournal()), got ${typeof received === 'object' ? JSON.stringify(received)?.slice(0, 200) : String(received)}`,
  };
}

/**
 * One check as a line: verdict, id, measured against threshold, note and evidence.
 *
 * @example describeCheck(verdict.checks[0]) // '✗ inventory-sync.oversell: measured 3, threshold <= 0 — …; evidence: SKU-1, SKU-7'
 */
export function describeCheck(c: CheckResult): string {
  const mark = c.verdict === 'pass' ? '✓' : c.verdict === 'fail' ? '✗' : '–';
  const measured =
    c.measured === null ? 'not checked' : `measured ${formatValue(c.measured, c.unit)}`;
  const note = c.note ? ` — ${c.note}` : '';
  const evidence = c.evidence.length ? `; evidence: ${c.evidence.join(', ')}` : '';
  return `${mark} ${c.id}: ${measured}, threshold ${formatThreshold(c.threshold, c.unit)}${note}${evidence}`;
}

function summary(v: Verdict): string {
  const name = v.scenario ? `"${v.scenario.name}" (seed ${v.scenario.seed})` : 'the run';
  return `${name}: ${v.counts.pass} passed, ${v.counts.fail} failed, ${v.counts.notChecked} not checked${v.complete ? '' : ', and the journal has no run:finished (the run did not complete)'}`;
}

/**
 * The matchers, for `expect.extend` in a setup of your own (importing the module does it already).
 *
 * @example expect.extend(omnichaosMatchers)
 */
export const omnichaosMatchers = {
  /** The run completed, no check failed, and at least one check judged something. */
  toHold(received: unknown): MatcherResult {
    if (!isVerdict(received)) return notAVerdict(received);
    const failing = received.checks.filter((c) => c.verdict === 'fail');
    const nothing = received.counts.pass === 0;
    const pass = received.passed && !nothing;
    return {
      pass,
      message: () =>
        pass
          ? `expected the verdict not to hold, but it did — ${summary(received)}`
          : [
              `expected the verdict to hold — ${summary(received)}`,
              ...(nothing && failing.length === 0
                ? ['no check judged anything: a verdict never passes on nothing']
                : []),
              ...failing.map(describeCheck),
            ].join('\n'),
    };
  },

  /**
   * The verdict failed; with a check id, that check failed (others may fail too).
   */
  toFail(received: unknown, checkId?: string): MatcherResult {
    if (!isVerdict(received)) return notAVerdict(received);
    const failing = received.checks.filter((c) => c.verdict === 'fail');
    if (checkId === undefined) {
      const pass = !received.passed;
      return {
        pass,
        message: () =>
          pass
            ? [
                `expected the verdict not to fail — ${summary(received)}`,
                ...failing.map(describeCheck),
              ].join('\n')
            : `expected the verdict to fail, but it held — ${summary(received)}`,
      };
    }
    const check = received.checks.find((c) => c.id === checkId);
    if (!check)
      return {
        pass: false,
        message: () =>
          `no check named "${checkId}" in the verdict; checks: ${received.checks.map((c) => c.id).join(', ')}`,
      };
    const pass = check.verdict === 'fail';
    return {
      pass,
      message: () =>
        pass
          ? `expected ${checkId} not to fail, but it did\n${describeCheck(check)}`
          : [
              `expected ${checkId} to fail, but it was ${check.verdict === 'pass' ? 'met' : 'not checked'}`,
              describeCheck(check),
              ...(failing.length ? ['checks that did fail:', ...failing.map(describeCheck)] : []),
            ].join('\n'),
    };
  },
};

expect.extend(omnichaosMatchers);

/** The matchers' types on vitest's `expect`. */
export interface OmnichaosMatchers<R = unknown> {
  /**
   * The run completed, no check failed, and something was checked.
   *
   * @example expect(verdict).toHold()
   */
  toHold(): R;
  /**
   * The verdict failed; with an id, that check failed.
   *
   * @example expect(verdict).toFail('inventory-sync.oversell')
   */
  toFail(checkId?: string): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type -- vitest's own signature
  interface Assertion<T = any> extends OmnichaosMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmentation
  interface AsymmetricMatchersContaining extends OmnichaosMatchers {}
}
