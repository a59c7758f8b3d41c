import { fakerFor } from './faker.js';
import { streamFor } from './rng.js';

/**
 * One product. `sku` is the code every system shares: NetSuite itemId, ShipBob sku, SP-API
 * SellerSKU and the Square variation's sku are all `SKU-00042`.
 *
 * @example { index: 42, sku: 'SKU-00042', name: 'Rustic Gold Shirt', category: 'Beauty', priceCents: 2499, weightGrams: 740, upc: '036000291452', popularity: 0.023256 }
 */
export interface Sku {
  index: number;
  sku: string;
  name: string;
  category: string;
  /** USD cents. */
  priceCents: number;
  weightGrams: number;
  /** 12-digit UPC-A with a valid check digit. */
  upc: string;
  /** Relative demand weight, 1/(index+1) (Zipf, exponent 1): SKU-00000 sells most. */
  popularity: number;
}

/**
 * The shared product code.
 *
 * @example skuCode(42) // 'SKU-00042'
 */
export function skuCode(index: number): string {
  return `SKU-${String(index).padStart(5, '0')}`;
}

/**
 * Appends the UPC-A check digit: 3 × (sum of odd positions) + (sum of even positions), then
 * whatever reaches the next multiple of 10 (GS1 General Specifications §7.9).
 *
 * @example upcFor('03600029145') // '036000291452'
 */
export function upcFor(digits11: string): string {
  if (!/^\d{11}$/.test(digits11))
    throw new Error(`[omnichaos:world] upcFor expects 11 digits, got "${digits11}"`);
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += Number(digits11[i]) * (i % 2 === 0 ? 3 : 1);
  return digits11 + String((10 - (sum % 10)) % 10);
}

/** Retail endings: mostly .99, some .95 and .49. */
const CENTS_OFF = [1, 1, 1, 1, 5, 51];

/**
 * SKU `index`; a pure function of `(seed, index)`.
 *
 * @example generateSku(42, 0).sku // 'SKU-00000'
 */
export function generateSku(seed: number, index: number): Sku {
  const rng = streamFor(seed, 'sku', index);
  const f = fakerFor(rng);
  const name = f.commerce.productName();
  const category = f.commerce.department();
  // Log-uniform dollars from $3 to $200: many cheap items, a long tail of expensive ones.
  const dollars = Math.round(Math.exp(Math.log(3) + rng.next() * Math.log(200 / 3)));
  const priceCents = dollars * 100 - rng.pick(CENTS_OFF);
  return {
    index,
    sku: skuCode(index),
    name,
    category,
    priceCents,
    weightGrams: rng.int(50, 5_000),
    upc: upcFor(String(rng.int(0, 99_999_999_999)).padStart(11, '0')),
    // Rounded so the digest's JSON never depends on the last bits of a division.
    popularity: Math.round(1e6 / (index + 1)) / 1e6,
  };
}
