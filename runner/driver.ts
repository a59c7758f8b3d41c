import type { Clock, Timer } from '../simulators/core/clock.js';
import type { Journal } from '../journal/journal.js';
import type { SimulatorRuntime } from '../simulators/core/simulator-runtime.js';
import type { Scenario } from '../scenarios/types.js';
import { registeredSimulators } from '../simulators/index.js';
import { createArrivalSchedule, type ArrivalSchedule } from '../world/index.js';
import { ev } from '../journal/events.js';
import { planPriceBook } from '../world/prices.js';

/**
 * The built-in open-model demand driver (docs/architecture.md): arrival i of each channel happens at its
 * scheduled scenario time whatever the target is doing — the driver never waits on the target —
 * and each arrival is journaled with its slippage (how late, in wall ms, the driver got to it).
 * Only the next arrival of each channel is scheduled, so memory stays flat over long runs.
 */

/**
 * Scenario demand keys → the simulators' demand channels, from the registered manifests.
 *
 * @example demandChannels().pos // 'pos-sale'
 */
export function demandChannels(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const def of registeredSimulators())
    for (const [key, section] of Object.entries(def.scenarioDemand ?? {}))
      out[key] = section.channel;
  return out;
}

export interface DemandDriver {
  /** Arrivals made so far, per channel. */
  readonly counts: Record<string, number>;
  stop(): void;
}

/** A channel of the scenario no simulator serves (a usage error: exit 2). */
export class UnservedDemandError extends Error {}

/**
 * @example const driver = startDemand({ scenario, clock, journal, simulators, startMs })
 */
export function startDemand(options: {
  scenario: Scenario;
  clock: Clock;
  journal: Journal;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous state types
  simulators: Readonly<Record<string, SimulatorRuntime<any>>>;
  startMs: number;
}): DemandDriver {
  const { scenario, clock, journal, startMs } = options;
  const counts: Record<string, number> = {};
  const timers = new Set<Timer>();
  const channels = demandChannels();
  const plans: { channel: string; schedule: ArrivalSchedule; admit: (i: number) => unknown }[] = [];
  for (const [key, demand] of Object.entries(scenario.demand)) {
    if (!demand) continue;
    const channel = channels[key] ?? key;
    const sim = Object.values(options.simulators).find((s) => s.definition.demand?.[channel]);
    if (!sim)
      throw new UnservedDemandError(
        `demand.${key}: no running simulator takes the "${channel}" channel (running: ${Object.keys(options.simulators).join(', ')})`,
      );
    const admit = sim.definition.demand![channel]!;
    plans.push({
      channel,
      schedule: createArrivalSchedule(demand.stages, scenario.seed, channel),
      admit: (i) => admit(sim.context, i),
    });
  }
  if (scenario.pricing) {
    const keeper = Object.values(options.simulators).find((s) => s.definition.priceBook);
    if (!keeper)
      throw new UnservedDemandError(
        `pricing: no running simulator keeps a price book (running: ${Object.keys(options.simulators).join(', ')})`,
      );
    // The scenario's price timeline, each action at its scenario time (docs/scenarios.md#pricing).
    for (const action of planPriceBook(scenario.pricing, keeper.context.world, startMs)) {
      const timer = clock.at(action.atMs, () => {
        timers.delete(timer);
        keeper.definition.priceBook!(keeper.context, action);
      });
      timers.add(timer);
    }
  }
  for (const plan of plans) {
    counts[plan.channel] = 0;
    const next = (i: number) => {
      const offset = plan.schedule.arrivalAt(i);
      if (offset === undefined) return;
      const due = startMs + offset;
      const timer = clock.at(due, () => {
        timers.delete(timer);
        const slipMs = Math.max(0, (clock.now() - due) / clock.speed);
        try {
          plan.admit(i);
        } catch (err) {
          journal.append(ev.demandFailed({ channel: plan.channel, index: i, error: String(err) }));
        }
        counts[plan.channel]!++;
        journal.append(
          ev.demandArrival({
            channel: plan.channel,
            index: i,
            slipMs: Math.round(slipMs * 100) / 100,
          }),
        );
        next(i + 1);
      });
      timers.add(timer);
    };
    next(0);
  }
  return {
    counts,
    stop() {
      for (const t of timers) t.cancel();
      timers.clear();
    },
  };
}
