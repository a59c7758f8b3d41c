import { ChaosEngine } from '../chaos/engine.js';
import type { FaultRule } from '../scenarios/types.js';
import type { Clock } from '../simulators/core/clock.js';
import type { Journal } from '../journal/journal.js';
import type { SimulatorRuntime } from '../simulators/core/simulator-runtime.js';

/** 100 rules that never fire: windows in the future ('inactive'), or open, matching, p = 0 ('active'). */
export function idleRules(kind: 'inactive' | 'active'): FaultRule[] {
  return Array.from({ length: 100 }, (_, i) => ({
    kind: 'fault',
    id: `idle-${i}`,
    type: i % 2 ? 'error' : 'latency',
    match: { operation: 'things.*' },
    window: kind === 'inactive' ? { fromMs: 86_400_000 } : { fromMs: 0 },
    frequency: { kind: 'probability', p: 0 },
    params: i % 2 ? { status: 500 } : { distribution: 'fixed', ms: 100 },
  }));
}

/**
 * Plug a chaos engine (seed 1, windows counted from now) into one simulator and add `rules`.
 *
 * @example withRules(runtime, clock, journal, idleRules('inactive'))
 */
export function withRules(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any dialect state
  runtime: SimulatorRuntime<any>,
  clock: Clock,
  journal: Journal,
  rules: readonly FaultRule[],
): ChaosEngine {
  const engine = new ChaosEngine({
    seed: 1,
    clock,
    journal,
    startMs: clock.now(),
    simulators: { [runtime.name]: runtime },
  });
  for (const rule of rules) engine.add(rule);
  return engine;
}
