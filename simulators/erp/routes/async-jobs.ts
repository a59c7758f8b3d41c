import { route, type RouteDefinition } from '../../core/define-simulator.js';
import { jobUrl, refresh } from '../async-jobs.js';
import { fail, notFound } from '../errors.js';
import type { AsyncJob, ErpState } from '../state.js';
import { COLLECTION, SINGULAR, isoTimestamp, selfLinks, serviceBase } from '../wire.js';
import type { ErpRouteContext } from './context.js';

/**
 * The async service (docs/dialects/erp.md; Oracle subsect_161278579295, _161252896355, _161252889998):
 * job status, its task list, one task, and the task's result. One task per job; its id is the
 * job's id.
 */
const JOB = '/services/rest/async/v1/job/:id';

function jobOf(ctx: ErpRouteContext): AsyncJob {
  const raw = ctx.params.id!;
  const job = /^[1-9][0-9]{0,14}$/.test(raw) ? ctx.state.jobs.get(Number(raw)) : undefined;
  if (!job) throw notFound('job', raw);
  ctx.annotate({ asyncJobId: raw });
  return refresh(ctx, job);
}

function taskOf(ctx: ErpRouteContext): AsyncJob {
  const job = jobOf(ctx);
  if (ctx.params.taskId !== String(job.id)) throw notFound('task', ctx.params.taskId!);
  return job;
}

function base(ctx: ErpRouteContext): string {
  return serviceBase(ctx.req, ctx.state.accountId);
}

/** GUESS: "pending" until the job runs; "succeeded" or "failed" after (no "processing" phase). */
function getJob(ctx: ErpRouteContext) {
  const job = jobOf(ctx);
  const url = jobUrl(base(ctx), job.id);
  return {
    status: 200,
    headers: { 'content-type': SINGULAR },
    body: {
      links: selfLinks(url),
      completed: job.progress !== 'pending',
      id: String(job.id),
      progress: job.progress,
      task: { links: selfLinks(`${url}/task`) },
    },
  };
}

function listTasks(ctx: ErpRouteContext) {
  const job = jobOf(ctx);
  const url = `${jobUrl(base(ctx), job.id)}/task`;
  return {
    status: 200,
    headers: { 'content-type': COLLECTION },
    body: {
      links: selfLinks(url),
      count: 1,
      hasMore: false,
      items: [{ links: selfLinks(`${url}/${job.id}`), id: String(job.id) }],
      offset: 0,
      totalResults: 1,
    },
  };
}

function getTask(ctx: ErpRouteContext) {
  const job = taskOf(ctx);
  const url = `${jobUrl(base(ctx), job.id)}/task/${job.id}`;
  const done = job.progress !== 'pending';
  return {
    status: 200,
    headers: { 'content-type': SINGULAR },
    body: {
      links: [...(done ? [{ rel: 'related', href: `${url}/result` }] : []), ...selfLinks(url)],
      completed: done,
      ...(job.endedMs === undefined ? {} : { endTime: isoTimestamp(job.endedMs) }),
      id: String(job.id),
      progress: job.progress,
      startTime: isoTimestamp(job.submittedMs),
    },
  };
}

/** The task's result: the response the request would have had synchronously. */
function getResult(ctx: ErpRouteContext) {
  const job = taskOf(ctx);
  if (!job.result) {
    // GUESS: NetSuite's answer for a result asked for before the task finished.
    fail(400, `The task ${job.id} of job ${job.id} has not completed yet.`, { code: 'USER_ERROR' });
  }
  return job.result;
}

export const asyncJobRoutes: RouteDefinition<ErpState>[] = [
  route<ErpState>('GET', JOB, 'asyncJob.get', getJob),
  route<ErpState>('GET', `${JOB}/task`, 'asyncJob.listTasks', listTasks),
  route<ErpState>('GET', `${JOB}/task/:taskId`, 'asyncJob.getTask', getTask),
  route<ErpState>('GET', `${JOB}/task/:taskId/result`, 'asyncJob.getResult', getResult),
];
