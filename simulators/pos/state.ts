import type { SimulatorContext } from '../core/define-simulator.js';
import { BoundedMap } from '../core/bounded-map.js';
import type { Location, World } from '../../world/index.js';
import { readPosConfig, type PosConfig } from './config.js';
import {
  createIdempotencyStore,
  IDEMPOTENCY_KEYS_MAX,
  IDEMPOTENCY_TTL_MS,
  type IdempotencyStore,
} from './idempotency.js';
import { locationIdFor, merchantId } from './ids.js';
import { createCatalogStore, type CatalogStore } from './catalog-store.js';
import { createInventoryLedger, type InventoryLedger } from './inventory.js';
import type { DiscountRec, Priced, TaxRec } from './pricing.js';
import type { StockMove } from './stock.js';

/**
 * The POS's business state, vendor-neutral: cents, epoch ms, camelCase. `wire.ts` spells it as
 * Square does. Objects rung up while their store is offline are `hidden` until the store uploads
 * them (docs/architecture.md): the API and webhooks do not see them, as Square's do not.
 */
export type OrderState = 'OPEN' | 'COMPLETED' | 'CANCELED' | 'DRAFT';

export interface OrderLineRec {
  uid: string;
  name: string;
  /** Decimal quantity (Square sends it as a string). */
  quantity: number;
  catalogObjectId?: string;
  variationName?: string;
  basePriceCents: number;
  /** Gross sales: quantity × base price (taxes and discounts are in the order's `priced`). */
  totalCents: number;
  note?: string;
  /** `applied_taxes[].tax_uid` / `applied_discounts[].discount_uid` the request gave. */
  taxUids?: string[];
  discountUids?: string[];
}

export interface OrderRec {
  id: string;
  locationId: string;
  referenceId?: string;
  sourceName?: string;
  customerId?: string;
  ticketName?: string;
  metadata?: Record<string, string>;
  lines: OrderLineRec[];
  taxes?: TaxRec[];
  discounts?: DiscountRec[];
  /** Taxes and discounts worked out (absent: none, the total is the lines' gross). */
  priced?: Priced;
  state: OrderState;
  /** Absent for till orders: Square gives versions only to orders created through the API. */
  version?: number;
  createdAt: number;
  updatedAt: number;
  closedAt?: number;
  /** What the order costs: gross − discounts + additive taxes (before tips). */
  totalCents: number;
  paymentIds: string[];
  refundIds: string[];
  hidden: boolean;
  saleIndex?: number;
}

/**
 * The id list of an order or payment with none yet, shared: lists are replaced, never pushed to
 * (an empty array per order costs ~30 bytes, docs/performance.md). Frozen, so a push throws.
 */
export const NO_IDS = Object.freeze([]) as unknown as string[];

export type PaymentStatus = 'APPROVED' | 'PENDING' | 'COMPLETED' | 'CANCELED' | 'FAILED';
export type SourceType = 'CARD' | 'CASH' | 'EXTERNAL';

export interface PaymentRec {
  id: string;
  orderId?: string;
  locationId: string;
  amountCents: number;
  tipCents: number;
  /** `app_fee_money`: the developer's fee taken from the payment. */
  appFeeCents?: number;
  /** Set on a FAILED payment: the decline code. */
  failure?: string;
  status: PaymentStatus;
  sourceType: SourceType;
  /** Card present at a till (EMV) or keyed through the API (KEYED). */
  entryMethod?: 'EMV' | 'KEYED';
  cashSuppliedCents?: number;
  external?: { type: string; source: string };
  createdAt: number;
  updatedAt: number;
  refundedCents: number;
  refundIds: string[];
  referenceId?: string;
  note?: string;
  customerId?: string;
  hidden: boolean;
}

export type RefundStatus = 'PENDING' | 'COMPLETED' | 'REJECTED' | 'FAILED';

export interface RefundRec {
  id: string;
  paymentId: string;
  orderId?: string;
  locationId: string;
  amountCents: number;
  status: RefundStatus;
  reason?: string;
  createdAt: number;
  updatedAt: number;
  hidden: boolean;
}

/** What a till did while its store was offline, uploaded when it comes back (docs/architecture.md). */
export interface OfflineBacklog {
  orderIds: string[];
  refundIds: string[];
  /** Stock movements the server has not heard of yet; applied with their original time. */
  stock: StockMove[];
}

export interface PosState {
  readonly config: PosConfig;
  readonly merchantId: string;
  /** Scenario ms when the state was built: the catalog's `updated_at`, counts' first `calculated_at`. */
  readonly bornAt: number;
  readonly stores: readonly { location: Location; squareId: string }[];
  readonly storeBySquareId: ReadonlyMap<string, Location>;
  /** World store id (`ST-001`) → Square location id. */
  readonly squareIdByStore: ReadonlyMap<string, string>;
  readonly orders: Map<string, OrderRec>;
  /** Square location id → its order ids, oldest first (searches scan one location at a time). */
  readonly orderIdsByLocation: Map<string, string[]>;
  readonly payments: Map<string, PaymentRec>;
  readonly refunds: Map<string, RefundRec>;
  readonly inventory: InventoryLedger;
  /** What the Catalog API wrote (world SKUs are built on demand; see catalog-store.ts). */
  readonly catalog: CatalogStore;
  /** `${operation}\u001f${key}` → the body's fingerprint and the first answer (idempotency.ts). */
  readonly idempotency: IdempotencyStore;
  readonly offline: Map<string, OfflineBacklog>;
  /** Card nonces already spent (single-use, like Square's). */
  readonly usedNonces: Set<string>;
  /** Inventory changes made through the API, as answered (BatchRetrieveInventoryChanges). */
  readonly inventoryChanges: {
    occurredAt: number;
    createdAt: number;
    wire: Record<string, unknown>;
  }[];
  /** Adjustment / physical count id → index in `inventoryChanges`. */
  readonly inventoryChangeById: Map<string, number>;
  /**
   * CreatePayment idempotency key → payment id (CancelPaymentByIdempotencyKey), kept as long as
   * the idempotency key itself (idempotency.ts).
   */
  readonly paymentByKey: BoundedMap<{ id: string; at: number }>;
  /** Per access token, for the vendor limiter (wall ms). */
  readonly buckets: Map<string, { tokens: number; atWall: number }>;
  seq: {
    order: number;
    payment: number;
    refund: number;
    event: number;
    line: number;
    change: number;
  };
}

/** @example createPosState({ world, clock, … }).stores[0]!.squareId // 'L…' */
export function createPosState(
  ctx: Pick<SimulatorContext<never>, 'world' | 'clock' | 'config'>,
): PosState {
  const world: World = ctx.world;
  const stores = Array.from({ length: world.size.stores }, (_, i) => {
    const location = world.store(i);
    return { location, squareId: locationIdFor(world.seed, location.id) };
  });
  // Whole ms: catalog `version` is an int64 (the square SDK parses it as a BigInt), and a
  // real clock running at speed > 1 gives fractional scenario ms.
  const bornAt = Math.floor(ctx.clock.now());
  const clock = ctx.clock;
  const now = () => clock.now();
  return {
    config: readPosConfig(ctx.config),
    merchantId: merchantId(world.seed),
    bornAt,
    stores,
    storeBySquareId: new Map(stores.map((s) => [s.squareId, s.location])),
    squareIdByStore: new Map(stores.map((s) => [s.location.id, s.squareId])),
    orders: new Map(),
    orderIdsByLocation: new Map(stores.map((s) => [s.squareId, []])),
    payments: new Map(),
    refunds: new Map(),
    inventory: createInventoryLedger(world, bornAt),
    catalog: createCatalogStore(bornAt),
    idempotency: createIdempotencyStore(now),
    offline: new Map(),
    usedNonces: new Set(),
    inventoryChanges: [],
    inventoryChangeById: new Map(),
    paymentByKey: new BoundedMap({
      ttlMs: IDEMPOTENCY_TTL_MS,
      maxEntries: IDEMPOTENCY_KEYS_MAX,
      now,
    }),
    buckets: new Map(),
    seq: { order: 0, payment: 0, refund: 0, event: 0, line: 0, change: 0 },
  };
}

/** The Square location id of a world store (`ST-001`) or of itself; undefined if unknown. */
export function resolveLocation(state: PosState, id: string): string | undefined {
  if (state.storeBySquareId.has(id)) return id;
  return state.squareIdByStore.get(id);
}
