import { ev } from '../../journal/events.js';
import type { RouteContext, RouteResult } from './define-simulator.js';
import type { Exchange } from './pipeline.js';
import { SimError } from './errors.js';
import { withReading } from './exchange-reading.js';
import { MAX_JSON_DEPTH, tooDeep } from './json-depth.js';
import { respond, type Outcome, type SimResponse } from './types.js';

type Next = () => Promise<Outcome>;

/**
 * The pipeline's own stages (their order is in pipeline.ts). Each is an onion layer: it acts on
 * the way in, calls `next()`, and may act on the way out.
 */

// Stages are plain functions returning the next stage's promise, not `async` ones: an async
// function that returns a promise costs extra microtask turns, and a request crosses every stage.

export function controlPlane<S>(ex: Exchange<S>, next: Next): Promise<Outcome> {
  if (!ex.req.path.startsWith('/_omnichaos/')) return next();
  const cp = ex.sim.controlPlane;
  if (!cp) return answer({ status: 404, body: { error: 'no control plane on this server' } });
  return cp.handle(ex.req).then(respond);
}

export function journalExchange<S>(ex: Exchange<S>, next: Next): Promise<Outcome> {
  return next().then((outcome) => {
    recordExchange(ex, outcome);
    return outcome;
  });
}

function recordExchange<S>(ex: Exchange<S>, outcome: Outcome): void {
  const response =
    outcome.kind === 'respond' || outcome.kind === 'truncate' || outcome.kind === 'drip'
      ? outcome.response
      : undefined;
  ex.sim.journal.append(
    ev.httpExchange(
      withReading(
        {
          sys: ex.sim.name,
          id: ex.id,
          op: ex.operation,
          method: ex.req.method,
          path: ex.req.path,
          status: response?.status,
          outcome: outcome.kind,
          cred: ex.credential,
          key: ex.logicalKey,
          attempt: ex.attempt,
          corr: ex.correlationId,
          retryAfter: retryAfterOf(response),
          faults: ex.faults.length > 0 ? ex.faults : undefined,
          ms: Math.round((ex.sim.clock.wallNow() - ex.startWall) * 100) / 100,
          ...ex.notes,
        },
        ex.sim.definition.readExchange,
      ),
    ),
  );
}

/** A response as a settled outcome promise, for stages that answer by themselves. */
function answer(response: SimResponse): Promise<Outcome> {
  return Promise.resolve(respond(response));
}

function retryAfterOf(response: SimResponse | undefined): number | undefined {
  const h = response?.headers;
  if (!h) return undefined;
  const v = h['retry-after'] ?? h['Retry-After'] ?? h['x-retry-after'];
  return v === undefined ? undefined : Number(v);
}

export function resolveRoute<S>(ex: Exchange<S>, next: Next): Promise<Outcome> {
  const found = ex.sim.router.match(ex.req.method, ex.req.path);
  if (found.kind === 'match') {
    ex.route = found.route;
    ex.params = found.params;
    ex.operation = found.route.operation;
  }
  // No match still runs auth (vendors answer 401/403 before 404 for unauthenticated callers);
  // the handler stage answers the dialect's 404/405.
  return next();
}

export function authenticate<S>(ex: Exchange<S>, next: Next): Promise<Outcome> {
  const auth = ex.sim.definition.authenticate;
  if (!auth || ex.route?.public) return next();
  const result = auth(ex.req, ex.sim.context);
  if ('credential' in result) {
    ex.credential = result.credential;
    return next();
  }
  return answer(result as SimResponse);
}

const IDEMPOTENCY_HEADERS = ['idempotency-key', 'x-netsuite-idempotency-key', 'x-idempotency-key'];

export function identify<S>(ex: Exchange<S>, next: Next): Promise<Outcome> {
  let key = ex.sim.definition.logicalKey?.(ex);
  if (key === undefined) {
    for (const h of IDEMPOTENCY_HEADERS) {
      const v = ex.req.headers[h];
      if (v) {
        key = `${ex.operation}:${v}`;
        break;
      }
    }
  }
  ex.logicalKey = key ?? `${ex.operation}:${ex.req.method} ${ex.req.path}`;
  ex.attempt = ex.sim.countAttempt(ex.logicalKey);
  return next();
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * What a handler sees: the simulator's context (its prototype, so nothing is copied per
 * request — a spread of it showed in profiles) plus this exchange's own fields.
 */
function routeContext<S>(ex: Exchange<S>, body: unknown): RouteContext<S> {
  const ctx = Object.create(ex.sim.context) as {
    -readonly [K in keyof RouteContext<S>]: RouteContext<S>[K];
  };
  ctx.req = ex.req;
  ctx.params = ex.params;
  ctx.body = body;
  ctx.credential = ex.credential;
  ctx.operation = ex.operation;
  ctx.annotate = (fields) => Object.assign(ex.notes, fields);
  return ctx;
}

/** The innermost step: parse the body and run the route handler, answering vendor errors. */
export function handleRoute<S>(ex: Exchange<S>): Promise<Outcome> {
  const { sim, req } = ex;
  const errors = sim.definition.errors;
  const route = ex.route;
  if (!route) {
    const m = sim.router.match(req.method, req.path);
    if (m.kind === 'method-not-allowed') {
      return answer(errors.error(405, `Method ${req.method} is not allowed on ${req.path}.`));
    }
    return answer(errors.error(404, `No resource at ${req.method} ${req.path}.`));
  }
  if (req.bodyTooLarge) return answer(errors.error(413, 'The request body is too large.'));
  const mode = route.body ?? (BODY_METHODS.has(route.method) ? 'json' : 'none');
  let body: unknown;
  if (mode === 'json' && req.rawBody.length > 0) {
    if (tooDeep(req.rawBody))
      return answer(
        errors.error(400, `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`, {
          code: 'INVALID_JSON',
        }),
      );
    try {
      body = JSON.parse(req.rawBody);
    } catch {
      return answer(
        errors.error(400, 'The request body is not valid JSON.', { code: 'INVALID_JSON' }),
      );
    }
  } else if (mode === 'text') body = req.rawBody;
  let result: ReturnType<typeof route.handler>;
  try {
    result = route.handler(routeContext(ex, body));
  } catch (err) {
    return Promise.resolve(handlerFailed(ex, err));
  }
  // Most handlers are synchronous: no extra turn of the event loop for them.
  if (result instanceof Promise)
    return result.then(asOutcome, (err: unknown) => handlerFailed(ex, err));
  return Promise.resolve(asOutcome(result));
}

function asOutcome(result: RouteResult): Outcome {
  return 'kind' in result ? result : respond(result);
}

/** A handler threw: its vendor error if it meant to, else a 500 journaled as a simulator bug. */
function handlerFailed<S>(ex: Exchange<S>, err: unknown): Outcome {
  if (err instanceof SimError) return respond(err.response);
  // A bug in a simulator, not a requested fault: journal it loudly so tests and fuzzers see it.
  ex.sim.journal.append(
    ev.simCrashed({ sys: ex.sim.name, id: ex.id, op: ex.operation, error: String(err) }),
  );
  return respond(ex.sim.definition.errors.error(500, 'An unexpected error occurred.'));
}
