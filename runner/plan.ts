import type { ControlPlane } from '../simulators/core/control-plane.js';
import type { Endpoints } from '../runtime/start-simulators.js';
import { PRESETS } from '../chaos/presets.js';
import type { ChannelDemand, DemandStage, Scenario, ScenarioFault } from '../scenarios/types.js';
import { demandChannels } from './driver.js';

/**
 * The compiled plan (`GET /_omnichaos/plan`): what a running omnichaos will do, in the form an
 * external load generator needs. k6 scripts (`load/*.js`) read it so the same scenario file
 * drives k6 as drives the built-in driver: each channel's arrival curve in scenario time and
 * again in wall time (rates × speed, durations ÷ speed), the control-plane path that admits
 * arrival i, and the fault timeline.
 */
export interface CompiledPlan {
  version: 1;
  /** Null when `up` was started without a scenario: no demand, no faults. */
  scenario: string | null;
  seed: number;
  clock: {
    speed: number;
    /** Scenario time at which demand starts (epoch ms). */
    startMs: number;
    durationMs: number;
    drainMs: number;
    /** The same spans in wall seconds. */
    wallDurationS: number;
    wallDrainS: number;
  };
  /** Who places the scenario's demand: omnichaos itself, or an external driver such as k6. */
  driver: 'built-in' | 'external';
  control: string;
  demand: PlannedChannel[];
  faults: ScenarioFault[];
  presets: string[];
  simulators: Endpoints['simulators'];
}

export interface PlannedChannel {
  /** The scenario's key (`marketplace`, `pos`, `adjustments`). */
  key: string;
  /** The simulator channel behind it (`marketplace-order`, …). */
  channel: string;
  /** POST this with `{index}` replaced by the arrival number (0, 1, 2, … unique per run). */
  path: string;
  /** Arrivals the curve adds up to. */
  expectedArrivals: number;
  /** In scenario time. */
  stages: DemandStage[];
  /** In wall time, ready for k6's `ramping-arrival-rate` (seconds, arrivals per wall second). */
  wallStages: { durationS: number; fromPerSec: number; toPerSec: number }[];
}

/**
 * @example compilePlan(scenario, sims.endpoints(), { driver: 'external', startMs: sims.startMs })
 */
export function compilePlan(
  scenario: Scenario | undefined,
  endpoints: Endpoints,
  options: { driver: 'built-in' | 'external'; startMs: number; seed: number; speed: number },
): CompiledPlan {
  const speed = options.speed;
  const demand: PlannedChannel[] = [];
  const channelOf = demandChannels();
  const sections = Object.entries(scenario?.demand ?? {}) as [string, ChannelDemand | undefined][];
  for (const [key, spec] of sections) {
    if (!spec) continue;
    const channel = channelOf[key] ?? key;
    const expected = spec.stages.reduce(
      (sum, s) => sum + ((s.fromPerSec + s.toPerSec) / 2) * (s.durationMs / 1000),
      0,
    );
    demand.push({
      key,
      channel,
      path: `/_omnichaos/demand/${channel}/{index}`,
      expectedArrivals: Math.round(expected),
      stages: spec.stages,
      wallStages: spec.stages.map((s) => ({
        durationS: round3(s.durationMs / 1000 / speed),
        fromPerSec: round3(s.fromPerSec * speed),
        toPerSec: round3(s.toPerSec * speed),
      })),
    });
  }
  const durationMs = scenario?.clock.durationMs ?? 0;
  const drainMs = scenario?.clock.drainMs ?? 0;
  return {
    version: 1,
    scenario: scenario?.name ?? null,
    seed: options.seed,
    clock: {
      speed,
      startMs: Math.round(options.startMs),
      durationMs,
      drainMs,
      wallDurationS: round3(durationMs / 1000 / speed),
      wallDrainS: round3(drainMs / 1000 / speed),
    },
    driver: options.driver,
    control: endpoints.control,
    demand,
    faults: scenario?.faults ?? [],
    presets: Object.keys(PRESETS),
    simulators: endpoints.simulators,
  };
}

/** Serve the plan at `GET /_omnichaos/plan` (computed on each call: URLs are known late). */
export function mountPlan(controlPlane: ControlPlane, plan: () => CompiledPlan): void {
  controlPlane.add('GET', '/plan', () => ({
    status: 200,
    headers: { 'cache-control': 'no-store' },
    body: plan(),
  }));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
