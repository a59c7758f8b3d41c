import type { World } from '../../world/index.js';

/**
 * Square inventory counts per (variation, location, state), with Square's ordering rule:
 * "changes are applied based on the client-supplied timestamp and may be sent out of order"
 * (docs/dialects/pos.md). A physical count at time T sets the quantity as of T; adjustments count only
 * if they occurred after the latest physical count, whenever they arrive.
 *
 * Untouched pairs are not stored: their IN_STOCK quantity is the world's initial stock, so a
 * 100,000-SKU × 500-store world costs nothing until something moves.
 */
export const UNTRACKED_STATES = new Set(['NONE', 'SOLD', 'UNLINKED_RETURN']);

export const INVENTORY_STATES = [
  'CUSTOM',
  'IN_STOCK',
  'SOLD',
  'RETURNED_BY_CUSTOMER',
  'RESERVED_FOR_SALE',
  'SOLD_ONLINE',
  'ORDERED_FROM_VENDOR',
  'RECEIVED_FROM_VENDOR',
  'IN_TRANSIT_TO',
  'NONE',
  'WASTE',
  'UNLINKED_RETURN',
  'COMPOSED',
  'DECOMPOSED',
  'SUPPORTED_BY_NEWER_VERSION',
  'IN_TRANSIT',
] as const;

interface Tally {
  /** Latest physical count (by occurred time); the world's stock counts as one at time 0. */
  countQuantity: number;
  countAt: number;
  /** Adjustments that occurred after `countAt`: times and deltas, kept to re-base on a late count. */
  times: number[];
  deltas: number[];
  sumAfter: number;
  calculatedAt: number;
}

/** One count as the ledger reports it. */
export interface CountRec {
  variationIndex: number;
  storeId: string;
  state: string;
  quantity: number;
  calculatedAt: number;
}

export interface InventoryLedger {
  quantity(variationIndex: number, storeId: string, state: string): number;
  /** Add `delta` to a tracked state as of `occurredAt`; untracked states are ignored. */
  adjust(
    variationIndex: number,
    storeId: string,
    state: string,
    delta: number,
    occurredAt: number,
    now: number,
  ): CountRec | undefined;
  /** Set the quantity as of `occurredAt` (older than the latest count: ignored, as Square does). */
  physicalCount(
    variationIndex: number,
    storeId: string,
    state: string,
    quantity: number,
    occurredAt: number,
    now: number,
  ): CountRec;
  count(variationIndex: number, storeId: string, state: string): CountRec;
  /** Counts touched since the start, newest `calculatedAt` first. */
  touched(): CountRec[];
  isTouched(variationIndex: number, storeId: string, state: string): boolean;
}

/** Rounds away float noise: Square quantities carry at most 5 decimals. */
export function roundQty(q: number): number {
  return Math.round(q * 1e5) / 1e5;
}

/** @example createInventoryLedger(world, clock.now()).quantity(0, 'ST-001', 'IN_STOCK') */
export function createInventoryLedger(world: World, bornAt: number): InventoryLedger {
  const tallies = new Map<string, Tally>();
  const key = (v: number, s: string, st: string) => `${v}|${s}|${st}`;
  // Variations created through the Catalog API (index past the world's SKUs) start at zero.
  const initialAt = (s: string, v: number) => (v < world.size.skus ? world.initialStock(s, v) : 0);

  function tally(v: number, s: string, st: string): Tally {
    let t = tallies.get(key(v, s, st));
    if (!t) {
      const initial = st === 'IN_STOCK' ? initialAt(s, v) : 0;
      t = {
        countQuantity: initial,
        countAt: 0,
        times: [],
        deltas: [],
        sumAfter: 0,
        calculatedAt: bornAt,
      };
      tallies.set(key(v, s, st), t);
    }
    return t;
  }
  const rec = (v: number, s: string, st: string, t: Tally): CountRec => ({
    variationIndex: v,
    storeId: s,
    state: st,
    quantity: roundQty(t.countQuantity + t.sumAfter),
    calculatedAt: t.calculatedAt,
  });

  return {
    quantity: (v, s, st) => {
      const t = tallies.get(key(v, s, st));
      if (t) return roundQty(t.countQuantity + t.sumAfter);
      return st === 'IN_STOCK' ? initialAt(s, v) : 0;
    },
    adjust(v, s, st, delta, occurredAt, now) {
      if (UNTRACKED_STATES.has(st)) return undefined;
      const t = tally(v, s, st);
      t.calculatedAt = now;
      if (occurredAt <= t.countAt) return rec(v, s, st, t); // subsumed by a later physical count
      t.times.push(occurredAt);
      t.deltas.push(delta);
      t.sumAfter += delta;
      return rec(v, s, st, t);
    },
    physicalCount(v, s, st, quantity, occurredAt, now) {
      const t = tally(v, s, st);
      t.calculatedAt = now;
      if (occurredAt < t.countAt) return rec(v, s, st, t);
      t.countQuantity = quantity;
      t.countAt = occurredAt;
      const keep = t.times
        .map((time, i) => [time, t.deltas[i]!] as const)
        .filter(([time]) => time > occurredAt);
      t.times = keep.map(([time]) => time);
      t.deltas = keep.map(([, d]) => d);
      t.sumAfter = t.deltas.reduce((a, b) => a + b, 0);
      return rec(v, s, st, t);
    },
    count: (v, s, st) => {
      const t = tallies.get(key(v, s, st));
      if (t) return rec(v, s, st, t);
      const quantity = st === 'IN_STOCK' ? initialAt(s, v) : 0;
      return { variationIndex: v, storeId: s, state: st, quantity, calculatedAt: bornAt };
    },
    touched: () =>
      [...tallies.entries()]
        .map(([k, t]) => {
          const [v, s, st] = k.split('|') as [string, string, string];
          return rec(Number(v), s, st, t);
        })
        .sort((a, b) => b.calculatedAt - a.calculatedAt),
    isTouched: (v, s, st) => tallies.has(key(v, s, st)),
  };
}
