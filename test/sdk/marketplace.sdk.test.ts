import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulators/core/clock.js';
import { marketplaceSimulator } from '../../simulators/marketplace/index.js';
import { startSimulators, type StartedSimulators } from '../../runtime/start-simulators.js';
import { lwaToken } from '../support/lwa.js';

/**
 * Amazon's official JS SDK against the marketplace simulator over real HTTP on 127.0.0.1
 * (docs/dialects/marketplace.md): `new ApiClient(baseUrl)` per API module. Its `LwaOAuthClient` hard-codes
 * `https://api.amazon.com/auth/o2/token`, so the token comes from the simulator's LWA endpoint
 * (as OMNICHAOS_MARKETPLACE_LWA_URL tells a target) and is applied with
 * `applyXAmzAccessTokenToRequest`. The SDK's own client-side limiter is turned off so the test
 * does not wait a minute between getOrders pages.
 */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

/** The slice of the SDK this test uses. The package ships no root type declarations. */
interface SdkApiClient {
  applyXAmzAccessTokenToRequest(token: string): void;
  disableRateLimiter(): void;
}
interface OrdersV0Api {
  getOrders(marketplaceIds: string[], opts: Record<string, unknown>): Promise<unknown>;
  getOrder(orderId: string): Promise<unknown>;
  getOrderItems(orderId: string): Promise<unknown>;
  confirmShipment(orderId: string, payload: unknown): Promise<unknown>;
}
interface ListingsApi {
  patchListingsItem(
    sellerId: string,
    sku: string,
    marketplaceIds: string[],
    body: unknown,
  ): Promise<unknown>;
  getListingsItem(
    sellerId: string,
    sku: string,
    marketplaceIds: string[],
    opts: Record<string, unknown>,
  ): Promise<unknown>;
}
interface Sdk {
  OrdersSpApi: {
    ApiClient: new (baseUrl: string) => SdkApiClient;
    OrdersV0Api: new (client: SdkApiClient) => OrdersV0Api;
  };
  ListingsitemsSpApi: {
    ApiClient: new (baseUrl: string) => SdkApiClient;
    ListingsApi: new (client: SdkApiClient) => ListingsApi;
  };
}
// A variable specifier keeps tsc from demanding declarations the package does not ship.
const SDK_PACKAGE = '@amazon-sp-api-release/amazon-sp-api-sdk-js';

const START = Date.UTC(2026, 10, 27, 5);
let sims: StartedSimulators;
let orders: OrdersV0Api;
let listings: ListingsApi;
let marketplaceId = '';

let clock: VirtualClock;

beforeAll(async () => {
  const sdk = (await import(SDK_PACKAGE)) as Sdk;
  clock = new VirtualClock({ startMs: START, speed: 1 });
  sims = await startSimulators({
    seed: 42,
    port: 0,
    worldSize: { skus: 80 },
    simulators: [marketplaceSimulator],
    clock,
    config: { marketplace: { rateLimits: false } },
  });
  const env = sims.endpoints().env;
  marketplaceId = env.OMNICHAOS_MARKETPLACE_MARKETPLACE_ID!;
  const token = await lwaToken(env);
  const oc = new sdk.OrdersSpApi.ApiClient(sims.urls.marketplace!);
  oc.applyXAmzAccessTokenToRequest(token);
  oc.disableRateLimiter();
  orders = new sdk.OrdersSpApi.OrdersV0Api(oc);
  const lc = new sdk.ListingsitemsSpApi.ApiClient(sims.urls.marketplace!);
  lc.applyXAmzAccessTokenToRequest(token);
  lc.disableRateLimiter();
  listings = new sdk.ListingsitemsSpApi.ListingsApi(lc);
  const ctx = sims.simulators.marketplace!.context;
  for (let i = 0; i < 7; i++) marketplaceSimulator.demand!['marketplace-order']!(ctx, i);
  // getOrders serves settled data only (two minutes, as Amazon's CreatedBefore rule says).
  await clock.advance(120_000);
});
afterAll(() => sims.close());

describe('amazon-sp-api-sdk-js against the marketplace simulator', () => {
  it('pages getOrders, reads order items, and confirms a shipment', async () => {
    const ids: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const res = (await orders.getOrders([marketplaceId], {
        createdAfter: '2026-11-01T00:00:00Z',
        maxResultsPerPage: 3,
        ...(nextToken ? { nextToken } : {}),
      })) as Body;
      ids.push(...res.payload.orders.map((o: Body) => o.amazonOrderId as string));
      nextToken = res.payload.nextToken;
      pages++;
    } while (nextToken && pages < 10);
    expect(pages).toBe(3);
    expect(ids).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((i) => sims.world.marketplaceOrder(i).amazonOrderId),
    );

    const first = ids[0]!;
    const items = (await orders.getOrderItems(first)) as Body;
    const world = sims.world.marketplaceOrder(0);
    expect(items.payload.orderItems.map((i: Body) => i.sellerSKU)).toEqual(
      world.lines.map((l) => l.sku),
    );

    await orders.confirmShipment(first, {
      marketplaceId,
      packageDetail: {
        packageReferenceId: '1',
        carrierCode: 'UPS',
        trackingNumber: '1ZSDK0000000000001',
        shipDate: '2026-11-27T05:00:00Z',
        orderItems: items.payload.orderItems.map((i: Body) => ({
          orderItemId: i.orderItemId,
          quantity: i.quantityOrdered,
        })),
      },
    });
    const order = (await orders.getOrder(first)) as Body;
    expect(order.payload.orderStatus).toBe('Shipped');
    // The SDK's models read our PascalCase fields: money and counts survive deserialisation.
    expect(order.payload.orderTotal.amount).toMatch(/^\d+\.\d{2}$/);
    expect(order.payload.numberOfItemsUnshipped).toBe(0);
    expect(items.payload.orderItems[0].itemPrice.currencyCode).toBe('USD');
    expect(sims.journal.query({ type: 'channel:shipment-confirmed' })).toHaveLength(1);
  });

  it('surfaces SP-API errors through the SDK (404 NotFound)', async () => {
    const err = (await orders.getOrder('111-0000000-0000000').catch((e: unknown) => e)) as Body;
    expect(err.status ?? err.response?.status).toBe(404);
  });

  it('patches and reads listing quantity through ListingsApi', async () => {
    const sellerId = sims.world.credentials.marketplace.sellerId;
    const res = (await listings.patchListingsItem(sellerId, 'SKU-00004', [marketplaceId], {
      productType: 'PRODUCT',
      patches: [
        {
          op: 'replace',
          path: '/attributes/fulfillment_availability',
          value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 3 }],
        },
      ],
    })) as Body;
    expect(res.status).toBe('ACCEPTED');
    await clock.advance(120_000); // ACCEPTED is queued: applied after listingProcessingMs
    const item = (await listings.getListingsItem(sellerId, 'SKU-00004', [marketplaceId], {
      includedData: ['attributes'],
    })) as Body;
    expect(item.attributes.fulfillment_availability[0].quantity).toBe(3);
    expect(sims.journal.query({ type: 'sim:crashed' })).toEqual([]);
  });
});
