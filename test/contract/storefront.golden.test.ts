import { describe, it } from 'vitest';
import { Journal } from '../../journal/journal.js';
import { VirtualClock } from '../../simulators/core/clock.js';
import type { SimulatorContext } from '../../simulators/core/define-simulator.js';
import { inProcessCaller } from '../../simulators/core/in-process.js';
import { createSimulatorRuntime } from '../../simulators/core/simulator-runtime.js';
import {
  placeStorefrontOrder,
  storefrontCredentials,
  storefrontSimulator,
  type StorefrontState,
} from '../../simulators/storefront/index.js';
import { createWorld } from '../../world/index.js';
import { expectGolden } from '../support/golden.js';

/**
 * Representative Shopify Admin GraphQL answers, pinned as golden files under
 * test/golden/storefront/ (regenerate with UPDATE_GOLDEN=1): a page of orders, the mutations the
 * flows use with their userErrors, the error model (401, validation, THROTTLED) and a webhook as
 * delivered. Seeded world and virtual clock, so ids and bodies are stable.
 */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

describe('storefront golden responses', () => {
  it('pins the main payloads', async () => {
    const clock = new VirtualClock({ startMs: Date.UTC(2026, 10, 27, 5), speed: 1 });
    const world = createWorld(7, { skus: 6, warehouses: 1, stores: 1, customers: 10 });
    const hooks: { headers: Record<string, string>; body: string }[] = [];
    const runtime = createSimulatorRuntime(storefrontSimulator, {
      world,
      clock,
      journal: new Journal({ clock, keepInMemory: 10_000 }),
      config: { bucketSize: 120, restoreRate: 10 },
      webhookUrl: 'https://receiver.test/webhooks/storefront',
      deliver: async (_url, init) => {
        hooks.push({ headers: init.headers, body: init.body });
        return { status: 200 };
      },
    });
    runtime.start();
    const ctx = runtime.context as SimulatorContext<StorefrontState>;
    for (let i = 0; i < 3; i++) {
      placeStorefrontOrder(ctx, i);
      await clock.advance(60_000);
    }
    const token = storefrontCredentials(world).accessToken;
    const call = inProcessCaller(runtime, () => ({
      'x-shopify-access-token': token,
      'content-type': 'application/json',
    }));
    const path = '/admin/api/2025-01/graphql.json';
    const gql = async (name: string, query: string, variables: object = {}, headers = {}) => {
      const res = await call('POST', path, { query, variables }, headers);
      expectGolden(`storefront/${name}`, { status: res.status, body: res.body });
      await clock.advance(30_000); // the bucket refills between pinned calls
      return res.body as Body;
    };

    await gql(
      'orders-page',
      `query($after: String) { orders(first: 2, after: $after) { nodes { id name createdAt
        displayFinancialStatus totalPriceSet { shopMoney { amount currencyCode } }
        lineItems(first: 5) { nodes { sku quantity originalUnitPriceSet { shopMoney { amount } } } } }
        pageInfo { hasNextPage endCursor } } }`,
    );
    const variants = await gql(
      'product-variants',
      `{ productVariants(first: 2) { nodes { id sku price compareAtPrice product { id }
        inventoryItem { id inventoryLevels(first: 1) { nodes { location { id }
        quantities(names: ["available"]) { name quantity } } } } } } }`,
    );
    const v = variants.data.productVariants.nodes[0];
    const level = v.inventoryItem.inventoryLevels.nodes[0];
    const set = `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) {
      inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange } }
      userErrors { code field message } } }`;
    const input = (compareQuantity: number) => ({
      input: {
        name: 'available',
        reason: 'correction',
        quantities: [
          {
            inventoryItemId: v.inventoryItem.id,
            locationId: level.location.id,
            quantity: 2,
            compareQuantity,
          },
        ],
      },
    });
    await gql('inventory-set', set, input(level.quantities[0].quantity));
    await gql('inventory-set-stale', set, input(level.quantities[0].quantity));
    const bulk = `mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
      productVariantsBulkUpdate(productId: $productId, variants: $variants) {
        productVariants { id sku price compareAtPrice } userErrors { code field message } } }`;
    await gql('price-update', bulk, {
      productId: v.product.id,
      variants: [{ id: v.id, price: '9.99', compareAtPrice: v.price }],
    });
    await gql('price-update-invalid', bulk, {
      productId: v.product.id,
      variants: [{ id: v.id, price: 'nine' }],
    });
    const fos = await gql(
      'fulfillment-orders',
      `{ fulfillmentOrders(first: 1) { nodes { id status orderName lineItems(first: 5) { nodes { sku remainingQuantity } } } } }`,
    );
    const ship = `mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) {
      fulfillment { status trackingInfo { company number } } userErrors { field message } } }`;
    const f = {
      f: {
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: fos.data.fulfillmentOrders.nodes[0].id },
        ],
        trackingInfo: { company: 'UPS', number: '1Z999AA10123456784' },
      },
    };
    await gql('fulfillment-create', ship, f);
    await gql('fulfillment-create-closed', ship, f);
    await gql('error-undefined-field', `{ orders(first: 1) { nodes { nope } } }`);
    await gql(
      'error-unauthorized',
      `{ shop { name } }`,
      {},
      { 'x-shopify-access-token': 'shpat_nope' },
    );
    const heavy = `{ productVariants(first: 100) { nodes { sku } } }`;
    // Each asks for 102 points and is charged 8: the third finds fewer than 102 left.
    let throttled = await call('POST', path, { query: heavy });
    for (let i = 0; i < 10 && !(throttled.body as Body).errors; i++)
      throttled = await call('POST', path, { query: heavy });
    expectGolden('storefront/error-throttled', { status: throttled.status, body: throttled.body });

    const created = hooks.find(
      (h) =>
        h.headers['X-Shopify-Topic'] === 'orders/create' ||
        h.headers['x-shopify-topic'] === 'orders/create',
    );
    const headers = Object.fromEntries(
      Object.entries(created!.headers).map(([k, val]) => [
        k,
        /hmac|webhook-id|event-id|triggered-at/i.test(k) ? '<varies>' : val,
      ]),
    );
    expectGolden('storefront/webhook-orders-create', { headers, body: JSON.parse(created!.body) });
  });
});
