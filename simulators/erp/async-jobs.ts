import type { RouteContext } from '../core/define-simulator.js';
import { SimError } from '../core/errors.js';
import type { SimResponse } from '../core/types.js';
import { errorTypeUrl, netsuiteError } from './errors.js';
import type { AsyncJob, ErpContext, ErpState } from './state.js';
import { ev } from '../../journal/events.js';

/**
 * `Prefer: respond-async` (docs/dialects/erp.md): the request is accepted with 202 and a job URL, and
 * runs when the scenario clock reaches `submitted + asyncJobDelayMs`. One task per job, as for
 * single-record requests. `X-NetSuite-Idempotency-Key` is honoured here only.
 */

/**
 * URL of a job.
 *
 * @example jobUrl('http://h/services/rest', 7) // 'http://h/services/rest/async/v1/job/7'
 */
export function jobUrl(base: string, id: number): string {
  return `${base}/async/v1/job/${id}`;
}

/**
 * Run a job's deferred work once; its response becomes the task result.
 *
 * @example settle(ctx, job); job.progress // 'succeeded'
 */
export function settle(ctx: ErpContext, job: AsyncJob): void {
  const run = job.run;
  if (!run) return;
  job.run = undefined;
  let result: SimResponse;
  try {
    result = run();
  } catch (err) {
    if (err instanceof SimError) result = err.response;
    else {
      // A simulator bug, not a requested fault: loud, like the pipeline does for handlers.
      ctx.journal.append(
        ev.simCrashed({ sys: 'erp', job: job.id, op: job.operation, error: String(err) }),
      );
      result = netsuiteError(500, 'An unexpected error occurred.');
    }
  }
  job.result = result;
  job.progress = result.status < 400 ? 'succeeded' : 'failed';
  job.endedMs = ctx.clock.now();
  ctx.journal.append(
    ev.erpJobCompleted({
      sys: 'erp',
      jobId: String(job.id),
      op: job.operation,
      progress: job.progress,
      status: result.status,
    }),
  );
}

/**
 * Settle a due job now (a poll may arrive before the clock's timer has fired).
 *
 * @example refresh(ctx, state.jobs.get(1)!).progress
 */
export function refresh(ctx: ErpContext, job: AsyncJob): AsyncJob {
  if (job.run && ctx.clock.now() >= job.dueMs) settle(ctx, job);
  return job;
}

/**
 * The lifecycle job that completes due jobs. A lifecycle job (not a clock timer per job) because
 * it reads the live state: after a reset, jobs of the old state must never run. A job therefore
 * completes at the first tick at or after its due time (ticks are one scenario second apart),
 * or at once when a client polls it after its due time.
 */
export const asyncJobRunner = {
  name: 'async-jobs',
  everyMs: 1_000,
  run(ctx: ErpContext): void {
    const queue = ctx.state.pendingJobs;
    const now = ctx.clock.now();
    // The delay is one setting for all jobs, so the queue is in due order.
    while (queue.length > 0) {
      const job = ctx.state.jobs.get(queue[0]!);
      if (job && job.run && job.dueMs > now) break;
      queue.shift();
      if (job) settle(ctx, job);
    }
  },
};

/** The documented duplicate-key answer: status 400, title "Conflict", type of RFC 2616 409. */
function idempotencyConflict(base: string, jobId: number): SimResponse {
  const response = netsuiteError(
    400,
    // GUESS: the end of the sentence is elided in the reference; ours names the header.
    'A request with the same idempotency key is already submitted. See the "Location" header for the job that processes it.',
    {
      code: 'IDEMPOTENCY_ERROR',
      headers: { 'preference-applied': 'respond-async', location: jobUrl(base, jobId) },
    },
  );
  const body = response.body as Record<string, unknown>;
  body.type = errorTypeUrl(409);
  body.title = 'Conflict';
  return response;
}

/**
 * Accept a request for later: 202, `Preference-Applied`, `Location` of the job, no body.
 *
 * @example return submitAsync(ctx, base, () => createRecord(…))
 */
export function submitAsync(
  ctx: RouteContext<ErpState>,
  base: string,
  run: () => SimResponse,
): SimResponse {
  const { state } = ctx;
  const key = ctx.req.headers['x-netsuite-idempotency-key'];
  if (key) {
    ctx.annotate({ idempotencyKey: key });
    const earlier = state.idempotency.get(key);
    if (earlier !== undefined) return idempotencyConflict(base, earlier.jobId);
  }
  const now = ctx.clock.now();
  const job: AsyncJob = {
    id: state.nextJobId++,
    operation: ctx.operation,
    submittedMs: now,
    dueMs: now + state.config.asyncJobDelayMs,
    progress: 'pending',
    endedMs: undefined,
    result: undefined,
    run,
    base,
  };
  state.jobs.set(job.id, job);
  state.pendingJobs.push(job.id);
  if (key) state.idempotency.set(key, { jobId: job.id, at: now });
  ctx.annotate({ asyncJobId: String(job.id) });
  ctx.journal.append(
    ev.erpJobSubmitted({
      sys: 'erp',
      jobId: String(job.id),
      op: ctx.operation,
      idempotencyKey: key,
    }),
  );
  return {
    status: 202,
    headers: { 'preference-applied': 'respond-async', location: jobUrl(base, job.id) },
  };
}
