import '@shopify/shopify-api/adapters/node';
import { createAdminApiClient } from '@shopify/admin-api-client';
import { shopifyApi, LogSeverity } from '@shopify/shopify-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulators/core/clock.js';
import type { SimulatorContext } from '../../simulators/core/define-simulator.js';
import {
  placeStorefrontOrder,
  storefrontCredentials,
  storefrontSimulator,
  type StorefrontState,
} from '../../simulators/storefront/index.js';
import { startSimulators, type StartedSimulators } from '../../runtime/start-simulators.js';

/**
 * Shopify's own clients against the storefront simulator (docs/dialects/storefront.md):
 * `@shopify/admin-api-client` pointed at it by its store domain — the client always builds an
 * `https://` URL, so its documented `customFetchApi` hook sends the same request over plain HTTP
 * to 127.0.0.1 — and `@shopify/shopify-api`'s `webhooks.validate` on a delivery it sent.
 */
const START = Date.parse('2026-11-27T05:00:00Z');

interface Delivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

interface OrdersPage {
  errors?: unknown;
  extensions?: { cost?: { throttleStatus?: { maximumAvailable?: number } } };
  data?: {
    orders: {
      nodes: { name: string; lineItems: { nodes: { sku: string }[] } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

function adminClient(sims: StartedSimulators) {
  const creds = storefrontCredentials(sims.world);
  return createAdminApiClient({
    storeDomain: new URL(sims.urls.storefront!).host,
    apiVersion: '2025-01',
    accessToken: creds.accessToken,
    // The client warns about versions older than a year; the simulator serves 2025-01 only.
    logger: () => {},
    customFetchApi: (url, init) => fetch(String(url).replace(/^https:/, 'http:'), init),
  });
}

describe('@shopify/admin-api-client against the storefront simulator', () => {
  let sims: StartedSimulators;
  let clock: VirtualClock;
  let ctx: SimulatorContext<StorefrontState>;
  const deliveries: Delivery[] = [];

  beforeAll(async () => {
    clock = new VirtualClock({ startMs: START, speed: 1 });
    sims = await startSimulators({
      seed: 42,
      port: 0,
      simulators: [storefrontSimulator],
      clock,
      webhooks: { storefront: 'http://127.0.0.1:9/hooks/shopify' },
      deliver: async (url, init) => {
        deliveries.push({ url, headers: init.headers, body: init.body });
        return { status: 200 };
      },
    });
    ctx = sims.simulators.storefront!.context as SimulatorContext<StorefrontState>;
    for (let i = 0; i < 7; i++) {
      placeStorefrontOrder(ctx, i);
      await clock.advance(60_000);
    }
  });
  afterAll(async () => sims?.close());

  it('paginates orders updated since a time, page by page with pageInfo', async () => {
    const client = adminClient(sims);
    const since = new Date(START + 30_000).toISOString();
    const query = /* GraphQL */ `
      query Orders($after: String, $q: String) {
        orders(first: 3, after: $after, query: $q) {
          nodes {
            id
            name
            updatedAt
            lineItems(first: 5) {
              nodes {
                sku
                quantity
                originalUnitPriceSet {
                  shopMoney {
                    amount
                  }
                }
              }
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    `;
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: OrdersPage = await client.request(query, {
        variables: { after, q: `updated_at:>${since}` },
      });
      expect(res.errors).toBeUndefined();
      const page = res.data!.orders;
      names.push(...page.nodes.map((n) => n.name));
      for (const n of page.nodes) expect(n.lineItems.nodes[0]!.sku).toMatch(/^SKU-\d{5}$/);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      expect(res.extensions?.cost?.throttleStatus?.maximumAvailable).toBe(2000);
      pages++;
    } while (after);
    // The first order was placed at START, before `since`; the rest come three to a page.
    const expected = ctx.state.orderList.filter((o) => o.updatedMs > START + 30_000);
    expect(expected.length).toBeGreaterThan(3);
    expect(names).toEqual(expected.map((o) => o.name));
    expect(pages).toBe(Math.ceil(expected.length / 3));
  });

  it('sets inventory with compare-and-set, and refuses a stale compare quantity', async () => {
    const client = adminClient(sims);
    const read = await client.request(/* GraphQL */ `
      {
        inventoryItems(first: 1, query: "sku:SKU-00003") {
          nodes {
            id
            inventoryLevels(first: 1) {
              nodes {
                location {
                  id
                }
                quantities(names: ["available"]) {
                  quantity
                }
              }
            }
          }
        }
      }
    `);
    const item = read.data.inventoryItems.nodes[0];
    const level = item.inventoryLevels.nodes[0];
    const current = level.quantities[0].quantity as number;
    const mutation = /* GraphQL */ `
      mutation Set($input: InventorySetQuantitiesInput!) {
        inventorySetQuantities(input: $input) {
          inventoryAdjustmentGroup {
            changes {
              name
              delta
              quantityAfterChange
            }
          }
          userErrors {
            code
            field
            message
          }
        }
      }
    `;
    const input = (compareQuantity: number) => ({
      name: 'available',
      reason: 'correction',
      quantities: [
        { inventoryItemId: item.id, locationId: level.location.id, quantity: 5, compareQuantity },
      ],
    });
    const ok = await client.request(mutation, { variables: { input: input(current) } });
    expect(ok.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(ok.data.inventorySetQuantities.inventoryAdjustmentGroup.changes).toContainEqual({
      name: 'available',
      delta: 5 - current,
      quantityAfterChange: 5,
    });
    const stale = await client.request(mutation, { variables: { input: input(current) } });
    expect(stale.data.inventorySetQuantities.userErrors[0].code).toBe('COMPARE_QUANTITY_STALE');
    expect(stale.data.inventorySetQuantities.inventoryAdjustmentGroup).toBeNull();
  });

  it('updates a variant price and compare-at price in bulk', async () => {
    const client = adminClient(sims);
    const found = await client.request(/* GraphQL */ `
      {
        productVariants(first: 1, query: "sku:SKU-00004") {
          nodes {
            id
            price
            product {
              id
            }
          }
        }
      }
    `);
    const v = found.data.productVariants.nodes[0];
    const res = await client.request(
      /* GraphQL */ `
        mutation Bulk($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
          productVariantsBulkUpdate(productId: $productId, variants: $variants) {
            productVariants {
              id
              sku
              price
              compareAtPrice
            }
            userErrors {
              code
              field
              message
            }
          }
        }
      `,
      {
        variables: {
          productId: v.product.id,
          variants: [{ id: v.id, price: '19.99', compareAtPrice: v.price }],
        },
      },
    );
    expect(res.data.productVariantsBulkUpdate.userErrors).toEqual([]);
    expect(res.data.productVariantsBulkUpdate.productVariants).toEqual([
      { id: v.id, sku: 'SKU-00004', price: '19.99', compareAtPrice: v.price },
    ]);
    expect(res.extensions?.cost?.requestedQueryCost).toBe(10);
  });

  it('fulfils an order with tracking and closes its fulfillment order', async () => {
    const client = adminClient(sims);
    const fo = await client.request(/* GraphQL */ `
      {
        fulfillmentOrders(first: 1) {
          nodes {
            id
            status
            orderName
          }
        }
      }
    `);
    const open = fo.data.fulfillmentOrders.nodes[0];
    expect(open.status).toBe('OPEN');
    const res = await client.request(
      /* GraphQL */ `
        mutation Ship($fulfillment: FulfillmentInput!) {
          fulfillmentCreate(fulfillment: $fulfillment) {
            fulfillment {
              status
              trackingInfo {
                company
                number
              }
            }
            userErrors {
              field
              message
            }
          }
        }
      `,
      {
        variables: {
          fulfillment: {
            lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: open.id }],
            trackingInfo: { company: 'UPS', number: '1Z999AA10123456784' },
          },
        },
      },
    );
    expect(res.data.fulfillmentCreate.userErrors).toEqual([]);
    expect(res.data.fulfillmentCreate.fulfillment.trackingInfo).toEqual([
      { company: 'UPS', number: '1Z999AA10123456784' },
    ]);
    const again = await client.request(
      `mutation Ship($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { userErrors { message } } }`,
      { variables: { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: open.id }] } } },
    );
    expect(again.data.fulfillmentCreate.userErrors[0].message).toMatch(/unfulfillable status/);
  });

  it("sends webhooks that @shopify/shopify-api's webhooks.validate accepts", async () => {
    await clock.advance(1_000);
    const creds = storefrontCredentials(sims.world);
    const shopify = shopifyApi({
      apiKey: creds.apiKey,
      apiSecretKey: creds.apiSecretKey,
      scopes: [],
      hostName: 'localhost',
      apiVersion: '2025-01' as never,
      isEmbeddedApp: false,
      logger: { level: LogSeverity.Error },
    });
    const topics = new Set(deliveries.map((d) => d.headers['x-shopify-topic']));
    expect(topics).toEqual(
      new Set([
        'orders/create',
        'inventory_levels/update',
        'fulfillments/create',
        'orders/updated',
      ]),
    );
    const created = deliveries.find((d) => d.headers['x-shopify-topic'] === 'orders/create')!;
    const check = (body: string) =>
      shopify.webhooks.validate({
        rawBody: body,
        rawRequest: { method: 'POST', url: '/hooks/shopify', headers: created.headers },
        rawResponse: {},
      } as never);
    const valid = await check(created.body);
    expect(valid).toMatchObject({ valid: true, topic: 'ORDERS_CREATE', apiVersion: '2025-01' });
    const tampered = await check(created.body.replace('"paid"', '"refunded"'));
    expect(tampered.valid).toBe(false);
  });
});

describe('cost throttling seen by @shopify/admin-api-client', () => {
  it('answers THROTTLED with throttleStatus when the bucket cannot cover the requested cost', async () => {
    const clock = new VirtualClock({ startMs: START, speed: 1 });
    await using sims = await startSimulators({
      seed: 42,
      port: 0,
      simulators: [storefrontSimulator],
      clock,
      config: { storefront: { bucketSize: 100, restoreRate: 10 } },
    });
    const client = adminClient(sims);
    const query = `{ productVariants(first: 60) { nodes { sku price } } }`;
    const first = await client.request(query);
    expect(first.errors).toBeUndefined();
    expect(first.extensions?.cost).toMatchObject({
      requestedQueryCost: 62,
      actualQueryCost: 62,
      throttleStatus: { maximumAvailable: 100, currentlyAvailable: 38, restoreRate: 10 },
    });
    const second = await client.request(query);
    expect(second.errors?.graphQLErrors?.[0]).toMatchObject({
      message: 'Throttled',
      extensions: { code: 'THROTTLED' },
    });
    expect(second.extensions?.cost).toMatchObject({
      requestedQueryCost: 62,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 100, currentlyAvailable: 38, restoreRate: 10 },
    });
    // Three wall seconds restore 30 points: 68 covers the query again.
    await clock.advance(3_000);
    const third = await client.request(query);
    expect(third.errors).toBeUndefined();
  });
});
