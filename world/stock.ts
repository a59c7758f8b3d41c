import type { Location } from './locations.js';
import { unitHash } from './rng.js';

/**
 * Units on hand of one SKU at one location when the run starts.
 *
 * @example { locationId: 'ST-001', sku: 'SKU-00001', skuIndex: 1, quantity: 17 }
 */
export interface StockLevel {
  locationId: string;
  sku: string;
  skuIndex: number;
  quantity: number;
}

/**
 * A flash sale's stock: the `skus` best sellers (catalog popularity falls with the index, so
 * SKU-00000 … SKU-<skus−1>) start with exactly `units` at every location — warehouses and stores —
 * instead of the generated quantity, so they sell out within minutes of real demand.
 *
 * @example { skus: 4, units: 6 }
 */
export interface LimitedStock {
  skus: number;
  units: number;
}

/** Share of (location, SKU) pairs that start sold out, so out-of-stock paths run from minute one. */
const EMPTY_SHARE = 0.08;

/**
 * Starting units of SKU `skuIndex` at a location: warehouses hold 20–400, stores a shelf's worth
 * (2–40), and ~8% of pairs start at 0. One hash, not a stream, because the digest reads every
 * pair and a 100,000-SKU × 500-store world has 50 million of them.
 *
 * @example initialStockAt(42, 'WH-1', 'warehouse', 7) // e.g. 213
 */
export function initialStockAt(
  seed: number,
  locationId: string,
  kind: Location['kind'],
  skuIndex: number,
): number {
  const u = unitHash(seed, 'stock', locationId, skuIndex);
  if (u < EMPTY_SHARE) return 0;
  const [min, max] = kind === 'warehouse' ? [20, 400] : [2, 40];
  // Rescale the rest of [0, 1) so one uniform draw decides both "empty?" and "how many".
  return min + Math.floor(((u - EMPTY_SHARE) / (1 - EMPTY_SHARE)) * (max - min + 1));
}

/**
 * Addresses (location, SKU) pairs row-major: index = locationIndex · skus + skuIndex, with
 * locations in `World.locations()` order (warehouses, then stores).
 *
 * @example stockPair(21, 20) // { locationIndex: 1, skuIndex: 1 }
 */
export function stockPair(
  index: number,
  skus: number,
): { locationIndex: number; skuIndex: number } {
  return { locationIndex: Math.floor(index / skus), skuIndex: index % skus };
}
