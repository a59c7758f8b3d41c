import { route, type RouteContext } from '../../core/define-simulator.js';
import { invalid, notFound } from '../errors.js';
import { readOrderInput } from '../order-input.js';
import { cancelOrder, createOrder } from '../orders.js';
import type { OrderRec, WmsState } from '../state.js';
import { bodyObject, lowerKeys, queryBool, queryDate, queryInt, queryList } from '../validate.js';
import { lastTrackingUpdate, orderWire, shipmentWire } from '../wire.js';

/**
 * Orders (docs/dialects/wms.md): create (201), get, list with Page/Limit paging, cancel
 * (`POST /order/{id}:cancel`, plus the older `/order/{id}/cancel` spelling), shipments of an order.
 */
type Ctx = RouteContext<WmsState>;
export const V = '/2026-01';

/** Look an order up by its path id; ShipBob ids are integers. */
export function findOrder(ctx: Ctx, raw: string): OrderRec {
  if (!/^\d{1,10}$/.test(raw)) invalid('orderId', `The value '${raw.slice(0, 100)}' is not valid.`);
  const o = ctx.state.orders.get(Number(raw));
  if (!o) notFound(`Order ${raw} was not found.`);
  ctx.annotate({ orderId: o.id, externalId: o.referenceId });
  return o;
}

/**
 * The `shipbob_channel_id` header: required on create order, optional on list (ShipBob's
 * OpenAPI 2026-01 marks it required on POST /order; ids come from GET /channel). GUESS: the
 * wording of the 400 for a missing header, in ShipBob's field → messages shape.
 */
function checkChannel(ctx: Ctx, required: boolean): void {
  const raw = ctx.req.headers['shipbob_channel_id'] ?? ctx.req.headers['shipbob-channel-id'];
  if (raw === undefined && required)
    invalid(
      'shipbob_channel_id',
      'The shipbob_channel_id header is required: send the id of your channel (GET /channel).',
    );
  if (raw !== undefined && raw !== String(ctx.state.channel.id))
    invalid(
      'shipbob_channel_id',
      `Channel ${raw.slice(0, 50)} does not exist or is not accessible.`,
      422,
    );
}

/** The order's last update: its own creation or its shipment's last change, whichever is later. */
function lastUpdate(ctx: Ctx, o: OrderRec): number {
  return Math.max(o.createdAt, ctx.state.shipments.get(o.shipmentId)!.lastUpdateAt);
}

/**
 * `GET /order` filters, all ANDed (ShipBob, Get Orders,
 * https://developer.shipbob.com/api/orders/get-orders): IDs, ReferenceIds, StartDate/EndDate
 * (created), LastUpdateStartDate/LastUpdateEndDate, HasTracking, IsTrackingUploaded,
 * LastTrackingUpdateStartDate/LastTrackingUpdateEndDate (only orders with tracking). GUESS: every
 * date bound is inclusive (the docs say "later than" / "earlier than" without more).
 */
function orderFilter(ctx: Ctx): (o: OrderRec) => boolean {
  const q = ctx.req.query;
  const ids = new Set(queryList(q, 'IDs'));
  const refs = new Set(queryList(q, 'ReferenceIds'));
  const created = [queryDate(q, 'StartDate'), queryDate(q, 'EndDate')] as const;
  const updated = [queryDate(q, 'LastUpdateStartDate'), queryDate(q, 'LastUpdateEndDate')] as const;
  const tracked = [
    queryDate(q, 'LastTrackingUpdateStartDate'),
    queryDate(q, 'LastTrackingUpdateEndDate'),
  ] as const;
  const hasTracking = queryBool(q, 'HasTracking');
  const uploaded = queryBool(q, 'IsTrackingUploaded');
  const within = (t: number | undefined, [from, to]: readonly [number?, number?]) =>
    t !== undefined && (from === undefined || t >= from) && (to === undefined || t <= to);
  const anyDate = (b: readonly [number?, number?]) => b[0] !== undefined || b[1] !== undefined;
  return (o) => {
    const s = ctx.state.shipments.get(o.shipmentId)!;
    if (ids.size > 0 && !ids.has(String(o.id))) return false;
    if (refs.size > 0 && !refs.has(o.referenceId)) return false;
    if (anyDate(created) && !within(o.createdAt, created)) return false;
    if (anyDate(updated) && !within(lastUpdate(ctx, o), updated)) return false;
    if (anyDate(tracked) && !(s.tracking && within(lastTrackingUpdate(s), tracked))) return false;
    if (hasTracking !== undefined && (s.tracking !== undefined) !== hasTracking) return false;
    if (uploaded !== undefined && (s.trackingUploaded === true) !== uploaded) return false;
    return true;
  };
}

/** GUESS: SortOrder takes `Newest` (the default, as the dashboard lists) or `Oldest`. */
function sortNewest(ctx: Ctx): boolean {
  const raw = lowerKeys(ctx.req.query)['sortorder'];
  if (raw === undefined || raw === '') return true;
  const v = raw.toLowerCase();
  if (v !== 'newest' && v !== 'oldest')
    invalid('SortOrder', `The value '${raw.slice(0, 100)}' is not valid for SortOrder.`);
  return v === 'newest';
}

function list(ctx: Ctx) {
  const page = queryInt(ctx.req.query, 'Page', 1, 1, 2_147_483_647);
  const limit = queryInt(ctx.req.query, 'Limit', 50, 1, 250);
  const keep = orderFilter(ctx);
  const all = ctx.state.orderIds.map((id) => ctx.state.orders.get(id)!).filter(keep);
  if (sortNewest(ctx)) all.reverse();
  const pages = Math.max(1, Math.ceil(all.length / limit));
  const items = all.slice((page - 1) * limit, page * limit);
  // GUESS: the 1.0-era paging headers (docs/dialects/wms.md marks them unverified for 2026-01).
  const headers: Record<string, string> = {
    'page-number': String(page),
    'total-pages': String(pages),
    'total-count': String(all.length),
  };
  if (page < pages) headers['next-page'] = `${V}/order?Page=${page + 1}&Limit=${limit}`;
  return { status: 200, headers, body: items.map((o) => orderWire(ctx.state, o)) };
}

function cancel(ctx: Ctx, raw: string) {
  const o = findOrder(ctx, raw);
  cancelOrder(ctx, o);
  // GUESS: the 1.0 cancel response shape.
  return {
    status: 200,
    body: {
      order_id: o.id,
      order: orderWire(ctx.state, o),
      status: 'Success',
      canceled_shipment_results: [
        { action: 'Cancel', shipment_id: o.shipmentId, is_success: true, reason: '' },
      ],
    },
  };
}

export const orderRoutes = [
  route<WmsState>('POST', `${V}/order`, 'order.create', (ctx) => {
    checkChannel(ctx, true);
    const input = readOrderInput(ctx.state, bodyObject(ctx.body));
    ctx.annotate({ externalId: input.referenceId });
    const o = createOrder(ctx, input);
    ctx.annotate({ orderId: o.id, externalId: o.referenceId });
    return { status: 201, body: orderWire(ctx.state, o) };
  }),
  route<WmsState>('GET', `${V}/order`, 'order.list', list),
  route<WmsState>('GET', `${V}/order/:orderId`, 'order.get', (ctx) => ({
    status: 200,
    body: orderWire(ctx.state, findOrder(ctx, ctx.params.orderId!)),
  })),
  // `POST /order/{id}:cancel` is one path segment `{id}:cancel` for the router.
  route<WmsState>(
    'POST',
    `${V}/order/:orderAction`,
    'order.cancel',
    (ctx) => {
      const m = /^(.*):cancel$/.exec(ctx.params.orderAction!);
      if (!m) notFound(`No resource at POST ${ctx.req.path.slice(0, 200)}.`);
      return cancel(ctx, m[1]!);
    },
    { body: 'none' },
  ),
  route<WmsState>(
    'POST',
    `${V}/order/:orderId/cancel`,
    'order.cancel',
    (ctx) => cancel(ctx, ctx.params.orderId!),
    {
      body: 'none',
    },
  ),
  route<WmsState>('GET', `${V}/order/:orderId/shipment`, 'order.shipments', (ctx) => {
    const o = findOrder(ctx, ctx.params.orderId!);
    return {
      status: 200,
      body: [shipmentWire(ctx.state, o, ctx.state.shipments.get(o.shipmentId)!)],
    };
  }),
];
