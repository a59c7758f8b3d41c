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
  /** ISO time of its last change (the poll cursor). */
  updatedAt: string;
  cancelled: boolean;
  lines: OrderLine[];
}

const cents = (amount: unknown): number => Math.round(Number(amount) * 100);

/** Page size of the order poll: 40 orders × (1 + 5 lines × 3) + 2 ≈ 700 points, under the 1000 a query may ask. */
const ORDERS_PAGE = 40;

const ORDERS = `query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes {
      legacyResourceId
      updatedAt
      cancelledAt
      lineItems(first: 5) { nodes { id sku quantity originalUnitPriceSet { shopMoney { amount } } } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export class Storefront {
  readonly policy: SystemPolicy;
  private bucket: Bucket | undefined;
  private locationGid: string | undefined;
  /** SKU → inventory item gid (read once, with the levels). */
  private readonly items = new Map<string, string>();

  constructor(private readonly config: Config) {
    this.policy = systemPolicy(config, 'storefront', 4);
  }

  /** Points the bucket holds now, as last reported and refilled since. */
  private available(): number {
    const b = this.bucket;
    if (!b) return Infinity;
    const refilled = b.currentlyAvailable + (b.restoreRate * (Date.now() - b.at)) / 1000;
    return Math.min(b.maximumAvailable, refilled);
  }

  /** Wall ms until the bucket holds `cost` points (0: now). */
  private waitFor(cost: number): number {
    const b = this.bucket;
    if (!b || b.restoreRate <= 0) return 0;
    const need = Math.min(cost, b.maximumAvailable) - this.available();
    return need <= 0 ? 0 : Math.ceil((need / b.restoreRate) * 1000);
  }

  /**
   * One GraphQL call through the policy; `cost` is what the query will ask of the bucket (its
   * requested cost), so we wait for it first. Top-level errors other than THROTTLED are final.
   *
   * @example await sf.gql('query { shop { name } }', {}, 1)
   */
  async gql<T = Body>(query: string, variables: Body, cost: number): Promise<T> {
    return this.policy.execute(async () => {
      const wait = this.waitFor(cost);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
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
      const status = body.extensions?.cost?.throttleStatus as Omit<Bucket, 'at'> | undefined;
      if (status) this.bucket = { ...status, at: Date.now() };
      const errors = Array.isArray(body.errors) ? (body.errors as Body[]) : [];
      if (errors.some((e) => e.extensions?.code === 'THROTTLED'))
        // wait for the refill the query needs, not a guess (Shopify sends no Retry-After)
        throw new HttpFailure(429, 'THROTTLED', Math.max(250, this.waitFor(cost)), 'THROTTLED');
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
   * Orders updated after `since` (ISO), oldest change first, every page (`pageInfo` cursors).
   *
   * @example for (const o of await sf.ordersUpdatedSince('2026-11-27T05:00:00Z')) …
   */
  async ordersUpdatedSince(since: string): Promise<StorefrontOrder[]> {
    const out: StorefrontOrder[] = [];
    let after: string | null = null;
    for (let page = 0; page < 500; page++) {
      const data: Body = await this.gql(
        ORDERS,
        { first: ORDERS_PAGE, after, query: `updated_at:>'${since}'` },
        2 + ORDERS_PAGE * 18,
      );
      for (const o of data.orders.nodes as Body[])
        out.push({
          orderId: String(o.legacyResourceId),
          updatedAt: String(o.updatedAt),
          cancelled: o.cancelledAt != null,
          lines: (o.lineItems.nodes as Body[]).map((l) => ({
            orderItemId: String(l.id),
            sku: String(l.sku),
            quantity: Number(l.quantity),
            amountCents: Number(l.quantity) * cents(l.originalUnitPriceSet.shopMoney.amount),
          })),
        });
      if (!data.orders.pageInfo.hasNextPage) break;
      after = data.orders.pageInfo.endCursor as string;
    }
    return out;
  }

  /** The order of an `orders/create` webhook body (REST representation). */
  static fromWebhook(payload: Body): StorefrontOrder | undefined {
    if (payload.id === undefined || !Array.isArray(payload.line_items)) return undefined;
    return {
      orderId: String(payload.id),
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
      const data: Body = await this.gql(
        `query Levels($after: String, $loc: ID!) {
          inventoryItems(first: 100, after: $after) {
            nodes { id sku inventoryLevel(locationId: $loc) { quantities(names: ["available"]) { quantity } } }
            pageInfo { hasNextPage endCursor }
          }
        }`,
        { after, loc: this.locationGid },
        2 + 100 * 3,
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
