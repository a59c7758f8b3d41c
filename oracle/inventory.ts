import { createWorld, type WorldOptions } from '../world/index.js';
import type { Line } from './model.js';

/**
 * Ground truth for the inventory-sync flow (docs/architecture.md), replayed event by event.
 *
 * True availability of a SKU for the marketplace = the WMS fulfillable quantity minus the units
 * of marketplace orders already taken but not yet routed to the WMS (those units are spoken for,
 * even though the WMS does not know yet). The listing should show exactly that.
 *
 * - An **oversell** is an order line taken while true availability was below its quantity.
 * - A **stale episode** runs from the moment the listing differs from true availability until it
 *   matches again; freshness is the distribution of episode lengths (scenario ms). Episodes of
 *   zero length are the two halves of one change landing at the same instant and are ignored.
 *
 * Both sides start from the world's initial stock summed over warehouses, which is how the WMS
 * and the marketplace simulators are filled; the world is a pure function of the seed, so the
 * oracle regenerates it rather than trusting a journal line for every SKU.
 */
export class InventoryTracker {
  private readonly skus = new Map<string, SkuState>();
  private readonly pending = new Map<string, Line[]>();
  private initial: (sku: string) => number = () => 0;
  readonly oversells: { orderId: string; sku: string; short: number; t: number }[] = [];
  readonly episodes: { sku: string; fromT: number; ms: number }[] = [];
  /** Did the run carry any inventory traffic at all? */
  active = false;
  /** Listing quantities the target itself set (not the channel's own sales). */
  published = 0;

  /** @example tracker.useWorld(42, { skus: 50, warehouses: 1 }) */
  useWorld(seed: number, size: WorldOptions | undefined): void {
    const world = createWorld(seed, size);
    const warehouses = Array.from({ length: world.size.warehouses }, (_, i) => world.warehouse(i));
    const bySku = new Map<string, number>();
    for (const sku of world.catalog())
      bySku.set(
        sku.sku,
        warehouses.reduce((sum, wh) => sum + world.initialStock(wh.id, sku.index), 0),
      );
    this.initial = (sku) => bySku.get(sku) ?? 0;
  }

  private state(sku: string): SkuState {
    let s = this.skus.get(sku);
    if (!s) {
      const start = this.initial(sku);
      this.skus.set(sku, (s = { fulfillable: start, unrouted: 0, listing: start }));
    }
    return s;
  }

  orderTaken(orderId: string, lines: readonly Line[], t: number, _seq: number): void {
    this.active = true;
    for (const line of lines) {
      const s = this.state(line.sku);
      const available = s.fulfillable - s.unrouted;
      if (available < line.quantity)
        this.oversells.push({
          orderId,
          sku: line.sku,
          short: line.quantity - Math.max(0, available),
          t,
        });
      s.unrouted += line.quantity;
      this.settle(line.sku, s, t);
    }
    this.pending.set(orderId, [...lines]);
  }

  routed(orderId: string, t: number): void {
    const lines = this.pending.get(orderId);
    if (!lines) return;
    this.pending.delete(orderId);
    for (const line of lines) {
      const s = this.state(line.sku);
      s.unrouted -= line.quantity;
      this.settle(line.sku, s, t);
    }
  }

  fulfillable(sku: string, quantity: number, t: number): void {
    this.active = true;
    const s = this.state(sku);
    s.fulfillable = quantity;
    this.settle(sku, s, t);
  }

  listing(sku: string, quantity: number, t: number): void {
    this.active = true;
    const s = this.state(sku);
    s.listing = quantity;
    this.settle(sku, s, t);
  }

  /** Close the episodes still open at `endT` (censored: they count up to the end). */
  finish(endT: number): void {
    for (const [sku, s] of this.skus)
      if (s.staleSince !== undefined) {
        this.record(sku, s.staleSince, endT);
        s.staleSince = undefined;
      }
  }

  private settle(sku: string, s: SkuState, t: number): void {
    const truth = Math.max(0, s.fulfillable - s.unrouted);
    const stale = s.listing !== truth;
    if (stale && s.staleSince === undefined) s.staleSince = t;
    else if (!stale && s.staleSince !== undefined) {
      this.record(sku, s.staleSince, t);
      s.staleSince = undefined;
    }
  }

  private record(sku: string, fromT: number, toT: number): void {
    if (toT > fromT) this.episodes.push({ sku, fromT, ms: toT - fromT });
  }
}

interface SkuState {
  fulfillable: number;
  unrouted: number;
  listing: number;
  staleSince?: number;
}
