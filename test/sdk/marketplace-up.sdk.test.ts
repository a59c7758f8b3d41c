import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lwaToken } from '../support/lwa.js';
import { startUp } from '../support/up.js';

/**
 * Amazon's JS SDK against `omnichaos up` on the real clock, building its windows from its own
 * clock as Amazon tells clients to: ordersV0.json says CreatedBefore "must be no later than two
 * minutes before the time that the request was submitted", and getOrders serves settled data
 * only. With `up` anchored to the wall clock, `CreatedBefore = now − 3 min` is accepted, an order
 * placed a moment ago is not visible yet, and `CreatedBefore = now − 1 min` is refused.
 */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
interface OrdersV0Api {
  getOrders(marketplaceIds: string[], opts: Record<string, unknown>): Promise<Body>;
  getOrder(orderId: string): Promise<Body>;
}
interface Sdk {
  OrdersSpApi: {
    ApiClient: new (baseUrl: string) => {
      applyXAmzAccessTokenToRequest(token: string): void;
      disableRateLimiter(): void;
    };
    OrdersV0Api: new (client: unknown) => OrdersV0Api;
  };
}
// A variable specifier keeps tsc from demanding declarations the package does not ship.
const SDK_PACKAGE = '@amazon-sp-api-release/amazon-sp-api-sdk-js';

let up: Awaited<ReturnType<typeof startUp>>;
let orders: OrdersV0Api;
let marketplaceId = '';
let fresh = '';

const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  up = await startUp(['--port', '0', '--seed', '5']);
  const { env } = (await (await fetch(`${up.controlUrl}/_omnichaos/endpoints`)).json()) as {
    env: Record<string, string>;
  };
  marketplaceId = env.OMNICHAOS_MARKETPLACE_MARKETPLACE_ID!;
  const sdk = (await import(SDK_PACKAGE)) as Sdk;
  const client = new sdk.OrdersSpApi.ApiClient(env.OMNICHAOS_MARKETPLACE_URL!);
  client.applyXAmzAccessTokenToRequest(await lwaToken(env));
  client.disableRateLimiter();
  orders = new sdk.OrdersSpApi.OrdersV0Api(client);
  const placed = await fetch(`${up.controlUrl}/_omnichaos/demand/marketplace-order/0`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(placed.status).toBe(200);
  fresh = ((await placed.json()) as { result: { orderId: string } }).result.orderId;
}, 30_000);
afterAll(async () => {
  expect(await up.stop()).toBe(0);
});

describe('amazon-sp-api-sdk-js against omnichaos up on the real clock', () => {
  it('takes CreatedBefore = now − 3 min, and does not show an order that has not settled', async () => {
    const now = Date.now();
    const windowed = await orders.getOrders([marketplaceId], {
      createdAfter: iso(now - 24 * 3_600_000),
      createdBefore: iso(now - 3 * 60_000),
    });
    const ids = (windowed.payload?.orders ?? []).map((o: Body) => o.amazonOrderId as string);
    expect(ids.every((id: string) => /^\d{3}-\d{7}-\d{7}$/.test(id))).toBe(true);
    expect(ids).not.toContain(fresh);
    const open = await orders.getOrders([marketplaceId], {
      createdAfter: iso(now - 24 * 3_600_000),
    });
    const all = (open.payload?.orders ?? []).map((o: Body) => o.amazonOrderId as string);
    // placed a moment ago: Amazon lists it once it has settled, about two minutes later
    expect(all).not.toContain(fresh);
    // … though it exists, bought on the wall clock's "now" (up is anchored to it)
    const got = await orders.getOrder(fresh);
    const order = got.payload as Body;
    expect(order.amazonOrderId).toBe(fresh);
    expect(Math.abs(Date.parse(order.purchaseDate as string) - now)).toBeLessThan(60_000);
  });

  it('refuses CreatedBefore = now − 1 min, as Amazon does', async () => {
    const now = Date.now();
    await expect(
      orders.getOrders([marketplaceId], {
        createdAfter: iso(now - 24 * 3_600_000),
        createdBefore: iso(now - 60_000),
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
