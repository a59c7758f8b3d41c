import { route, type RouteContext } from '../../core/define-simulator.js';
import { invalid, notFound } from '../errors.js';
import { readOrderInput } from '../order-input.js';
import { cancelOrder, createOrder } from '../orders.js';
import type { OrderRec, WmsState } from '../state.js';
import { bodyObject, queryInt, queryList } from '../validate.js';
import { orderWire, shipmentWire } from '../wire.js';

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

function list(ctx: Ctx) {
  const page = queryInt(ctx.req.query, 'Page', 1, 1, 1_000_000);
  const limit = queryInt(ctx.req.query, 'Limit', 50, 1, 250);
  const ids = new Set(queryList(ctx.req.query, 'IDs'));
  const refs = new Set(queryList(ctx.req.query, 'ReferenceIds'));
  const all = ctx.state.orderIds
    .map((id) => ctx.state.orders.get(id)!)
    .filter(
      (o) =>
        (ids.size === 0 || ids.has(String(o.id))) && (refs.size === 0 || refs.has(o.referenceId)),
    );
  // GUESS: SortOrder defaults to Newest, as the dashboard lists.
  const desc = (ctx.req.query.SortOrder ?? ctx.req.query.sortorder ?? 'Newest') !== 'Oldest';
  if (desc) all.reverse();
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
