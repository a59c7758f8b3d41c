import type { World } from '../../world/index.js';
import type { Clock, Timer } from './clock.js';
import type { ControlPlane } from './control-plane.js';
import type { SimulatorContext, SimulatorDefinition, RouteDefinition } from './define-simulator.js';
import type { Journal } from '../../journal/journal.js';
import { BoundedMap } from './bounded-map.js';
import { WebhookOutbox, type Deliver } from './outbox.js';
import { compose, pipelineStages, type Exchange, type PipelineSlots } from './pipeline.js';
import { Router } from './router.js';
import { handleRoute } from './stages.js';
import type { Outcome, SimRequest } from './types.js';
import { ev } from '../../journal/events.js';

export interface SimulatorDeps {
  world: World;
  clock: Clock;
  journal: Journal;
  /** The scenario's settings for this system. */
  config?: Record<string, unknown>;
  /** How webhooks leave the process; default: global fetch. */
  deliver?: Deliver;
  /** Where this system's webhooks go. */
  webhookUrl?: string;
  controlPlane?: ControlPlane;
}

/**
 * A simulator brought to life: state, pipeline, lifecycle jobs, outbox. Transport-free — a
 * transport calls `handle(req)` and realises the outcome on its wire.
 */
export interface SimulatorRuntime<S = unknown> {
  readonly name: string;
  readonly dialect: string;
  readonly definition: SimulatorDefinition<S>;
  readonly router: Router<RouteDefinition<S>>;
  readonly context: SimulatorContext<S>;
  readonly journal: Journal;
  readonly clock: Clock;
  readonly outbox: WebhookOutbox;
  readonly slots: PipelineSlots<S>;
  controlPlane: ControlPlane | undefined;
  /** Base URL once a transport serves it. */
  baseUrl: string | undefined;
  get state(): S;
  handle(req: SimRequest): Promise<Outcome>;
  /**
   * Count one more request for a logical key; returns how many came before it. Counts are
   * forgotten an hour (scenario time) after a key's last request, and past
   * `ATTEMPT_KEYS_MAX` keys the least recently seen go first (docs/performance.md).
   */
  countAttempt(logicalKey: string): number;
  /**
   * Entries in the structures that grow with traffic: `attempts` (the per-key counts above)
   * plus what the definition's `sizes` reports for its state (orders, idempotency keys, …).
   */
  sizes(): Record<string, number>;
  /** Start lifecycle jobs on the clock. */
  start(): void;
  stop(): void;
  /** Rebuild state from the world; forget attempt counts. */
  reset(): void;
}

/**
 * How long a logical key's attempt count is kept after its last request (scenario ms). A target
 * that retries an operation later than this counts as a first attempt again. GUESS: an hour
 * covers any retry schedule a target runs against a fault window.
 */
export const ATTEMPT_TTL_MS = 3_600_000;
/**
 * At most this many keys' counts are kept (about 150 bytes each, so ≤ ~8 MB); past it the least
 * recently seen key is forgotten first. At 1,000 distinct keys/s that still covers 50 s.
 */
export const ATTEMPT_KEYS_MAX = 50_000;

export const fetchDeliver: Deliver = async (url, init) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: init.headers,
    body: init.body,
    signal: init.signal,
  });
  await res.arrayBuffer(); // drain so the connection is reused
  return { status: res.status };
};

/**
 * @example
 * const sim = createSimulatorRuntime(erpDefinition, { world, clock, journal });
 * const outcome = await sim.handle({ method: 'GET', path: '/services/rest/record/v1/customer/1', … });
 */
export function createSimulatorRuntime<S>(
  def: SimulatorDefinition<S>,
  deps: SimulatorDeps,
): SimulatorRuntime<S> {
  const router = new Router(def.routes);
  const outbox = new WebhookOutbox({
    sys: def.name,
    clock: deps.clock,
    journal: deps.journal,
    deliver: deps.deliver ?? fetchDeliver,
    sign: def.webhookSigner?.(deps.world),
    url: deps.webhookUrl,
    ...def.webhookDelivery,
  });
  const base = {
    name: def.name,
    world: deps.world,
    clock: deps.clock,
    journal: deps.journal,
    outbox,
    errors: def.errors,
    config: deps.config ?? {},
  };
  let state = def.createState(base);
  const context: SimulatorContext<S> = {
    ...base,
    get state() {
      return state;
    },
  };
  const slots: PipelineSlots<S> = {};
  const attempts = new BoundedMap<{ n: number; at: number }>({
    ttlMs: ATTEMPT_TTL_MS,
    maxEntries: ATTEMPT_KEYS_MAX,
    now: () => deps.clock.now(),
  });
  const timers: Timer[] = [];
  let seq = 0;

  const runtime: SimulatorRuntime<S> = {
    name: def.name,
    dialect: def.dialect,
    definition: def,
    router,
    context,
    journal: deps.journal,
    clock: deps.clock,
    outbox,
    slots,
    controlPlane: deps.controlPlane,
    baseUrl: undefined,
    get state() {
      return state;
    },
    handle: (req) => run(newExchange(req)),
    countAttempt(key) {
      const seen = attempts.get(key);
      const n = seen?.n ?? 0;
      attempts.set(key, { n: n + 1, at: deps.clock.now() });
      return n;
    },
    sizes() {
      return { attempts: attempts.size, ...def.sizes?.(state) };
    },
    start() {
      for (const job of def.lifecycle ?? []) schedule(job.everyMs, job.name, job.run);
    },
    stop() {
      timers.splice(0).forEach((t) => t.cancel());
    },
    reset() {
      state = def.createState(base);
      attempts.clear();
      seq = 0;
    },
  };
  slots.vendorLimit = def.limiter?.(context);
  const run = compose(pipelineStages(slots), handleRoute);

  function newExchange(req: SimRequest): Exchange<S> {
    return {
      id: `${def.name}-${++seq}`,
      req,
      sim: runtime,
      startWall: deps.clock.wallNow(),
      route: undefined,
      params: {},
      operation: 'unknown',
      credential: undefined,
      logicalKey: undefined,
      attempt: 0,
      correlationId: req.headers['x-correlation-id'] ?? req.headers['x-request-id'],
      faults: [],
      notes: {},
    };
  }

  function schedule(
    everyMs: number,
    name: string,
    job: (ctx: SimulatorContext<S>) => void | Promise<void>,
  ): void {
    const tick = async (): Promise<void> => {
      try {
        await job(context);
      } catch (err) {
        deps.journal.append(ev.simCrashed({ sys: def.name, job: name, error: String(err) }));
      }
      timers.push(deps.clock.afterScenario(everyMs, () => void tick()));
      if (timers.length > 64) timers.splice(0, timers.length - 8); // keep only recent handles
    };
    timers.push(deps.clock.afterScenario(everyMs, () => void tick()));
  }

  return runtime;
}
