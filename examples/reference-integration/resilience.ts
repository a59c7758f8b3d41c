import {
  BrokenCircuitError,
  BulkheadRejectedError,
  ConsecutiveBreaker,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IBackoffFactory,
  type IRetryBackoffContext,
  type IPolicy,
} from 'cockatiel';
import type { Config } from './config.js';

/**
 * One resilience policy per downstream system, built with cockatiel: a timeout per attempt,
 * retries with exponential backoff and full jitter that honour Retry-After, a circuit breaker and
 * a bulkhead. A Retry-After from one call holds back every call to that system (a `Gate`), since
 * the server asked the client, not the request, to wait. Each defect switch weakens one piece.
 */

/** An HTTP failure worth knowing about: its status and what the server asked us to wait. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
    readonly retryAfterMs?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Worth another attempt right now: no answer, 429, 5xx, a timeout, a full bulkhead. An open
 * circuit is not — the caller parks the work in its outbox instead of spinning on it.
 *
 * @example retryable(new HttpFailure(503, 'down')) // true
 */
export function retryable(err: Error): boolean {
  if (err instanceof BrokenCircuitError) return false;
  if (err instanceof HttpFailure)
    return err.status === undefined || err.status === 429 || err.status >= 500;
  return true; // network errors, timeouts (TaskCancelledError), a full bulkhead
}

/** A failure that says the system is unwell (counts toward opening the circuit). */
function unhealthy(err: Error): boolean {
  if (err instanceof HttpFailure) return err.status === undefined || err.status >= 500;
  return !(err instanceof BulkheadRejectedError);
}

/** Wall-clock hold for one system after it answered with Retry-After. */
export class Gate {
  private until = 0;
  hold(ms: number): void {
    this.until = Math.max(this.until, Date.now() + ms);
  }
  async pass(): Promise<void> {
    for (let wait = this.until - Date.now(); wait > 0; wait = this.until - Date.now())
      await new Promise((r) => setTimeout(r, wait));
  }
}

/**
 * One Retry-After gate per system, shared by every client of it in this process: a server that
 * said "come back in 2 s" meant every call on that credential, not only the one it refused.
 */
const gates = new Map<string, Gate>();

/** @example await systemGate('storefront').pass() */
export function systemGate(name: string): Gate {
  let gate = gates.get(name);
  if (!gate) gates.set(name, (gate = new Gate()));
  return gate;
}

const BASE_MS = 200;
const CAP_MS = 10_000;

/** Exponential backoff with full jitter; the server's Retry-After replaces it when given. */
class PoliteBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly config: Config) {}
  next(context: IRetryBackoffContext<unknown>) {
    const d = this.config.defects;
    const result = context.result as { error?: unknown };
    const asked = result.error instanceof HttpFailure ? result.error.retryAfterMs : undefined;
    let ms: number;
    if (d.has('retry-storm')) ms = 0;
    else if (asked !== undefined && !d.has('ignore-retry-after')) ms = asked;
    else ms = Math.random() * Math.min(CAP_MS, BASE_MS * 2 ** context.attempt);
    return { duration: ms, next: (c: IRetryBackoffContext<unknown>) => this.next(c) };
  }
}

export interface SystemPolicy {
  /** Run one call: gated by Retry-After, retried, broken, bulkheaded, timed out. */
  execute<T>(call: () => Promise<T>): Promise<T>;
}

/**
 * @example const erp = systemPolicy(config, 'erp', 4); await erp.execute(() => ns.request(…))
 */
export function systemPolicy(config: Config, name: string, concurrency: number): SystemPolicy {
  const d = config.defects;
  const gate = systemGate(name);
  const retries = retry(
    handleWhen((err) => retryable(err) && !(d.has('drop-on-5xx') && isServerError(err))),
    { maxAttempts: d.has('retry-storm') ? 50 : 5, backoff: new PoliteBackoff(config) },
  );
  const outer: IPolicy[] = [retries];
  // A hand-rolled retry loop (retry-storm) has no breaker either: that is what makes it a storm.
  if (!d.has('no-circuit-breaker') && !d.has('retry-storm'))
    outer.push(
      circuitBreaker(handleWhen(unhealthy), {
        halfOpenAfter: 2_000,
        breaker: new ConsecutiveBreaker(5),
      }),
    );
  const policy = wrap(...outer);
  // The wait a server asked for happens before the bulkhead and the per-attempt timeout, so
  // waiting politely never counts as a slow or failed call.
  // `no-client-timeouts`: a call waits as long as the server keeps the socket open — forever,
  // when the server hangs.
  const attempt = d.has('no-client-timeouts')
    ? bulkhead(concurrency, 500)
    : wrap(bulkhead(concurrency, 500), timeout(8_000, TimeoutStrategy.Aggressive));
  return {
    execute: (call) =>
      policy.execute(async () => {
        // a hand-rolled retry loop (retry-storm) knows nothing of Retry-After either
        if (!d.has('ignore-retry-after') && !d.has('retry-storm')) await gate.pass();
        try {
          return await attempt.execute(call);
        } catch (err) {
          if (err instanceof HttpFailure && err.retryAfterMs !== undefined)
            gate.hold(err.retryAfterMs);
          if (err instanceof HttpFailure) err.message = `${name}: ${err.message}`;
          throw err;
        }
      }),
  };
}

/** A 5xx (or no answer at all): what `drop-on-5xx` gives up on. */
export function isServerError(err: unknown): boolean {
  return err instanceof HttpFailure && (err.status === undefined || err.status >= 500);
}

/**
 * Seconds or an HTTP date → ms, as RFC 9110 allows both; undefined when absent or unreadable.
 *
 * @example retryAfterMs('2') // 2000
 */
export function retryAfterMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const s = Number(value);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
