import { route, type RouteContext } from '../../core/define-simulator.js';
import { fail, invalid } from '../errors.js';
import { listParam, oneParam } from '../query.js';
import { parseOrderFilter, searchOrders } from '../search-orders.js';
import type { MarketplaceState, OrderRec } from '../state.js';
import { isoDate, orderItemWire, orderWire } from '../wire-orders.js';
import { confirmShipment } from './shipment.js';

/**
 * Orders API v0 (docs/dialects/marketplace.md): getOrders, getOrder, getOrderItems, confirmShipment. Bodies
 * are wrapped in `{ payload }`; fields are PascalCase.
 */
type Ctx = RouteContext<MarketplaceState>;

const ORDER_ID = /^\d{3}-\d{7}-\d{7}$/;

/** The order named in the path, or SP-API's 404 (400 for an id that cannot be one). */
export function orderFromPath(ctx: Ctx): OrderRec {
  const id = ctx.params.orderId ?? '';
  ctx.annotate({ orderId: id });
  // GUESS: Amazon's exact answer to a malformed order id; a 400 InvalidInput is the model's.
  if (!ORDER_ID.test(id)) invalid('Invalid AmazonOrderId.', 'orderId');
  const order = ctx.state.orders.get(id);
  if (!order) fail(404, 'NotFound', `Order ${id} was not found.`, 'orderId');
  return order;
}

function requireMarketplace(ctx: Ctx): string {
  const ids = listParam(ctx.req.rawQuery, 'MarketplaceIds');
  if (!ids || ids.length === 0) invalid('MarketplaceIds is required.', 'MarketplaceIds');
  if (ids.length > 50) invalid('MarketplaceIds can hold at most 50 ids.', 'MarketplaceIds');
  const ours = ctx.world.credentials.marketplace.marketplaceId;
  // GUESS: a marketplace the seller does not sell in is refused as invalid input.
  if (!ids.includes(ours))
    invalid('The seller is not registered in the requested marketplace.', 'MarketplaceIds');
  return ours;
}

function getOrders(ctx: Ctx) {
  const marketplaceId = requireMarketplace(ctx);
  const filter = parseOrderFilter(
    ctx.req.rawQuery,
    ctx.clock.now(),
    ctx.state.config.orderSettleMs,
  );
  const page = searchOrders(ctx.state.orders.values(), filter);
  const payload: Record<string, unknown> = {
    Orders: page.orders.map((o) => orderWire(ctx.world, marketplaceId, o)),
  };
  if (page.nextToken) payload.NextToken = page.nextToken;
  payload[filter.by === 'created' ? 'CreatedBefore' : 'LastUpdatedBefore'] = isoDate(
    filter.beforeMs,
  );
  return { status: 200, body: { payload } };
}

export const orderRoutes = [
  route<MarketplaceState>('GET', '/orders/v0/orders', 'getOrders', getOrders),
  route<MarketplaceState>('GET', '/orders/v0/orders/:orderId', 'getOrder', (ctx) => {
    const order = orderFromPath(ctx);
    const marketplaceId = ctx.world.credentials.marketplace.marketplaceId;
    return { status: 200, body: { payload: orderWire(ctx.world, marketplaceId, order) } };
  }),
  route<MarketplaceState>(
    'GET',
    '/orders/v0/orders/:orderId/orderItems',
    'getOrderItems',
    (ctx) => {
      const order = orderFromPath(ctx);
      // Every simulated order fits one page, so no NextToken is ever issued; one sent is stale.
      if (oneParam(ctx.req.rawQuery, 'NextToken') !== undefined)
        invalid('Invalid NextToken.', 'NextToken');
      return {
        status: 200,
        body: {
          payload: {
            AmazonOrderId: order.id,
            OrderItems: order.items.map((i) => orderItemWire(ctx.world, i)),
          },
        },
      };
    },
  ),
  route<MarketplaceState>(
    'POST',
    '/orders/v0/orders/:orderId/shipmentConfirmation',
    'confirmShipment',
    (ctx) => confirmShipment(ctx, orderFromPath(ctx)),
  ),
];
