/**
 * The closed vocabularies a scenario may use that belong to no simulator (system names and their
 * settings come from the simulator registry). They live here, not in the chaos engine, so the
 * format's errors can suggest the closest name. The chaos registry must accept every fault type listed here (docs/architecture.md).
 */

/**
 * Fault types of the phase 1 catalogue (docs/architecture.md).
 *
 * @example FAULT_TYPES.includes('outage') // true
 */
export const FAULT_TYPES = [
  'latency',
  'error',
  'throttle',
  'concurrency',
  'outage',
  'timeout',
  'lost-response',
  'truncate',
  'malformed-body',
  'slow-body',
  'schema-drift',
  'stale-read',
  'webhook-duplicate',
  'webhook-reorder',
  'webhook-delay',
  'webhook-drop',
  'webhook-forge',
  'store-offline',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

/**
 * Named fault bundles a scenario can pull in with `- preset: <name>`; the chaos engine expands them.
 *
 * @example PRESET_NAMES[0] // 'erp-maintenance'
 */
export const PRESET_NAMES = [
  'erp-maintenance',
  'marketplace-throttle-storm',
  'cost-throttle-storm',
  'wms-slow-acks',
  'flaky-network',
  'store-network-down',
  'webhook-chaos',
  'schema-drift',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * A simulated system, as faults, webhook targets and `simulators:` name it. The names come from the
 * simulator registry (`systemNames()` in simulators/index.ts), not from a list here.
 */
export type SystemName = string;

/**
 * HTTP methods a fault can match. Upper case only, as on the wire.
 *
 * @example HTTP_METHODS.includes('PATCH') // true
 */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * Business flows the oracle can judge (docs/architecture.md); a scenario checks all four unless it lists some.
 *
 * @example FLOWS.length // 6
 */
export const FLOWS = [
  'order-to-erp',
  'fulfillment',
  'inventory-sync',
  'pos-to-erp',
  'settlement',
  'pricing',
] as const;
export type Flow = (typeof FLOWS)[number];
