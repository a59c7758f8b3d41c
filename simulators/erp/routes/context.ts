import type { RouteContext } from '../../core/define-simulator.js';
import type { SimResponse } from '../../core/types.js';
import { submitAsync } from '../async-jobs.js';
import type { RecordOps } from '../records/kind.js';
import type { ErpState } from '../state.js';
import { preferTokens, serviceBase } from '../wire.js';

/** What record handlers share: the record-ops bundle and the async switch. */
export type ErpRouteContext = RouteContext<ErpState>;

/**
 * @example const op = recordOps(ctx); RECORD_KINDS.customer.create!(op, body)
 */
export function recordOps(ctx: ErpRouteContext): RecordOps {
  const validation = ctx.req.headers['x-netsuite-propertynamevalidation'] ?? '';
  return {
    ctx,
    base: serviceBase(ctx.req, ctx.state.accountId),
    strictNames: validation.toLowerCase() === 'error',
  };
}

/**
 * Run `work` now, or — with `Prefer: respond-async` — accept it as a job that runs on the
 * scenario clock (docs/dialects/erp.md).
 *
 * @example return withAsync(ctx, () => createRecord(ctx))
 */
export function withAsync(ctx: ErpRouteContext, work: () => SimResponse): SimResponse {
  if (!preferTokens(ctx.req).has('respond-async')) return work();
  return submitAsync(ctx, serviceBase(ctx.req, ctx.state.accountId), work);
}

/**
 * Annotate an exchange with the business ids the oracle links by.
 *
 * @example annotateBody(ctx, 'salesOrder', ctx.body)
 */
export function annotateBody(ctx: ErpRouteContext, recordType: string, body: unknown): void {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  ctx.annotate({
    recordType,
    externalId: typeof b.externalId === 'string' ? b.externalId : undefined,
    otherRefNum: typeof b.otherRefNum === 'string' ? b.otherRefNum : undefined,
  });
}
