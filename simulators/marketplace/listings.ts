import type { SimulatorContext } from '../core/define-simulator.js';
import type { PatchPlan } from './listing-patch.js';
import type { ListingRec, MarketplaceState } from './state.js';
import { ev } from '../../journal/events.js';

/**
 * The seller's listings: one per world SKU, quantity starting at the world's warehouse stock
 * (the marketplace sells what the warehouses hold). Created lazily on first touch so a
 * 10,000-SKU catalog costs nothing until used. Every quantity change is journaled
 * `listing:quantity-changed` — the oracle compares it with the warehouse's truth.
 */
type Ctx = Pick<SimulatorContext<MarketplaceState>, 'state' | 'world' | 'clock' | 'journal'>;

/** GUESS: the product type of every simulated listing (SP-API needs one; the world has none). */
export const DEFAULT_PRODUCT_TYPE = 'PRODUCT';

/** World SKU index for a SKU code, or undefined if the world does not sell it. */
export function skuIndexOf(ctx: Pick<Ctx, 'world'>, sku: string): number | undefined {
  const m = /^SKU-(\d{1,9})$/.exec(sku);
  if (!m) return undefined;
  const i = Number(m[1]);
  if (i >= ctx.world.size.skus) return undefined;
  return ctx.world.sku(i).sku === sku ? i : undefined;
}

/**
 * Sum of the world's initial stock over its warehouses.
 *
 * @example initialListingQuantity(world, 3) // 57
 */
export function initialListingQuantity(world: Ctx['world'], skuIndex: number): number {
  let total = 0;
  for (const loc of world.locations())
    if (loc.kind === 'warehouse') total += world.initialStock(loc.id, skuIndex);
  return total;
}

/**
 * The listing for a SKU, created from the world on first touch; undefined for unknown SKUs.
 *
 * @example listingFor(ctx, 'SKU-00003')?.quantity // 57
 */
export function listingFor(ctx: Ctx, sku: string): ListingRec | undefined {
  const existing = ctx.state.listings.get(sku);
  if (existing) return existing;
  const skuIndex = skuIndexOf(ctx, sku);
  if (skuIndex === undefined) return undefined;
  // GUESS: listings exist from before the scenario; their created date is the scenario start.
  const rec: ListingRec = {
    sku,
    skuIndex,
    quantity: initialListingQuantity(ctx.world, skuIndex),
    productType: DEFAULT_PRODUCT_TYPE,
    priceCents: ctx.world.sku(skuIndex).priceCents,
    createdMs: ctx.clock.now(),
    updatedMs: ctx.clock.now(),
    attributes: {},
  };
  ctx.state.listings.set(sku, rec);
  return rec;
}

/** Why a listing's quantity changed, as journaled in `listing:quantity-changed`. */
export type ListingChangeReason = 'patch' | 'order' | 'feed';

/**
 * Set a listing's quantity, journaling the change (nothing when it did not change).
 *
 * @example setListingQuantity(ctx, rec, 10, 'patch')
 */
export function setListingQuantity(
  ctx: Ctx,
  rec: ListingRec,
  quantity: number,
  reason: ListingChangeReason,
): void {
  rec.updatedMs = ctx.clock.now();
  if (rec.quantity === quantity) return;
  rec.quantity = quantity;
  ctx.journal.append(
    ev.listingQuantityChanged({ sys: 'marketplace', sku: rec.sku, quantity, reason }),
  );
}

/**
 * Apply an accepted patch (from patchListingsItem or a feed message): product type, other
 * attributes, then quantity (journaled with `reason`).
 *
 * @example applyPatchPlan(ctx, rec, readPatchBody(body), 'patch')
 */
export function applyPatchPlan(
  ctx: Ctx,
  rec: ListingRec,
  plan: PatchPlan,
  reason: ListingChangeReason,
): void {
  rec.productType = plan.productType;
  for (const [k, v] of Object.entries(plan.attributes)) {
    if (v === undefined) delete rec.attributes[k];
    else rec.attributes[k] = v;
  }
  if (plan.priceCents !== undefined && plan.priceCents !== rec.priceCents) {
    rec.priceCents = plan.priceCents;
    ctx.journal.append(
      ev.listingPriceChanged({
        sys: 'marketplace',
        sku: rec.sku,
        priceCents: rec.priceCents,
        reason,
      }),
    );
  }
  if (plan.quantity !== undefined) setListingQuantity(ctx, rec, plan.quantity, reason);
  else rec.updatedMs = ctx.clock.now();
}
