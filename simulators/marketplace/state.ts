import type { SimulatorContext } from '../core/define-simulator.js';
import { readMarketplaceConfig, type MarketplaceConfig } from './config.js';
import type { Bucket } from './limiter.js';
import type { PatchPlan } from './listing-patch.js';
import { createFinanceState, scheduleSettlement, type FinanceState } from './finances.js';

/**
 * Everything the marketplace remembers. Orders and listings are kept in domain terms (cents,
 * epoch ms); the wire files turn them into SP-API's PascalCase / snake_case shapes.
 */
export type OrderStatus = 'Pending' | 'Unshipped' | 'PartiallyShipped' | 'Shipped' | 'Canceled';

export interface OrderItemRec {
  orderItemId: string;
  skuIndex: number;
  sku: string;
  quantity: number;
  quantityShipped: number;
  unitPriceCents: number;
}

export interface ShipmentRec {
  packageReferenceId: string;
  carrierCode: string;
  trackingNumber: string;
  shipDateMs: number;
  items: { orderItemId: string; quantity: number }[];
}

export interface OrderRec {
  id: string;
  index: number;
  /** Insertion order: the tie-breaker for paging. */
  seq: number;
  customerIndex: number;
  status: OrderStatus;
  purchaseMs: number;
  updatedMs: number;
  shipServiceLevel: string;
  isPrime: boolean;
  items: OrderItemRec[];
  shipments: ShipmentRec[];
  /** ORDER_CHANGE notifications sent so far: the next one's index, so its id is stable. */
  notified: number;
}

export interface ListingRec {
  sku: string;
  skuIndex: number;
  quantity: number;
  productType: string;
  /** The offer's price (purchasable_offer our_price) in cents; starts at the catalog price. */
  priceCents: number;
  createdMs: number;
  updatedMs: number;
  /** Attributes set by patches other than quantity (purchasable_offer, …), as sent. */
  attributes: Record<string, unknown>;
}

/** A feed document: an upload slot (`input`) or a processing report (`result`). */
export interface FeedDocumentRec {
  id: string;
  kind: 'input' | 'result';
  contentType: string;
  createdMs: number;
  /** The bytes uploaded (input) or the report (result); undefined until uploaded. */
  content?: string;
  /** Served GZIP-compressed (`compressionAlgorithm: GZIP`): processing reports. */
  compressed?: boolean;
}

export type FeedStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED' | 'FATAL';

export interface FeedRec {
  id: string;
  feedType: string;
  marketplaceIds: string[];
  inputDocumentId: string;
  createdMs: number;
  status: FeedStatus;
  startMs?: number;
  endMs?: number;
  resultDocumentId?: string;
}

/** Work that falls due on the scenario clock (see due.ts). */
export type DueJob =
  | { kind: 'order-unshipped'; atMs: number; seq: number; orderId: string }
  | { kind: 'listing-patch'; atMs: number; seq: number; sku: string; plan: PatchPlan }
  | { kind: 'feed-start' | 'feed-done'; atMs: number; seq: number; feedId: string }
  | { kind: 'finance-release'; atMs: number; seq: number; eventId: string }
  | { kind: 'group-close'; atMs: number; seq: number }
  | { kind: 'transfer-succeeded'; atMs: number; seq: number; groupId: string }
  | { kind: 'order-refund'; atMs: number; seq: number; orderId: string }
  | { kind: 'adjustment'; atMs: number; seq: number; index: number };

export interface TokenRec {
  credential: string;
  expiresAtMs: number;
}

export interface MarketplaceState {
  config: MarketplaceConfig;
  tokens: Map<string, TokenRec>;
  tokenSeq: number;
  orders: Map<string, OrderRec>;
  orderSeq: number;
  /** Filled lazily from the world (see listings.ts) so a big catalog costs nothing up front. */
  listings: Map<string, ListingRec>;
  submissionSeq: number;
  requestSeq: number;
  buckets: Map<string, Bucket>;
  feeds: Map<string, FeedRec>;
  feedSeq: number;
  documents: Map<string, FeedDocumentRec>;
  documentSeq: number;
  /** Sorted by (atMs, seq). */
  due: DueJob[];
  dueSeq: number;
  /** Settlement periods and their financial events (finances.ts). */
  finance: FinanceState;
  /** Where callers reach us (the runtime's base URL, seen by the limiter), for document URLs. */
  baseUrl?: string;
}

/**
 * @example createMarketplaceState(ctx).orders.size // 0
 */
export function createMarketplaceState(
  ctx: Pick<SimulatorContext<never>, 'config' | 'clock' | 'world'>,
): MarketplaceState {
  const config = readMarketplaceConfig(ctx.config);
  const now = ctx.clock.now();
  const state: MarketplaceState = {
    config,
    tokens: new Map(),
    tokenSeq: 0,
    orders: new Map(),
    orderSeq: 0,
    listings: new Map(),
    submissionSeq: 0,
    requestSeq: 0,
    buckets: new Map(),
    feeds: new Map(),
    feedSeq: 0,
    documents: new Map(),
    documentSeq: 0,
    due: [],
    dueSeq: 0,
    finance: createFinanceState(ctx.world.seed, now),
  };
  scheduleSettlement(state, now);
  return state;
}
