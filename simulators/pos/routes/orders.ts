import { route, type RouteContext } from '../../core/define-simulator.js';
import { fail, notFound } from '../errors.js';
import { objectId } from '../ids.js';
import { idempotent, type Replay } from '../idempotency.js';
import { readMetadata, readPricedOrder } from '../order-input.js';
import { emitOrderCreated, insertOrder, visibleOrder } from '../orders.js';
import { calculateOrder, payOrder, updateOrder } from '../order-update.js';
import { parseSearch } from '../search-orders.js';
import { runSearch } from '../search-run.js';
import { NO_IDS, type OrderRec, type PosState } from '../state.js';
import { arr, bodyObject, obj, oneOf, str, strings, type Json } from '../validate.js';
import { orderWire } from '../wire-orders.js';

/**
 * Orders API (docs/dialects/pos.md): CreateOrder (OPEN, version 1, `order.created`), RetrieveOrder,
 * BatchRetrieveOrders, SearchOrders, UpdateOrder, PayOrder, CalculateOrder. Taxes and discounts
 * are priced as Square prices them (pricing.ts); service charges and fulfillments are not
 * simulated (accepted and ignored).
 */
type Ctx = RouteContext<PosState>;

function createOrder(ctx: Ctx, body: Json) {
  const o = obj(body, 'order', 'order', true)!;
  const locationId = str(o, 'location_id', 'order.location_id', { required: true, max: 32 })!;
  // GUESS: Square's status for an unknown location in an order body.
  if (!ctx.state.storeBySquareId.has(locationId))
    fail(404, 'NOT_FOUND', `Location \`${locationId}\` not found.`, 'order.location_id');
  const priced = readPricedOrder(ctx, o);
  const state =
    o.state == null ? 'OPEN' : oneOf(o.state, ['OPEN', 'DRAFT'] as const, 'order.state');
  const source = obj(o, 'source', 'order.source');
  const now = ctx.clock.now();
  const order: OrderRec = {
    id: objectId(ctx.world.seed, 'api-order', ++ctx.state.seq.order, 27),
    locationId,
    referenceId: str(o, 'reference_id', 'order.reference_id', { max: 40 }),
    sourceName: source ? str(source, 'name', 'order.source.name', { max: 255 }) : undefined,
    customerId: str(o, 'customer_id', 'order.customer_id', { max: 191 }),
    ticketName: str(o, 'ticket_name', 'order.ticket_name', { max: 30 }),
    metadata: readMetadata(o),
    ...priced,
    state,
    version: 1,
    createdAt: now,
    updatedAt: now,
    paymentIds: NO_IDS,
    refundIds: NO_IDS,
    hidden: false,
  };
  insertOrder(ctx, order);
  ctx.annotate({ orderId: order.id, externalId: order.referenceId });
  emitOrderCreated(ctx, order);
  return { status: 200, body: { order: orderWire(ctx.state, order) } };
}

/**
 * A CreateOrder key keeps the order's id; a replay renders it (idempotency.ts). Module-level on
 * purpose: a closure made inside the handler would keep the whole request alive with the key.
 */
const orderReplay: Replay = {
  ref: (res) => (res.body as { order?: { id?: string } }).order?.id,
  render: (state, id) => {
    const o = state.orders.get(id);
    return o && { status: 200, body: { order: orderWire(state, o) } };
  },
};

export const orderRoutes = [
  route<PosState>('POST', '/v2/orders', 'CreateOrder', (ctx) => {
    const body = bodyObject(ctx.body);
    // Optional for CreateOrder (docs/dialects/pos.md). GUESS: the 192-character cap.
    const key = str(body, 'idempotency_key', 'idempotency_key', { max: 192, min: 1 });
    return idempotent(ctx, 'CreateOrder', key, body, () => createOrder(ctx, body), orderReplay);
  }),
  route<PosState>('GET', '/v2/orders/:order_id', 'RetrieveOrder', (ctx) => {
    const order = visibleOrder(ctx.state, ctx.params.order_id!);
    if (!order) notFound('order', ctx.params.order_id!);
    ctx.annotate({ orderId: order.id });
    return { status: 200, body: { order: orderWire(ctx.state, order) } };
  }),
  route<PosState>('POST', '/v2/orders/batch-retrieve', 'BatchRetrieveOrders', (ctx) => {
    const body = bodyObject(ctx.body);
    arr(body, 'order_ids', 'order_ids', { required: true, max: 100 });
    const ids = strings(body, 'order_ids', 'order_ids', 100)!;
    const location = str(body, 'location_id', 'location_id', { max: 32 });
    const orders = ids
      .map((id) => visibleOrder(ctx.state, id))
      .filter(
        (o): o is OrderRec =>
          o !== undefined && (location === undefined || o.locationId === location),
      );
    return {
      status: 200,
      body: orders.length ? { orders: orders.map((o) => orderWire(ctx.state, o)) } : {},
    };
  }),
  route<PosState>('POST', '/v2/orders/calculate', 'CalculateOrder', (ctx) =>
    calculateOrder(ctx, bodyObject(ctx.body)),
  ),
  route<PosState>('PUT', '/v2/orders/:order_id', 'UpdateOrder', (ctx) => {
    const body = bodyObject(ctx.body);
    // GUESS: the 192-character cap, as for CreateOrder.
    const key = str(body, 'idempotency_key', 'idempotency_key', { max: 192, min: 1 });
    return idempotent(ctx, `UpdateOrder:${ctx.params.order_id!}`, key, body, () =>
      updateOrder(ctx, ctx.params.order_id!, body),
    );
  }),
  route<PosState>('POST', '/v2/orders/:order_id/pay', 'PayOrder', (ctx) => {
    const body = bodyObject(ctx.body);
    const key = str(body, 'idempotency_key', 'idempotency_key', {
      required: true,
      max: 192,
    });
    return idempotent(ctx, `PayOrder:${ctx.params.order_id!}`, key, body, () =>
      payOrder(ctx, ctx.params.order_id!, body),
    );
  }),
  route<PosState>('POST', '/v2/orders/search', 'SearchOrders', (ctx) => {
    const body = bodyObject(ctx.body);
    const spec = parseSearch(ctx.state, body);
    const { page, next } = runSearch(ctx.state, spec, body.cursor, ctx.clock.now());
    const list = spec.returnEntries
      ? page.length
        ? {
            order_entries: page.map((o) => ({
              order_id: o.id,
              ...(o.version !== undefined ? { version: o.version } : {}),
              location_id: o.locationId,
            })),
          }
        : {}
      : page.length
        ? { orders: page.map((o) => orderWire(ctx.state, o)) }
        : {};
    return { status: 200, body: { ...list, ...(next ? { cursor: next } : {}) } };
  }),
];
