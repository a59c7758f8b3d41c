import { createHash } from 'node:crypto';
import { generateSku, type Sku } from './catalog.js';
import { worldCredentials, type WorldCredentials } from './credentials.js';
import {
  generateMarketplaceOrder,
  generatePosSale,
  type MarketplaceOrder,
  type OrderSource,
  type PosSale,
} from './orders.js';
import {
  generateCustomer,
  generateLocation,
  type Customer,
  type Location,
} from './people-places.js';
import { streamFor } from './rng.js';

export type { Sku } from './catalog.js';
export type { Customer, Location, Address } from './people-places.js';
export type { MarketplaceOrder, PosSale, OrderLine } from './orders.js';
export type { WorldCredentials } from './credentials.js';
export { createArrivalSchedule, type ArrivalSchedule, type RateStage } from './demand.js';

export interface WorldSize {
  skus: number;
  warehouses: number;
  stores: number;
  customers: number;
}

export const DEFAULT_WORLD_SIZE: WorldSize = {
  skus: 200,
  warehouses: 1,
  stores: 5,
  customers: 10_000,
};

export const ENTITY_KINDS = [
  'sku',
  'warehouse',
  'store',
  'customer',
  'marketplace-order',
  'pos-sale',
  'stock',
] as const;

/**
 * The seeded dataset every simulator is filled from (design §1 "world"). Entities are
 * addressable: entity i of a kind is a pure function of (seed, kind, i).
 */
export interface World {
  readonly seed: number;
  readonly size: WorldSize;
  sku(index: number): Sku;
  catalog(): readonly Sku[];
  warehouse(index: number): Location;
  store(index: number): Location;
  /** Warehouses first, then stores. */
  locations(): readonly Location[];
  customer(index: number): Customer;
  /** Units on hand at the start, per (location, SKU). */
  initialStock(locationId: string, skuIndex: number): number;
  marketplaceOrder(index: number): MarketplaceOrder;
  posSale(index: number): PosSale;
  readonly credentials: WorldCredentials;
  entity(kind: string, index: number): unknown;
  /** sha256 (hex) over a canonical JSON of the world's defining content. */
  digest(): string;
}

function checkIndex(kind: string, index: number, bound = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= bound) {
    throw new Error(
      `[omnichaos:world] ${kind} index must be an integer in 0..${bound - 1}, got ${index}`,
    );
  }
}

/**
 * @example
 * const world = createWorld(42);
 * world.marketplaceOrder(5_000_000).amazonOrderId // same on every machine
 */
export function createWorld(seed: number, size: Partial<WorldSize> = {}): World {
  const s: WorldSize = {
    ...DEFAULT_WORLD_SIZE,
    ...Object.fromEntries(Object.entries(size).filter(([, v]) => v !== undefined)),
  };
  let catalog: Sku[] | undefined;
  let locations: Location[] | undefined;
  const getCatalog = () =>
    (catalog ??= Array.from({ length: s.skus }, (_, i) => generateSku(seed, i)));
  const getLocations = () =>
    (locations ??= [
      ...Array.from({ length: s.warehouses }, (_, i) => generateLocation(seed, 'warehouse', i)),
      ...Array.from({ length: s.stores }, (_, i) => generateLocation(seed, 'store', i)),
    ]);
  let cumulative: number[] | undefined;
  const source = (): OrderSource => {
    cumulative ??= getCatalog().reduce<number[]>(
      (acc, k) => [...acc, (acc.at(-1) ?? 0) + k.popularity],
      [],
    );
    return {
      seed,
      customers: s.customers,
      stores: s.stores,
      sku: (i) => getCatalog()[i]!,
      cumulative,
    };
  };
  const credentials = worldCredentials(seed);

  const world: World = {
    seed,
    size: s,
    credentials,
    sku: (i) => (checkIndex('sku', i, s.skus), getCatalog()[i]!),
    catalog: getCatalog,
    warehouse: (i) => (checkIndex('warehouse', i, s.warehouses), getLocations()[i]!),
    store: (i) => (checkIndex('store', i, s.stores), getLocations()[s.warehouses + i]!),
    locations: getLocations,
    customer: (i) => (checkIndex('customer', i, s.customers), generateCustomer(seed, i)),
    initialStock(locationId, skuIndex) {
      const rng = streamFor(seed, 'stock', locationId, skuIndex);
      // Warehouses hold most stock; stores a shelf's worth. ~8% of lines start empty.
      if (rng.next() < 0.08) return 0;
      return locationId.startsWith('WH-') ? rng.int(20, 400) : rng.int(2, 40);
    },
    marketplaceOrder: (i) => (
      checkIndex('marketplace-order', i),
      generateMarketplaceOrder(source(), i)
    ),
    posSale: (i) => (checkIndex('pos-sale', i), generatePosSale(source(), i)),
    entity(kind, i) {
      switch (kind) {
        case 'sku':
          return world.sku(i);
        case 'warehouse':
          return world.warehouse(i);
        case 'store':
          return world.store(i);
        case 'customer':
          return world.customer(i);
        case 'marketplace-order':
          return world.marketplaceOrder(i);
        case 'pos-sale':
          return world.posSale(i);
        case 'stock': {
          const locs = getLocations();
          checkIndex('stock', i, locs.length * s.skus);
          const loc = locs[Math.floor(i / s.skus)]!;
          const skuIndex = i % s.skus;
          return {
            locationId: loc.id,
            sku: getCatalog()[skuIndex]!.sku,
            skuIndex,
            quantity: world.initialStock(loc.id, skuIndex),
          };
        }
        default:
          throw new Error(
            `[omnichaos:world] unknown kind "${kind}"; known kinds: ${ENTITY_KINDS.join(', ')}`,
          );
      }
    },
    digest() {
      const hash = createHash('sha256');
      const put = (v: unknown) => hash.update(JSON.stringify(v) + '\n');
      put({ seed, size: s });
      getCatalog().forEach(put);
      getLocations().forEach(put);
      for (let i = 0; i < Math.min(s.customers, 2000); i++) put(world.customer(i));
      for (const loc of getLocations())
        put(getCatalog().map((k) => world.initialStock(loc.id, k.index)));
      for (let i = 0; i < 200; i++) put(world.marketplaceOrder(i));
      if (s.stores > 0) for (let i = 0; i < 200; i++) put(world.posSale(i));
      put(credentials);
      return hash.digest('hex');
    },
  };
  return world;
}
