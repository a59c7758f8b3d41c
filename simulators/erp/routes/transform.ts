import { route, type RouteDefinition } from '../../core/define-simulator.js';
import { recordCreated } from '../events.js';
import { asObject } from '../records/fields.js';
import type { RecordKind, Transform } from '../records/kind.js';
import { getRecord } from '../store.js';
import type { ErpState, RecordType } from '../state.js';
import { recordUrl } from '../wire.js';
import { annotateBody, recordOps, withAsync, type ErpRouteContext } from './context.js';

/**
 * `POST /record/v1/<source>/<id>/!transform/<target>` (docs/dialects/erp.md): salesOrder →
 * itemFulfillment / invoice, cashSale → cashRefund, invoice → creditMemo. Answers like a
 * create: 204 + Location of the new record.
 */
function transform(kind: RecordKind, target: RecordType, run: Transform) {
  return (ctx: ErpRouteContext) => {
    annotateBody(ctx, target, ctx.body);
    return withAsync(ctx, () => {
      const op = recordOps(ctx);
      const source = getRecord(ctx.state, kind.type, ctx.params.id!);
      const record = run(op, source, asObject(ctx.body));
      source.modifiedMs = ctx.clock.now();
      recordCreated(ctx, record);
      ctx.annotate({
        recordId: String(record.id),
        otherRefNum: record.tx?.otherRefNum,
        sourceId: String(source.id),
      });
      return { status: 204, headers: { location: recordUrl(op.base, target, record.id) } };
    });
  };
}

/**
 * @example transformRoutes(RECORD_KINDS.salesOrder) // salesOrder.transform.itemFulfillment, …invoice
 */
export function transformRoutes(kind: RecordKind): RouteDefinition<ErpState>[] {
  return Object.entries(kind.transforms ?? {}).map(([target, run]) =>
    route<ErpState>(
      'POST',
      `/services/rest/record/v1/${kind.type}/:id/!transform/${target}`,
      `${kind.type}.transform.${target}`,
      transform(kind, target as RecordType, run),
    ),
  );
}
