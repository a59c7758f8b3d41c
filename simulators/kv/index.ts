import { defineSimulator, route, type SimulatorDefinition } from '../core/define-simulator.js';
import { SimError, type DialectErrors } from '../core/errors.js';
import type { Outcome } from '../core/types.js';

/**
 * The smallest complete simulator — read it before writing a dialect. The core's contract suite
 * and the benchmark run on it. A tiny simulator for testing the core itself: a "things" resource with a vendor-style error
 * shape, bearer auth, a webhook per create, a lifecycle job, and a route that ends in any
 * network outcome. Real dialects are tested the same way with their own suites.
 */
export interface KvState {
  things: Map<string, { id: string; name: string; createdAt: string }>;
  nextId: number;
  ticks: number;
  /** Flipped by the chaos engine's `store-offline` switch (tests the switch mechanism). */
  offline: boolean;
}

export const KV_TOKEN = 'kv-test-token';

const errors: DialectErrors = {
  error: (status, detail, options) => ({
    status,
    headers:
      options?.retryAfterSeconds === undefined
        ? undefined
        : { 'retry-after': String(options.retryAfterSeconds) },
    body: { error: { code: options?.code ?? `HTTP_${status}`, message: detail } },
  }),
};

export const kvSimulator: SimulatorDefinition<KvState, 'kv'> = defineSimulator<KvState, 'kv'>({
  name: 'kv',
  dialect: 'kv-test',
  label: 'KV · test',
  color: '#57606a',
  portOffset: 1,
  errors,
  createState: () => ({ things: new Map(), nextId: 1, ticks: 0, offline: false }),
  authenticate: (req) =>
    req.headers.authorization === `Bearer ${KV_TOKEN}`
      ? { credential: 'kv-user' }
      : errors.error(401, 'Missing or bad token.', { code: 'UNAUTHORIZED' }),
  routes: [
    route('GET', '/v1/things', 'things.list', ({ state }) => ({
      status: 200,
      body: { items: [...state.things.values()] },
    })),
    route('GET', '/v1/things/:id', 'things.get', ({ state, params, errors: e }) => {
      const thing = state.things.get(params.id!);
      if (!thing) throw new SimError(e.error(404, `No thing ${params.id}.`, { code: 'NOT_FOUND' }));
      return { status: 200, body: thing };
    }),
    route(
      'POST',
      '/v1/things',
      'things.create',
      ({ state, body, clock, outbox, annotate, errors: e }) => {
        const name = (body as { name?: unknown } | undefined)?.name;
        if (typeof name !== 'string' || name.length === 0) {
          throw new SimError(
            e.error(400, 'name must be a non-empty string.', { code: 'INVALID_VALUE' }),
          );
        }
        const id = String(state.nextId++);
        const thing = { id, name, createdAt: new Date(clock.now()).toISOString() };
        state.things.set(id, thing);
        annotate({ thingId: id });
        outbox.enqueue('thing.created', thing);
        return { status: 201, headers: { location: `/v1/things/${id}` }, body: thing };
      },
    ),
    route('DELETE', '/v1/things/:id', 'things.delete', ({ state, params }) => {
      state.things.delete(params.id!);
      return { status: 204 };
    }),
    route('GET', '/v1/outcomes/:kind', 'outcomes.get', ({ params }): Outcome => {
      const response = { status: 200, body: { message: 'x'.repeat(100) } };
      switch (params.kind) {
        case 'reset':
          return { kind: 'reset' };
        case 'hang':
          return { kind: 'hang' };
        case 'truncate':
          return { kind: 'truncate', response, bytes: 10 };
        case 'drip':
          return { kind: 'drip', response, chunkBytes: 40, intervalMs: 1 };
        default:
          return { kind: 'respond', response };
      }
    }),
    route('GET', '/v1/crash', 'crash.get', () => {
      throw new TypeError('a bug in a handler');
    }),
  ],
  switches: {
    'store-offline': (ctx, on) => {
      ctx.state.offline = on;
    },
  },
  lifecycle: [{ name: 'tick', everyMs: 60_000, run: ({ state }) => void state.ticks++ }],
  credentials: () => ({ token: KV_TOKEN }),
  env: (url) => ({ OMNICHAOS_KV_TOKEN: KV_TOKEN, OMNICHAOS_KV_BASE: url }),
});
