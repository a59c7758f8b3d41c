/**
 * How big the world is. Orders and sales are unbounded; these bound everything else.
 *
 * @example { skus: 200, warehouses: 1, stores: 5, customers: 10_000 }
 */
export interface WorldSize {
  skus: number;
  warehouses: number;
  stores: number;
  customers: number;
}

/**
 * A small chain: one fulfillment center, five stores.
 *
 * @example createWorld(42, { ...DEFAULT_WORLD_SIZE, stores: 50 })
 */
export const DEFAULT_WORLD_SIZE: Readonly<WorldSize> = Object.freeze({
  skus: 200,
  warehouses: 1,
  stores: 5,
  customers: 10_000,
});

// Orders need something to sell and someone to sell it to; locations may be absent
// (a marketplace-only world has no stores).
const MINIMUM: WorldSize = { skus: 1, warehouses: 0, stores: 0, customers: 1 };

/**
 * Fills defaults and rejects sizes that would make generation fail later, far from the cause.
 * `undefined` fields fall back to the default, so a scenario's optional fields pass straight in.
 *
 * @example resolveWorldSize({ stores: 0 }) // { skus: 200, warehouses: 1, stores: 0, customers: 10_000 }
 */
export function resolveWorldSize(partial: Partial<WorldSize> = {}): WorldSize {
  const size: WorldSize = { ...DEFAULT_WORLD_SIZE };
  for (const [key, value] of Object.entries(partial)) {
    if (!(key in MINIMUM)) {
      throw new Error(
        `[omnichaos:world] unknown size field "${key}"; known fields: ${Object.keys(MINIMUM).join(', ')}`,
      );
    }
    if (value === undefined) continue;
    const min = MINIMUM[key as keyof WorldSize];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw new Error(
        `[omnichaos:world] size.${key} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`,
      );
    }
    size[key as keyof WorldSize] = value;
  }
  return size;
}
