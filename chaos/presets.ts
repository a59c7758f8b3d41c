import type { FaultRule, FaultWindow, PresetRule } from '../scenarios/types.js';
import type { PresetName } from '../scenarios/catalog.js';

/**
 * Named fault bundles a tester would reach for. Each expands to ordinary rules with ids
 * `<preset id>/<n>`; a scenario's `window`, `frequency` and `ramp` override the bundle's own.
 */
type Template = Omit<FaultRule, 'id' | 'kind' | 'window'> & { window?: FaultWindow };

const always = { kind: 'always' } as const;
const p = (x: number) => ({ kind: 'probability', p: x }) as const;

export const PRESETS: Record<PresetName, { summary: string; rules: Template[] }> = {
  'erp-maintenance': {
    summary:
      'ERP answers 503 with Retry-After for the whole window (a NetSuite maintenance window)',
    rules: [
      {
        type: 'outage',
        match: { system: 'erp' },
        frequency: always,
        params: { mode: 'maintenance' },
      },
    ],
  },
  'marketplace-throttle-storm': {
    summary: 'SP-API throttles hard: a tight token bucket on every marketplace operation',
    rules: [
      {
        type: 'throttle',
        match: { system: 'marketplace' },
        frequency: always,
        params: { algorithm: 'token-bucket', rate: 0.2, burst: 2, per: 'credential' },
      },
    ],
  },
  'cost-throttle-storm': {
    // Other apps and a promotion's traffic drain the store's GraphQL cost bucket: this app gets a
    // trickle of calls through, each refused one answered with the storefront's 429 and Retry-After.
    summary: 'the storefront bucket runs dry: a tight token bucket on every storefront call',
    rules: [
      {
        type: 'throttle',
        match: { system: 'storefront' },
        frequency: always,
        params: { algorithm: 'token-bucket', rate: 0.5, burst: 2, per: 'credential' },
      },
    ],
  },
  'wms-slow-acks': {
    summary: 'the 3PL acknowledges writes slowly: lognormal latency, median 1.5 s, p99 8 s',
    rules: [
      {
        type: 'latency',
        match: { system: 'wms', method: 'POST' },
        frequency: always,
        params: { distribution: 'lognormal', median: 1500, p99: 8000 },
      },
    ],
  },
  'flaky-network': {
    summary: 'every system: jitter, 3% 502s and 1% connection resets',
    rules: [
      {
        type: 'latency',
        match: {},
        frequency: always,
        params: { distribution: 'uniform', min: 20, max: 250 },
      },
      {
        type: 'error',
        match: {},
        frequency: p(0.03),
        params: { status: 502, message: 'Bad gateway (injected by omnichaos).' },
      },
      { type: 'outage', match: {}, frequency: p(0.01), params: { mode: 'reset' } },
    ],
  },
  'store-network-down': {
    summary: 'stores go offline; their sales upload with original timestamps when it ends',
    rules: [{ type: 'store-offline', match: { system: 'pos' }, frequency: always, params: {} }],
  },
  'webhook-chaos': {
    summary: 'webhooks arrive twice, out of order, late, or not at all',
    rules: [
      { type: 'webhook-duplicate', match: {}, frequency: p(0.2), params: { copies: 1 } },
      { type: 'webhook-reorder', match: {}, frequency: p(0.2), params: { maxDelayMs: 120_000 } },
      { type: 'webhook-drop', match: {}, frequency: p(0.05), params: {} },
    ],
  },
  'schema-drift': {
    summary: 'the marketplace renames OrderStatus and sends OrderTotal.Amount as a number',
    rules: [
      {
        type: 'schema-drift',
        match: { system: 'marketplace', operation: 'getOrder*' },
        frequency: always,
        params: {
          rename: [{ path: 'payload.Orders.*.OrderStatus', to: 'Status' }],
          retype: [{ path: 'payload.Orders.*.OrderTotal.Amount', to: 'number' }],
        },
      },
    ],
  },
};

/**
 * @example expandPreset({ kind: 'preset', id: 'maint', preset: 'erp-maintenance', window: { fromMs: 0, untilMs: 60_000 } })
 */
export function expandPreset(rule: PresetRule): FaultRule[] {
  const preset = PRESETS[rule.preset];
  return preset.rules.map((t, i) => ({
    kind: 'fault',
    id: preset.rules.length === 1 ? rule.id : `${rule.id}/${i + 1}`,
    type: t.type,
    match: t.match,
    params: t.params,
    window: rule.window ?? t.window ?? { fromMs: 0 },
    frequency: rule.frequency ?? t.frequency,
    ramp: rule.ramp ?? t.ramp,
  }));
}
