import type { Sku } from './catalog.js';
import { streamFor, type Rng } from './rng.js';

export interface OrderLine {
  skuIndex: number;
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

export interface MarketplaceOrder {
  index: number;
  amazonOrderId: string;
  purchaseChannel: 'marketplace';
  customerIndex: number;
  lines: OrderLine[];
  shipServiceLevel: string;
  isPrime: boolean;
}

export interface PosSale {
  index: number;
  saleId: string;
  storeIndex: number;
  lines: OrderLine[];
  tender: 'CARD' | 'CASH';
  /** A later return of part of the sale, `afterMs` of scenario time after it. */
  refund: null | { lineIndex: number; quantity: number; afterMs: number };
}

/** What order generation needs from the world. */
export interface OrderSource {
  seed: number;
  customers: number;
  stores: number;
  sku(index: number): Sku;
  /** Cumulative popularity, for weighted SKU picks. */
  cumulative: readonly number[];
}

// 10^17 ids in 3-7-7 form; P is coprime with 10, so index → id is a bijection mod 10^17.
const ID_SPACE = 10n ** 17n;
const P = 7_919_000_003n;

/** Amazon-shaped order id, unique per index for a seed. */
export function amazonOrderId(seed: number, index: number): string {
  const offset = BigInt(streamFor(seed, 'order-id-offset').uint32()) * 1_000_003n;
  const n = ((BigInt(index) * P + offset) % ID_SPACE).toString().padStart(17, '0');
  return `${n.slice(0, 3)}-${n.slice(3, 10)}-${n.slice(10)}`;
}

function pickSku(src: OrderSource, rng: Rng): Sku {
  const c = src.cumulative;
  const target = rng.next() * c[c.length - 1]!;
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return src.sku(lo);
}

function lines(src: OrderSource, rng: Rng, maxLines: number): OrderLine[] {
  const count = rng.next() < 0.7 ? 1 : rng.int(2, maxLines);
  const out: OrderLine[] = [];
  for (let i = 0; i < count; i++) {
    const sku = pickSku(src, rng);
    if (out.some((l) => l.skuIndex === sku.index)) continue; // one line per SKU, as channels send
    out.push({
      skuIndex: sku.index,
      sku: sku.sku,
      quantity: rng.next() < 0.85 ? 1 : rng.int(2, 3),
      unitPriceCents: sku.priceCents,
    });
  }
  return out;
}

const LEVELS = [
  'Std US D2D Dom',
  'Std US D2D Dom',
  'Std US D2D Dom',
  'Expedited',
  'SecondDay',
  'NextDay',
];

/** @example generateMarketplaceOrder(src, 5_000_000).amazonOrderId */
export function generateMarketplaceOrder(src: OrderSource, index: number): MarketplaceOrder {
  const rng = streamFor(src.seed, 'marketplace-order', index);
  return {
    index,
    amazonOrderId: amazonOrderId(src.seed, index),
    purchaseChannel: 'marketplace',
    customerIndex: rng.int(0, src.customers - 1),
    lines: lines(src, rng, 4),
    shipServiceLevel: rng.pick(LEVELS),
    isPrime: rng.next() < 0.6,
  };
}

/** @example generatePosSale(src, 12).storeIndex */
export function generatePosSale(src: OrderSource, index: number): PosSale {
  if (src.stores === 0)
    throw new Error('[omnichaos:world] this world has no stores, so no POS sales');
  const rng = streamFor(src.seed, 'pos-sale', index);
  const saleLines = lines(src, rng, 5);
  const refunded = rng.next() < 0.05;
  const lineIndex = rng.int(0, saleLines.length - 1);
  return {
    index,
    saleId: `S-${String(index).padStart(9, '0')}`,
    storeIndex: rng.int(0, src.stores - 1),
    lines: saleLines,
    tender: rng.next() < 0.8 ? 'CARD' : 'CASH',
    refund: refunded ? { lineIndex, quantity: 1, afterMs: rng.int(10, 240) * 60_000 } : null,
  };
}
