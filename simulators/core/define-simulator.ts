import type { World } from '../../world/index.js';
import type { Clock } from './clock.js';
import type { DialectErrors } from './errors.js';
import type { Journal } from './journal.js';
import type { WebhookOutbox, WebhookSigner } from './outbox.js';
import type { Exchange, Stage } from './pipeline.js';
import type { Outcome, SimRequest, SimResponse } from './types.js';

/** What every part of a simulator can reach: its state, the world, the clock, the journal. */
export interface SimulatorContext<S> {
  readonly name: string;
  readonly state: S;
  readonly world: World;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly outbox: WebhookOutbox;
  readonly errors: DialectErrors;
  /** The scenario's settings for this system (limits, timings), as the definition reads them. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** What a route handler receives. */
export interface RouteContext<S> extends SimulatorContext<S> {
  readonly req: SimRequest;
  readonly params: Record<string, string>;
  /** Parsed body: JSON value for `body: 'json'`, text for `'text'`, undefined for `'none'`. */
  readonly body: unknown;
  /** Who called, as `authenticate` established it. */
  readonly credential: string | undefined;
  readonly operation: string;
  /** Add fields to this exchange's journal line (idempotency keys, external ids, record ids). */
  annotate(fields: Record<string, unknown>): void;
}

export type RouteResult = SimResponse | Outcome;
export type RouteHandler<S> = (ctx: RouteContext<S>) => RouteResult | Promise<RouteResult>;

export interface RouteDefinition<S> {
  method: string;
  pattern: string;
  /** The dialect's operation name (`getOrders`, `salesOrder.create`): fault matchers use it. */
  operation: string;
  handler: RouteHandler<S>;
  /** How to read the body; default 'json' for POST/PUT/PATCH, 'none' otherwise. */
  body?: 'json' | 'text' | 'none';
  /** Skip `authenticate` (token endpoints, signed upload URLs). */
  public?: boolean;
}

/**
 * Declare one route.
 *
 * @example route('GET', '/v2/locations', 'ListLocations', ({ state }) => ({ status: 200, body: … }))
 */
export function route<S>(
  method: string,
  pattern: string,
  operation: string,
  handler: RouteHandler<S>,
  options: Pick<RouteDefinition<S>, 'body' | 'public'> = {},
): RouteDefinition<S> {
  return { method: method.toUpperCase(), pattern, operation, handler, ...options };
}

/** Something a simulator does on its own as scenario time passes (ship orders, age tokens). */
export interface LifecycleJob<S> {
  name: string;
  /** Scenario ms between runs. */
  everyMs: number;
  run(ctx: SimulatorContext<S>): void | Promise<void>;
}

export type AuthResult = { credential: string } | SimResponse;

export interface SimulatorDefinition<S> {
  /** System name: erp, pos, wms, marketplace (or a test simulator's). */
  name: string;
  /** The vendor dialect it speaks: netsuite, square, shipbob, amazon-sp. */
  dialect: string;
  errors: DialectErrors;
  createState(ctx: Omit<SimulatorContext<never>, 'state' | 'name'>): S;
  routes: readonly RouteDefinition<S>[];
  /** Check credentials; return the caller's identity or the vendor's 401/403. */
  authenticate?(req: SimRequest, ctx: SimulatorContext<S>): AuthResult;
  /** The vendor's normal limits (token buckets, concurrency) as a pipeline stage. */
  limiter?(ctx: SimulatorContext<S>): Stage<S>;
  /**
   * Business identity of a request for fault decisions (design §4), e.g. the idempotency key or
   * the order id in the path. Default: idempotency headers, else `operation + path`.
   */
  logicalKey?(ex: Exchange<S>): string | undefined;
  lifecycle?: readonly LifecycleJob<S>[];
  /**
   * Demand this simulator takes in, by channel: the runner's driver (and k6, through
   * `POST /_omnichaos/demand/<channel>/<index>`) calls it at each arrival with the world index,
   * e.g. `{ 'marketplace-order': (ctx, i) => placeOrder(ctx, ctx.world.marketplaceOrder(i)) }`.
   * Returns a small summary (ids) for the journal and the caller.
   */
  demand?: Readonly<Record<string, (ctx: SimulatorContext<S>, index: number) => unknown>>;
  /**
   * Server-level switches the chaos engine flips at fault-window edges, by name — e.g.
   * `'store-offline'`: `(ctx, on, { stores }) => …` keeps sales on the till while `on`, and
   * uploads them with their original timestamps when it goes off.
   */
  switches?: Readonly<
    Record<
      string,
      (
        ctx: SimulatorContext<S>,
        on: boolean,
        params: Record<string, unknown>,
      ) => void | Promise<void>
    >
  >;
  /** Sign an outbound webhook as the vendor does. */
  webhookSigner?(world: World): WebhookSigner;
  /** Credentials the world issues for this system, shown by `up` and `/_omnichaos/endpoints`. */
  credentials(world: World): Record<string, string>;
  /** Env vars the runner gives a target for this system (see README "target contract"). */
  env(baseUrl: string, world: World): Record<string, string>;
}

/**
 * Declare a simulator. Checks the definition once, up front, so mistakes fail at start-up.
 *
 * @example export const erp = defineSimulator({ name: 'erp', dialect: 'netsuite', … })
 */
export function defineSimulator<S>(definition: SimulatorDefinition<S>): SimulatorDefinition<S> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) {
    throw new Error(
      `[omnichaos:simulator] name must be a lower-case slug, got "${definition.name}"`,
    );
  }
  const ops = new Set<string>();
  for (const r of definition.routes) {
    if (!r.pattern.startsWith('/')) {
      throw new Error(
        `[omnichaos:simulator] ${definition.name}: route "${r.pattern}" must start with "/"`,
      );
    }
    ops.add(r.operation);
  }
  return definition;
}
