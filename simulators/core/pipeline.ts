import type { RouteDefinition } from './define-simulator.js';
import type { SimulatorRuntime } from './simulator-runtime.js';
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
  /** Business identity for fault decisions and retry analysis (design §4). */
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

/** Stage slots that other parts fill at runtime without editing this list. */
export interface PipelineSlots<S = unknown> {
  /** The vendor's normal limits (SP-API token buckets, ShipBob 150/min, NetSuite concurrency). */
  vendorLimit?: Stage<S>;
  /** Faults that act before the handler (latency, errors, outages, throttles). */
  requestFaults?: Stage<S>;
  /** Faults that change what the handler produced (lost response, truncation, schema drift). */
  responseFaults?: Stage<S>;
}

/**
 * Compose stages into one function, first stage outermost (like koa/hono `compose`).
 *
 * @example const run = compose([a, b, c]); await run(exchange)
 */
export function compose<S>(
  stages: readonly Stage<S>[],
  end: (ex: Exchange<S>) => Promise<Outcome>,
) {
  return (ex: Exchange<S>): Promise<Outcome> => {
    const dispatch = (i: number): Promise<Outcome> => {
      const stage = stages[i];
      return stage ? stage(ex, () => dispatch(i + 1)) : end(ex);
    };
    return dispatch(0);
  };
}
