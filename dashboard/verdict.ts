import { CHECKS } from '../oracle/checks/index.js';
import { arrivals } from '../oracle/checks/lag.js';
import { holds } from '../oracle/judge.js';
import type { RunModel } from '../oracle/model.js';
import type { CheckVerdict } from '../oracle/types.js';
import { formatThreshold, formatValue } from '../report/format.js';
import type { Expectation } from '../scenarios/types.js';

/**
 * The oracle's checks measured on the live model, as the run goes — the same catalogue and
 * thresholds as the final report. Not `judge()` itself: judging closes the inventory tracker's
 * open stale episodes (it is meant for a finished run), and doing that every second would cut
 * one long episode into many short ones. Mid-run, an order still on its way counts as missing:
 * a count check whose only shortfall is such orders reads `pending` ("in flight"), not failing —
 * on a healthy run the page must not cry wolf in front of the room. Anything else over the
 * threshold (a duplicate, a mismatch) reads failing at once.
 */
export interface LiveCheck {
  id: string;
  group: string;
  title: string;
  unit: 'count' | 'ms' | 'ratio';
  /** `pending`: over the threshold only by orders still in flight (live runs only). */
  verdict: CheckVerdict | 'pending';
  measured: number | null;
  threshold: Expectation;
  /** As the reports print them: "1m 05s", "95.3%", "<= 2m 00s". */
  measuredText: string;
  thresholdText: string;
  note?: string;
}

export interface LiveVerdict {
  /** True once the journal says the run finished: from then on the verdicts are final. */
  final: boolean;
  checks: LiveCheck[];
  counts: { pass: number; fail: number; pending: number; notChecked: number };
  /** Channel orders visible to the target and not yet in the ERP. */
  backlog: number;
  oversells: number;
}

/** @example liveVerdict(model).checks.find((c) => c.id === 'lag.p95')?.measured */
export function liveVerdict(model: RunModel): LiveVerdict {
  const flows = model.scenario?.flows;
  const checks = CHECKS.map((check): LiveCheck => {
    const threshold = model.scenario?.expectations[check.id] ?? check.threshold;
    const skipped = check.group !== 'resilience' && flows && !flows.includes(check.group);
    const m = skipped ? { value: null, note: 'flow not under test' } : check.measure(model);
    let verdict: LiveCheck['verdict'] =
      m.value === null ? 'not-checked' : holds(m.value, threshold) ? 'pass' : 'fail';
    const inFlight = 'details' in m ? m.details?.missing : undefined;
    let measuredText = formatValue(m.value, check.unit);
    if (
      verdict === 'fail' &&
      !model.finished &&
      typeof inFlight === 'number' &&
      inFlight > 0 &&
      holds(m.value! - inFlight, threshold)
    ) {
      verdict = 'pending';
      measuredText = `${inFlight} in flight`;
    }
    return {
      id: check.id,
      group: check.group,
      title: check.title,
      unit: check.unit,
      verdict,
      measured: m.value,
      threshold,
      measuredText,
      thresholdText: formatThreshold(threshold, check.unit),
      note: m.note,
    };
  });
  return {
    final: model.finished,
    checks,
    counts: {
      pass: checks.filter((c) => c.verdict === 'pass').length,
      fail: checks.filter((c) => c.verdict === 'fail').length,
      pending: checks.filter((c) => c.verdict === 'pending').length,
      notChecked: checks.filter((c) => c.verdict === 'not-checked').length,
    },
    backlog: arrivals(model).filter((a) => a.erpT === undefined).length,
    oversells: model.inventory.oversells.length,
  };
}
