import type { RunModel } from '../oracle/model.js';
import type { StartedSimulators } from '../runtime/start-simulators.js';
import { faultViews, presetViews, type FaultView, type PresetView } from './faults-view.js';
import { systemHealth, type Health } from './health.js';
import type { LiveTraffic } from './traffic.js';
import type { LiveCheck, LiveVerdict } from './verdict.js';

/**
 * Everything the page shows, as one JSON object: sent on every tick of the event feed and at
 * `GET /_omnichaos/dashboard/state`. docs/dashboard.md describes the fields.
 */
export interface DashboardState {
  scenario: { name: string; seed: number; durationMs: number; drainMs: number } | null;
  seed: number;
  clock: { now: number; elapsedMs: number; speed: number; paused: boolean; kind: string };
  systems: SystemTile[];
  faults: FaultView[];
  presets: PresetView[];
  verdict: { final: boolean; counts: LiveVerdict['counts']; checks: LiveCheck[] };
}

export interface SystemTile {
  name: string;
  /** e.g. "ERP · NetSuite" */
  label: string;
  health: Health;
  /** Why the health is what it is, in a few words. */
  why: string;
  requestsPerSec: number;
  /** Failed share of recent requests, 0..1 (0 with no traffic). */
  errorRate: number;
  /** 429 answers in the recent window, and since the start. */
  throttled: number;
  throttledTotal: number;
  requestsTotal: number;
  /** Ids of the faults active on it now. */
  faults: string[];
}

/** @example buildState(sims, model, traffic, liveVerdict(model)).systems[0]?.health */
export function buildState(
  sims: StartedSimulators,
  model: RunModel,
  traffic: LiveTraffic,
  verdict: LiveVerdict,
): DashboardState {
  const { clock, chaos } = sims;
  const elapsedMs = clock.now() - sims.startMs;
  const rules = chaos.list();
  const faults = faultViews(rules, elapsedMs);
  const wall = clock.wallNow();
  const systems = Object.values(sims.simulators).map((sim): SystemTile => {
    const activeRules = rules.filter(
      (r, i) => faults[i]!.state === 'active' && (!r.match.system || r.match.system === sim.name),
    );
    const counts = traffic.system(sim.name);
    const recentRequests = counts.requests.total(wall);
    const recentFailures = counts.failures.total(wall);
    return {
      name: sim.name,
      label: sim.definition.label,
      ...systemHealth({
        activeRules,
        refusing: sims.servers[sim.name]?.refusing ?? false,
        recentRequests,
        recentFailures,
      }),
      requestsPerSec: counts.requests.perSecond(wall),
      errorRate: recentRequests === 0 ? 0 : recentFailures / recentRequests,
      throttled: counts.throttled.total(wall),
      throttledTotal: counts.totals.throttled,
      requestsTotal: counts.totals.requests,
      faults: activeRules.map((r) => r.id),
    };
  });
  const s = model.scenario;
  return {
    scenario: s
      ? { name: s.name, seed: s.seed, durationMs: s.clock.durationMs, drainMs: s.clock.drainMs }
      : null,
    seed: sims.world.seed,
    clock: {
      now: clock.now(),
      elapsedMs,
      speed: clock.speed,
      paused: clock.paused,
      kind: clock.kind,
    },
    systems,
    faults,
    presets: presetViews(faults),
    verdict: { final: verdict.final, counts: verdict.counts, checks: verdict.checks },
  };
}
