import { generateLines, type OrderLine, type SkuPicker } from './order-lines.js';
import { streamFor, unitHash } from './rng.js';

/**
 * An order placed on the marketplace (SP-API shaped; wire names are the dialect's job).
 *
 * @example { index: 0, amazonOrderId: '113-5837201-7745190', purchaseChannel: 'marketplace', customerIndex: 17, lines, shipServiceLevel: 'Std US D2D Dom', isPrime: true }
 */
export interface MarketplaceOrder {
  index: number;
  amazonOrderId: string;
  purchaseChannel: 'marketplace';
  customerIndex: number;
  lines: OrderLine[];
  /** SP-API `ShipServiceLevel`. */
  shipServiceLevel: string;
  isPrime: boolean;
}

/**
 * A sale rung up at a store (Square shaped), sometimes returned later.
 *
 * @example { index: 3, saleId: 'S-000000003', storeIndex: 1, lines, tender: 'CARD', refund: { lineIndex: 0, quantity: 1, afterMs: 1_800_000 } }
 */
export interface PosSale {
  index: number;
  saleId: string;
  storeIndex: number;
  lines: OrderLine[];
  tender: 'CARD' | 'CASH';
  /** A later return of part of the sale, `afterMs` of scenario time after the sale. */
  refund: null | { lineIndex: number; quantity: number; afterMs: number };
}

/**
 * What order generation needs from the world.
 *
 * @example { seed: 42, customers: 10_000, stores: 5, skus: createSkuPicker(catalog) }
 */
export interface OrderContext {
  seed: number;
  customers: number;
  stores: number;
  skus: SkuPicker;
  /** Share of POS sales refunded, when the scenario sets it (then 2–20 minutes later). */
  returns?: number;
}

// US Amazon order ids read 1NN-NNNNNNN-NNNNNNN. The 16 digits after the leading 1 are
// (index · P + offset) mod 10^16; P is coprime with 10, so this is a bijection on every safe
// integer index (all < 10^16): unique ids with no table, and neighbours that do not look sequential.
const ID_SPACE = 10n ** 16n;
const P = 3_141_592_653_589_793n;

/**
 * The order id of marketplace order `index`; unique per index for a seed.
 *
 * @example amazonOrderId(42, 5_000_000) // '1NN-NNNNNNN-NNNNNNN', the same on every machine
 */
export function amazonOrderId(seed: number, index: number): string {
  const offset = BigInt(Math.floor(unitHash(seed, 'amazon-order-id') * 1e16));
  const n = ((BigInt(index) * P + offset) % ID_SPACE).toString().padStart(16, '0');
  return `1${n.slice(0, 2)}-${n.slice(2, 9)}-${n.slice(9)}`;
}

// Weighted toward standard shipping, as most marketplace orders are.
const SHIP_LEVELS = [
  'Std US D2D Dom',
  'Std US D2D Dom',
  'Std US D2D Dom',
  'Std US D2D Dom',
  'Expedited',
  'SecondDay',
  'NextDay',
];

/**
 * Marketplace order `index`; a pure function of `(seed, index)` and the world's size.
 *
 * @example generateMarketplaceOrder(ctx, 5_000_000).amazonOrderId
 */
export function generateMarketplaceOrder(ctx: OrderContext, index: number): MarketplaceOrder {
  const rng = streamFor(ctx.seed, 'marketplace-order', index);
  return {
    index,
    amazonOrderId: amazonOrderId(ctx.seed, index),
    purchaseChannel: 'marketplace',
    customerIndex: rng.int(0, ctx.customers - 1),
    lines: generateLines(ctx.skus, rng, 4),
    shipServiceLevel: rng.pick(SHIP_LEVELS),
    isPrime: rng.next() < 0.6,
  };
}

/**
 * POS sale `index`; ~5% are partly refunded 10 minutes to 4 hours later — or, when the world
 * sets `returns`, that share 2 to 20 minutes later, so a returns scenario sees them inside its
 * run. Either way one line comes back (all or part of its units), so a sale of several lines is
 * refunded in part. The same draws are made in both cases, so the rest of the sale is the same.
 *
 * @example generatePosSale(ctx, 12).storeIndex
 */
export function generatePosSale(ctx: OrderContext, index: number): PosSale {
  if (ctx.stores === 0)
    throw new Error(
      '[omnichaos:world] this world has no stores (size.stores is 0), so no POS sales',
    );
  const rng = streamFor(ctx.seed, 'pos-sale', index);
  const storeIndex = rng.int(0, ctx.stores - 1);
  const lines = generateLines(ctx.skus, rng, 4);
  const tender = rng.next() < 0.8 ? 'CARD' : 'CASH';
  const refunded = rng.next() < (ctx.returns ?? 0.05);
  const lineIndex = rng.int(0, lines.length - 1);
  const quantity = rng.int(1, lines[lineIndex]!.quantity);
  const afterMs = (ctx.returns === undefined ? rng.int(10, 240) : rng.int(2, 20)) * 60_000;
  return {
    index,
    saleId: `S-${String(index).padStart(9, '0')}`,
    storeIndex,
    lines,
    tender,
    refund: refunded ? { lineIndex, quantity, afterMs } : null,
  };
}
