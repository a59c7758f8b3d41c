import type { z } from 'zod';
import type { Clock } from '../simulators/core/clock.js';
import type { DialectErrors } from '../simulators/core/errors.js';
import type { DeliveryPlan, WebhookMessage } from '../simulators/core/outbox.js';
import type { Exchange } from '../simulators/core/pipeline.js';
import type { SimulatorRuntime } from '../simulators/core/simulator-runtime.js';
import type { Outcome } from '../simulators/core/types.js';
import type { Rng } from '../world/rng.js';
import type { FaultRule } from '../scenarios/types.js';
import type { FaultType } from '../scenarios/catalog.js';

/**
 * The contract every fault type implements — one type per file in `chaos/faults/`, registered
 * in `chaos/registry.ts`. See `chaos/CREATING_FAULTS.md`.
 *
 * A fault acts in one or more phases:
 * - `request`: before the route handler (latency, errors, throttles, outages). It may answer by
 *   itself or call `next()` to let the request through.
 * - `response`: on what the handler produced (lost response, truncation, schema drift, stale read).
 * - `delivery`: on an outbound webhook attempt (duplicate, reorder, delay, drop).
 * - `window`: when its window opens or closes, for state that belongs to the server, not to one
 *   request (closing a port for a `refuse` outage, taking stores offline).
 *
 * The engine has already decided that the fault fires for this request (matcher, window, and
 * `hash(seed, faultId, logicalKey, attempt)` against the frequency) before any phase runs.
 */
/**
 * What a fault does to the target's world, for the dashboard, the reports and the resilience
 * checks (docs/architecture.md#faults): `outage` makes a system fail outright (down, errors,
 * timeouts); `throttle` holds requests to a quota; `latency` slows them; `network` breaks the
 * connection around a request that was served; `data` changes what comes back; `delivery` acts on
 * webhooks; `offline` keeps a store's sales on the till.
 */
export type FaultKind =
  'outage' | 'throttle' | 'latency' | 'network' | 'data' | 'delivery' | 'offline';

export interface FaultDefinition<P = Record<string, unknown>> {
  type: FaultType;
  kind: FaultKind;
  /** One line for `chaos list` and the docs. */
  summary: string;
  /** Validates and defaults `params`; errors are shown to the user as they are. */
  params: z.ZodType<P>;
  onRequest?(call: FaultCall<P>, next: () => Promise<Outcome>): Promise<Outcome>;
  onResponse?(call: FaultCall<P>, outcome: Outcome): Outcome | Promise<Outcome>;
  onDelivery?(call: DeliveryCall<P>): DeliveryPlan;
  onWindow?(call: WindowCall<P>, active: boolean): void | Promise<void>;
}

/** Everything a firing fault may use. `rng` is seeded by (seed, fault id, logical key, attempt). */
export interface FaultCall<P> {
  params: P;
  rule: FaultRule;
  ex: Exchange<unknown>;
  clock: Clock;
  errors: DialectErrors;
  rng: Rng;
  /**
   * Scenario ms left in the current window (Infinity when open-ended): outages derive Retry-After
   * from it, in the target's time (`clock.scenarioToTarget`).
   */
  windowRemainingMs: number;
  /** State kept per fault rule across requests (buckets, semaphores, caches). */
  memory: Map<string, unknown>;
}

export interface DeliveryCall<P> {
  params: P;
  rule: FaultRule;
  message: WebhookMessage;
  attempt: number;
  rng: Rng;
}

export interface WindowCall<P> {
  params: P;
  rule: FaultRule;
  sim: SimulatorRuntime<unknown>;
  /** Close or reopen the simulator's port, when its transport can (node:http). */
  setRefusing?: (refusing: boolean) => Promise<void>;
}

/**
 * Declare a fault type.
 *
 * @example export const latency = defineFault({ type: 'latency', summary: '…', params, onRequest })
 */
export function defineFault<P>(definition: FaultDefinition<P>): FaultDefinition<P> {
  return definition;
}
