import { createWorld, type WorldOptions } from '../world/index.js';
import type { Line } from './model.js';

/**
 * Ground truth for the inventory-sync flow (docs/architecture.md), replayed event by event.
 *
 * True availability of a SKU for an online channel = the WMS fulfillable quantity minus the units
 * of online orders (every channel's: marketplace, storefront, …) already taken but not yet
 * routed to the WMS (those units are spoken for, even though the WMS does not know yet). Every
 * channel that lists the SKU should show exactly that — the channels sell from one warehouse, so
 * a unit sold on one is gone from all of them.
 *
 * - An **oversell** is an order line, on any channel, taken while true availability was below
 *   its quantity.
 * - A **stale episode** runs, per channel and SKU, from the moment that channel's listing differs
 *   from true availability until it matches again; freshness is the distribution of episode
 *   lengths (scenario ms). Episodes of zero length are the two halves of one change landing at
 *   the same instant and are ignored.
 *
 * Listing channels are the systems the journal shows listing changes or orders from (by `sys`).
 * Those that sold something are judged (`judgedChannels`): a channel with no demand is left out
 * even when the target wrote its listing; a run with no sales at all judges every listing. Until a channel journals a change for a SKU its listing still shows the opening
 * stock, so a channel first seen late inherits the episode an untouched listing would have had.
 *
 * Both sides start from the world's initial stock summed over warehouses, which is how the WMS
 * and the listing simulators are filled; the world is a pure function of the seed, so the oracle
 * regenerates it rather than trusting a journal line for every SKU.
 */
export class InventoryTracker {
  private readonly skus = new Map<string, SkuState>();
  private readonly pending = new Map<string, Line[]>();
  private initial: (sku: string) => number = () => 0;
  readonly oversells: {
    orderId: string;
    sku: string;
    short: number;
    t: number;
    channel?: string;
  }[] = [];
  readonly episodes: { sku: string; fromT: number; ms: number; channel?: string }[] = [];
  /** The listing channels seen so far (written or sold on), in order of first appearance. */
  readonly channels: string[] = [];
  /** The channels that sold something. */
  private readonly selling = new Set<string>();
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

  /**
   * The channels judged: those that sold something (a channel with no demand is left out even
   * when the target wrote its listing), else every channel a listing was written on.
   */
  judgedChannels(): string[] {
    const selling = this.channels.filter((c) => this.selling.has(c));
    return selling.length > 0 ? selling : [...this.channels];
  }

  /** The stale episodes of the judged channels. */
  judgedEpisodes(): { sku: string; fromT: number; ms: number; channel?: string }[] {
    const judged = new Set(this.judgedChannels());
    if (judged.size === this.channels.length) return this.episodes;
    return this.episodes.filter((e) => judged.has(e.channel ?? '*'));
  }

  /** Judge `channel`'s listings from now on (idempotent). */
  channel(channel: string | undefined): void {
    if (channel !== undefined && !this.channels.includes(channel)) this.channels.push(channel);
  }

  private state(sku: string): SkuState {
    let s = this.skus.get(sku);
    if (!s) {
      const start = this.initial(sku);
      this.skus.set(
        sku,
        (s = { fulfillable: start, unrouted: 0, initial: start, listings: new Map() }),
      );
    }
    return s;
  }

  orderTaken(
    orderId: string,
    lines: readonly Line[],
    t: number,
    _seq: number,
    channel?: string,
  ): void {
    this.active = true;
    this.channel(channel);
    if (channel !== undefined) this.selling.add(channel);
    for (const line of lines) {
      const s = this.state(line.sku);
      const available = s.fulfillable - s.unrouted;
      if (available < line.quantity)
        this.oversells.push({
          orderId,
          sku: line.sku,
          short: line.quantity - Math.max(0, available),
          t,
          ...(channel !== undefined && { channel }),
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

  /**
   * `channel`'s listing of `sku` now shows `quantity` (the only channel when none is named). A
   * channel is judged once it sold something (`sold`: the change is its own sale): a channel
   * with no demand is left out even when the target writes to it.
   */
  listing(sku: string, quantity: number, t: number, channel = '*', sold = true): void {
    this.active = true;
    this.channel(channel);
    if (sold) this.selling.add(channel);
    const s = this.state(sku);
    let l = s.listings.get(channel);
    if (!l) s.listings.set(channel, (l = { quantity: s.initial, staleSince: s.untouchedSince }));
    l.quantity = quantity;
    this.settle(sku, s, t);
  }

  /** Close the episodes still open at `endT` (censored: they count up to the end). */
  finish(endT: number): void {
    for (const [sku, s] of this.skus) {
      if (s.untouchedSince !== undefined) {
        this.recordUntouched(sku, s, s.untouchedSince, endT);
        s.untouchedSince = undefined;
      }
      for (const [channel, l] of s.listings)
        if (l.staleSince !== undefined) {
          this.record(sku, channel, l.staleSince, endT);
          l.staleSince = undefined;
        }
    }
  }

  private settle(sku: string, s: SkuState, t: number): void {
    const truth = Math.max(0, s.fulfillable - s.unrouted);
    // the listing of every channel that has not changed this SKU yet: the opening stock
    const untouchedStale = s.initial !== truth;
    if (untouchedStale && s.untouchedSince === undefined) s.untouchedSince = t;
    else if (!untouchedStale && s.untouchedSince !== undefined) {
      this.recordUntouched(sku, s, s.untouchedSince, t);
      s.untouchedSince = undefined;
    }
    for (const [channel, l] of s.listings) {
      const stale = l.quantity !== truth;
      if (stale && l.staleSince === undefined) l.staleSince = t;
      else if (!stale && l.staleSince !== undefined) {
        this.record(sku, channel, l.staleSince, t);
        l.staleSince = undefined;
      }
    }
  }

  /** An untouched listing's episode, once for each channel still showing the opening stock. */
  private recordUntouched(sku: string, s: SkuState, fromT: number, toT: number): void {
    for (const channel of this.channels)
      if (channel !== '*' && !s.listings.has(channel)) this.record(sku, channel, fromT, toT);
  }

  private record(sku: string, channel: string, fromT: number, toT: number): void {
    if (toT > fromT)
      this.episodes.push({ sku, fromT, ms: toT - fromT, ...(channel !== '*' && { channel }) });
  }
}

interface SkuState {
  fulfillable: number;
  unrouted: number;
  /** The opening stock: what a listing shows until its channel changes it. */
  initial: number;
  /** Since when an untouched listing (the opening stock) has differed from true availability. */
  untouchedSince?: number;
  /** Listings by channel, once the channel changed this SKU. */
  listings: Map<string, { quantity: number; staleSince?: number }>;
}
