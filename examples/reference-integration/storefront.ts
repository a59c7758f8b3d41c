import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from './config.js';
import type { OrderLine } from './marketplace.js';
import { HttpFailure, retryAfterMs, systemPolicy, type SystemPolicy } from './resilience.js';

/**
 * The storefront side: Shopify's Admin GraphQL API, 2025-01 (docs/dialects/storefront.md). One
 * POST endpoint, so plain `fetch`; what makes a client polite here is the cost bucket. Every
 * answer reports `extensions.cost.throttleStatus` (bucket size, points left, restore rate per
 * second): before a call we wait until the bucket, as last reported and refilled since, can
 * cover the call's requested cost, and a THROTTLED answer becomes a 429 whose Retry-After is the
 * time the bucket needs to refill that far — so the shared policy holds every call back, instead
 * of hammering a bucket that is empty.
 * https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits
 */

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

interface Bucket {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
  /** Wall ms of the answer that reported it. */
  at: number;
}

/** A storefront order as the flows carry it: the numeric order id and its lines. */
export interface StorefrontOrder {
  /** `legacyResourceId` — the number the webhook's `id` and the admin URL show. */
  orderId: string;
  /** The shop's order number (`#1001` → 1001): sequential per shop, from 1001. */
  number: number;
  /** ISO time of its last change. */
  updatedAt: string;
  cancelled: boolean;
  lines: OrderLine[];
}

const cents = (amount: unknown): number => Math.round(Number(amount) * 100);

/** `#1042` → 1042 (NaN when it is not one). */
const orderNumber = (name: unknown): number => Number(String(name).replace(/^#/, ''));

/** The most orders or inventory items one page asks for (Shopify allows 250). */
const PAGE_CAP = 100;

/** An order's fields with its lines: 1 + lineItems(first: 5) at 2 + 5 × 3 = 18 points. */
const ORDER_FIELDS = `legacyResourceId
      name
      updatedAt
      cancelledAt
      lineItems(first: 5) { nodes { id sku quantity originalUnitPriceSet { shopMoney { amount } } } }`;
const ORDER_COST = 18;

/**
 * Which calls the bucket serves first: `urgent` (stock levels and the order reconciliation —
 * late, they let a channel sell what is gone — and prices) before `bulk` (fulfilments, which only have to
 * land eventually). Each lane has its own policy, so a queue of fulfilments waiting for points
 * never holds a stock write's bulkhead slot.
 */
export type Lane = 'urgent' | 'bulk';

/**
 * Our account of the shop's cost bucket, shared by every flow that calls the storefront (orders,
 * stock, prices): the last reported `throttleStatus`, refilled since at its restore rate, less
 * the points of calls sent since. Calls wait in one queue, urgent first.
 */
export class CostBucket {
  private bucket: Bucket | undefined;
  /** Calls waiting for points, served urgent first, then in order of asking. */
  private readonly waiting: { cost: number; lane: Lane; go: () => void }[] = [];
  private wake: NodeJS.Timeout | undefined;

  /** The bucket's size as last reported (undefined before the first answer). */
  get maximum(): number | undefined {
    return this.bucket?.maximumAvailable;
  }

  /** Take in an answer's `extensions.cost.throttleStatus`. */
  learn(status: Omit<Bucket, 'at'> | undefined): void {
    if (!status) return;
    this.bucket = {
      maximumAvailable: Number(status.maximumAvailable),
      currentlyAvailable: Number(status.currentlyAvailable),
      restoreRate: Number(status.restoreRate),
      at: Date.now(),
    };
  }

  /**
   * Wait until the bucket can cover `cost`, urgent calls first; the points are counted as spent
   * at once, so calls waiting together do not all go when the first of them may (the next
   * answer's throttleStatus puts the count right).
   */
  take(cost: number, lane: Lane): Promise<void> {
    return new Promise((go) => {
      const at = lane === 'urgent' ? this.waiting.findIndex((w) => w.lane === 'bulk') : -1;
      this.waiting.splice(at < 0 ? this.waiting.length : at, 0, { cost, lane, go });
      this.serve();
    });
  }

  private serve(): void {
    clearTimeout(this.wake);
    this.wake = undefined;
    for (let head = this.waiting[0]; head; head = this.waiting[0]) {
      const wait = this.waitFor(head.cost);
      if (wait > 0) {
        this.wake = setTimeout(() => this.serve(), wait);
        return;
      }
      this.waiting.shift();
      const b = this.bucket;
      if (b)
        this.bucket = {
          ...b,
          currentlyAvailable: this.available() - Math.min(head.cost, b.maximumAvailable),
          at: Date.now(),
        };
      head.go();
    }
  }

  /** Points the bucket holds now, as last reported and refilled since. */
  private available(): number {
    const b = this.bucket;
    if (!b) return Infinity;
    const refilled = b.currentlyAvailable + (b.restoreRate * (Date.now() - b.at)) / 1000;
    return Math.min(b.maximumAvailable, refilled);
  }

  /** Wall ms until the bucket holds `cost` points (0: now). */
  waitFor(cost: number): number {
    const b = this.bucket;
    if (!b || b.restoreRate <= 0) return 0;
    const need = Math.min(cost, b.maximumAvailable) - this.available();
    return need <= 0 ? 0 : Math.ceil((need / b.restoreRate) * 1000);
  }
}

export class Storefront {
  private readonly policies: Record<Lane, SystemPolicy>;
  readonly bucket = new CostBucket();
  private locationGid: string | undefined;
  /** SKU → inventory item gid (read once, with the levels). */
  private readonly items = new Map<string, string>();

  constructor(private readonly config: Config) {
    this.policies = {
      urgent: systemPolicy(config, 'storefront', 4),
      bulk: systemPolicy(config, 'storefront', 4),
    };
  }

  /**
   * How many items of `perItem` points a page may ask for on top of `base`: at most half the
   * bucket (a page the bucket can never hold is THROTTLED forever, and the other half is left
   * for the price updates), between 1 and PAGE_CAP.
   */
  private pageSize(perItem: number, base: number): number {
    const max = this.bucket.maximum ?? 1000;
    return Math.max(1, Math.min(PAGE_CAP, Math.floor((max / 2 - base) / perItem)));
  }

  /**
   * One GraphQL call through its lane's policy; `cost` is what the query will ask of the bucket
   * (its requested cost), so we wait for it first. Top-level errors other than THROTTLED are final.
   *
   * @example await sf.gql('query { shop { name } }', {}, 1)
   */
  async gql<T = Body>(
    query: string,
    variables: Body,
    cost: number,
    lane: Lane = 'urgent',
  ): Promise<T> {
    return this.policies[lane].execute(async () => {
      await this.bucket.take(cost, lane);
      let res: Response;
      try {
        res = await fetch(this.config.storefront!.graphqlUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-shopify-access-token': this.config.storefront!.accessToken,
          },
          body: JSON.stringify({ query, variables }),
        });
      } catch (err) {
        throw new HttpFailure(undefined, `network error: ${(err as Error).message}`);
      }
      const text = await res.text();
      let body: Body;
      try {
        body = JSON.parse(text) as Body;
      } catch {
        throw new HttpFailure(
          res.ok ? 502 : res.status,
          `unreadable body: ${text.slice(0, 80)}`,
          retryAfterMs(res.headers.get('retry-after')),
        );
      }
      this.bucket.learn(body.extensions?.cost?.throttleStatus as Omit<Bucket, 'at'> | undefined);
      const errors = Array.isArray(body.errors) ? (body.errors as Body[]) : [];
      if (errors.some((e) => e.extensions?.code === 'THROTTLED'))
        // wait for the refill the query needs, not a guess (Shopify sends no Retry-After)
        throw new HttpFailure(
          429,
          'THROTTLED',
          Math.max(250, this.bucket.waitFor(cost)),
          'THROTTLED',
        );
      if (!res.ok)
        // a 429 on the wire (an HTTP-level limit, not the cost bucket) says how long in Retry-After
        throw new HttpFailure(
          res.status,
          `HTTP ${res.status} ${text.slice(0, 200)}`,
          retryAfterMs(res.headers.get('retry-after')),
        );
      if (errors.length > 0)
        throw new HttpFailure(400, `GraphQL: ${String(errors[0]!.message)}`, undefined, 'GRAPHQL');
      return body.data as T;
    });
  }

  /**
   * The newest order's number (0: none yet) — 3 points. Shopify numbers a shop's orders in
   * sequence from 1001 (`order_number`, https://shopify.dev/docs/api/admin-rest/2025-01/resources/order),
   * so a number below it that no webhook brought is an order to fetch.
   */
  async newestOrderNumber(): Promise<number> {
    const data: Body = await this.gql(
      `query Newest { orders(first: 1, sortKey: CREATED_AT, reverse: true) { nodes { name } } }`,
      {},
      3,
    );
    const node = (data.orders.nodes as Body[])[0];
    return node ? orderNumber(node.name) : 0;
  }

  /**
   * Orders by number with their lines, a few per call (aliased `orders(query: "name:…")`
   * fields, 20 points each); a number the shop does not have is left out.
   */
  async ordersByNumbers(numbers: readonly number[]): Promise<StorefrontOrder[]> {
    const out: StorefrontOrder[] = [];
    for (let at = 0; at < numbers.length;) {
      const chunk = numbers.slice(at, at + this.pageSize(ORDER_COST + 2, 0));
      at += chunk.length;
      const fields = chunk
        .map((n, i) => `n${i}: orders(first: 1, query: "name:${n}") { nodes { ${ORDER_FIELDS} } }`)
        .join('\n');
      const data: Body = await this.gql(
        `query Missing {\n${fields}\n}`,
        {},
        chunk.length * (ORDER_COST + 2),
      );
      for (let i = 0; i < chunk.length; i++) {
        const o = (data[`n${i}`]?.nodes as Body[] | undefined)?.[0];
        if (!o) continue;
        out.push({
          orderId: String(o.legacyResourceId),
          number: orderNumber(o.name),
          updatedAt: String(o.updatedAt),
          cancelled: o.cancelledAt != null,
          lines: (o.lineItems.nodes as Body[]).map((l) => ({
            orderItemId: String(l.id),
            sku: String(l.sku),
            quantity: Number(l.quantity),
            amountCents: Number(l.quantity) * cents(l.originalUnitPriceSet.shopMoney.amount),
          })),
        });
      }
    }
    return out;
  }

  /** The order of an `orders/create` webhook body (REST representation). */
  static fromWebhook(payload: Body): StorefrontOrder | undefined {
    if (payload.id === undefined || !Array.isArray(payload.line_items)) return undefined;
    return {
      orderId: String(payload.id),
      number: Number(payload.order_number),
      updatedAt: String(payload.updated_at ?? ''),
      cancelled: payload.cancelled_at != null,
      lines: (payload.line_items as Body[]).map((l) => ({
        orderItemId: String(l.id),
        sku: String(l.sku),
        quantity: Number(l.quantity),
        amountCents: Number(l.quantity) * cents(l.price),
      })),
    };
  }

  /**
   * Fulfil every remaining unit of an order with its tracking; false when there was nothing
   * left to fulfil (an earlier attempt landed: fulfillmentCreate takes no idempotency key, so we
   * look before we write).
   */
  async fulfil(
    orderId: string,
    tracking: { company: string; number: string; url?: string },
  ): Promise<boolean> {
    const data: Body = await this.gql(
      `query FO($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) { nodes { id status } } } }`,
      { id: `gid://shopify/Order/${orderId}` },
      1 + 2 + 5,
      'bulk',
    );
    if (!data.order) throw new HttpFailure(404, `storefront order ${orderId} not found`);
    const open = (data.order.fulfillmentOrders.nodes as Body[]).filter(
      (fo) => fo.status !== 'CLOSED' && fo.status !== 'CANCELLED',
    );
    if (open.length === 0) return false;
    const result: Body = await this.gql(
      `mutation Ship($f: FulfillmentInput!) {
        fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { field message } }
      }`,
      {
        f: {
          lineItemsByFulfillmentOrder: open.map((fo) => ({ fulfillmentOrderId: fo.id })),
          trackingInfo: tracking,
          notifyCustomer: false,
        },
      },
      10,
      'bulk',
    );
    const errors = result.fulfillmentCreate?.userErrors as Body[] | undefined;
    if (errors?.length) throw new HttpFailure(422, `fulfillmentCreate: ${errors[0]!.message}`);
    return true;
  }

  /** The shop's location and every SKU's `available` there (inventory items, cursor paging). */
  async levels(): Promise<Map<string, number>> {
    if (!this.locationGid) {
      const data: Body = await this.gql(`query { location { id } }`, {}, 1);
      this.locationGid = String(data.location.id);
    }
    const out = new Map<string, number>();
    let after: string | null = null;
    for (let page = 0; page < 1000; page++) {
      const first = this.pageSize(3, 2);
      const data: Body = await this.gql(
        `query Levels($first: Int!, $after: String, $loc: ID!) {
          inventoryItems(first: $first, after: $after) {
            nodes { id sku inventoryLevel(locationId: $loc) { quantities(names: ["available"]) { quantity } } }
            pageInfo { hasNextPage endCursor }
          }
        }`,
        { first, after, loc: this.locationGid },
        2 + first * 3,
      );
      for (const item of data.inventoryItems.nodes as Body[]) {
        const sku = String(item.sku);
        this.items.set(sku, String(item.id));
        out.set(sku, Number(item.inventoryLevel?.quantities?.[0]?.quantity ?? 0));
      }
      if (!data.inventoryItems.pageInfo.hasNextPage) break;
      after = data.inventoryItems.pageInfo.endCursor as string;
    }
    return out;
  }

  /**
   * `available` of a few SKUs (aliased `inventoryItem(id:)` fields, 3 points each), once
   * `levels()` has named their inventory items; a SKU it did not name is left out.
   */
  async levelsOf(skus: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const known = skus.filter((sku) => this.items.has(sku));
    for (let at = 0; at < known.length;) {
      const chunk = known.slice(at, at + this.pageSize(3, 0));
      at += chunk.length;
      const fields = chunk
        .map(
          (sku, i) =>
            `i${i}: inventoryItem(id: "${this.items.get(sku)!}") { inventoryLevel(locationId: $loc) { quantities(names: ["available"]) { quantity } } }`,
        )
        .join('\n');
      const data: Body = await this.gql(
        `query Levels($loc: ID!) {\n${fields}\n}`,
        { loc: this.locationGid },
        chunk.length * 3,
      );
      chunk.forEach((sku, i) => {
        const item = data[`i${i}`] as Body | null;
        if (item) out.set(sku, Number(item.inventoryLevel?.quantities?.[0]?.quantity ?? 0));
      });
    }
    return out;
  }

  /**
   * Set `available` for SKUs, compare-and-set against the quantities `levels()` read: a sale in
   * between makes Shopify refuse the write (COMPARE_QUANTITY_STALE) rather than have us write
   * over it. Shopify applies a batch whole or not at all, so the SKUs it names stale are taken
   * out and the rest sent again; returns the stale SKUs (read again and retry them).
   */
  async setAvailable(changes: { sku: string; quantity: number; was: number }[]): Promise<string[]> {
    let batch = changes.filter((c) => this.items.has(c.sku));
    const stale: string[] = [];
    for (let round = 0; batch.length > 0 && round < 5; round++) {
      const result: Body = await this.gql(
        `mutation Set($input: InventorySetQuantitiesInput!) {
          inventorySetQuantities(input: $input) { userErrors { code field message } }
        }`,
        {
          input: {
            name: 'available',
            reason: 'correction',
            referenceDocumentUri: 'omnichaos://reference-integration/stock-sync',
            quantities: batch.slice(0, 250).map((c) => ({
              inventoryItemId: this.items.get(c.sku)!,
              locationId: this.locationGid!,
              quantity: c.quantity,
              compareQuantity: c.was,
            })),
          },
        },
        10,
      );
      const errors = (result.inventorySetQuantities?.userErrors ?? []) as Body[];
      if (errors.length === 0) {
        batch = batch.slice(250);
        continue;
      }
      const refused = new Set<number>();
      for (const e of errors) {
        // field: ["input", "quantities", "<index>", "compareQuantity"]
        const at = Number((e.field as string[] | undefined)?.[2]);
        if (e.code !== 'COMPARE_QUANTITY_STALE' || !Number.isInteger(at))
          throw new HttpFailure(422, `inventorySetQuantities: ${String(e.message)}`);
        refused.add(at);
      }
      stale.push(...[...refused].map((i) => batch[i]!.sku));
      batch = batch.filter((_, i) => !refused.has(i));
    }
    return stale;
  }
}

/**
 * Shopify's webhook signature: base64 HMAC-SHA256 of the raw body keyed with the app's secret,
 * compared in constant time (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries).
 *
 * @example verifyShopifyHmac(rawBody, req.headers['x-shopify-hmac-sha256'], secret)
 */
export function verifyShopifyHmac(body: string, header: unknown, secret: string): boolean {
  if (typeof header !== 'string' || header === '') return false;
  const expected = createHmac('sha256', secret).update(body, 'utf8').digest();
  const given = Buffer.from(header, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
