import { readerFor, type Upgrade, type Upgrades } from '../journal/compat.js';
import { JournalIntegrity, readJournalBatches, type IntegritySummary } from '../journal/reader.js';
import type { Expectation } from '../scenarios/types.js';
import { CHECKS } from './checks/index.js';
import { RunModel } from './model.js';
import { overloadOf } from './overload.js';
import { systemsNeverCalled } from './reach.js';
import { CROSS_FLOW_GROUPS, type CheckDefinition, type CheckResult } from './types.js';

/**
 * The oracle's entry points: fold a journal into a `RunModel`, then judge every check of the
 * catalogue against the scenario's expectations (or the check's default threshold).
 */

export interface Verdict {
  scenario: { name: string; seed: number | undefined; flows: string[] } | undefined;
  /** False when the journal has no `run:finished` (the run was killed or is still going). */
  complete: boolean;
  passed: boolean;
  events: number;
  /**
   * Systems the flows under test need that the target never made a request to (the run fails):
   * the channels whose orders it must carry, the ERP and warehouse they go to.
   */
  neverCalled?: string[];
  /** The target exited on its own mid-run (code or signal, scenario time): the run fails. */
  targetDied?: { code: number | string | undefined; t: number };
  /** Unparseable lines, anywhere in the file (see `integrity` for which kind). */
  problems: number;
  /**
   * True when events are missing or damaged in the middle of the journal (gaps in `seq`, corrupt
   * or reordered lines): the verdicts judged an incomplete record, so the run does not pass.
   */
  damaged: boolean;
  /** What reading the journal found; undefined when the run was judged live, not from a file. */
  integrity: IntegritySummary | undefined;
  startT: number | undefined;
  endT: number | undefined;
  /**
   * Why the machine counts as overloaded (oracle/overload.ts); timing checks that failed on it
   * are `inconclusive`, and a run whose only failures are those is INCONCLUSIVE, not FAILED.
   */
  overloaded?: string;
  /** The run did not pass only because timing checks failed on an overloaded machine. */
  inconclusive: boolean;
  checks: CheckResult[];
  counts: { pass: number; fail: number; notChecked: number; inconclusive: number };
}

/**
 * Compare a measured value with a threshold.
 *
 * @example holds(3, { op: '<=', value: 5 }) // true
 */
export function holds(measured: number, t: Expectation): boolean {
  if (typeof t.value === 'boolean') return (measured === 0) === t.value;
  switch (t.op) {
    case '<=':
      return measured <= t.value;
    case '<':
      return measured < t.value;
    case '>=':
      return measured >= t.value;
    case '>':
      return measured > t.value;
    case '==':
      return measured === t.value;
  }
}

/** Expectation ids the catalogue does not know (a typo in the scenario). */
export function unknownExpectations(expectations: Record<string, unknown>): string[] {
  const known = new Set(CHECKS.map((c) => c.id));
  return Object.keys(expectations).filter((id) => !known.has(id));
}

/**
 * One check against the model as it stands — also what the dashboard calls mid-run, where
 * `judge()` would not do: it closes the inventory tracker's open stale episodes.
 *
 * @example judgeCheck(model, CHECKS[0]!).verdict // 'pass'
 */
export function judgeCheck(model: RunModel, check: CheckDefinition): CheckResult {
  const scenario = model.scenario;
  const configured = scenario?.expectations[check.id];
  const threshold = configured ?? check.threshold;
  const base = {
    id: check.id,
    group: check.group,
    title: check.title,
    description: check.description,
    unit: check.unit,
    threshold,
    thresholdSource: configured ? ('scenario' as const) : ('default' as const),
  };
  const flows = scenario?.flows;
  const flow = !CROSS_FLOW_GROUPS.has(check.group);
  if (flow && flows && !flows.includes(check.group as (typeof flows)[number]))
    return {
      ...base,
      measured: null,
      verdict: 'not-checked',
      note: 'flow not under test',
      evidence: [],
    };
  const m = check.measure(model);
  if (m.value === null)
    return { ...base, measured: null, verdict: 'not-checked', note: m.note, evidence: m.evidence };
  return {
    ...base,
    measured: m.value,
    verdict: !m.unbounded && holds(m.value, threshold) ? 'pass' : 'fail',
    note: m.note,
    ...(m.summary !== undefined && { summary: m.summary }),
    ...(m.unbounded && { unbounded: true }),
    evidence: m.evidence,
    details: m.details,
  };
}

/**
 * Judge a folded run.
 *
 * @example const verdict = judge(model); verdict.passed
 */
export function judge(model: RunModel): Verdict {
  model.inventory.finish(model.lastT ?? 0);
  model.forget();
  const overloaded = model.finished ? overloadOf(model) : undefined;
  const checks = CHECKS.map((c) => judgeCheck(model, c)).map((c) =>
    overloaded && c.verdict === 'fail' && c.unit === 'ms' && !c.unbounded
      ? {
          ...c,
          verdict: 'inconclusive' as const,
          note: `${c.note ? `${c.note}; ` : ''}measured on an overloaded machine: ${overloaded}`,
        }
      : c,
  );
  const counts = {
    pass: checks.filter((c) => c.verdict === 'pass').length,
    fail: checks.filter((c) => c.verdict === 'fail').length,
    notChecked: checks.filter((c) => c.verdict === 'not-checked').length,
    inconclusive: checks.filter((c) => c.verdict === 'inconclusive').length,
  };
  const damaged = model.integrity?.damaged ?? false;
  // judged only at the end: live, the target may simply not have got to a system yet
  const neverCalled = model.finished ? systemsNeverCalled(model) : [];
  const sound = model.finished && !damaged && !model.targetDied && neverCalled.length === 0;
  return {
    scenario: model.scenario
      ? { name: model.scenario.name, seed: model.seed, flows: [...model.scenario.flows] }
      : undefined,
    complete: model.finished,
    passed: counts.fail === 0 && counts.inconclusive === 0 && sound,
    inconclusive: counts.fail === 0 && counts.inconclusive > 0 && sound,
    ...(overloaded && { overloaded }),
    neverCalled,
    ...(model.targetDied && { targetDied: { ...model.targetDied } }),
    events: model.events,
    problems: model.problems,
    damaged,
    integrity: model.integrity,
    startT: model.startT,
    endT: model.lastT,
    checks,
    counts,
  };
}

/**
 * The process exit code a verdict gives: 0 passed, 1 failed, 3 inconclusive (only timing checks
 * failed, on an overloaded machine: rerun on a quieter one or at a lower speed).
 *
 * @example verdictExitCode(verdict) // 0
 */
export function verdictExitCode(verdict: Verdict): 0 | 1 | 3 {
  return verdict.passed ? 0 : verdict.inconclusive ? 3 : 1;
}

/**
 * Read a journal file (tolerating a torn last line, naming gaps and corrupt lines) and fold it.
 * Events come a chunk at a time: one `await` per event cost more than folding it. A journal of
 * an older schema version is upgraded line by line with `upgrades` (none given: it is refused, as
 * is a newer one — a `JournalRefusedError` saying why).
 *
 * @example const model = await foldJournal('runs/x/journal.ndjson')
 */
export async function foldJournal(
  file: string,
  options: { upgrades?: Upgrades } = {},
): Promise<RunModel> {
  const model = new RunModel();
  const integrity = new JournalIntegrity();
  let upgrade: Upgrade | undefined;
  let first = true;
  for await (const batch of readJournalBatches(file, () => model.problems++, integrity))
    for (const line of batch) {
      if (first) {
        first = false;
        upgrade = readerFor(line, options.upgrades);
      }
      const e = upgrade ? upgrade(line) : line;
      if (e) model.add(e);
    }
  model.integrity = integrity.summary();
  return model;
}
