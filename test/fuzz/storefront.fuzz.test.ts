import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulators/core/clock.js';
import { inProcessCaller } from '../../simulators/core/in-process.js';
import { Journal } from '../../journal/journal.js';
import { createSimulatorRuntime } from '../../simulators/core/simulator-runtime.js';
import {
  placeStorefrontOrder,
  storefrontCredentials,
  storefrontSimulator,
} from '../../simulators/storefront/index.js';
import { createWorld } from '../../world/index.js';
import { vendorShaped } from '../support/fuzz.js';

/**
 * Property: whatever arrives at the storefront's GraphQL endpoint — arbitrary or malformed
 * bodies, real queries and mutations with arbitrary variables (ids, prices, quantities, cursors,
 * search strings) — the answer is below 500, in Shopify's shape (`errors` on a 4xx; `data` or
 * `errors` plus `extensions.cost` on a 200), and nothing journals `sim:crashed`.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const clock = new VirtualClock({ startMs: Date.parse('2026-11-27T05:00:00Z'), speed: 1 });
const journal = new Journal({ clock, keepInMemory: 100_000 });
const world = createWorld(7, { skus: 30, warehouses: 1, stores: 1, customers: 10 });
const runtime = createSimulatorRuntime(storefrontSimulator, {
  world,
  clock,
  journal,
  config: { throttle: false },
  webhookUrl: 'http://127.0.0.1:9/hooks',
  deliver: async () => ({ status: 200 }),
});
runtime.start();
for (let i = 0; i < 5; i++) placeStorefrontOrder(runtime.context as never, i);
const call = inProcessCaller(runtime, () => ({
  'x-shopify-access-token': storefrontCredentials(world).accessToken,
  'content-type': 'application/json',
}));
const PATH = '/admin/api/2025-01/graphql.json';

async function expectSane(raw: string): Promise<void> {
  const res = await call('POST', PATH, raw);
  expect(res.status, raw.slice(0, 300)).toBeLessThan(500);
  const body = res.body as Record<string, unknown>;
  if (res.status >= 400) expect(body).toHaveProperty('errors');
  else {
    expect('data' in body || 'errors' in body).toBe(true);
    expect(body.extensions).toHaveProperty('cost.throttleStatus');
  }
}

const QUERIES = [
  `query($q: String, $after: String, $first: Int) { orders(first: $first, after: $after, query: $q) { nodes { id name lineItems(first: 3) { nodes { sku } } } pageInfo { endCursor } } }`,
  `query($id: ID!) { order(id: $id) { id fulfillmentOrders(first: 2) { nodes { id status } } } }`,
  `query($q: String, $first: Int) { productVariants(first: $first, query: $q) { nodes { id price compareAtPrice inventoryItem { id } } } }`,
  `query($id: ID!) { inventoryLevel(id: $id) { quantities(names: ["available", "on_hand"]) { quantity } } }`,
  `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code field message } } }`,
  `mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $productId, variants: $variants) { userErrors { code field } } }`,
  `mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { field message } } }`,
];

const plausible = fc.constantFrom<unknown>(
  'gid://shopify/Order/1',
  'gid://shopify/ProductVariant/abc',
  'gid://shopify/InventoryItem/46000000000000',
  'gid://shopify/Location/70000000000',
  'gid://shopify/FulfillmentOrder/7000000000001',
  'gid://shopify/InventoryLevel/1?inventory_item_id=2',
  'updated_at:>2026-01-01T00:00:00Z',
  "sku:'SKU-00001' OR x",
  'eyJsYXN0X2lkIjoxLCJsYXN0X3ZhbHVlIjoiYSJ9',
  '19.99',
  '-1',
  'abc',
  'available',
  'correction',
  0,
  -1,
  251,
  2 ** 31,
  1.5,
  null,
  'x'.repeat(10_000),
);
const KEYS = [
  'q',
  'after',
  'first',
  'id',
  'input',
  'name',
  'reason',
  'quantities',
  'inventoryItemId',
  'locationId',
  'quantity',
  'compareQuantity',
  'ignoreCompareQuantity',
  'productId',
  'variants',
  'price',
  'compareAtPrice',
  'f',
  'lineItemsByFulfillmentOrder',
  'fulfillmentOrderId',
  'trackingInfo',
  'number',
];
const shaped = vendorShaped(KEYS, plausible);

describe('storefront fuzz', () => {
  afterAll(() => expect(journal.query({ type: 'sim:crashed', limit: 1000 })).toEqual([]));

  it('any body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          shaped.map((v) => JSON.stringify(v) ?? 'null'),
          fc.string({ maxLength: 200 }).map((q) => JSON.stringify({ query: q })),
        ),
        expectSane,
      ),
      { numRuns: RUNS },
    );
  });

  it('real operations with arbitrary variables', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...QUERIES),
        fc.dictionary(fc.constantFrom(...KEYS), shaped, { maxKeys: 5 }),
        (query, variables) => expectSane(JSON.stringify({ query, variables })),
      ),
      { numRuns: RUNS },
    );
  });
});
