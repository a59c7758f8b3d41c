import { route, type RouteDefinition } from '../../core/define-simulator.js';
import type { SimResponse } from '../../core/types.js';
import { fail } from '../errors.js';
import { recordCreated, recordDeleted, recordUpdated } from '../events.js';
import { asObject } from '../records/fields.js';
import type { RecordKind } from '../records/kind.js';
import { findRecord, getRecord, removeRecord } from '../store.js';
import type { ErpState } from '../state.js';
import { recordUrl } from '../wire.js';
import { annotateBody, recordOps, withAsync, type ErpRouteContext } from './context.js';

/**
 * Writing records: create (`POST`, 204 + Location), update (`PATCH`, 204), upsert by external
 * id (`PUT …/eid:x`, docs/dialects/erp.md [UNVERIFIED]), delete (`DELETE`, 204). Every write may be
 * made asynchronous with `Prefer: respond-async`.
 */
const RECORD = '/services/rest/record/v1';

function created(
  ctx: ErpRouteContext,
  kind: RecordKind,
  body: Record<string, unknown>,
): SimResponse {
  const op = recordOps(ctx);
  const record = kind.create!(op, body);
  recordCreated(ctx, record);
  ctx.annotate({ recordId: String(record.id) });
  return { status: 204, headers: { location: recordUrl(op.base, kind.type, record.id) } };
}

function updated(
  ctx: ErpRouteContext,
  kind: RecordKind,
  ref: string,
  body: Record<string, unknown>,
): SimResponse {
  const op = recordOps(ctx);
  const record = getRecord(ctx.state, kind.type, ref);
  ctx.annotate({ externalId: record.externalId, otherRefNum: record.tx?.otherRefNum });
  kind.update!(op, record, body);
  record.modifiedMs = ctx.clock.now();
  recordUpdated(ctx, record);
  ctx.annotate({ recordId: String(record.id) });
  return { status: 204 };
}

function create(kind: RecordKind) {
  return (ctx: ErpRouteContext) => {
    annotateBody(ctx, kind.type, ctx.body);
    return withAsync(ctx, () => created(ctx, kind, asObject(ctx.body)));
  };
}

function update(kind: RecordKind) {
  return (ctx: ErpRouteContext) => {
    annotateBody(ctx, kind.type, ctx.body);
    return withAsync(ctx, () => updated(ctx, kind, ctx.params.id!, asObject(ctx.body)));
  };
}

/** PUT on `eid:x`: update the record with that external id, or create it. */
function upsert(kind: RecordKind) {
  return (ctx: ErpRouteContext) => {
    annotateBody(ctx, kind.type, ctx.body);
    return withAsync(ctx, () => {
      const ref = ctx.params.id!;
      if (!ref.startsWith('eid:') || ref.length === 4)
        fail(
          400,
          'Upsert (PUT) needs an external ID in the URL: /record/v1/<type>/eid:<externalId>.',
          {
            code: 'INVALID_REQUEST',
          },
        );
      const body = asObject(ctx.body);
      const externalId = ref.slice(4);
      if (body.externalId !== undefined && body.externalId !== externalId)
        fail(400, 'The externalId in the body differs from the one in the URL.', {
          code: 'INVALID_CONTENT',
          path: 'externalId',
        });
      ctx.annotate({ externalId });
      if (findRecord(ctx.state, kind.type, ref)) return updated(ctx, kind, ref, body);
      return created(ctx, kind, { ...body, externalId });
    });
  };
}

function remove(kind: RecordKind) {
  return (ctx: ErpRouteContext) => {
    ctx.annotate({ recordType: kind.type });
    return withAsync(ctx, () => {
      const op = recordOps(ctx);
      const record = getRecord(ctx.state, kind.type, ctx.params.id!);
      ctx.annotate({
        externalId: record.externalId,
        otherRefNum: record.tx?.otherRefNum,
        recordId: String(record.id),
      });
      kind.remove!(op, record);
      removeRecord(ctx.state, record);
      recordDeleted(ctx, record);
      return { status: 204 };
    });
  };
}

/**
 * Write routes of one record type (only the operations the type supports; the router answers
 * 405 for the others).
 *
 * @example writeRoutes(RECORD_KINDS.customer) // customer.create, .update, .upsert, .delete
 */
export function writeRoutes(kind: RecordKind): RouteDefinition<ErpState>[] {
  const base = `${RECORD}/${kind.type}`;
  const routes: RouteDefinition<ErpState>[] = [];
  if (kind.create) routes.push(route<ErpState>('POST', base, `${kind.type}.create`, create(kind)));
  if (kind.update)
    routes.push(route<ErpState>('PATCH', `${base}/:id`, `${kind.type}.update`, update(kind)));
  if (kind.create && kind.update)
    routes.push(route<ErpState>('PUT', `${base}/:id`, `${kind.type}.upsert`, upsert(kind)));
  if (kind.remove)
    routes.push(route<ErpState>('DELETE', `${base}/:id`, `${kind.type}.delete`, remove(kind)));
  return routes;
}
