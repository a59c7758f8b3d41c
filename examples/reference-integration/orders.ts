import { nextBatch, type Config } from './config.js';
import { WALK_IN, type Erp } from './erp.js';
import type { Marketplace, OrderLine } from './marketplace.js';
import type { Storefront, StorefrontOrder } from './storefront.js';
import { AlreadyDone, type Job, type Outbox } from './outbox.js';
import { singleFlight } from './single-flight.js';
import type { StockLevel, Wms } from './wms.js';

/**
 * order-to-erp, fulfillment and inventory-sync (docs/architecture.md):
 *
 *   getOrders (by LastUpdateDate, with overlap) → job `mkt:<id>`: getOrderItems →
 *     job `so:<id>`  ERP salesOrder, externalId = otherRefNum = AmazonOrderId
 *     job `wms:<id>` WMS order, reference_id = AmazonOrderId
 *   storefront `orders/create` webhook (HMAC checked) and a reconciliation poll of
 *   check for gaps in the shop's order numbers →
 *     job `so:<id>`  ERP salesOrder, externalId = `shopify-<id>`, otherRefNum = the order's
 *                    numeric id (docs/dialects/storefront.md#orders-in-the-erp)
 *     job `wms:<id>` WMS order, reference_id = the numeric id
 *   WMS `order.shipped` webhook →
 *     job `ship:<id>` confirmShipment (marketplace) / fulfillmentCreate (storefront) with the
 *                     WMS tracking number
 *     job `ful:<id>`  ERP itemFulfillment transformed from the sales order
 *   every few seconds: WMS fulfillable − units not yet routed (either channel) − safety stock →
 *     listing quantity and storefront `available` (changed SKUs only; the storefront
 *     compare-and-set against what it showed)
 *
 * Each step is its own outbox job, so a failure in one system holds back only that step.
 */

/** Poll again this far back (marketplace time), so an order that committed late is not skipped. */
const OVERLAP_MS = 2 * 60_000;
/**
 * Amazon lists an order only once it has settled, about two minutes after purchase (getOrders
 * takes CreatedBefore no later than now − 2 min), and our polls add up to another minute: this
 * many marketplace ms of sales are sold but still invisible to us when we write a quantity.
 */
const UNSEEN_MS = 3 * 60_000;
/** Sales velocity is read over this much of the newest visible order history (marketplace ms). */
const VELOCITY_MS = 2 * 60_000;

interface OrderJob {
  orderId: string;
  lines: OrderLine[];
}

/**
 * The channel an order id belongs to: Shopify order ids are plain numbers, Amazon's read
 * `3-7-7` digits with dashes — so a WMS reference (the channel order id) names its channel.
 */
export const isStorefrontOrder = (orderId: string): boolean => /^\d+$/.test(orderId);

/** The ERP external id of a sales order: the Amazon order id, or `shopify-<id>`. */
const erpExternalId = (orderId: string): string =>
  isStorefrontOrder(orderId) ? `shopify-${orderId}` : orderId;

interface ReadJob {
  orderId: string;
  /** PurchaseDate, marketplace epoch ms (NaN when the order did not say). */
  purchasedAt: number;
}
interface ShipJob {
  orderId: string;
  trackingNumber: string;
  carrier: string;
  shipDate: string;
  /** The order's items as read when it came in (absent after a restart: read them again). */
  items?: { orderItemId: string; quantity: number }[];
}

/** `batches-tracking-uploads`: scenario ms between scheduled uploads of tracking numbers. */
const TRACKING_UPLOAD_MS = 5 * 60_000;

/** Orders whose items we keep for their shipment confirmation, at most (oldest forgotten first). */
const KEPT_ITEMS = 20_000;

const dollars = (c: number): number => Math.round(c) / 100;
/** At or below this many units a listing is "low": it gets `lowStockBuffer` held back. */
const LOW_STOCK = 10;
const KNOWN_CARRIERS = new Set(['UPS', 'USPS', 'FedEx', 'DHL']);
/** What a channel may offer of a SKU, and whether it is near a stock-out. */
interface Sellable {
  units: number;
  low: boolean;
}
/** Listing patches per inventory pass (then a fresh stock read). */
const PATCHES_PER_PASS = 20;

export class OrderFlows {
  /** Units of orders taken from the marketplace but not yet in the WMS, by SKU. */
  private readonly unrouted = new Map<string, Map<string, number>>();
  /**
   * Each order's items as read, for its shipment confirmation: getOrderItems is SP-API's
   * scarcest quota (0.5 requests a second), so it is spent once per order, not twice.
   */
  private readonly itemsOf = new Map<string, { orderItemId: string; quantity: number }[]>();
  private readonly listed = new Map<string, number>();
  /** Orders that left `unrouted` lately (wall ms), for the stock read they may have missed. */
  private recentlyRouted: { at: number; lines: Map<string, number> }[] = [];
  /** Orders in the WMS whose shipment we have not seen yet (webhooks can be lost). */
  private readonly awaitingShipment = new Set<string>();
  /** Wall ms when the last complete getOrders poll started (0 = never). */
  private polledAt = 0;
  /** Storefront orders taken in so far. */
  private storefrontOrders = 0;
  /** Storefront order numbers accounted for: all up to `sfLow`, and these above it. */
  private sfLow: number;
  private readonly sfNumbers = new Set<number>();
  /** What the storefront shows as `available` per SKU, as we account for it (after one read). */
  private sfShown: Map<string, number> | undefined;
  /** The newest order number the last reconciliation check saw. */
  private sfNewest = 0;
  /** Recent marketplace sales by purchase time (marketplace ms), for the velocity hold. */
  private sales: { at: number; lines: Map<string, number> }[] = [];

  constructor(
    private readonly config: Config,
    private readonly outbox: Outbox,
    private readonly erp: Erp | undefined,
    private readonly mkt: Marketplace | undefined,
    private readonly wms: Wms | undefined,
    private readonly sf: Storefront | undefined = undefined,
  ) {
    outbox.on('marketplaceOrder', (job) => this.readOrder(job));
    outbox.on('salesOrder', (job) => this.bookOrder(job));
    outbox.on('wmsOrder', (job) => this.routeOrder(job));
    outbox.on('confirmShipment', (job) => this.confirm(job));
    outbox.on('itemFulfillment', (job) => this.fulfil(job));
    outbox.on('storefrontOrder', (job) => this.takeOrder(job.payload as OrderJob));
    // Shopify's first order is #1001
    this.sfLow = Number(outbox.cursor('storefront-number') ?? 1000);
  }

  /**
   * Storefront reconciliation: the webhook brings each order at once, and a lost one shows as a
   * gap in the shop's order numbers. Each check asks for the newest order's number (3 points);
   * numbers up to what the previous check saw that no webhook brought are fetched (20 points
   * each) — a full `orders(query: "updated_at:>…")` listing would cost a point per order, more
   * than a small cost bucket restores at peak.
   */
  readonly pollStorefront = singleFlight(() => this.pollStorefrontOnce());

  private async pollStorefrontOnce(): Promise<void> {
    if (!this.sf) return;
    const newest = await this.sf.newestOrderNumber();
    // orders up to what the last check saw have had their webhook's time to arrive
    const missing: number[] = [];
    for (let n = this.sfLow + 1; n <= this.sfNewest && missing.length < 50; n++)
      if (!this.sfNumbers.has(n)) missing.push(n);
    if (missing.length > 0) {
      const found = await this.sf.ordersByNumbers(missing);
      for (const o of found) this.storefrontOrder(o);
      // a number the shop does not have (never used) is no order to wait for
      for (const n of missing) this.sawNumber(n);
    }
    this.sfNewest = Math.max(this.sfNewest, newest);
  }

  /** Order number `n` is accounted for; the contiguous low-water mark moves on (and is kept). */
  private sawNumber(n: number): void {
    if (!Number.isInteger(n) || n <= this.sfLow) return;
    this.sfNumbers.add(n);
    const before = this.sfLow;
    while (this.sfNumbers.delete(this.sfLow + 1)) this.sfLow++;
    if (this.sfLow !== before) this.outbox.setCursor('storefront-number', String(this.sfLow));
  }

  /** A storefront order seen (webhook or poll): book it and route it, once. */
  storefrontOrder(o: StorefrontOrder): void {
    this.sawNumber(o.number);
    if (o.cancelled) return;
    const payload: OrderJob = { orderId: o.orderId, lines: o.lines };
    if (!this.outbox.enqueue(`sf:${o.orderId}`, 'storefrontOrder', payload)) return;
    this.storefrontOrders++;
    // the storefront lowered `available` itself at checkout
    for (const l of o.lines) {
      const q = this.sfShown?.get(l.sku);
      if (q !== undefined) this.sfShown!.set(l.sku, q - l.quantity);
    }
  }

  /** One poll at a time; asks made while one runs (timer, notifications) fold into one more. */
  readonly poll = singleFlight(() => this.pollOnce());

  private async pollOnce(): Promise<void> {
    if (!this.mkt) return;
    const startedAt = Date.now();
    const since = this.outbox.cursor('marketplace') ?? '2000-01-01T00:00:00Z';
    const after = new Date(Date.parse(since) - OVERLAP_MS).toISOString();
    let newest = since;
    for (const o of await this.mkt.ordersSince(after)) {
      const updated = String(
        o.lastUpdateDate instanceof Date ? o.lastUpdateDate.toISOString() : o.lastUpdateDate,
      );
      if (updated > newest) newest = updated;
      const id = String(o.amazonOrderId);
      if (o.orderStatus === 'Canceled') continue;
      const read: ReadJob = { orderId: id, purchasedAt: Date.parse(String(o.purchaseDate)) };
      this.outbox.enqueue(`mkt:${id}`, 'marketplaceOrder', read);
    }
    if (newest !== since) this.outbox.setCursor('marketplace', newest);
    this.polledAt = startedAt;
  }

  private async readOrder(job: Job): Promise<void> {
    const { orderId, purchasedAt } = job.payload as ReadJob;
    const lines = await this.mkt!.items(orderId);
    this.itemsOf.set(
      orderId,
      lines.map((l) => ({ orderItemId: l.orderItemId, quantity: l.quantity })),
    );
    if (this.itemsOf.size > KEPT_ITEMS) this.itemsOf.delete(this.itemsOf.keys().next().value!);
    if (Number.isFinite(purchasedAt))
      this.sales.push({ at: purchasedAt, lines: new Map(lines.map((l) => [l.sku, l.quantity])) });
    await this.takeOrder({ orderId, lines });
  }

  /** An order with its lines, from either channel: the ERP and WMS jobs. */
  private async takeOrder(payload: OrderJob): Promise<void> {
    const { orderId, lines } = payload;
    if (this.erp) this.outbox.enqueue(`so:${orderId}`, 'salesOrder', payload);
    if (this.wms) {
      this.unrouted.set(orderId, new Map(lines.map((l) => [l.sku, l.quantity])));
      this.outbox.enqueue(`wms:${orderId}`, 'wmsOrder', payload);
    }
  }

  private bookOrder(job: Job): Promise<void> {
    const { orderId, lines } = job.payload as OrderJob;
    const idempotent = !this.config.defects.has('no-idempotency');
    return this.erp!.create('salesOrder', {
      ...(idempotent ? { externalId: erpExternalId(orderId) } : {}),
      otherRefNum: orderId,
      entity: { externalId: WALK_IN },
      // the order commits stock at the 3PL's warehouse, so its fulfillment can relieve it
      location: { externalId: this.config.fulfilmentLocation },
      item: {
        items: lines.map((l) => ({
          item: { externalId: l.sku },
          quantity: l.quantity,
          amount: dollars(l.amountCents),
        })),
      },
    });
  }

  private async routeOrder(job: Job): Promise<void> {
    const { orderId, lines } = job.payload as OrderJob;
    try {
      await this.wms!.createOrder(orderId, lines);
    } catch (err) {
      if (!(err instanceof AlreadyDone)) throw err; // still unrouted: keep counting its units
    }
    // routed, or already there: either way the WMS now counts these units
    this.awaitingShipment.add(orderId);
    if (this.config.defects.has('confirms-shipment-early'))
      // the mistake: "the warehouse has it, call it shipped" — confirmed before anything left,
      // with a placeholder tracking number (the real shipment's confirmation is then a repeat)
      this.outbox.enqueue(`ship:${orderId}`, 'confirmShipment', {
        orderId,
        trackingNumber: `PENDING-${orderId}`,
        carrier: 'UPS',
        shipDate: new Date().toISOString(),
      } satisfies ShipJob);
    const units = this.unrouted.get(orderId);
    this.unrouted.delete(orderId);
    if (units) this.recentlyRouted.push({ at: Date.now(), lines: units });
  }

  /** A WMS order shipped (webhook): confirm it on the marketplace and fulfil it in the ERP. */
  shipped(order: {
    reference_id?: string;
    shipments?: Array<{ tracking?: Record<string, string> | null }>;
  }): void {
    const orderId = order.reference_id;
    const tracking = order.shipments?.[0]?.tracking;
    if (!orderId || !tracking?.tracking_number) return;
    this.awaitingShipment.delete(orderId);
    const ship: ShipJob = {
      orderId,
      trackingNumber: tracking.tracking_number,
      carrier: tracking.carrier ?? 'Other',
      shipDate: tracking.shipping_date ?? new Date().toISOString(),
      ...(this.itemsOf.has(orderId) && { items: this.itemsOf.get(orderId) }),
    };
    // no-webhook-dedupe: every delivery is new work (a fresh job id), so a repeat acts twice.
    const tag = this.config.defects.has('no-webhook-dedupe') ? `:${job()}` : '';
    // batches-tracking-uploads: tracking numbers go to the channels in a scheduled upload every
    // five scenario minutes, so a confirmation waits for the next one
    const upload = this.config.defects.has('batches-tracking-uploads')
      ? nextBatch(this.config, TRACKING_UPLOAD_MS)
      : 0;
    this.outbox.enqueue(`ship:${orderId}${tag}`, 'confirmShipment', ship, upload);
    // skips-erp-fulfillment: "the warehouse ships it, the ERP will catch up" — the sales order is
    // never fulfilled in the ERP, so its stock is never relieved nor the order closed
    if (this.erp && !this.config.defects.has('skips-erp-fulfillment'))
      this.outbox.enqueue(`ful:${orderId}${tag}`, 'itemFulfillment', ship);
  }

  private async confirm(job: Job): Promise<void> {
    const ship = job.payload as ShipJob;
    if (isStorefrontOrder(ship.orderId)) {
      if (!this.sf) return;
      const done = await this.sf.fulfil(ship.orderId, {
        company: ship.carrier,
        number: ship.trackingNumber,
      });
      if (!done) throw new AlreadyDone();
      return;
    }
    const lines = ship.items ?? (await this.mkt!.items(ship.orderId));
    const known = KNOWN_CARRIERS.has(ship.carrier);
    await this.mkt!.confirmShipment(
      ship.orderId,
      { ...ship, carrier: known ? ship.carrier : 'Other' },
      lines,
    );
  }

  private fulfil(job: Job): Promise<void> {
    const ship = job.payload as ShipJob;
    const dedupe = !this.config.defects.has('no-webhook-dedupe');
    return this.erp!.transform('salesOrder', erpExternalId(ship.orderId), 'itemFulfillment', {
      ...(dedupe ? { externalId: `FUL-${ship.orderId}` } : {}),
      memo: `${ship.carrier} ${ship.trackingNumber}`,
    });
  }

  /**
   * Webhooks are hints, not the record: every few seconds, ask the WMS about orders still
   * waiting for a shipment, so a lost `order.shipped` delays a confirmation instead of losing it.
   */
  async reconcileShipments(): Promise<void> {
    if (!this.wms || this.awaitingShipment.size === 0) return;
    const refs = [...this.awaitingShipment];
    for (let i = 0; i < refs.length; i += 100) {
      for (const order of await this.wms.ordersByReference(refs.slice(i, i + 100)))
        if (order.status === 'Fulfilled' || order.status === 'Completed') this.shipped(order);
    }
  }

  /**
   * Listing quantity = WMS fulfillable − units sold on the marketplace but not yet in the WMS;
   * only changed SKUs are patched.
   */
  async syncInventory(): Promise<void> {
    if (!this.wms || !this.mkt) return;
    const readAt = Date.now();
    const stock = await this.wms.stock();
    // The marketplace lowers a listing itself for every order; an absolute quantity written
    // while some orders are still unknown to us would raise it again past real stock. So patch
    // only once order intake has caught up with the stock read: a whole poll started at most a
    // second before it (SP-API allows about one getOrders a minute, so waiting for a strictly
    // later one would leave listings stale), nothing left to itemize.
    const stale = this.config.defects.has('stale-inventory');
    const behind = () =>
      this.polledAt < readAt - 1_000 ||
      this.outbox.pending('marketplaceOrder') > 0 ||
      this.storefrontBehind();
    if (!stale) await until(() => !behind(), 10_000);
    if (!stale && behind()) return;
    const sellable = this.sellable(readAt, this.config.defects.has('publishes-on-hand'));
    // Listings patch one SKU a call at SP-API's pace: the SKUs closest to selling out first, and
    // a bounded pass, so the next pass starts from a fresh stock read (sales on the storefront
    // take units from these listings too).
    const changes = stock
      .map((level) => ({
        sku: level.sku,
        quantity: this.share('marketplace', level.sku, sellable(level)),
      }))
      .filter((c) => this.listed.get(c.sku) !== c.quantity);
    // with the storefront selling too: the SKUs closest to selling out first, a bounded pass
    const racing = this.storefrontOrders > 0 && !stale;
    if (racing) changes.sort((a, b) => a.quantity - b.quantity || (a.sku < b.sku ? -1 : 1));
    for (const c of racing ? changes.slice(0, PATCHES_PER_PASS) : changes) {
      // while the patch is on its way the listing may show either value (the storefront's
      // share reads this)
      this.listed.set(c.sku, Math.max(this.listed.get(c.sku) ?? Infinity, c.quantity));
      await this.mkt.setQuantity(c.sku, c.quantity);
      this.listed.set(c.sku, c.quantity);
    }
  }

  /**
   * Storefront orders we were told of may not be in `unrouted` yet. Their webhooks come within
   * a second; the order-number check only finds the few that were lost, so a listing sync does
   * not wait for it (a dry storefront bucket would hold the marketplace's stock back too).
   */
  private storefrontBehind(): boolean {
    // a storefront that sells nothing holds no listing sync back
    return this.sf !== undefined && this.outbox.pending('storefrontOrder') > 0;
  }

  /**
   * What a channel may offer of a SKU, given the WMS stock read at `readAt`: fulfillable (or
   * on hand, for the defects) − units sold on any channel but not in that read − safety stock,
   * and near a stock-out the marketplace sales not visible yet.
   */
  private sellable(readAt: number, useOnHand: boolean): (level: StockLevel) => Sellable {
    // Units sold but not in that stock read: still unrouted, or routed while it was running.
    const pending = new Map<string, number>();
    this.recentlyRouted = this.recentlyRouted.filter((r) => r.at >= Date.now() - 60_000);
    const missed = this.recentlyRouted.filter((r) => r.at >= readAt).map((r) => r.lines);
    for (const lines of [...this.unrouted.values(), ...missed])
      for (const [sku, q] of lines) pending.set(sku, (pending.get(sku) ?? 0) + q);
    const unseen = this.unseenSales();
    return (level) => {
      const available =
        (useOnHand ? level.onHand : level.fulfillable) - (pending.get(level.sku) ?? 0);
      // Near a stock-out an order we have not seen yet is the last unit twice: hold back what
      // sells while orders are still settling, and a few more.
      const expected = unseen.get(level.sku) ?? 0;
      const low = available <= LOW_STOCK + expected;
      const held = low ? this.config.lowStockBuffer + expected : 0;
      return { units: Math.max(0, available - this.config.safetyStock - held), low };
    };
  }

  /**
   * Near a stock-out two channels showing the same last units sell them twice (each lowers
   * only its own count, and hears of the other's sales late: Amazon lists an order minutes
   * after it was placed). Once the storefront sells, the last units go to it alone: its orders
   * reach us within a second by webhook and its writes are compare-and-set, while an absolute
   * listing patch can put back units Amazon sold that we cannot see yet. So the listing shows 0
   * near a stock-out, and the storefront what is left beyond what the listing may still show.
   */
  private share(channel: 'marketplace' | 'storefront', sku: string, s: Sellable): number {
    if (!s.low || !this.mkt || !this.sf || this.storefrontOrders === 0) return s.units;
    // no-storefront-stock: the storefront is no stock channel of ours, so the listing keeps them
    if (this.config.defects.has('no-storefront-stock')) return s.units;
    if (channel === 'marketplace') return 0;
    return Math.max(0, s.units - (this.listed.get(sku) ?? Infinity));
  }

  /**
   * The storefront's `available` = the same sellable units as the listing, from a stock read
   * of its own (batched calls, so it runs apart from the slow listing patches). The storefront
   * lowers it by itself for each checkout, and checkouts come as webhooks within milliseconds:
   * read what it shows, write only where it differs, compare-and-set against what we read — a
   * checkout in between makes Shopify refuse that SKU, which we read again and retry at once.
   */
  async syncStorefront(): Promise<void> {
    // no-storefront-stock: the mistake of an integration built for Amazon and extended to book
    // and ship storefront orders, whose stock it leaves to the storefront's own count: Shopify
    // lowers `available` for its own checkouts only, so it keeps offering the units Amazon sold
    if (!this.wms || !this.sf || this.config.defects.has('no-storefront-stock')) return;
    const readAt = Date.now();
    const stock = await this.wms.stock();
    const onHand = this.config.defects.has('publishes-on-hand');
    // one full read of what the storefront shows; from then on our own account of it (what we
    // set, less its orders as we take them in), and a compare-and-set that says where it is off
    if (!this.sfShown) this.sfShown = await this.sf.levels();
    const shown = this.sfShown;
    let skus: Set<string> | undefined;
    for (let round = 0; round < 3 && (skus === undefined || skus.size > 0); round++) {
      // orders the storefront has shown us but we have not taken in yet would be written over
      if (this.outbox.pending('storefrontOrder') > 0)
        await until(() => this.outbox.pending('storefrontOrder') === 0, 2_000);
      if (skus) for (const [sku, q] of await this.sf.levelsOf([...skus])) shown.set(sku, q);
      const sellable = this.sellable(readAt, onHand);
      const changes: { sku: string; quantity: number; was: number }[] = [];
      for (const level of stock) {
        const was = shown.get(level.sku);
        if (was === undefined || (skus && !skus.has(level.sku))) continue;
        const quantity = this.share('storefront', level.sku, sellable(level));
        if (was !== quantity) changes.push({ sku: level.sku, quantity, was });
      }
      if (changes.length === 0) break;
      const stale = new Set(await this.sf.setAvailable(changes));
      for (const c of changes) if (!stale.has(c.sku)) shown.set(c.sku, c.quantity);
      skus = stale;
    }
  }

  /**
   * Units per SKU expected to be sold but not yet visible (Amazon's settle window): the sales
   * velocity over the newest VELOCITY_MS of visible purchase times, stretched over UNSEEN_MS.
   * Purchase times only — no clock of ours has to agree with the marketplace's.
   */
  private unseenSales(): Map<string, number> {
    const newest = this.sales.reduce((m, s) => Math.max(m, s.at), -Infinity);
    this.sales = this.sales.filter((s) => s.at > newest - VELOCITY_MS);
    const sold = new Map<string, number>();
    for (const s of this.sales)
      for (const [sku, q] of s.lines) sold.set(sku, (sold.get(sku) ?? 0) + q);
    const out = new Map<string, number>();
    for (const [sku, q] of sold) out.set(sku, Math.ceil((q * UNSEEN_MS) / VELOCITY_MS));
    return out;
  }
}

let deliveries = 0;
/** A per-process counter: what a handler without de-duplication keys its work by. */
function job(): number {
  return ++deliveries;
}

/** Wait (polling every 50 ms) until `ok()` or `ms` pass. */
async function until(ok: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !ok() && Date.now() < end;)
    await new Promise((r) => setTimeout(r, 50));
}
