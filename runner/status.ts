import type { ChaosEngine } from '../chaos/engine.js';
import type { Clock } from '../simulators/core/clock.js';
import type { RunModel } from '../oracle/model.js';
import { CHECKS } from '../oracle/checks/index.js';
import { judgeCheck } from '../oracle/judge.js';
import { formatMs } from '../report/format.js';

/**
 * The run's progress: one live line on a TTY (rewritten every second), plain lines every ten
 * seconds otherwise (CI logs). Counts come from a model fed by the journal as it is written,
 * through the same check functions the final verdict uses, so the line and the verdict agree:
 * "not yet in the ERP" is what the exactly-once checks would call missing if the run ended now.
 */

/** The checks whose `missing` / `duplicated` details the line adds up. */
const EXACTLY_ONCE = CHECKS.filter((c) => c.id.endsWith('.exactly-once'));

/**
 * One progress line: what arrived, what is still missing from the ERP (by the checks' own
 * counting), what happened twice, oversells, failing checks and active faults.
 *
 * @example progressLine(model, { atMs: 60_000, spanMs: 600_000, faults: 1 })
 */
export function progressLine(
  live: RunModel,
  at: { atMs: number; spanMs: number; faults: number },
): string {
  let missing = 0;
  let duplicated = 0;
  for (const check of EXACTLY_ONCE) {
    const r = judgeCheck(live, check);
    missing += Number(r.details?.missing ?? 0);
    duplicated += Number(r.details?.duplicated ?? 0);
  }
  const orders = live.channelOrders.size + live.storeSales.size;
  const oversold = live.inventory.oversells.length;
  return (
    `[${formatMs(at.atMs)} / ${formatMs(at.spanMs)}] ` +
    `channel orders and store sales ${orders} · not yet in the ERP ${missing} · ` +
    `duplicated ${duplicated} · oversold ${oversold} · faults active ${at.faults}`
  );
}
export function startStatus(options: {
  clock: Clock;
  startMs: number;
  endMs: number;
  live: RunModel;
  chaos: ChaosEngine;
  out: (line: string) => void;
  status?: (line: string) => void;
}): { stop(): void } {
  const { clock, live } = options;
  const line = () =>
    progressLine(live, {
      atMs: Math.min(clock.now(), options.endMs) - options.startMs,
      spanMs: options.endMs - options.startMs,
      faults: options.chaos.list().length,
    });
  const tty = options.status;
  const timer = setInterval(() => (tty ? tty(line()) : options.out(line())), tty ? 1000 : 10_000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      // the final tally, also in CI logs
      if (tty) tty(line() + '\n');
      else options.out(line());
    },
  };
}
