import type { SimulatorContext } from '../core/define-simulator.js';
import { createSkuPicker, type SkuPicker } from '../../world/order-lines.js';
import { unitHash } from '../../world/rng.js';
import { readStorefrontConfig, type StorefrontConfig } from './config.js';

/**
 * Everything the storefront remembers, in domain terms (cents, epoch ms, numeric ids); the
 * resolvers turn it into the Admin GraphQL shapes. Variants and inventory levels are made from
 * the world on first touch, so a big catalog costs nothing up front.
 */
export interface VariantRec {
  skuIndex: number;
  sku: string;
  priceCents: number;
  /** The compare-at price (the "was" price of a promotion), or null. */
  compareAtCents: number | null;
  updatedMs: number;
}

export interface LevelRec {
  skuIndex: number;
  /** Units the storefront will sell (`available`); on_hand = available + committed. */
  available: number;
  /** Units sold on orders not yet fulfilled. */
  committed: number;
  updatedMs: number;
}

export interface LineRec {
  id: number;
  /** The fulfillment order line's id (one fulfillment order per order). */
  foLineId: number;
  skuIndex: number;
  sku: string;
  title: string;
  quantity: number;
  unitPriceCents: number;
  fulfilled: number;
}

export interface FulfillmentRec {
  id: number;
  orderId: number;
  createdMs: number;
  trackingCompany: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  lines: { lineId: number; quantity: number }[];
}

export interface OrderRec {
  id: number;
  /** Insertion order: the tie-breaker for paging. */
  seq: number;
  /** World index of the storefront order it came from. */
  index: number;
  /** `#1001`… */
  name: string;
  customerIndex: number;
  createdMs: number;
  updatedMs: number;
  lines: LineRec[];
  fulfillmentOrderId: number;
  fulfillments: FulfillmentRec[];
}

export interface ThrottleBucket {
  available: number;
  atWall: number;
}

export interface StorefrontState {
  config: StorefrontConfig;
  /** Scenario time the shop opened: when records untouched since then were last updated. */
  startMs: number;
  /** Per-seed offset under every numeric id, so ids differ between seeds as real ones do. */
  idOffset: number;
  variants: Map<number, VariantRec>;
  levels: Map<number, LevelRec>;
  orders: Map<number, OrderRec>;
  /** Orders in creation order. */
  orderList: OrderRec[];
  byIndex: Map<number, number>;
  orderSeq: number;
  fulfillmentSeq: number;
  adjustmentSeq: number;
  eventSeq: number;
  /** One cost bucket per access token (app + store). */
  buckets: Map<string, ThrottleBucket>;
  picker: SkuPicker | undefined;
}

/** Numeric id bases (Shopify ids are large integers; these keep the kinds apart). */
export const ID_BASE = Object.freeze({
  product: 8_000_000_000_000,
  variant: 44_000_000_000_000,
  inventoryItem: 46_000_000_000_000,
  location: 70_000_000_000,
  order: 6_000_000_000_000,
  lineItem: 15_000_000_000_000,
  fulfillmentOrder: 7_000_000_000_000,
  foLineItem: 16_000_000_000_000,
  fulfillment: 5_500_000_000_000,
  adjustmentGroup: 60_000_000_000,
});

/**
 * @example createStorefrontState(ctx).orders.size // 0
 */
export function createStorefrontState(
  ctx: Pick<SimulatorContext<never>, 'config' | 'world' | 'clock'>,
): StorefrontState {
  return {
    config: readStorefrontConfig(ctx.config),
    startMs: ctx.clock.now(),
    idOffset: Math.floor(unitHash(ctx.world.seed, 'storefront-ids') * 1e9),
    variants: new Map(),
    levels: new Map(),
    orders: new Map(),
    orderList: [],
    byIndex: new Map(),
    orderSeq: 0,
    fulfillmentSeq: 0,
    adjustmentSeq: 0,
    eventSeq: 0,
    buckets: new Map(),
    picker: undefined,
  };
}

type Ctx = Pick<SimulatorContext<StorefrontState>, 'state' | 'world' | 'clock'>;

/** The SKU picker for storefront orders, built once per state from the world's catalog. */
export function skuPicker(ctx: Ctx): SkuPicker {
  return (ctx.state.picker ??= createSkuPicker(ctx.world.catalog()));
}

/** World SKU index for a SKU code, or undefined if the world does not sell it. */
export function skuIndexOf(ctx: Pick<Ctx, 'world'>, sku: string): number | undefined {
  const m = /^SKU-(\d{1,9})$/.exec(sku);
  if (!m) return undefined;
  const i = Number(m[1]);
  if (i >= ctx.world.size.skus) return undefined;
  return ctx.world.sku(i).sku === sku ? i : undefined;
}

/** The variant of world SKU `skuIndex`, made from the catalog on first touch. */
export function variantFor(ctx: Ctx, skuIndex: number): VariantRec {
  let rec = ctx.state.variants.get(skuIndex);
  if (!rec) {
    const sku = ctx.world.sku(skuIndex);
    rec = {
      skuIndex,
      sku: sku.sku,
      priceCents: sku.priceCents,
      compareAtCents: null,
      updatedMs: ctx.state.startMs,
    };
    ctx.state.variants.set(skuIndex, rec);
  }
  return rec;
}

/**
 * Sum of the world's initial stock over its warehouses: the online store sells what the
 * warehouses hold, as the marketplace does.
 */
export function initialAvailable(world: Ctx['world'], skuIndex: number): number {
  let total = 0;
  for (const loc of world.locations())
    if (loc.kind === 'warehouse') total += world.initialStock(loc.id, skuIndex);
  return total;
}

/** The inventory level of world SKU `skuIndex` at the shop's one location. */
export function levelFor(ctx: Ctx, skuIndex: number): LevelRec {
  let rec = ctx.state.levels.get(skuIndex);
  if (!rec) {
    rec = {
      skuIndex,
      available: initialAvailable(ctx.world, skuIndex),
      committed: 0,
      updatedMs: ctx.state.startMs,
    };
    ctx.state.levels.set(skuIndex, rec);
  }
  return rec;
}

/** Products group `variantsPerProduct` consecutive SKUs. */
export function productIndexOf(state: StorefrontState, skuIndex: number): number {
  return Math.floor(skuIndex / state.config.variantsPerProduct);
}

export function productCount(state: StorefrontState, skus: number): number {
  return Math.ceil(skus / state.config.variantsPerProduct);
}

/** The SKU indexes of product `p`. */
export function productSkus(state: StorefrontState, skus: number, p: number): number[] {
  const n = state.config.variantsPerProduct;
  const out: number[] = [];
  for (let i = p * n; i < Math.min(skus, (p + 1) * n); i++) out.push(i);
  return out;
}
