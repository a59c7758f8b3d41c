import type { Stage } from '../core/pipeline.js';
import { respond } from '../core/types.js';
import { CONCURRENCY_CODE, netsuiteError } from './errors.js';
import type { ErpContext, ErpState } from './state.js';

/**
 * NetSuite's normal limit is concurrency, not rate (docs/dialects/erp.md): the account may have at
 * most N requests in flight (Tier 1 base = 15, +10 per SuiteCloud Plus licence), shared by every
 * integration and credential of the account; one more is answered 429 at once. A slot is held
 * from here until everything inside (faults, handler) has settled, so injected latency holds
 * slots just as a slow NetSuite does.
 */

/**
 * The in-flight counter of one account, separate from the pipeline for unit tests.
 *
 * @example const gate = new ConcurrencyGate(15); if (gate.tryEnter()) try { … } finally { gate.leave(); }
 */
export class ConcurrencyGate {
  private inFlight = 0;
  constructor(readonly limit: number) {}

  get active(): number {
    return this.inFlight;
  }

  /** Take a slot; false when all are taken. */
  tryEnter(): boolean {
    if (this.inFlight >= this.limit) return false;
    this.inFlight++;
    return true;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }
}

/**
 * The `limiter` stage. GUESS: body code/wording (docs/dialects/erp.md); Retry-After only when
 * `concurrencyRetryAfterSeconds` is configured (NetSuite documents none).
 *
 * @example slots.vendorLimit = concurrencyLimiter(ctx)
 */
export function concurrencyLimiter(ctx: ErpContext): Stage<ErpState> {
  const { concurrencyLimit, concurrencyRetryAfterSeconds } = ctx.state.config;
  const gate = new ConcurrencyGate(concurrencyLimit);
  return async (ex, next) => {
    if (!gate.tryEnter()) {
      ex.notes.concurrency = { limit: gate.limit, active: gate.active };
      return respond(
        netsuiteError(
          429,
          `Concurrent request limit exceeded. Request blocked. The account allows ${gate.limit} concurrent requests.`,
          { code: CONCURRENCY_CODE, retryAfterSeconds: concurrencyRetryAfterSeconds },
        ),
      );
    }
    try {
      return await next();
    } finally {
      gate.leave();
    }
  };
}
