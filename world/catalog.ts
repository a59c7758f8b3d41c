import { fakerFor } from './faker.js';
import { streamFor } from './rng.js';

/** One product. `sku` is the code every system shares (SellerSKU = itemId = WMS sku = Square sku). */
export interface Sku {
  index: number;
  sku: string;
  name: string;
  category: string;
  priceCents: number;
  weightGrams: number;
  upc: string;
  /** Relative demand weight: a few SKUs sell most (Zipf-like, exponent 1). */
  popularity: number;
}

/** `SKU-00042` */
export function skuCode(index: number): string {
  return `SKU-${String(index).padStart(5, '0')}`;
}

/** A 12-digit UPC-A with a valid check digit. */
export function upcFor(digits11: string): string {
  let odd = 0;
  let even = 0;
  for (let i = 0; i < 11; i++) {
    if (i % 2 === 0) odd += Number(digits11[i]);
    else even += Number(digits11[i]);
  }
  return digits11 + String((10 - ((odd * 3 + even) % 10)) % 10);
}

/**
 * @example generateSku(42, 0).sku // 'SKU-00000'
 */
export function generateSku(seed: number, index: number): Sku {
  const rng = streamFor(seed, 'sku', index);
  const f = fakerFor(rng);
  const digits = String(rng.int(0, 99_999_999_999)).padStart(11, '0');
  return {
    index,
    sku: skuCode(index),
    name: f.commerce.productName(),
    category: f.commerce.department(),
    priceCents: rng.int(4, 400) * 25 - 1, // $0.99 … $99.99, retail-looking endings
    weightGrams: rng.int(50, 5_000),
    upc: upcFor(digits),
    popularity: Math.round((1 / (index + 1)) * 1e6) / 1e6,
  };
}
