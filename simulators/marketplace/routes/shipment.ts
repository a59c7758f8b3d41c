import type { RouteContext } from '../../core/define-simulator.js';
import { fail, invalid } from '../errors.js';
import { recordShipment } from '../orders.js';
import { dateParam } from '../query.js';
import type { MarketplaceState, OrderRec, ShipmentRec } from '../state.js';

/**
 * confirmShipment's body rules (docs/dialects/marketplace.md): `marketplaceId` and `packageDetail` with
 * `packageReferenceId`, `carrierCode` (`carrierName` when "Other"), `trackingNumber`, `shipDate`
 * and `orderItems[{ orderItemId, quantity }]`. Success is 204 with no body.
 */
type Ctx = RouteContext<MarketplaceState>;
type Json = Record<string, unknown>;

function obj(v: unknown, field: string): Json {
  if (!v || typeof v !== 'object' || Array.isArray(v))
    invalid(`${field} must be an object.`, field);
  return v as Json;
}

function str(o: Json, key: string, field: string, required = true): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) invalid(`${field} is required.`, field);
    return undefined;
  }
  if (typeof v !== 'string' || v.length === 0 || v.length > 256)
    invalid(`${field} must be a non-empty string of at most 256 characters.`, field);
  return v;
}

function items(order: OrderRec, raw: unknown): ShipmentRec['items'] {
  if (!Array.isArray(raw) || raw.length === 0)
    invalid('packageDetail.orderItems must be a non-empty array.', 'packageDetail.orderItems');
  const out: ShipmentRec['items'] = [];
  raw.forEach((r, i) => {
    const field = `packageDetail.orderItems[${i}]`;
    const o = obj(r, field);
    const orderItemId = str(o, 'orderItemId', `${field}.orderItemId`)!;
    const quantity = o.quantity;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1)
      invalid(`${field}.quantity must be a positive integer.`, `${field}.quantity`);
    const item = order.items.find((x) => x.orderItemId === orderItemId);
    if (!item) invalid(`${field}.orderItemId is not an item of order ${order.id}.`, field);
    const already = out
      .filter((x) => x.orderItemId === orderItemId)
      .reduce((n, x) => n + x.quantity, 0);
    // GUESS: shipping more than is left unshipped is refused with 400 InvalidInput.
    if (item.quantityShipped + already + quantity > item.quantity)
      invalid(`${field}.quantity exceeds the unshipped quantity.`, `${field}.quantity`);
    out.push({ orderItemId, quantity });
  });
  return out;
}

/**
 * Handle `POST …/shipmentConfirmation` for an order already found.
 *
 * @example confirmShipment(ctx, order) // { status: 204 }
 */
export function confirmShipment(ctx: Ctx, order: OrderRec) {
  const body = obj(ctx.body, 'body');
  const marketplaceId = str(body, 'marketplaceId', 'marketplaceId')!;
  if (marketplaceId !== ctx.world.credentials.marketplace.marketplaceId)
    invalid('Invalid marketplaceId.', 'marketplaceId');
  const pkg = obj(body.packageDetail, 'packageDetail');
  const packageReferenceId = str(pkg, 'packageReferenceId', 'packageDetail.packageReferenceId')!;
  // "A seller-supplied identifier … Only positive numeric values are supported" (Orders API v0
  // reference; the message is the one sellers report, jlevers/selling-partner-api#489).
  if (!/^[1-9]\d{0,17}$/.test(packageReferenceId))
    fail(400, 'InvalidInput', 'PackageReferenceId: is invalid, must be a positive numeric value.');
  const carrierCode = str(pkg, 'carrierCode', 'packageDetail.carrierCode')!;
  if (carrierCode === 'Other') str(pkg, 'carrierName', 'packageDetail.carrierName');
  const trackingNumber = str(pkg, 'trackingNumber', 'packageDetail.trackingNumber')!;
  const shipDate = str(pkg, 'shipDate', 'packageDetail.shipDate')!;
  const shipDateMs = dateParam(shipDate, 'packageDetail.shipDate')!;
  // GUESS: confirming a canceled, fully shipped or still Pending order is a 400 InvalidInput.
  if (order.status === 'Canceled' || order.status === 'Shipped' || order.status === 'Pending')
    fail(400, 'InvalidInput', `Order ${order.id} is ${order.status}; it cannot be shipped.`);
  const shipped = items(order, pkg.orderItems);
  ctx.annotate({ trackingNumber });
  recordShipment(ctx, order, {
    packageReferenceId,
    carrierCode,
    trackingNumber,
    shipDateMs,
    items: shipped,
  });
  return { status: 204 };
}
