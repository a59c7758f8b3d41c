import '@shopify/shopify-api/adapters/node';
import { createAdminApiClient } from '@shopify/admin-api-client';
import { LogSeverity, shopifyApi } from '@shopify/shopify-api';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUp } from '../support/up.js';

/**
 * Shopify's own clients against `omnichaos up` as a user starts it — a separate process on the
 * real clock, storefront demand placing orders, webhooks delivered over HTTP to a receiver here.
 * `@shopify/admin-api-client` is pointed at it by its store domain only (the client always builds
 * `https://` URLs, so its documented `customFetchApi` hook sends the same request over plain HTTP);
 * `@shopify/shopify-api`'s `webhooks.validate` judges a delivery as it arrived on the wire.
 */

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

interface Page {
  data: {
    orders: {
      nodes: { id: string; name: string }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  extensions?: { cost?: { throttleStatus?: { maximumAvailable: number } } };
}

let up: Awaited<ReturnType<typeof startUp>>;
let receiver: Server;
const deliveries: Delivery[] = [];
let env: Record<string, string>;

function client() {
  return createAdminApiClient({
    storeDomain: new URL(env.OMNICHAOS_STOREFRONT_URL!).host,
    apiVersion: env.OMNICHAOS_STOREFRONT_API_VERSION!,
    accessToken: env.OMNICHAOS_STOREFRONT_ACCESS_TOKEN!,
    // The client warns about API versions older than a year; the simulator serves one version.
    logger: () => {},
    customFetchApi: (url, init) => fetch(String(url).replace(/^https:/, 'http:'), init),
  });
}

/** Poll (bounded) until `ok` holds, on the wall clock: `up` runs in real time. */
async function until(ok: () => Promise<boolean>, what: string, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/storefront`;
  const file = join(mkdtempSync(join(tmpdir(), 'omnichaos-storefront-up-')), 'storefront-up.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      'name: storefront-up',
      'seed: 23',
      'clock: { duration: 1h }',
      'world: { skus: 300, warehouses: 1, stores: 0, customers: 200 }',
      'demand:',
      '  storefront:',
      '    stages:',
      '      - { for: 1h, rate: 10/s }',
      'target:',
      `  webhooks: { storefront: '${hook}' }`,
    ].join('\n'),
  );
  up = await startUp(['--port', '0', '--scenario', file, '--demand']);
  ({ env } = (await (await fetch(`${up.controlUrl}/_omnichaos/endpoints`)).json()) as {
    env: Record<string, string>;
  });
}, 30_000);

afterAll(async () => {
  expect(await up?.stop()).toBe(0);
  await new Promise((r) => receiver?.close(r));
});

describe('@shopify/admin-api-client against omnichaos up', () => {
  it('pages through the orders demand placed, every page priced in throttleStatus', async () => {
    const shop = client();
    const firstTen = async () => {
      const res = await shop.request(`{ orders(first: 10) { nodes { id } } }`);
      return (res.data?.orders?.nodes?.length as number | undefined) ?? 0;
    };
    await until(async () => (await firstTen()) === 10, 'ten storefront orders');
    const total = 10;
    const query = /* GraphQL */ `
      query Orders($after: String) {
        orders(first: 3, after: $after, sortKey: CREATED_AT) {
          nodes {
            id
            name
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    `;
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = (await shop.request(query, { variables: { after } })) as unknown as Page;
      expect(res.extensions?.cost?.throttleStatus?.maximumAvailable).toBe(2000);
      ids.push(...res.data.orders.nodes.map((n) => n.id));
      after = res.data.orders.pageInfo.hasNextPage ? res.data.orders.pageInfo.endCursor : null;
      pages++;
      // Bounded: demand keeps placing orders while we page, so stop well past what we counted.
    } while (after && pages < 40);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(total / 3));
    expect(ids.length).toBeGreaterThanOrEqual(total);
    expect(new Set(ids).size).toBe(ids.length); // no order twice across pages
    for (const id of ids) expect(id).toMatch(/^gid:\/\/shopify\/Order\/\d+$/);
  });

  it('sets inventory with compare-and-set and updates a price, read back as set', async () => {
    const shop = client();
    const read = await shop.request(/* GraphQL */ `
      {
        productVariants(first: 1, query: "sku:SKU-00007") {
          nodes {
            id
            price
            product {
              id
            }
            inventoryItem {
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
      }
    `);
    expect(read.errors).toBeUndefined();
    const variant = read.data.productVariants.nodes[0];
    const level = variant.inventoryItem.inventoryLevels.nodes[0];
    const set = (compareQuantity: number) =>
      shop.request(
        /* GraphQL */ `
          mutation Set($input: InventorySetQuantitiesInput!) {
            inventorySetQuantities(input: $input) {
              inventoryAdjustmentGroup {
                changes {
                  name
                  quantityAfterChange
                }
              }
              userErrors {
                code
              }
            }
          }
        `,
        {
          variables: {
            input: {
              name: 'available',
              reason: 'correction',
              quantities: [
                {
                  inventoryItemId: variant.inventoryItem.id,
                  locationId: level.location.id,
                  quantity: 3,
                  compareQuantity,
                },
              ],
            },
          },
        },
      );
    // Demand may sell this SKU between the read and the write: re-read and retry, as a client must.
    let current = level.quantities[0].quantity as number;
    let ok = await set(current);
    for (let i = 0; i < 5 && ok.data.inventorySetQuantities.userErrors.length; i++) {
      const again = await shop.request(
        `query($id: ID!) { inventoryItem(id: $id) { inventoryLevels(first: 1) { nodes { quantities(names: ["available"]) { quantity } } } } }`,
        { variables: { id: variant.inventoryItem.id } },
      );
      current = again.data.inventoryItem.inventoryLevels.nodes[0].quantities[0].quantity;
      ok = await set(current);
    }
    expect(ok.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(ok.data.inventorySetQuantities.inventoryAdjustmentGroup.changes).toContainEqual({
      name: 'available',
      quantityAfterChange: 3,
    });
    const stale = await set(current === 3 ? 4 : current);
    expect(stale.data.inventorySetQuantities.userErrors[0].code).toBe('COMPARE_QUANTITY_STALE');

    const price = await shop.request(
      /* GraphQL */ `
        mutation Bulk($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
          productVariantsBulkUpdate(productId: $productId, variants: $variants) {
            productVariants {
              price
              compareAtPrice
            }
            userErrors {
              message
            }
          }
        }
      `,
      {
        variables: {
          productId: variant.product.id,
          variants: [{ id: variant.id, price: '17.49', compareAtPrice: variant.price }],
        },
      },
    );
    expect(price.data.productVariantsBulkUpdate.userErrors).toEqual([]);
    const back = await shop.request(`query($id: ID!) { productVariant(id: $id) { price } }`, {
      variables: { id: variant.id },
    });
    expect(back.data.productVariant.price).toBe('17.49');
  });

  it('answers THROTTLED with throttleStatus once the bucket cannot cover a query', async () => {
    const shop = client();
    // About 252 points a query against a 2,000-point bucket restoring 100 a second: a burst of
    // them drains it within a second. Bounded: at most 30 queries.
    const query = `{ productVariants(first: 250) { nodes { sku price } } }`;
    let throttled: { errors?: { graphQLErrors?: unknown[] }; extensions?: unknown } | undefined;
    for (let i = 0; i < 30 && !throttled; i++) {
      const res = await shop.request(query);
      if (res.errors) throttled = res as never;
    }
    expect(throttled?.errors?.graphQLErrors?.[0]).toMatchObject({
      message: 'Throttled',
      extensions: { code: 'THROTTLED' },
    });
    const cost = (throttled?.extensions as { cost: Record<string, any> }).cost; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON
    expect(cost.throttleStatus.maximumAvailable).toBe(2000);
    expect(cost.throttleStatus.currentlyAvailable).toBeLessThan(cost.requestedQueryCost);
  });

  it("delivers webhooks over HTTP that @shopify/shopify-api's webhooks.validate accepts", async () => {
    await until(
      async () => deliveries.some((d) => d.headers['x-shopify-topic'] === 'orders/create'),
      'an orders/create delivery',
    );
    const shopify = shopifyApi({
      apiKey: 'omnichaos-test-app',
      apiSecretKey: env.OMNICHAOS_STOREFRONT_API_SECRET!,
      scopes: [],
      hostName: 'localhost',
      apiVersion: env.OMNICHAOS_STOREFRONT_API_VERSION as never,
      isEmbeddedApp: false,
      logger: { level: LogSeverity.Error },
    });
    const created = deliveries.find((d) => d.headers['x-shopify-topic'] === 'orders/create')!;
    const check = (body: string) =>
      shopify.webhooks.validate({
        rawBody: body,
        rawRequest: { method: 'POST', url: '/webhooks/storefront', headers: created.headers },
        rawResponse: {},
      } as never);
    expect(await check(created.body)).toMatchObject({ valid: true, topic: 'ORDERS_CREATE' });
    expect((await check(created.body + ' ')).valid).toBe(false); // one byte more: HMAC fails
  });
});
