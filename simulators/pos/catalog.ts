import type { World } from '../../world/index.js';
import { catalogId, skuIndexOf } from './ids.js';
import type { PosState } from './state.js';
import { iso, money } from './wire.js';

/**
 * The world's catalog as Square CatalogObjects (docs/dialects/pos.md): one ITEM per SKU with one
 * ITEM_VARIATION whose `sku` is the shared code (`SKU-00042`, docs/architecture.md) and whose price is the
 * world's. Built on demand from the SKU index, never stored.
 */
export type CatalogType = 'ITEM' | 'ITEM_VARIATION';

/** The variation id of SKU `index`. @example variationId(world, 0) */
export function variationId(world: World, index: number): string {
  return catalogId(world.seed, 'ITEM_VARIATION', index);
}

/** The SKU index of a variation id, or undefined. @example variationIndex(world, id) */
export function variationIndex(world: World, id: unknown): number | undefined {
  return skuIndexOf(world.seed, 'ITEM_VARIATION', id, world.size.skus);
}

function common(state: PosState, type: CatalogType, id: string) {
  return {
    type,
    id,
    updated_at: iso(state.bornAt),
    // Square versions are epoch-ms-like int64s; one catalog version for the whole run.
    version: state.bornAt,
    is_deleted: false,
    present_at_all_locations: true,
  };
}

/** @example variationObject(world, state, 0).item_variation_data.sku // 'SKU-00000' */
export function variationObject(world: World, state: PosState, index: number) {
  const sku = world.sku(index);
  return {
    ...common(state, 'ITEM_VARIATION', variationId(world, index)),
    item_variation_data: {
      item_id: catalogId(world.seed, 'ITEM', index),
      name: 'Regular',
      sku: sku.sku,
      upc: sku.upc,
      ordinal: 0,
      pricing_type: 'FIXED_PRICING',
      price_money: money(sku.priceCents),
      track_inventory: true,
      sellable: true,
      stockable: true,
    },
  };
}

/** @example itemObject(world, state, 0).item_data.variations.length // 1 */
export function itemObject(world: World, state: PosState, index: number) {
  const sku = world.sku(index);
  return {
    ...common(state, 'ITEM', catalogId(world.seed, 'ITEM', index)),
    item_data: {
      name: sku.name,
      description: `${sku.category} · ${sku.sku}`,
      product_type: 'REGULAR',
      is_taxable: true,
      variations: [variationObject(world, state, index)],
    },
  };
}
