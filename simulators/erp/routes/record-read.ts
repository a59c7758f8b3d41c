import { route, type RouteDefinition } from '../../core/define-simulator.js';
import { collectionPage, readPaging } from '../collection.js';
import { fail } from '../errors.js';
import { matches, parseFilter } from '../query-filter.js';
import type { RecordKind } from '../records/kind.js';
import { renderRecord } from '../records/render.js';
import { getRecord, recordsOf } from '../store.js';
import type { ErpRecord, ErpState } from '../state.js';
import { COLLECTION, SINGULAR, recordUrl, selfLinks } from '../wire.js';
import { recordOps, withAsync, type ErpRouteContext } from './context.js';

/**
 * Reading records: `GET /record/v1/<type>` (collection with `q`, `limit`, `offset`),
 * `GET /record/v1/<type>/<id|eid:x>` (`expandSubResources`, `fields`), and
 * `GET /record/v1/<type>/<id>/<sublist>`.
 */
const RECORD = '/services/rest/record/v1';

function list(kind: RecordKind) {
  return (ctx: ErpRouteContext) =>
    withAsync(ctx, () => {
      const op = recordOps(ctx);
      const paging = readPaging(ctx.req.query);
      const q = ctx.req.query.q;
      const filter = q === undefined ? undefined : parseFilter(q);
      const all = recordsOf(ctx.state, kind.type).filter((r) => !filter || matches(filter, r));
      const url = `${op.base}/record/v1/${kind.type}`;
      const qPart = q === undefined ? '' : `&q=${encodeURIComponent(q)}`;
      const body = collectionPage(
        all,
        paging,
        (limit, offset) => `${url}?limit=${limit}&offset=${offset}${qPart}`,
        (r: ErpRecord) => ({
          links: selfLinks(recordUrl(op.base, kind.type, r.id)),
          id: String(r.id),
        }),
      );
      return { status: 200, headers: { 'content-type': COLLECTION }, body };
    });
}

/** `?fields=a,b`: keep only those fields (plus links and id, which NetSuite always returns). */
function pickFields(body: Record<string, unknown>, fields: string | undefined) {
  if (fields === undefined) return body;
  const wanted = new Set(fields.split(',').map((f) => f.trim()));
  return Object.fromEntries(
    Object.entries(body).filter(([k]) => k === 'links' || k === 'id' || wanted.has(k)),
  );
}

function get(kind: RecordKind) {
  return (ctx: ErpRouteContext) =>
    withAsync(ctx, () => {
      const op = recordOps(ctx);
      const record = getRecord(ctx.state, kind.type, ctx.params.id!);
      ctx.annotate({
        recordType: kind.type,
        externalId: record.externalId,
        otherRefNum: record.tx?.otherRefNum,
      });
      const expand = ctx.req.query.expandSubResources === 'true';
      const body = renderRecord(op, record, kind.render(op, record, expand));
      return {
        status: 200,
        headers: { 'content-type': SINGULAR },
        body: pickFields(body, ctx.req.query.fields),
      };
    });
}

function sublist(kind: RecordKind) {
  return (ctx: ErpRouteContext) => {
    const op = recordOps(ctx);
    const record = getRecord(ctx.state, kind.type, ctx.params.id!);
    const name = ctx.params.sublist!;
    const lines = Object.hasOwn(kind.sublists, name) ? kind.sublists[name] : undefined;
    if (!lines)
      fail(404, `The sublist '${ctx.params.sublist}' does not exist on ${kind.type}.`, {
        code: 'NONEXISTENT_ID',
      });
    const items = lines(op, record);
    const href = `${recordUrl(op.base, kind.type, record.id)}/${ctx.params.sublist}`;
    return {
      status: 200,
      headers: { 'content-type': COLLECTION },
      body: {
        links: selfLinks(href),
        count: items.length,
        hasMore: false,
        items,
        offset: 0,
        totalResults: items.length,
      },
    };
  };
}

/**
 * Read routes of one record type.
 *
 * @example readRoutes(RECORD_KINDS.salesOrder) // salesOrder.list, salesOrder.get, salesOrder.sublist
 */
export function readRoutes(kind: RecordKind): RouteDefinition<ErpState>[] {
  const base = `${RECORD}/${kind.type}`;
  const routes = [
    route<ErpState>('GET', base, `${kind.type}.list`, list(kind)),
    route<ErpState>('GET', `${base}/:id`, `${kind.type}.get`, get(kind)),
  ];
  if (Object.keys(kind.sublists).length > 0)
    routes.push(
      route<ErpState>('GET', `${base}/:id/:sublist`, `${kind.type}.sublist`, sublist(kind)),
    );
  return routes;
}
