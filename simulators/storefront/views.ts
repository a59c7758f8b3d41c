import { GraphQLError } from 'graphql';
import type { SimulatorContext } from '../core/define-simulator.js';
import { paginate, type PageArgs } from './connection.js';
import { gid, gidOfNumeric, inventoryLevelGid, locationGid, numericId } from './ids.js';
import { orderTotal } from './orders.js';
import {
  levelFor,
  productIndexOf,
  productSkus,
  variantFor,
  type FulfillmentRec,
  type LineRec,
  type OrderRec,
  type StorefrontState,
} from './state.js';
import { iso } from './time.js';

/**
 * The GraphQL view objects: plain objects whose methods graphql-js's default field resolver
 * calls with the field's arguments, so each view only does the work a query selects.
 */
export type Ctx = SimulatorContext<StorefrontState>;

const bag = (cents: number) => {
  const money = { amount: cents, currencyCode: 'USD' };
  return { shopMoney: money, presentmentMoney: money };
};

/** Quantity names Shopify knows (https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps/manage-quantities-states). */
export const QUANTITY_NAMES = [
  'available',
  'committed',
  'damaged',
  'incoming',
  'on_hand',
  'quality_control',
  'reserved',
  'safety_stock',
] as const;

export function quantityOf(ctx: Ctx, skuIndex: number, name: string): number {
  const level = levelFor(ctx, skuIndex);
  if (name === 'available') return level.available;
  if (name === 'committed') return level.committed;
  if (name === 'on_hand') return level.available + level.committed;
  return 0;
}

export function locationView(ctx: Ctx) {
  const wh = ctx.world.warehouse(0);
  return {
    id: locationGid(ctx.state),
    legacyResourceId: String(numericId(ctx.state, 'location', 0)),
    name: wh.name,
    isActive: true,
    fulfillsOnlineOrders: true,
  };
}

export function productTitle(ctx: Ctx, p: number): string {
  const first = productSkus(ctx.state, ctx.world.size.skus, p)[0]!;
  return ctx.world.sku(first).name;
}

export function productView(ctx: Ctx, p: number) {
  const skus = productSkus(ctx.state, ctx.world.size.skus, p);
  const title = productTitle(ctx, p);
  return {
    id: gid(ctx.state, 'product', p),
    legacyResourceId: String(numericId(ctx.state, 'product', p)),
    title,
    handle:
      title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/(^-|-$)/g, '') + `-${p}`,
    status: 'ACTIVE',
    createdAt: iso(ctx.state.startMs),
    updatedAt: iso(Math.max(...skus.map((i) => variantFor(ctx, i).updatedMs))),
    totalInventory: skus.reduce((s, i) => s + levelFor(ctx, i).available, 0),
    variants: (args: PageArgs) =>
      paginate(
        skus,
        (i) => [i, i],
        args,
        (i) => variantView(ctx, i),
      ),
  };
}

export function variantView(ctx: Ctx, skuIndex: number) {
  const v = variantFor(ctx, skuIndex);
  const sku = ctx.world.sku(skuIndex);
  const p = productIndexOf(ctx.state, skuIndex);
  return {
    id: gid(ctx.state, 'variant', skuIndex),
    legacyResourceId: String(numericId(ctx.state, 'variant', skuIndex)),
    sku: v.sku,
    title: sku.name,
    displayName: `${productTitle(ctx, p)} - ${sku.name}`,
    price: v.priceCents,
    compareAtPrice: v.compareAtCents,
    inventoryQuantity: levelFor(ctx, skuIndex).available,
    product: () => productView(ctx, p),
    inventoryItem: () => itemView(ctx, skuIndex),
    createdAt: iso(ctx.state.startMs),
    updatedAt: iso(v.updatedMs),
  };
}

export function itemView(ctx: Ctx, skuIndex: number) {
  const level = levelFor(ctx, skuIndex);
  return {
    id: gid(ctx.state, 'inventoryItem', skuIndex),
    legacyResourceId: String(numericId(ctx.state, 'inventoryItem', skuIndex)),
    sku: ctx.world.sku(skuIndex).sku,
    tracked: true,
    variant: () => variantView(ctx, skuIndex),
    inventoryLevel: ({ locationId }: { locationId: string }) =>
      locationId === locationGid(ctx.state) ? levelView(ctx, skuIndex) : null,
    inventoryLevels: (args: PageArgs) =>
      paginate(
        [skuIndex],
        () => [0, 0],
        args,
        () => levelView(ctx, skuIndex),
      ),
    createdAt: iso(ctx.state.startMs),
    updatedAt: iso(level.updatedMs),
  };
}

export function levelView(ctx: Ctx, skuIndex: number) {
  const level = levelFor(ctx, skuIndex);
  const id = inventoryLevelGid(ctx.state, skuIndex);
  return {
    id,
    item: () => itemView(ctx, skuIndex),
    location: () => locationView(ctx),
    quantities: ({ names }: { names: string[] }) =>
      names.map((name) => {
        if (!(QUANTITY_NAMES as readonly string[]).includes(name))
          // GUESS: Shopify's wording for an unknown quantity name.
          throw new GraphQLError(`Invalid quantity name: ${name}.`, {
            extensions: { code: 'BAD_REQUEST' },
          });
        return {
          id: `gid://shopify/InventoryQuantity/${numericId(ctx.state, 'location', 0)}?inventory_item_id=${numericId(ctx.state, 'inventoryItem', skuIndex)}&name=${name}`,
          name,
          quantity: quantityOf(ctx, skuIndex, name),
          updatedAt: iso(level.updatedMs),
        };
      }),
    createdAt: iso(ctx.state.startMs),
    updatedAt: iso(level.updatedMs),
  };
}

function fulfilledUnits(o: OrderRec): { done: number; all: number } {
  return {
    done: o.lines.reduce((s, l) => s + l.fulfilled, 0),
    all: o.lines.reduce((s, l) => s + l.quantity, 0),
  };
}

export function fulfillmentOrderStatus(o: OrderRec): 'OPEN' | 'IN_PROGRESS' | 'CLOSED' {
  const { done, all } = fulfilledUnits(o);
  return done === 0 ? 'OPEN' : done >= all ? 'CLOSED' : 'IN_PROGRESS';
}

export function lineView(ctx: Ctx, l: LineRec) {
  return {
    id: gidOfNumeric('lineItem', l.id),
    sku: l.sku,
    name: l.title,
    title: l.title,
    quantity: l.quantity,
    currentQuantity: l.quantity,
    unfulfilledQuantity: l.quantity - l.fulfilled,
    originalUnitPriceSet: bag(l.unitPriceCents),
    discountedUnitPriceSet: bag(l.unitPriceCents),
    variant: () => variantView(ctx, l.skuIndex),
  };
}

export function orderView(ctx: Ctx, o: OrderRec) {
  const { done, all } = fulfilledUnits(o);
  const total = orderTotal(o);
  return {
    id: gidOfNumeric('order', o.id),
    legacyResourceId: String(o.id),
    name: o.name,
    email: ctx.world.customer(o.customerIndex).email ?? null,
    sourceName: 'web',
    createdAt: iso(o.createdMs),
    updatedAt: iso(o.updatedMs),
    processedAt: iso(o.createdMs),
    cancelledAt: null,
    closed: false,
    currencyCode: 'USD',
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus:
      done === 0 ? 'UNFULFILLED' : done >= all ? 'FULFILLED' : 'PARTIALLY_FULFILLED',
    totalPriceSet: bag(total),
    subtotalPriceSet: bag(total),
    lineItems: (args: PageArgs) =>
      paginate(
        o.lines,
        (l) => [l.id, l.id],
        args,
        (l) => lineView(ctx, l),
      ),
    fulfillmentOrders: (args: PageArgs) =>
      paginate(
        [o],
        (x) => [x.fulfillmentOrderId, x.fulfillmentOrderId],
        args,
        (x) => fulfillmentOrderView(ctx, x),
      ),
    fulfillments: ({ first }: { first?: number | null }) =>
      o.fulfillments.slice(0, first ?? undefined).map((f) => fulfillmentView(ctx, o, f)),
  };
}

export function fulfillmentOrderView(ctx: Ctx, o: OrderRec) {
  return {
    id: gidOfNumeric('fulfillmentOrder', o.fulfillmentOrderId),
    status: fulfillmentOrderStatus(o),
    orderId: gidOfNumeric('order', o.id),
    orderName: o.name,
    order: () => orderView(ctx, o),
    assignedLocation: { name: ctx.world.warehouse(0).name, location: () => locationView(ctx) },
    createdAt: iso(o.createdMs),
    updatedAt: iso(o.updatedMs),
    lineItems: (args: PageArgs) =>
      paginate(
        o.lines,
        (l) => [l.foLineId, l.foLineId],
        args,
        (l) => ({
          id: gidOfNumeric('foLineItem', l.foLineId),
          sku: l.sku,
          totalQuantity: l.quantity,
          remainingQuantity: l.quantity - l.fulfilled,
          lineItem: () => lineView(ctx, l),
          variant: () => variantView(ctx, l.skuIndex),
        }),
      ),
  };
}

export function fulfillmentView(ctx: Ctx, o: OrderRec, f: FulfillmentRec) {
  return {
    id: gidOfNumeric('fulfillment', f.id),
    legacyResourceId: String(f.id),
    name: `${o.name}.${o.fulfillments.indexOf(f) + 1}`,
    status: 'SUCCESS',
    totalQuantity: f.lines.reduce((s, l) => s + l.quantity, 0),
    createdAt: iso(f.createdMs),
    updatedAt: iso(f.createdMs),
    order: () => orderView(ctx, o),
    trackingInfo: ({ first }: { first?: number | null }) =>
      (f.trackingNumber || f.trackingCompany
        ? [{ company: f.trackingCompany, number: f.trackingNumber, url: f.trackingUrl }]
        : []
      ).slice(0, first ?? undefined),
    fulfillmentLineItems: (args: PageArgs) =>
      paginate(
        f.lines,
        (l) => [l.lineId, l.lineId],
        args,
        (fl) => ({
          id: `gid://shopify/FulfillmentLineItem/${f.id}${String(o.lines.findIndex((l) => l.id === fl.lineId))}`,
          quantity: fl.quantity,
          lineItem: () =>
            lineView(
              ctx,
              o.lines.find((l) => l.id === fl.lineId)!,
            ),
        }),
      ),
  };
}
