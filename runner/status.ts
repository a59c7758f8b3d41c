import type { ChaosEngine } from '../chaos/engine.js';
import type { Clock } from '../simulators/core/clock.js';
import type { RunModel } from '../oracle/model.js';
import { erpOrderLink } from '../oracle/checks/order-to-erp.js';
import { formatMs } from '../report/format.js';

/**
 * The run's progress: one live line on a TTY (rewritten every second), plain lines every ten
 * seconds otherwise (CI logs). Counts come from a model fed by the journal as it is written.
 */
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
  const line = () => {
    const at = Math.min(clock.now(), options.endMs) - options.startMs;
    const orders = live.channelOrders.size + live.storeSales.size;
    const inErp = live.erp.size;
    const active = options.chaos.list().length;
    const dupes = [...live.erpBy(['sales-order'], erpOrderLink).values()].filter(
      (l) => l.length > 1,
    ).length;
    const oversold = live.inventory.oversells.length;
    return `[${formatMs(at)} / ${formatMs(options.endMs - options.startMs)}] orders ${orders} · ERP records ${inErp} · faults ${active} · violations so far: ${dupes} duplicated, ${oversold} oversold`;
  };
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
