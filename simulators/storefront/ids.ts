import { ID_BASE, type StorefrontState } from './state.js';

/**
 * Shopify global ids: `gid://shopify/<Type>/<number>` (https://shopify.dev/docs/api/usage/gids);
 * an inventory level's carries its item, `gid://shopify/InventoryLevel/<n>?inventory_item_id=<m>`.
 */
export type GidKind = keyof typeof ID_BASE;

const TYPE_NAME: Readonly<Record<GidKind, string>> = {
  product: 'Product',
  variant: 'ProductVariant',
  inventoryItem: 'InventoryItem',
  location: 'Location',
  order: 'Order',
  lineItem: 'LineItem',
  fulfillmentOrder: 'FulfillmentOrder',
  foLineItem: 'FulfillmentOrderLineItem',
  fulfillment: 'Fulfillment',
  adjustmentGroup: 'InventoryAdjustmentGroup',
};

/** The numeric (REST / `legacyResourceId`) id of local number `n` of a kind. */
export function numericId(state: StorefrontState, kind: GidKind, n: number): number {
  return ID_BASE[kind] + state.idOffset + n;
}

/** @example gid(state, 'variant', 3) // 'gid://shopify/ProductVariant/44000123456789' */
export function gid(state: StorefrontState, kind: GidKind, n: number): string {
  return `gid://shopify/${TYPE_NAME[kind]}/${numericId(state, kind, n)}`;
}

export function gidOfNumeric(kind: GidKind, id: number): string {
  return `gid://shopify/${TYPE_NAME[kind]}/${id}`;
}

/**
 * The local number behind a gid of `kind`, or undefined when the text is not such a gid (wrong
 * type, not a number, out of this shop's range).
 *
 * @example localOf(state, 'variant', gid(state, 'variant', 3)) // 3
 */
export function localOf(state: StorefrontState, kind: GidKind, text: string): number | undefined {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d{1,16})(\?.*)?$/.exec(text);
  if (!m || m[1] !== TYPE_NAME[kind]) return undefined;
  const n = Number(m[2]) - ID_BASE[kind] - state.idOffset;
  return Number.isSafeInteger(n) && n >= 0 && n < 1e9 ? n : undefined;
}

/** True when `text` is shaped like any Shopify gid (for "invalid id" vs "not found"). */
export function looksLikeGid(text: string): boolean {
  return /^gid:\/\/shopify\/[A-Za-z]+\/\d+(\?.*)?$/.test(text);
}

/** The location's gid (the shop has one location, local number 0). */
export function locationGid(state: StorefrontState): string {
  return gid(state, 'location', 0);
}

export function inventoryLevelGid(state: StorefrontState, skuIndex: number): string {
  return `gid://shopify/InventoryLevel/${numericId(state, 'location', 0)}?inventory_item_id=${numericId(state, 'inventoryItem', skuIndex)}`;
}

/** The SKU index of an InventoryLevel gid, or undefined. */
export function levelSkuOf(state: StorefrontState, text: string): number | undefined {
  const m = /^gid:\/\/shopify\/InventoryLevel\/(\d{1,16})\?inventory_item_id=(\d{1,16})$/.exec(
    text,
  );
  if (!m || Number(m[1]) !== numericId(state, 'location', 0)) return undefined;
  return localOf(state, 'inventoryItem', `gid://shopify/InventoryItem/${m[2]}`);
}
