import type { SimulatorContext } from '../core/define-simulator.js';
import { readMarketplaceConfig, type MarketplaceConfig } from './config.js';
import type { Bucket } from './limiter.js';

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
}

export interface ListingRec {
  sku: string;
  skuIndex: number;
  quantity: number;
  productType: string;
  createdMs: number;
  updatedMs: number;
  /** Attributes set by patches other than quantity (purchasable_offer, …), as sent. */
  attributes: Record<string, unknown>;
}

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
}

/**
 * @example createMarketplaceState(ctx).orders.size // 0
 */
export function createMarketplaceState(
  ctx: Pick<SimulatorContext<never>, 'config'>,
): MarketplaceState {
  return {
    config: readMarketplaceConfig(ctx.config),
    tokens: new Map(),
    tokenSeq: 0,
    orders: new Map(),
    orderSeq: 0,
    listings: new Map(),
    submissionSeq: 0,
    requestSeq: 0,
    buckets: new Map(),
  };
}
