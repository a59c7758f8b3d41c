import { CHECKS } from '../oracle/checks/index.js';
import { arrivals } from '../oracle/checks/lag.js';
import { holds, judgeCheck } from '../oracle/judge.js';
import type { RunModel } from '../oracle/model.js';
import type { CheckVerdict } from '../oracle/types.js';
import { formatThreshold, formatValue } from '../report/format.js';
import type { Expectation } from '../scenarios/types.js';

/**
 * The oracle's checks measured on the live model, as the run goes — the same catalogue and
 * thresholds as the final report, each through `judgeCheck` — not `judge()`, which closes the
 * inventory tracker's open stale episodes (it is meant for a finished run); doing that every
 * second would cut one long episode into many short ones. Mid-run, an order still on its way
 * counts as missing: a count check whose only shortfall is such orders reads `pending` ("in
 * flight"), not failing — on a healthy run the page must not cry wolf in front of the room.
 * Anything else over the threshold (a duplicate, a mismatch) reads failing at once.
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
  const checks = CHECKS.map((check): LiveCheck => {
    const r = judgeCheck(model, check);
    let verdict: LiveCheck['verdict'] = r.verdict;
    let measuredText = formatValue(r.measured, check.unit);
    const inFlight = r.details?.missing;
    if (
      r.verdict === 'fail' &&
      !model.finished &&
      inFlight !== undefined &&
      inFlight > 0 &&
      holds(r.measured! - inFlight, r.threshold)
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
      measured: r.measured,
      threshold: r.threshold,
      measuredText,
      thresholdText: formatThreshold(r.threshold, check.unit),
      note: r.note,
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
