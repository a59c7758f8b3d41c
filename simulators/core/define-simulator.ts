import type * as z from 'zod';
import type { PriceBookAction } from '../../world/prices.js';
import type { World } from '../../world/index.js';
import type { Clock } from './clock.js';
import type { DialectErrors } from './errors.js';
import type { ExchangeReader } from './exchange-reading.js';
import type { Journal } from '../../journal/journal.js';
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

/**
 * A scenario `demand.<key>:` section a simulator takes: the demand channel its arrivals go to,
 * and the section's fields besides `stages` (with defaults), e.g. POS `returns`.
 */
export interface ScenarioDemandSection {
  channel: string;
  fields?: z.core.$ZodLooseShape;
}

/**
 * What the rest of omnichaos reads about a simulator without running it: the scenario format's
 * keys, the runner's quotas and demand, the env vars a target gets, the dashboard label and the
 * report colour, the port. See docs/architecture.md#the-simulator-manifest.
 */
export interface SimulatorManifest<N extends string = string> {
  /** System name: erp, pos, wms, marketplace (or a test simulator's). Scenario keys use it. */
  name: N;
  /** The vendor dialect it speaks: netsuite, square, shipbob, amazon-sp. */
  dialect: string;
  /** Label on the dashboard and in reports, e.g. `ERP · NetSuite`. */
  label: string;
  /** This system's colour in report charts (CSS hex). */
  color: string;
  /** Port after the control port that `up` and `run` give it (1, 2, …; unique in the registry). */
  portOffset: number;
  /**
   * Scenario `simulators.<name>:` settings, checked when the scenario is read. Default: any
   * object (the simulator checks its own keys at start-up).
   */
  settings?: z.ZodType<Record<string, unknown>>;
  /** Scenario `demand.<key>:` sections this simulator takes, by key. */
  scenarioDemand?: Readonly<Record<string, ScenarioDemandSection>>;
  /**
   * Vendor rate quotas follow the clock speed (docs/decisions/0006-quotas-follow-clock-speed.md):
   * given the scenario's settings for this system and the speed (> 1), the settings to run with.
   */
  scaleQuotas?(settings: Readonly<Record<string, unknown>>, speed: number): Record<string, unknown>;
  /** Sends webhooks to the target: `target.webhooks.<name>` says where. */
  sendsWebhooks?: boolean;
  /**
   * A sales channel that sells at the price it lists (the integration sets it): scenario
   * `pricing:` entries may name it, and the pricing checks judge its prices.
   */
  sellsAtListedPrice?: boolean;
  /** Credentials the world issues for this system, shown by `up` and `/_omnichaos/endpoints`. */
  credentials(world: World): Record<string, string>;
  /**
   * Env vars the runner gives a target for this system, besides `OMNICHAOS_<NAME>_URL` (see
   * docs/target-contract.md; a test checks it lists them all).
   */
  env(baseUrl: string, world: World): Record<string, string>;
  /**
   * The business reading of this system's exchanges (`ref`, `writeKey`, `oneShot`, `read` on
   * `http:exchange`) from the annotations its handlers wrote: which field names the business
   * object, which one makes a write idempotent, which writes happen once. The journal stage
   * runs it on every exchange and old journals are upgraded with it. Default: only searches sent
   * as POST are reads (`defaultExchangeReader`).
   */
  readExchange?: ExchangeReader;
}

export interface SimulatorDefinition<S, N extends string = string> extends SimulatorManifest<N> {
  errors: DialectErrors;
  createState(ctx: Omit<SimulatorContext<never>, 'state' | 'name'>): S;
  routes: readonly RouteDefinition<S>[];
  /** Check credentials; return the caller's identity or the vendor's 401/403. */
  authenticate?(req: SimRequest, ctx: SimulatorContext<S>): AuthResult;
  /** The vendor's normal limits (token buckets, concurrency) as a pipeline stage. */
  limiter?(ctx: SimulatorContext<S>): Stage<S>;
  /**
   * Business identity of a request for fault decisions (docs/architecture.md), e.g. the idempotency key or
   * the order id in the path. Default: idempotency headers, else `operation + path`.
   */
  logicalKey?(ex: Exchange<S>): string | undefined;
  lifecycle?: readonly LifecycleJob<S>[];
  /**
   * How many entries each of the state's growing structures holds (orders, idempotency keys, …),
   * by name: the runtime's `sizes()` reports them (tests and the memory bench read them).
   */
  sizes?(state: S): Record<string, number>;
  /**
   * Demand this simulator takes in, by channel: the runner's driver (and k6, through
   * `POST /_omnichaos/demand/<channel>/<index>`) calls it at each arrival with the world index,
   * e.g. `{ 'marketplace-order': (ctx, i) => placeOrder(ctx, ctx.world.marketplaceOrder(i)) }`.
   * Returns a small summary (ids) for the journal and the caller.
   */
  demand?: Readonly<Record<string, (ctx: SimulatorContext<S>, index: number) => unknown>>;
  /**
   * This system keeps the price book: the runner's driver hands it the scenario's `pricing:`
   * timeline (world/prices.ts), each action at its scenario time, to record and journal.
   */
  priceBook?: (ctx: SimulatorContext<S>, action: PriceBookAction) => void;
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
  /**
   * The vendor's delivery rules, when they differ from the outbox's defaults: the scenario ms to
   * wait before each retry (its length + 1 = attempts) and the wall ms an attempt may take.
   */
  webhookDelivery?: { retryScheduleMs?: readonly number[]; timeoutMs?: number };
}

/**
 * Declare a simulator. Checks the definition once, up front, so mistakes fail at start-up.
 *
 * @example export const erp = defineSimulator({ name: 'erp', dialect: 'netsuite', … })
 */
export function defineSimulator<S, N extends string = string>(
  definition: SimulatorDefinition<S, N>,
): SimulatorDefinition<S, N> {
  if (!/^[a-z][a-z0-9]*$/.test(definition.name)) {
    throw new Error(
      `[omnichaos:simulator] name must be lower-case letters and digits (it becomes OMNICHAOS_<NAME>_URL), got "${definition.name}"`,
    );
  }
  if (!Number.isInteger(definition.portOffset) || definition.portOffset < 1) {
    throw new Error(
      `[omnichaos:simulator] ${definition.name}: portOffset must be a whole number from 1, got ${definition.portOffset}`,
    );
  }
  for (const [key, section] of Object.entries(definition.scenarioDemand ?? {})) {
    if (!definition.demand?.[section.channel])
      throw new Error(
        `[omnichaos:simulator] ${definition.name}: scenario demand "${key}" names channel "${section.channel}", which \`demand\` does not serve`,
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
