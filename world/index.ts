import { generateSku, type Sku } from './catalog.js';
import { worldCredentials, type WorldCredentials } from './credentials.js';
import { generateCustomer, type Customer } from './customers.js';
import { worldDigest } from './digest.js';
import { checkIndex, deepFreeze } from './guards.js';
import { generateLocation, type Location } from './locations.js';
import { createSkuPicker } from './order-lines.js';
import {
  generateMarketplaceOrder,
  generatePosSale,
  type MarketplaceOrder,
  type OrderContext,
  type PosSale,
} from './orders.js';
import { resolveWorldSize, type WorldSize } from './size.js';
import { initialStockAt, stockPair, type LimitedStock, type StockLevel } from './stock.js';

export type { Sku } from './catalog.js';
export type { Address } from './address.js';
export type { Location } from './locations.js';
export type { Customer } from './customers.js';
export type { OrderLine } from './order-lines.js';
export type { MarketplaceOrder, PosSale } from './orders.js';
export type { LimitedStock, StockLevel } from './stock.js';
export type { WorldCredentials } from './credentials.js';
export { DEFAULT_WORLD_SIZE, type WorldSize } from './size.js';
export { createArrivalSchedule, type ArrivalSchedule, type RateStage } from './demand.js';

/**
 * Every kind `World.entity` (and `omnichaos world --show kind:i`) can look up.
 *
 * @example ENTITY_KINDS.includes('pos-sale') // true
 */
export const ENTITY_KINDS = [
  'sku',
  'warehouse',
  'store',
  'customer',
  'marketplace-order',
  'pos-sale',
  'stock',
] as const;

/** @example const kind: EntityKind = 'marketplace-order' */
export type EntityKind = (typeof ENTITY_KINDS)[number];

/**
 * The seeded dataset every simulator is filled from (docs/architecture.md "world"). Entities are
 * addressable: entity i of a kind is a pure function of (seed, kind, i). The memoized parts
 * (catalog, locations, size, credentials) are frozen, because one world is shared by every
 * simulator of a run; per-call entities (customers, orders, sales) are fresh objects.
 *
 * @example const world = createWorld(42); world.sku(0).sku // 'SKU-00000'
 */
export interface World {
  readonly seed: number;
  readonly size: WorldSize;
  /** The flash-sale SKUs and their starting units, when the world declares them. */
  readonly limitedStock: Readonly<LimitedStock> | undefined;
  sku(index: number): Sku;
  /** All SKUs, generated once and memoized. */
  catalog(): readonly Sku[];
  warehouse(index: number): Location;
  store(index: number): Location;
  /** Warehouses first, then stores. */
  locations(): readonly Location[];
  customer(index: number): Customer;
  /** Units on hand at the start, per (location, SKU). Throws for an unknown location or SKU. */
  initialStock(locationId: string, skuIndex: number): number;
  marketplaceOrder(index: number): MarketplaceOrder;
  /** Throws when the world has no stores. */
  posSale(index: number): PosSale;
  readonly credentials: WorldCredentials;
  /**
   * Any entity by kind name (see ENTITY_KINDS). `stock` addresses (location, SKU) pairs
   * row-major and returns a StockLevel. Throws for an unknown kind or an index out of range.
   */
  entity(kind: string, index: number): unknown;
  /** sha256 hex of the world's defining content (see digest.ts); memoized. */
  digest(): string;
}

/**
 * What `createWorld` takes: the sizes (each optional, defaulted) and, for a flash sale,
 * `limitedStock`. A scenario's `world:` section is exactly this.
 *
 * @example { skus: 60, stores: 3, limitedStock: { skus: 4, units: 6 } }
 */
export interface WorldOptions extends Partial<WorldSize> {
  limitedStock?: LimitedStock;
  /** Share of POS sales refunded 2–20 minutes later (a scenario's `demand.pos.returns`). */
  returns?: number;
}

/** Memoizes a thunk; the world's fixed parts are built on first use, not at creation. */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

/**
 * The world a scenario describes: its `world:` section plus the demand settings that shape the
 * generated history (`demand.pos.returns`). Every place that builds or regenerates a run's world
 * (run, up, the library API, report's digest check, the oracle) goes through this, so the digest
 * written in `run:started` is the one `omnichaos report` regenerates.
 *
 * @example createWorld(scenario.seed, worldOptionsOf(scenario))
 */
export function worldOptionsOf(scenario: {
  world?: WorldOptions;
  demand?: { pos?: { returns?: unknown } };
}): WorldOptions {
  const returns = scenario.demand?.pos?.returns;
  return { ...scenario.world, ...(typeof returns === 'number' && { returns }) };
}

/**
 * Builds nothing up front: the catalog and locations are generated on first use, everything else
 * on each call, so a world costs the same memory after order 5,000,000 as after order 0.
 *
 * @example
 * const world = createWorld(42, { stores: 2 });
 * world.marketplaceOrder(5_000_000).amazonOrderId // same on every machine, nothing else generated
 */
export function createWorld(seed: number, options: WorldOptions = {}): World {
  if (!Number.isSafeInteger(seed))
    throw new Error(`[omnichaos:world] seed must be a safe integer, got ${String(seed)}`);
  const { limitedStock, returns, ...size } = options;
  if (returns !== undefined && !(returns >= 0 && returns <= 1))
    throw new Error(
      `[omnichaos:world] returns must be a share from 0 to 1, got ${String(returns)}`,
    );
  const s = Object.freeze(resolveWorldSize(size));
  const limited = limitedStock && Object.freeze(checkLimitedStock(limitedStock, s.skus));
  const catalog = once(() =>
    deepFreeze(Array.from({ length: s.skus }, (_, i) => generateSku(seed, i))),
  );
  const locations = once(() =>
    deepFreeze([
      ...Array.from({ length: s.warehouses }, (_, i) => generateLocation(seed, 'warehouse', i)),
      ...Array.from({ length: s.stores }, (_, i) => generateLocation(seed, 'store', i)),
    ]),
  );
  const locationById = once(() => new Map(locations().map((l) => [l.id, l])));
  const orderContext = once((): OrderContext => ({
    seed,
    customers: s.customers,
    stores: s.stores,
    skus: createSkuPicker(catalog()),
    ...(returns !== undefined && { returns }),
  }));
  const digest = once(() => worldDigest(world));

  function initialStock(locationId: string, skuIndex: number): number {
    const location = locationById().get(locationId);
    if (!location) {
      const known = [...locationById().keys()];
      const shown = known.length > 6 ? [...known.slice(0, 6), '…'] : known;
      throw new Error(
        `[omnichaos:world] unknown location "${locationId}"; known: ${shown.join(', ')}`,
      );
    }
    checkIndex('sku', skuIndex, s.skus);
    if (limited && skuIndex < limited.skus) return limited.units;
    return initialStockAt(seed, locationId, location.kind, skuIndex);
  }

  function stockLevel(index: number): StockLevel {
    checkIndex('stock', index, locations().length * s.skus);
    const { locationIndex, skuIndex } = stockPair(index, s.skus);
    const location = locations()[locationIndex]!;
    const quantity = initialStock(location.id, skuIndex);
    return { locationId: location.id, sku: catalog()[skuIndex]!.sku, skuIndex, quantity };
  }

  const lookup: Record<EntityKind, (i: number) => unknown> = {
    sku: (i) => world.sku(i),
    warehouse: (i) => world.warehouse(i),
    store: (i) => world.store(i),
    customer: (i) => world.customer(i),
    'marketplace-order': (i) => world.marketplaceOrder(i),
    'pos-sale': (i) => world.posSale(i),
    stock: stockLevel,
  };

  const world: World = {
    seed,
    size: s,
    limitedStock: limited,
    credentials: deepFreeze(worldCredentials(seed)),
    sku: (i) => (checkIndex('sku', i, s.skus), catalog()[i]!),
    catalog,
    warehouse: (i) => (checkIndex('warehouse', i, s.warehouses), locations()[i]!),
    store: (i) => (checkIndex('store', i, s.stores), locations()[s.warehouses + i]!),
    locations,
    customer: (i) => (checkIndex('customer', i, s.customers), generateCustomer(seed, i)),
    initialStock,
    marketplaceOrder: (i) => (
      checkIndex('marketplace-order', i),
      generateMarketplaceOrder(orderContext(), i)
    ),
    posSale: (i) => (checkIndex('pos-sale', i), generatePosSale(orderContext(), i)),
    entity(kind, i) {
      if (!Object.hasOwn(lookup, kind))
        throw new Error(
          `[omnichaos:world] unknown kind "${kind}"; known kinds: ${ENTITY_KINDS.join(', ')}`,
        );
      return lookup[kind as EntityKind](i);
    },
    digest,
  };
  return world;
}

function checkLimitedStock(limited: LimitedStock, skus: number): LimitedStock {
  const { skus: n, units } = limited;
  if (!Number.isSafeInteger(n) || n < 1 || n > skus)
    throw new Error(
      `[omnichaos:world] limitedStock.skus must be an integer from 1 to size.skus (${skus}), got ${JSON.stringify(n)}`,
    );
  if (!Number.isSafeInteger(units) || units < 0)
    throw new Error(
      `[omnichaos:world] limitedStock.units must be an integer ≥ 0, got ${JSON.stringify(units)}`,
    );
  return { skus: n, units };
}
