import type { FaultMatch, FaultWindow } from '../scenarios/types.js';

/** One window of a fault rule, in absolute scenario time. */
export interface FaultSpan {
  id: string;
  type: string;
  /** The kind the fault's type declares (`outage`, `throttle`, …; see `fault:added`). */
  kind?: string;
  system?: string;
  /** Scenario ms, absolute. */
  fromT: number;
  untilT?: number;
}

/** Is this span one of rule `id`'s windows (a repeating rule's spans are `id#n`)? */
export const sameFault = (f: FaultSpan, id: string): boolean =>
  f.id === id || f.id.startsWith(`${id}#`);

/**
 * The spans of a rule's window: one, or one per cycle of a repeating window (bounded: the run's
 * end is applied by the checks).
 *
 * @example windowSpans('erp-down', 'outage', { system: 'erp' }, { fromMs: 0, untilMs: 60_000 }, t0, 'outage')
 */
export function windowSpans(
  id: string,
  type: string,
  match: FaultMatch | undefined,
  w: FaultWindow,
  startT: number,
  kind?: string,
): FaultSpan[] {
  const system = match?.system;
  if (w.everyMs === undefined || w.untilMs === undefined)
    return [
      {
        id,
        type,
        kind,
        system,
        fromT: startT + w.fromMs,
        untilT: w.untilMs === undefined ? undefined : startT + w.untilMs,
      },
    ];
  const spans: FaultSpan[] = [];
  const length = w.untilMs - w.fromMs;
  for (let from = w.fromMs, n = 0; n < 1000; from += w.everyMs, n++)
    spans.push({
      id: `${id}#${n + 1}`,
      type,
      kind,
      system,
      fromT: startT + from,
      untilT: startT + from + length,
    });
  return spans;
}
