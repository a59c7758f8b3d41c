import type { Sku } from './catalog.js';
import type { Rng } from './rng.js';

/**
 * One line of an order or sale. The price is the catalog price at generation time.
 *
 * @example { skuIndex: 0, sku: 'SKU-00000', quantity: 1, unitPriceCents: 2499 }
 */
export interface OrderLine {
  skuIndex: number;
  sku: string;
  quantity: number;
  /** USD cents. */
  unitPriceCents: number;
}

/**
 * Picks SKUs in proportion to `popularity`.
 *
 * @example createSkuPicker(world.catalog()).pick(streamFor(42, 'x', 0)).sku
 */
export interface SkuPicker {
  pick(rng: Rng): Sku;
}

/**
 * Builds the cumulative-weight table once (O(n)); each pick is a binary search (O(log n)).
 *
 * @example const picker = createSkuPicker(catalog); picker.pick(rng)
 */
export function createSkuPicker(catalog: readonly Sku[]): SkuPicker {
  if (catalog.length === 0)
    throw new Error(
      '[omnichaos:world] cannot pick SKUs from an empty catalog; size.skus must be ≥ 1',
    );
  const cumulative: number[] = [];
  let sum = 0;
  for (const sku of catalog) cumulative.push((sum += sku.popularity));
  return {
    pick(rng) {
      const target = rng.next() * sum;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      return catalog[lo]!;
    },
  };
}

/**
 * 1–`maxLines` lines (70% of baskets hold one item), quantities mostly 1. A SKU drawn twice is
 * dropped rather than repeated, because channels send one line per SKU.
 *
 * @example generateLines(picker, streamFor(42, 'marketplace-order', 7), 4)
 */
export function generateLines(picker: SkuPicker, rng: Rng, maxLines: number): OrderLine[] {
  const count = rng.next() < 0.7 ? 1 : rng.int(2, maxLines);
  const lines: OrderLine[] = [];
  for (let i = 0; i < count; i++) {
    const sku = picker.pick(rng);
    const quantity = rng.next() < 0.85 ? 1 : rng.int(2, 3);
    if (lines.some((l) => l.skuIndex === sku.index)) continue;
    lines.push({ skuIndex: sku.index, sku: sku.sku, quantity, unitPriceCents: sku.priceCents });
  }
  return lines;
}
