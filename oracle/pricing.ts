import { promotionalCents } from '../world/prices.js';

/**
 * The pricing flow's folded state (docs/checks.md#pricing): per SKU and channel, the ERP's price
 * timeline (list price changes, promotions with their windows) and the channel's own price
 * timeline (what it sold at), plus the unit prices channel orders were taken at. Built from
 * business events only: `erp:price-changed`, `erp:promotion-recorded`, `listing:price-changed`,
 * `channel:order-visible`.
 *
 * Both timelines start at the same price: every channel lists the catalog price and every ERP
 * price level starts at it, which the first ERP event for a pair tells (`previousCents`,
 * `listCents`).
 */

interface Point {
  t: number;
  cents: number;
}

export interface PromotionWindow {
  id: string;
  channel: string;
  sku: string;
  fromT: number;
  untilT: number;
  percentOff: number;
}

/** One order line taken at a price, on a channel. */
export interface PricedLine {
  orderId: string;
  channel: string;
  sku: string;
  t: number;
  unitPriceCents: number;
}

/** A change of the ERP's effective price (list price, less any live promotion) for one pair. */
export interface PriceTransition {
  channel: string;
  sku: string;
  t: number;
  cents: number;
}

const key = (channel: string, sku: string) => `${channel}|${sku}`;

export class PricingModel {
  /** ERP list price points per `channel|sku`; the first one is the starting price (t = -∞). */
  private readonly list = new Map<string, Point[]>();
  private readonly promos = new Map<string, PromotionWindow[]>();
  /** The channel's price points per `channel|sku` (after its starting price). */
  private readonly channel = new Map<string, Point[]>();
  readonly promotions: PromotionWindow[] = [];
  readonly lines: PricedLine[] = [];
  /** ERP events folded (changes + promotions): 0 means the run changed no price. */
  erpEvents = 0;

  private startingList(k: string, cents: number): Point[] {
    let pts = this.list.get(k);
    if (!pts) this.list.set(k, (pts = [{ t: Number.NEGATIVE_INFINITY, cents }]));
    return pts;
  }

  listChanged(channel: string, sku: string, t: number, cents: number, previous: number): void {
    this.erpEvents++;
    this.startingList(key(channel, sku), previous).push({ t, cents });
  }

  promotion(
    id: string,
    channel: string,
    fromT: number,
    untilT: number,
    percentOff: number,
    skus: { sku: string; listCents: number }[],
  ): void {
    this.erpEvents++;
    for (const s of skus) {
      const k = key(channel, s.sku);
      this.startingList(k, s.listCents);
      const w = { id, channel, sku: s.sku, fromT, untilT, percentOff };
      const list = this.promos.get(k) ?? [];
      list.push(w);
      this.promos.set(k, list);
      this.promotions.push(w);
    }
  }

  channelPrice(channel: string, sku: string, t: number, cents: number): void {
    const k = key(channel, sku);
    const pts = this.channel.get(k) ?? [];
    pts.push({ t, cents });
    this.channel.set(k, pts);
  }

  orderLine(line: PricedLine): void {
    this.lines.push(line);
  }

  /** The channels the ERP priced for. */
  channels(): string[] {
    return [...new Set([...this.list.keys()].map((k) => k.split('|')[0]!))].sort();
  }

  /** Whether the ERP priced this pair at all (a list change or a promotion named it). */
  judged(channel: string, sku: string): boolean {
    return this.list.has(key(channel, sku));
  }

  private listAt(k: string, t: number): number | undefined {
    const pts = this.list.get(k);
    if (!pts) return undefined;
    let cents = pts[0]!.cents;
    for (const p of pts) if (p.t <= t) cents = p.cents;
    return cents;
  }

  /** The ERP's price for a pair at `t`: its list price, less the deepest live promotion. */
  erpPriceAt(channel: string, sku: string, t: number): number | undefined {
    const k = key(channel, sku);
    const list = this.listAt(k, t);
    if (list === undefined) return undefined;
    let off = 0;
    for (const w of this.promos.get(k) ?? [])
      if (w.fromT <= t && t < w.untilT) off = Math.max(off, w.percentOff);
    return off > 0 ? promotionalCents(list, off) : list;
  }

  /** The channel's price for a pair at `t` (its starting price is the ERP's starting one). */
  channelPriceAt(channel: string, sku: string, t: number): number | undefined {
    const k = key(channel, sku);
    let cents = this.list.get(k)?.[0]?.cents;
    for (const p of this.channel.get(k) ?? []) if (p.t <= t) cents = p.cents;
    return cents;
  }

  /** The channel's price points for a pair at or after `t`, in time order. */
  channelPointsFrom(channel: string, sku: string, t: number): Point[] {
    return (this.channel.get(key(channel, sku)) ?? []).filter((p) => p.t >= t);
  }

  /** The ERP's effective price changes per pair, in time order (promotion edges included). */
  transitions(): PriceTransition[] {
    const out: PriceTransition[] = [];
    for (const k of this.list.keys()) {
      const [channel, sku] = k.split('|') as [string, string];
      const times = new Set<number>();
      for (const p of this.list.get(k)!) if (Number.isFinite(p.t)) times.add(p.t);
      for (const w of this.promos.get(k) ?? []) {
        times.add(w.fromT);
        times.add(w.untilT);
      }
      let before = this.erpPriceAt(channel, sku, Number.NEGATIVE_INFINITY)!;
      for (const t of [...times].sort((a, b) => a - b)) {
        const cents = this.erpPriceAt(channel, sku, t)!;
        if (cents === before) continue;
        out.push({ channel, sku, t, cents });
        before = cents;
      }
    }
    return out;
  }

  /** When the ERP's price for a pair last changed at or before `t` (undefined: never). */
  lastTransitionAt(transitions: PriceTransition[], t: number): number | undefined {
    let at: number | undefined;
    for (const tr of transitions) if (tr.t <= t) at = tr.t;
    return at;
  }
}
