import type { Config } from './config.js';
import { HttpFailure, retryAfterMs, systemPolicy, type SystemPolicy } from './resilience.js';

/**
 * The marketplace side, through Amazon's official SP-API JS SDK (one ApiClient per API module).
 * The SDK's LWA client is hard-wired to api.amazon.com, so the access token comes from the LWA
 * URL the runner gives (OMNICHAOS_MARKETPLACE_LWA_URL) and is applied with
 * `applyXAmzAccessTokenToRequest`; the SDK's own limiter is off because our policy paces calls.
 */

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- SDK models

interface SdkClient {
  applyXAmzAccessTokenToRequest(token: string): void;
  disableRateLimiter(): void;
}
/** What the SDK's `…WithHttpInfo` methods resolve to: the model and superagent's response. */
interface WithInfo {
  data: Body;
  response: { headers: Record<string, string> };
}
interface OrdersApi {
  getOrdersWithHttpInfo(marketplaceIds: string[], opts: Record<string, unknown>): Promise<WithInfo>;
  getOrderItemsWithHttpInfo(orderId: string, opts: Record<string, unknown>): Promise<WithInfo>;
  confirmShipmentWithHttpInfo(orderId: string, payload: unknown): Promise<WithInfo>;
}
interface ListingsApi {
  patchListingsItemWithHttpInfo(
    sellerId: string,
    sku: string,
    marketplaceIds: string[],
    body: unknown,
  ): Promise<WithInfo>;
}
interface FinancesApi {
  listFinancialEventGroupsWithHttpInfo(opts: Record<string, unknown>): Promise<WithInfo>;
  listFinancialEventsByGroupIdWithHttpInfo(
    eventGroupId: string,
    opts: Record<string, unknown>,
  ): Promise<WithInfo>;
}
interface Sdk {
  FinancesSpApi: {
    ApiClient: new (baseUrl: string) => SdkClient;
    DefaultApi: new (client: SdkClient) => FinancesApi;
  };
  OrdersSpApi: {
    ApiClient: new (baseUrl: string) => SdkClient;
    OrdersV0Api: new (client: SdkClient) => OrdersApi;
  };
  ListingsitemsSpApi: {
    ApiClient: new (baseUrl: string) => SdkClient;
    ListingsApi: new (client: SdkClient) => ListingsApi;
  };
}
// The package ships no type declarations; a variable specifier keeps tsc from asking for them.
const SDK_PACKAGE = '@amazon-sp-api-release/amazon-sp-api-sdk-js';

/** superagent's error (under the SDK) → HttpFailure; an expired token asks for a new one. */
function failure(err: unknown): Error {
  const e = err as {
    status?: number;
    code?: string;
    message: string;
    response?: { headers?: Record<string, string>; body?: Body };
  };
  if (e.status === undefined && !e.response)
    return new HttpFailure(undefined, `${e.code ?? 'network error'}: ${e.message}`);
  const code = e.response?.body?.errors?.[0]?.code as string | undefined;
  return new HttpFailure(
    e.status,
    `HTTP ${e.status} ${code ?? e.message}`,
    retryAfterMs(e.response?.headers?.['retry-after']),
    code,
  );
}

/**
 * SP-API's usage plans (docs/dialects/marketplace.md): bursts are published, rates come back on every answer
 * in `x-amzn-RateLimit-Limit` — the rate a well-behaved client paces itself to.
 */
const PLANS: Record<string, { rate: number; burst: number }> = {
  getOrders: { rate: 0.0167, burst: 20 },
  getOrderItems: { rate: 0.5, burst: 30 },
  confirmShipment: { rate: 2, burst: 10 },
  patchListingsItem: { rate: 5, burst: 5 },
  listFinancialEventGroups: { rate: 0.5, burst: 30 },
  listFinancialEventsByGroupId: { rate: 0.5, burst: 30 },
};

/** A client-side token bucket per operation, its rate kept up to date from the header. */
class Pace {
  private tokens: number;
  private at = Date.now();
  constructor(
    private rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  learn(header: string | undefined): void {
    const r = Number(header);
    if (Number.isFinite(r) && r > 0) this.rate = r;
  }
  async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.rate);
      this.at = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, ((1 - this.tokens) / this.rate) * 1000));
    }
  }
  /** A 429 means the server's bucket is empty whatever ours thinks. */
  drain(): void {
    this.tokens = 0;
    this.at = Date.now();
  }
}

export interface OrderLine {
  orderItemId: string;
  sku: string;
  quantity: number;
  amountCents: number;
}

export class Marketplace {
  private orders!: OrdersApi;
  private listings!: ListingsApi;
  private finances!: FinancesApi;
  private clients: SdkClient[] = [];
  private token: Promise<void> | undefined;
  private readonly pace = new Map(
    Object.entries(PLANS).map(([op, p]) => [op, new Pace(p.rate, p.burst)]),
  );
  readonly policy: SystemPolicy;
  readonly marketplaceId: string;
  readonly sellerId: string;

  constructor(private readonly config: Config) {
    this.policy = systemPolicy(config, 'marketplace', 4);
    this.marketplaceId = config.marketplace!.marketplaceId;
    this.sellerId = config.marketplace!.sellerId;
  }

  async init(): Promise<void> {
    const sdk = (await import(SDK_PACKAGE)) as Sdk;
    const url = this.config.marketplace!.url;
    const oc = new sdk.OrdersSpApi.ApiClient(url);
    const lc = new sdk.ListingsitemsSpApi.ApiClient(url);
    const fc = new sdk.FinancesSpApi.ApiClient(url);
    this.clients = [oc, lc, fc];
    for (const c of this.clients) c.disableRateLimiter();
    this.finances = new sdk.FinancesSpApi.DefaultApi(fc);
    this.orders = new sdk.OrdersSpApi.OrdersV0Api(oc);
    this.listings = new sdk.ListingsitemsSpApi.ListingsApi(lc);
    await this.refreshToken();
  }

  /** LWA refresh-token grant; every SDK client gets the new access token. */
  private refreshToken(): Promise<void> {
    this.token ??= (async () => {
      const m = this.config.marketplace!;
      const res = await fetch(m.lwaUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: m.refreshToken,
          client_id: m.clientId,
          client_secret: m.clientSecret,
        }),
      });
      if (!res.ok) throw new HttpFailure(res.status, `LWA token: HTTP ${res.status}`);
      const { access_token } = (await res.json()) as { access_token: string };
      for (const c of this.clients) c.applyXAmzAccessTokenToRequest(access_token);
    })().finally(() => (this.token = undefined));
    return this.token;
  }

  /**
   * One SP-API call under the policy, paced per operation; a 403 (expired token) refreshes the
   * token and tries once more.
   */
  private async sp(op: string, call: () => Promise<WithInfo>): Promise<Body> {
    const pace = this.pace.get(op)!;
    const once = async (): Promise<Body> => {
      // `no-rate-pacing`: calls go out as fast as work arrives; only a 429's Retry-After slows them
      const d = this.config.defects;
      if (!d.has('ignore-retry-after') && !d.has('no-rate-pacing')) await pace.take();
      const { data, response } = await call();
      pace.learn(response.headers['x-amzn-ratelimit-limit']);
      return data;
    };
    return this.policy.execute(async () => {
      try {
        return await once();
      } catch (err) {
        const f = failure(err);
        if (f instanceof HttpFailure && f.status === 429) pace.drain();
        if (f instanceof HttpFailure && f.status === 403) {
          await this.refreshToken();
          return once().catch((again: unknown) => Promise.reject(failure(again)));
        }
        throw f;
      }
    });
  }

  /**
   * Every page of getOrders for orders updated since `since`.
   *
   * @example for (const o of await mkt.ordersSince('2026-11-27T05:00:00Z')) …
   */
  async ordersSince(since: string): Promise<Body[]> {
    const out: Body[] = [];
    let nextToken: string | undefined;
    do {
      const res = await this.sp('getOrders', () =>
        this.orders.getOrdersWithHttpInfo([this.marketplaceId], {
          ...(nextToken ? { nextToken } : { lastUpdatedAfter: since }),
          maxResultsPerPage: 100,
        }),
      );
      out.push(...((res.payload?.orders as Body[]) ?? []));
      nextToken = res.payload?.nextToken;
    } while (nextToken);
    return out;
  }

  /** Every settlement period (Finances v0 event group), oldest first, all pages. */
  async eventGroups(): Promise<Body[]> {
    const out: Body[] = [];
    let nextToken: string | undefined;
    do {
      const res = await this.sp('listFinancialEventGroups', () =>
        this.finances.listFinancialEventGroupsWithHttpInfo({
          maxResultsPerPage: 100,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      out.push(...((res.payload?.financialEventGroupList as Body[]) ?? []));
      nextToken = res.payload?.nextToken;
    } while (nextToken);
    return out;
  }

  /** All released events of one settlement period, every page merged. */
  async groupEvents(
    groupId: string,
  ): Promise<{ shipments: Body[]; refunds: Body[]; adjustments: Body[] }> {
    const out = { shipments: [] as Body[], refunds: [] as Body[], adjustments: [] as Body[] };
    let nextToken: string | undefined;
    do {
      const res = await this.sp('listFinancialEventsByGroupId', () =>
        this.finances.listFinancialEventsByGroupIdWithHttpInfo(groupId, {
          maxResultsPerPage: 100,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      const fe = (res.payload?.financialEvents ?? {}) as Body;
      out.shipments.push(...((fe.shipmentEventList as Body[]) ?? []));
      out.refunds.push(...((fe.refundEventList as Body[]) ?? []));
      out.adjustments.push(...((fe.adjustmentEventList as Body[]) ?? []));
      nextToken = res.payload?.nextToken;
    } while (nextToken);
    return out;
  }

  async items(orderId: string): Promise<OrderLine[]> {
    const res = await this.sp('getOrderItems', () =>
      this.orders.getOrderItemsWithHttpInfo(orderId, {}),
    );
    return ((res.payload?.orderItems as Body[]) ?? []).map((i) => ({
      orderItemId: String(i.orderItemId),
      sku: String(i.sellerSKU),
      quantity: Number(i.quantityOrdered),
      amountCents: Math.round(Number(i.itemPrice?.amount ?? 0) * 100),
    }));
  }

  confirmShipment(
    orderId: string,
    shipment: { trackingNumber: string; carrier: string; shipDate: string },
    lines: Pick<OrderLine, 'orderItemId' | 'quantity'>[],
  ): Promise<unknown> {
    return this.sp('confirmShipment', () =>
      this.orders.confirmShipmentWithHttpInfo(orderId, {
        marketplaceId: this.marketplaceId,
        packageDetail: {
          packageReferenceId: '1', // "only positive numeric values" (SP-API docs); one package per order
          carrierCode: shipment.carrier,
          trackingNumber: shipment.trackingNumber,
          shipDate: shipment.shipDate,
          orderItems: lines.map((l) => ({ orderItemId: l.orderItemId, quantity: l.quantity })),
        },
      }),
    );
  }

  setQuantity(sku: string, quantity: number): Promise<unknown> {
    return this.sp('patchListingsItem', () =>
      this.listings.patchListingsItemWithHttpInfo(this.sellerId, sku, [this.marketplaceId], {
        productType: 'PRODUCT',
        patches: [
          {
            op: 'replace',
            path: '/attributes/fulfillment_availability',
            value: [{ fulfillment_channel_code: 'DEFAULT', quantity }],
          },
        ],
      }),
    );
  }

  /**
   * Set the offer price: `purchasable_offer` with one `our_price` schedule value
   * (https://developer-docs.amazon.com/sp-api/docs/manage-purchasable-offer).
   */
  setPrice(sku: string, cents: number): Promise<unknown> {
    return this.sp('patchListingsItem', () =>
      this.listings.patchListingsItemWithHttpInfo(this.sellerId, sku, [this.marketplaceId], {
        productType: 'PRODUCT',
        patches: [
          {
            op: 'replace',
            path: '/attributes/purchasable_offer',
            value: [
              {
                marketplace_id: this.marketplaceId,
                currency: 'USD',
                our_price: [{ schedule: [{ value_with_tax: cents / 100 }] }],
              },
            ],
          },
        ],
      }),
    );
  }
}
