import type { Config } from './config.js';
import type { Erp, Json } from './erp.js';
import type { Marketplace } from './marketplace.js';
import { retryAfterMs, systemGate } from './resilience.js';

/**
 * The pricing flow: the ERP keeps the price book (NetSuite price levels and promotion codes,
 * docs/dialects/erp.md#prices); this flow carries it to the channels that sell at a listed price
 * — the storefront (Shopify `productVariantsBulkUpdate`) and the marketplace offer (SP-API
 * `purchasable_offer`). Every tick it asks the ERP, by the ERP's own clock, which prices changed
 * since the last tick and which promotions are live now, works out each SKU's price per channel
 * (the level price, less a live promotion's rate, rounded half up to the cent, the "was" price
 * shown while it runs) and sends only what differs from what it last sent.
 *
 * Defects: `hourly-price-sync` (ticks once an hour), `ignores-throttle-status` (sends storefront
 * updates whatever the cost bucket holds and takes a THROTTLED answer for done),
 * `one-variant-per-call` (one variant per bulk update instead of one call per product),
 * `no-promotion-end` (applies promotions and never takes them off).
 */

const log = (line: string) => console.log(`[reference-integration] pricing: ${line}`);

/** ERP price level name → the channel that sells at it (docs/dialects/erp.md#prices). */
const LEVEL_CHANNEL: Record<string, 'storefront' | 'marketplace'> = {
  'Online Price': 'storefront',
  Marketplace: 'marketplace',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A mutation's requested cost on Shopify's calculated query cost (each mutation field: 10). */
const MUTATION_COST = 10;

/**
 * A small Shopify Admin GraphQL client that keeps to the cost bucket: it reads
 * `extensions.cost.throttleStatus` on every answer and, before the next call, waits until the
 * bucket has restored enough for it; a THROTTLED answer waits the same way and tries again
 * (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits).
 */
class Storefront {
  private available = Number.POSITIVE_INFINITY;
  private maximum = Number.POSITIVE_INFINITY;
  private restoreRate = 50;
  private at = Date.now();

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly respectThrottle: boolean,
  ) {}

  private estimate(): number {
    const elapsed = (Date.now() - this.at) / 1000;
    return Math.min(this.maximum, this.available + elapsed * this.restoreRate);
  }

  private learn(body: Json): void {
    const s = body?.extensions?.cost?.throttleStatus;
    if (!s) return;
    this.available = Number(s.currentlyAvailable);
    this.maximum = Number(s.maximumAvailable);
    this.restoreRate = Math.max(1, Number(s.restoreRate));
    this.at = Date.now();
  }

  /** `careful`: keep to the bucket even with `ignores-throttle-status` (start-up reads). */
  async gql(query: string, variables: Json, cost: number, careful = false): Promise<Json> {
    const respect = this.respectThrottle || careful;
    for (let attempt = 1; ; attempt++) {
      if (respect) {
        const short = cost - this.estimate();
        if (short > 0) await sleep((short / this.restoreRate) * 1000 + 20);
      }
      // the same Retry-After gate as the order flows' storefront calls (resilience.ts)
      if (respect) await systemGate('storefront').pass();
      let res: Response;
      try {
        res = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-shopify-access-token': this.token },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (err) {
        if (attempt >= 5) throw err;
        await sleep(250 * attempt);
        continue;
      }
      if (res.status === 429 && respect && attempt < 20) {
        systemGate('storefront').hold(retryAfterMs(res.headers.get('retry-after')) ?? 1_000);
        continue;
      }
      if (res.status >= 500 && attempt < 5) {
        await sleep(250 * attempt);
        continue;
      }
      if (!res.ok) throw new Error(`storefront HTTP ${res.status}`);
      const body = (await res.json()) as Json;
      this.learn(body);
      const throttled = (body.errors ?? []).some((e: Json) => e?.extensions?.code === 'THROTTLED');
      // `ignores-throttle-status`: a THROTTLED answer is a 200 like any other.
      if (throttled && respect && attempt < 50) {
        this.available = Math.min(this.available, 0);
        continue;
      }
      return body;
    }
  }
}

interface Variant {
  id: string;
  productId: string;
}

export class PricingFlow {
  private readonly storefront: Storefront | undefined;
  /** ERP level id → channel. */
  private readonly levels = new Map<number, 'storefront' | 'marketplace'>();
  /** The level price per `channel|sku`, as last read. */
  private readonly list = new Map<string, number>();
  /** Live promotion rate per `channel|sku`. */
  private active = new Map<string, number>();
  /** What this flow last set per `channel|sku` (price, "was" price). */
  private readonly sent = new Map<string, { price: number; was: number | null }>();
  private readonly variants = new Map<string, Variant>();
  /** Pairs whose price must be sent (kept until a send succeeds). */
  private readonly pending = new Set<string>();
  private readonly ignoreThrottle: boolean;
  private sending: Promise<void> | undefined;
  private watermark = '1970-01-01 00:00:00';

  constructor(
    private readonly config: Config,
    private readonly erp: Erp,
    private readonly mkt: Marketplace | undefined,
    env: NodeJS.ProcessEnv,
  ) {
    this.ignoreThrottle = config.defects.has('ignores-throttle-status');
    const url = env.OMNICHAOS_STOREFRONT_GRAPHQL_URL;
    const token = env.OMNICHAOS_STOREFRONT_ACCESS_TOKEN;
    this.storefront = url && token ? new Storefront(url, token, !this.ignoreThrottle) : undefined;
  }

  /** Price levels, the ERP's clock (the first watermark) and the storefront's variant ids. */
  async init(): Promise<void> {
    for (const row of await this.erp.suiteql('SELECT id, name FROM pricelevel')) {
      const channel = LEVEL_CHANNEL[String(row.name)];
      if (channel) this.levels.set(Number(row.id), channel);
    }
    const [now] = await this.erp.suiteql(
      "SELECT TO_CHAR(SYSDATE, 'YYYY-MM-DD HH24:MI:SS') AS now FROM pricelevel WHERE id = 1",
    );
    this.watermark = String(now?.now ?? this.watermark);
    // The price book as it stands: the channels already sell at it, so nothing is sent for it.
    for (const r of await this.erp.suiteql(
      `SELECT i.itemid AS sku, p.pricelevel AS level, p.unitprice AS price
       FROM pricing p INNER JOIN item i ON i.id = p.item
       WHERE p.pricelevel IN (${[...this.levels.keys()].join(', ')})`,
    ))
      this.list.set(
        `${this.levels.get(Number(r.level))}|${r.sku}`,
        Math.round(Number(r.price) * 100),
      );
    if (this.storefront) await this.loadVariants();
  }

  private async loadVariants(): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const body = await this.storefront!.gql(
        `query($after: String) { productVariants(first: 50, after: $after) {
          nodes { id sku product { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        102,
        true,
      );
      const page = body.data?.productVariants;
      if (!page) throw new Error(`storefront variants: ${JSON.stringify(body.errors ?? body)}`);
      for (const v of page.nodes as Json[])
        if (v.sku) this.variants.set(String(v.sku), { id: v.id, productId: v.product.id });
      if (!page.pageInfo.hasNextPage) return;
      after = page.pageInfo.endCursor;
    }
  }

  /** One sync: read what changed in the ERP, work out the prices, send the differences. */
  async tick(): Promise<void> {
    if (this.levels.size === 0 || this.list.size === 0) return;
    const levelIds = [...this.levels.keys()].join(', ');
    const dirty = new Set<string>();
    const changed = await this.erp.suiteql(
      `SELECT i.itemid AS sku, p.pricelevel AS level, p.unitprice AS price,
        TO_CHAR(p.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS modified
       FROM pricing p INNER JOIN item i ON i.id = p.item
       WHERE p.pricelevel IN (${levelIds})
         AND p.lastmodifieddate >= TO_DATE('${this.watermark}', 'YYYY-MM-DD HH24:MI:SS')`,
    );
    let mark = this.watermark;
    for (const r of changed) {
      const k = `${this.levels.get(Number(r.level))}|${r.sku}`;
      const cents = Math.round(Number(r.price) * 100);
      if (this.list.get(k) !== cents) dirty.add(k);
      this.list.set(k, cents);
      if (String(r.modified) > mark) mark = String(r.modified);
    }
    this.watermark = mark;
    const live = await this.erp.suiteql(
      `SELECT pc.rate AS rate, pc.pricelevel AS level, i.itemid AS sku, p.unitprice AS price
       FROM promotioncode pc
       INNER JOIN promotioncodeitem pci ON pci.promotioncode = pc.id
       INNER JOIN item i ON i.id = pci.item
       INNER JOIN pricing p ON p.item = pci.item AND p.pricelevel = pc.pricelevel
       WHERE pc.startdate <= SYSDATE AND pc.enddate > SYSDATE AND pc.isinactive = 'F'`,
    );
    const next = new Map<string, number>();
    for (const r of live) {
      const channel = this.levels.get(Number(r.level));
      if (!channel) continue;
      const k = `${channel}|${r.sku}`;
      next.set(k, Math.max(next.get(k) ?? 0, Number(r.rate)));
      if (!this.list.has(k)) this.list.set(k, Math.round(Number(r.price) * 100));
    }
    for (const [k, rate] of next) if (this.active.get(k) !== rate) dirty.add(k);
    for (const k of this.active.keys()) {
      if (next.has(k)) continue;
      // `no-promotion-end`: an ended promotion stays on the channel.
      if (this.config.defects.has('no-promotion-end')) next.set(k, this.active.get(k)!);
      else dirty.add(k);
    }
    this.active = next;
    for (const k of dirty) this.pending.add(k);
    // Sending runs beside the next ticks: a slow channel must not hold back reading the ERP.
    this.sending ??= this.send().finally(() => (this.sending = undefined));
  }

  private want(k: string): { price: number; was: number | null } | undefined {
    const list = this.list.get(k);
    if (list === undefined) return undefined;
    const rate = this.active.get(k);
    if (!rate) return { price: list, was: null };
    return { price: Math.round((list * (100 - rate)) / 100), was: list };
  }

  private async send(): Promise<void> {
    const store: { sku: string; k: string; want: { price: number; was: number | null } }[] = [];
    const offers: { sku: string; k: string; want: { price: number; was: number | null } }[] = [];
    for (const k of this.pending) {
      const want = this.want(k);
      const last = this.sent.get(k);
      if (!want || (last && last.price === want.price && last.was === want.was)) {
        this.pending.delete(k);
        continue;
      }
      const [channel, sku] = k.split('|') as [string, string];
      (channel === 'storefront' ? store : offers).push({ sku, k, want });
    }
    await Promise.all([
      store.length && this.storefront
        ? this.sendStorefront(store).catch((err: Error) => log(`storefront: ${err.message}`))
        : undefined,
      offers.length && this.mkt ? this.sendMarketplace(offers) : undefined,
    ]);
  }

  /** One `productVariantsBulkUpdate` per product (`one-variant-per-call`: per variant). */
  private async sendStorefront(
    items: { sku: string; k: string; want: { price: number; was: number | null } }[],
  ): Promise<void> {
    const calls = new Map<string, typeof items>();
    for (const it of items) {
      const v = this.variants.get(it.sku);
      if (!v) continue;
      const group = this.config.defects.has('one-variant-per-call') ? v.id : v.productId;
      calls.set(group, [...(calls.get(group) ?? []), it]);
    }
    for (const group of calls.values()) {
      const productId = this.variants.get(group[0]!.sku)!.productId;
      const body = await this.storefront!.gql(
        `mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
          productVariantsBulkUpdate(productId: $productId, variants: $variants) {
            productVariants { id } userErrors { field message } } }`,
        {
          productId,
          variants: group.map((it) => ({
            id: this.variants.get(it.sku)!.id,
            price: (it.want.price / 100).toFixed(2),
            compareAtPrice: it.want.was === null ? null : (it.want.was / 100).toFixed(2),
          })),
        },
        MUTATION_COST,
      );
      const errors = body.data?.productVariantsBulkUpdate?.userErrors ?? [];
      if (errors.length) log(`storefront refused ${productId}: ${JSON.stringify(errors)}`);
      // A throttled answer has no data: with the throttle respected it was retried until done.
      else if (body.data?.productVariantsBulkUpdate || this.ignoreThrottle)
        for (const it of group) {
          this.sent.set(it.k, it.want);
          this.pending.delete(it.k);
        }
    }
  }

  private async sendMarketplace(
    items: { sku: string; k: string; want: { price: number; was: number | null } }[],
  ): Promise<void> {
    await Promise.all(
      items.map(async (it) => {
        try {
          await this.mkt!.setPrice(it.sku, it.want.price);
          this.sent.set(it.k, it.want);
          this.pending.delete(it.k);
        } catch (err) {
          log(`marketplace price for ${it.sku} failed: ${(err as Error).message}`);
        }
      }),
    );
  }
}
