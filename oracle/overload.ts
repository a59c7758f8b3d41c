import type { RunModel } from './model.js';
import { percentile } from './stats.js';

/**
 * When is a run too starved for its timing checks to be believed? Every duration the oracle
 * measures is in scenario time, which runs `speed` times faster than the wall clock: a
 * machine that keeps the target (or the runner) off the CPU for a wall second adds `speed`
 * scenario seconds to each lag, freshness and recovery figure. Past these limits a FAIL of a
 * timing check says as much about the machine as about the integration, so the oracle calls it
 * INCONCLUSIVE instead (docs/decisions/0012-overloaded-runs.md). Correctness checks (exactly
 * once, oversell, totals) are never softened, nor is an order that never arrived.
 */

/** Demand arrivals ran this late (p99 slip × speed, scenario ms): the harness fell behind. */
export const RUNNER_LATE_SCENARIO_MS = 5_000;
/** A process waited for a CPU at least this share of the wall time, in its worst window. */
export const STARVED_RATIO = 0.75;

/**
 * Why the run counts as overloaded, in a sentence; undefined when it does not (or when the
 * journal predates the load figures).
 *
 * @example overloadOf(model) // 'the target waited for a CPU 82% of the time in its worst 10 s …'
 */
export function overloadOf(model: RunModel): string | undefined {
  const load = model.load;
  if (!load) return undefined;
  const speed = model.scenario?.clock.speed ?? 1;
  const why: string[] = [];
  const slip = percentile(model.slips, 0.99);
  if (slip !== undefined && slip * speed >= RUNNER_LATE_SCENARIO_MS)
    why.push(
      `demand arrivals ran ${Math.round(slip)} ms late (p99), ${((slip * speed) / 1000).toFixed(1)} s of scenario time at speed ${speed}`,
    );
  const window = `${Math.round(load.windowMs / 1000)} s`;
  const starved = (who: string, ratio: number | undefined) => {
    if (ratio !== undefined && ratio >= STARVED_RATIO)
      why.push(`${who} waited for a CPU ${Math.round(ratio * 100)}% of its worst ${window}`);
  };
  starved('the runner', load.runnerWorstWaitRatio);
  starved('the target', load.targetWorstWaitRatio);
  if (!why.length) return undefined;
  return `${why.join('; ')} (load average ${load.loadAvg1} on ${load.cpus} CPUs)`;
}
