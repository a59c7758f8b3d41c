import { Counter, Histogram, Registry } from 'prom-client';
import type { JournalEvent } from '../journal/journal.js';
import { registerGauges } from './gauges.js';
import type { DashboardState } from './state.js';
import type { LiveVerdict } from './verdict.js';

/**
 * `/_omnichaos/metrics` in the Prometheus text format. Counters follow the journal as it is
 * written; gauges are read from the live state when scraped. One private `Registry` per run, so
 * two runs in one process (tests, the library) never mix their numbers. Names and labels:
 * docs/dashboard.md.
 *
 * @example
 * const metrics = createMetrics(() => current);
 * journal.subscribe((e) => metrics.add(e));
 * await metrics.registry.metrics()
 */
export interface Metrics {
  readonly registry: Registry;
  add(e: JournalEvent): void;
}

export interface ScrapeView {
  state: DashboardState;
  verdict: LiveVerdict;
}

export function createMetrics(read: () => ScrapeView): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: 'omnichaos_http_requests_total',
    help: 'Requests the simulators answered, by system, dialect operation and status (or the socket outcome: reset, refuse, hang).',
    labelNames: ['system', 'operation', 'status'],
    registers,
  });
  const duration = new Histogram({
    name: 'omnichaos_http_request_duration_seconds',
    help: 'Wall time from request read to outcome, injected latency included.',
    labelNames: ['system'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const applied = new Counter({
    name: 'omnichaos_faults_applied_total',
    help: 'Fault rules that fired on a request or a webhook delivery, by fault type and system.',
    labelNames: ['type', 'system'],
    registers,
  });
  const deliveries = new Counter({
    name: 'omnichaos_webhook_deliveries_total',
    help: 'Webhook delivery attempts on the wire, by system and result (ok: a 2xx answer).',
    labelNames: ['system', 'result'],
    registers,
  });
  const retries = new Counter({
    name: 'omnichaos_webhook_retries_total',
    help: 'Webhook delivery attempts after the first for the same event.',
    labelNames: ['system'],
    registers,
  });
  const lost = new Counter({
    name: 'omnichaos_webhooks_lost_total',
    help: 'Webhooks never delivered: dropped by a fault, or given up after the retry schedule.',
    labelNames: ['system', 'reason'],
    registers,
  });
  const arrivals = new Counter({
    name: 'omnichaos_demand_arrivals_total',
    help: 'Demand the built-in driver placed, by channel.',
    labelNames: ['channel'],
    registers,
  });
  const events = new Counter({
    name: 'omnichaos_journal_events_total',
    help: 'Journal events written.',
    registers,
  });
  registerGauges(registers, read);

  // `fault:applied` carries `faultType`; journals written before it had it name only the rule,
  // whose type is on the rule's `fault:added` line.
  const faultTypes = new Map<string, string>();
  const add = (e: JournalEvent): void => {
    events.inc();
    const system = String(e.sys ?? 'unknown');
    switch (e.type) {
      case 'http:exchange': {
        const status = typeof e.status === 'number' ? String(e.status) : String(e.outcome);
        requests.inc({ system, operation: String(e.op ?? 'unknown'), status });
        if (typeof e.ms === 'number') duration.observe({ system }, e.ms / 1000);
        return;
      }
      case 'fault:added':
        faultTypes.set(String(e.fault), String(e.faultType));
        return;
      case 'fault:applied':
        applied.inc({
          type: String(e.faultType ?? faultTypes.get(String(e.fault)) ?? 'unknown'),
          system,
        });
        return;
      case 'webhook:attempt':
        deliveries.inc({ system, result: e.ok === true ? 'ok' : 'failed' });
        if (typeof e.attempt === 'number' && e.attempt > 1) retries.inc({ system });
        return;
      case 'webhook:dropped':
        lost.inc({ system, reason: 'dropped' });
        return;
      case 'webhook:gave-up':
        lost.inc({ system, reason: 'gave-up' });
        return;
      case 'demand:arrival':
        arrivals.inc({ channel: String(e.channel) });
        return;
    }
  };
  return { registry, add };
}
