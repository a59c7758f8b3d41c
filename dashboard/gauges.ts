import { Gauge, type Registry } from 'prom-client';
import type { ScrapeView } from './metrics.js';

/**
 * The gauges of `/_omnichaos/metrics`: read from the live state when Prometheus scrapes, one
 * row per gauge. A gauge is reset before each read, so a label that no longer applies (a fault
 * type that was removed) disappears instead of freezing at its last value.
 */
type Labels = Record<string, string>;

interface GaugeSpec {
  name: string;
  help: string;
  labelNames?: string[];
  values(view: ScrapeView): [Labels, number][];
}

const HEALTH_VALUE = { healthy: 2, degraded: 1, down: 0 } as const;
const LAG_CHECKS = { '0.5': 'lag.p50', '0.95': 'lag.p95', '0.99': 'lag.p99' } as const;

const GAUGES: GaugeSpec[] = [
  {
    name: 'omnichaos_system_health',
    help: 'Health per system: 2 healthy, 1 degraded, 0 down (docs/dashboard.md says how it is decided).',
    labelNames: ['system'],
    values: (v) => v.state.systems.map((s) => [{ system: s.name }, HEALTH_VALUE[s.health]]),
  },
  {
    name: 'omnichaos_faults_active',
    help: 'Fault rules whose window is open now, by type.',
    labelNames: ['type'],
    values: (v) => {
      const byType = new Map<string, number>();
      for (const f of v.state.faults)
        if (f.state === 'active') byType.set(f.type, (byType.get(f.type) ?? 0) + 1);
      return [...byType].map(([type, n]) => [{ type }, n]);
    },
  },
  {
    name: 'omnichaos_oracle_oversells',
    help: 'Marketplace order lines taken with no true availability, so far.',
    values: (v) => [[{}, v.verdict.oversells]],
  },
  {
    name: 'omnichaos_oracle_backlog_orders',
    help: 'Channel orders visible to the target and not yet in the ERP.',
    values: (v) => [[{}, v.verdict.backlog]],
  },
  {
    name: 'omnichaos_oracle_lag_seconds',
    help: 'Order ingestion lag (channel to ERP) percentiles in scenario seconds; orders in flight count up to now.',
    labelNames: ['quantile'],
    values: (v) =>
      Object.entries(LAG_CHECKS).flatMap(([quantile, id]): [Labels, number][] => {
        const ms = v.verdict.checks.find((c) => c.id === id)?.measured;
        return ms === null || ms === undefined ? [] : [[{ quantile }, ms / 1000]];
      }),
  },
  {
    name: 'omnichaos_oracle_check_passing',
    help: 'Each oracle check so far: 0 failing, 1 passing or only waiting on orders in flight; absent while there is nothing to measure.',
    labelNames: ['check'],
    values: (v) =>
      v.verdict.checks
        .filter((c) => c.verdict !== 'not-checked')
        .map((c) => [{ check: c.id }, c.verdict === 'fail' ? 0 : 1]),
  },
  {
    name: 'omnichaos_scenario_elapsed_seconds',
    help: 'Scenario time since the run started.',
    values: (v) => [[{}, v.state.clock.elapsedMs / 1000]],
  },
  {
    name: 'omnichaos_clock_speed',
    help: 'Scenario seconds per wall second.',
    values: (v) => [[{}, v.state.clock.speed]],
  },
];

/** @example registerGauges([registry], () => current) */
export function registerGauges(registers: Registry[], read: () => ScrapeView): void {
  for (const spec of GAUGES)
    new Gauge({
      name: spec.name,
      help: spec.help,
      labelNames: spec.labelNames ?? [],
      registers,
      collect() {
        this.reset();
        for (const [labels, value] of spec.values(read())) this.set(labels, value);
      },
    });
}
