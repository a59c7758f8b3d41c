import type { SimulatorContext } from '../core/define-simulator.js';
import { generateLines, type OrderLine } from '../../world/order-lines.js';
import { streamFor } from '../../world/rng.js';
import { ev } from '../../journal/events.js';
import { numericId } from './ids.js';
import { setAvailable } from './inventory.js';
import { levelFor, skuPicker, variantFor, type FulfillmentRec, type OrderRec } from './state.js';
import type { StorefrontState } from './state.js';
import { emit, fulfillmentPayload, orderPayload } from './webhooks.js';

/**
 * Storefront orders in domain terms: demand channel `storefront-order` places world-seeded
 * checkouts (docs/architecture.md#business-flows); the integration fulfils them with tracking.
 */
type Ctx = SimulatorContext<StorefrontState>;

/**
 * Storefront order `index` of a seed: 1–4 lines (mostly one) drawn by popularity from the
 * world's catalog, and a customer — a pure function of `(seed, index)`, in a stream of its own
 * so the marketplace's and the stores' orders do not move.
 *
 * @example storefrontOrderLines(ctx, 7).lines[0].sku // 'SKU-00002'
 */
export function storefrontOrderLines(
  ctx: Pick<Ctx, 'state' | 'world' | 'clock'>,
  index: number,
): { lines: OrderLine[]; customerIndex: number } {
  const rng = streamFor(ctx.world.seed, 'storefront-order', index);
  const customerIndex = rng.int(0, ctx.world.size.customers - 1);
  return { customerIndex, lines: generateLines(skuPicker(ctx), rng, 4) };
}

export interface OrderSummary {
  orderId: string;
  index: number;
  totalCents: number;
  created: boolean;
  unavailable?: string;
}

/**
 * Demand channel `storefront-order`: a shopper checks out world order `index` now, at the
 * variants' current prices. A checkout can only buy what the store shows as available: if a
 * line wants more units than its inventory level, no order is placed
 * (`channel:order-rejected`). Otherwise `available` drops and `committed` rises by what was sold,
 * the order is journaled `channel:order-visible`, and `orders/create` and
 * `inventory_levels/update` webhooks go out. Placing the same index twice does nothing.
 *
 * @example placeOrder(ctx, 12) // { orderId: '6000123457001', index: 12, totalCents: 4598, created: true }
 */
export function placeOrder(ctx: Ctx, index: number): OrderSummary {
  const existing = ctx.state.byIndex.get(index);
  if (existing !== undefined) {
    const o = ctx.state.orders.get(existing)!;
    return { orderId: String(o.id), index, totalCents: orderTotal(o), created: false };
  }
  const { lines, customerIndex } = storefrontOrderLines(ctx, index);
  const short = lines.find((l) => levelFor(ctx, l.skuIndex).available < l.quantity);
  const seq = ctx.state.orderSeq + 1;
  const id = numericId(ctx.state, 'order', seq);
  if (short) {
    ctx.journal.append(
      ev.channelOrderRejected({
        sys: 'storefront',
        orderId: `checkout-${index}`,
        index,
        reason: 'unavailable',
        sku: short.sku,
      }),
    );
    return {
      orderId: `checkout-${index}`,
      index,
      totalCents: 0,
      created: false,
      unavailable: short.sku,
    };
  }
  ctx.state.orderSeq = seq;
  const now = ctx.clock.now();
  const order: OrderRec = {
    id,
    seq,
    index,
    name: `#${1000 + seq}`,
    customerIndex,
    createdMs: now,
    updatedMs: now,
    lines: lines.map((l, i) => ({
      id: numericId(ctx.state, 'lineItem', seq * 10 + i),
      foLineId: numericId(ctx.state, 'foLineItem', seq * 10 + i),
      skuIndex: l.skuIndex,
      sku: l.sku,
      title: ctx.world.sku(l.skuIndex).name,
      quantity: l.quantity,
      unitPriceCents: variantFor(ctx, l.skuIndex).priceCents,
      fulfilled: 0,
    })),
    fulfillmentOrderId: numericId(ctx.state, 'fulfillmentOrder', seq),
    fulfillments: [],
  };
  ctx.state.orders.set(id, order);
  ctx.state.orderList.push(order);
  ctx.state.byIndex.set(index, id);
  const totalCents = orderTotal(order);
  ctx.journal.append(
    ev.channelOrderVisible({
      sys: 'storefront',
      orderId: String(id),
      index,
      placedAt: now,
      lines: order.lines.map((l) => ({
        sku: l.sku,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
      })),
      totalCents,
    }),
  );
  emit(ctx, 'orders/create', orderPayload(ctx.state, order));
  for (const l of order.lines) {
    const level = levelFor(ctx, l.skuIndex);
    level.committed += l.quantity;
    setAvailable(ctx, l.skuIndex, level.available - l.quantity, 'order');
  }
  return { orderId: String(id), index, totalCents, created: true };
}

export function orderTotal(o: OrderRec): number {
  return o.lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0);
}

/** The order of a fulfillment order id (numeric), if this shop has it. */
export function orderOfFulfillmentOrder(
  state: StorefrontState,
  foNumeric: number,
): OrderRec | undefined {
  const seq = foNumeric - numericId(state, 'fulfillmentOrder', 0);
  return Number.isSafeInteger(seq) && seq >= 1 ? state.orderList[seq - 1] : undefined;
}

/**
 * Record a fulfillment: ship its lines, release the committed units, journal
 * `channel:shipment-confirmed`, send `fulfillments/create` and `orders/updated`.
 * Validation happened before (resolvers.ts).
 */
export function recordFulfillment(
  ctx: Ctx,
  order: OrderRec,
  lines: { lineId: number; quantity: number }[],
  tracking: { company: string | null; number: string | null; url: string | null },
): FulfillmentRec {
  const now = ctx.clock.now();
  const f: FulfillmentRec = {
    id: numericId(ctx.state, 'fulfillment', ++ctx.state.fulfillmentSeq),
    orderId: order.id,
    createdMs: now,
    trackingCompany: tracking.company,
    trackingNumber: tracking.number,
    trackingUrl: tracking.url,
    lines,
  };
  for (const fl of lines) {
    const line = order.lines.find((l) => l.id === fl.lineId)!;
    line.fulfilled += fl.quantity;
    const level = levelFor(ctx, line.skuIndex);
    level.committed = Math.max(0, level.committed - fl.quantity);
  }
  order.fulfillments.push(f);
  order.updatedMs = now;
  const done = order.lines.every((l) => l.fulfilled >= l.quantity);
  ctx.journal.append(
    ev.channelShipmentConfirmed({
      sys: 'storefront',
      orderId: String(order.id),
      ...(tracking.number ? { trackingNumber: tracking.number } : {}),
      ...(tracking.company ? { carrier: tracking.company } : {}),
      packageId: String(f.id),
      items: lines.map((fl) => {
        const l = order.lines.find((x) => x.id === fl.lineId)!;
        return { itemId: String(l.id), sku: l.sku, quantity: fl.quantity };
      }),
      status: done ? 'FULFILLED' : 'PARTIALLY_FULFILLED',
    }),
  );
  emit(ctx, 'fulfillments/create', fulfillmentPayload(ctx.state, order, f));
  emit(ctx, 'orders/updated', orderPayload(ctx.state, order));
  return f;
}
