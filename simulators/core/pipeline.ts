import type { RouteDefinition } from './define-simulator.js';
import type { SimulatorRuntime } from './simulator-runtime.js';
import { authenticate, controlPlane, identify, journalExchange, resolveRoute } from './stages.js';
import type { Outcome, SimRequest } from './types.js';

/**
 * One exchange travelling through the pipeline. Stages read and enrich it.
 */
export interface Exchange<S = unknown> {
  /** Deterministic request id: `<system>-<n>`. */
  readonly id: string;
  readonly req: SimRequest;
  readonly sim: SimulatorRuntime<S>;
  /** Wall time the exchange entered the pipeline. */
  readonly startWall: number;
  route: RouteDefinition<S> | undefined;
  params: Record<string, string>;
  /** The dialect operation name, or `unknown` until a route matched. */
  operation: string;
  credential: string | undefined;
  /** Business identity for fault decisions and retry analysis (docs/architecture.md). */
  logicalKey: string | undefined;
  /** How many earlier requests carried the same logical key. */
  attempt: number;
  /** Correlation id from the caller, if any. */
  correlationId: string | undefined;
  /** Fault ids applied to this exchange. */
  faults: string[];
  /** Extra fields for this exchange's journal line. */
  notes: Record<string, unknown>;
}

/**
 * A stage acts on the way in (before `next()`) and/or on the way out (after it). A stage that
 * answers by itself simply does not call `next()`.
 */
export type Stage<S = unknown> = (
  ex: Exchange<S>,
  next: () => Promise<Outcome>,
) => Promise<Outcome>;

/** The stages a simulator runtime is built with, besides the core's own (see `pipelineStages`). */
export interface PipelineSlots<S = unknown> {
  /** The vendor's normal limits (SP-API token buckets, ShipBob 150/min, NetSuite concurrency). */
  vendorLimit?: Stage<S>;
  /** Faults that act before the handler (latency, errors, outages, throttles). */
  requestFaults?: Stage<S>;
  /** Faults that change what the handler produced (lost response, truncation, schema drift). */
  responseFaults?: Stage<S>;
}

/**
 * The simulator pipeline, in order (docs/architecture.md#the-request-pipeline). Each stage is an onion layer: it acts on the way in, calls
 * `next()`, and may act on the way out.
 *
 *   request ─► control plane ─► journal ─► route ─► auth ─► identify ─► vendor limit
 *            ─► request faults ─► response faults ─► handler
 *   outcome ◄──────────── (journal records the final outcome on the way back out)
 *
 * Order dependencies:
 * - control plane first: `/_omnichaos/*` must answer even while a simulator is throttled or down,
 *   and is never journaled as target traffic.
 * - journal wraps everything below it, so it records what the client really got (after faults).
 * - route before auth: public routes (token endpoints) skip auth, and the operation name must be
 *   known for the limiter and fault matchers.
 * - auth before the vendor limiter: real vendors count quota per credential.
 * - identify before faults: fault decisions hash the logical key and attempt.
 * - response faults inside request faults: a lost response must still perform the write.
 */
export function pipelineStages<S>(slots: PipelineSlots<S>): Stage<S>[] {
  return [
    controlPlane,
    journalExchange,
    resolveRoute,
    authenticate,
    identify,
    (ex, next) => (slots.vendorLimit ? slots.vendorLimit(ex, next) : next()),
    (ex, next) => (slots.requestFaults ? slots.requestFaults(ex, next) : next()),
    (ex, next) => (slots.responseFaults ? slots.responseFaults(ex, next) : next()),
  ];
}

/**
 * Compose stages into one function, first stage outermost (like koa/hono `compose`). A stage
 * that calls `next()` a second time gets a rejected promise and nothing below it runs again: in a
 * tool that judges exactly-once delivery, running a write twice would forge the evidence.
 *
 * @example const run = compose([a, b, c]); await run(exchange)
 */
export function compose<S>(
  stages: readonly Stage<S>[],
  end: (ex: Exchange<S>) => Promise<Outcome>,
) {
  return (ex: Exchange<S>): Promise<Outcome> => {
    let reached = -1;
    const dispatch = (i: number): Promise<Outcome> => {
      if (i <= reached)
        return Promise.reject(
          new Error(`[omnichaos:pipeline] stage ${i - 1} called next() more than once`),
        );
      reached = i;
      const stage = stages[i];
      return stage ? stage(ex, () => dispatch(i + 1)) : end(ex);
    };
    return dispatch(0);
  };
}
