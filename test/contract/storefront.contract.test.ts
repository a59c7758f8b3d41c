import { createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import { Journal } from '../../journal/journal.js';
import { VirtualClock } from '../../simulators/core/clock.js';
import type { SimulatorContext } from '../../simulators/core/define-simulator.js';
import { createSimulatorRuntime } from '../../simulators/core/simulator-runtime.js';
import {
  placeStorefrontOrder,
  storefrontCredentials,
  storefrontSimulator,
  type StorefrontState,
} from '../../simulators/storefront/index.js';
import { createWorld } from '../../world/index.js';
import { describeOnEveryTransport, type Served } from '../support/transports.js';

/**
 * The storefront's GraphQL endpoint over real HTTP on node:http, express and msw: auth, the
 * error model, orders placed by demand and paged, cost throttling, and a signed webhook.
 */
const world = createWorld(7, { skus: 30, warehouses: 1, stores: 1, customers: 10 });
const creds = storefrontCredentials(world);
const hooks: { headers: Record<string, string>; body: string }[] = [];

function make(config: Record<string, unknown>) {
  return () => {
    const clock = new VirtualClock({ startMs: Date.parse('2026-11-27T05:00:00Z'), speed: 1 });
    const runtime = createSimulatorRuntime(storefrontSimulator, {
      world,
      clock,
      journal: new Journal({ clock, keepInMemory: 10_000 }),
      config,
      webhookUrl: 'http://127.0.0.1:9/hooks',
      deliver: async (_url, init) => {
        hooks.push({ headers: init.headers, body: init.body });
        return { status: 200 };
      },
    });
    runtime.start();
    const ctx = runtime.context as SimulatorContext<StorefrontState>;
    for (let i = 0; i < 4; i++) placeStorefrontOrder(ctx, i);
    return runtime;
  };
}

function gql(served: () => Served) {
  return async (query: string, variables: object = {}, token = creds.accessToken) => {
    const res = await fetch(`${served().baseUrl}/admin/api/2025-01/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
      body: JSON.stringify({ query, variables }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies
    return { status: res.status, body: (await res.json()) as any };
  };
}

describeOnEveryTransport('storefront (shopify-admin) contract', make({}), (served) => {
  const call = gql(served);

  it("answers a wrong token with 401 and Shopify's message", async () => {
    const res = await call('{ shop { name } }', {}, 'shpat_nope');
    expect(res.status).toBe(401);
    expect(res.body.errors).toMatch(/Invalid API key or access token/);
  });

  it('answers validation errors with 200, errors[] and extensions.code, and costs', async () => {
    const res = await call('{ orders(first: 1) { nodes { nope } } }');
    expect(res.status).toBe(200);
    expect(res.body.errors[0].extensions.code).toBe('undefinedField');
    expect(res.body.extensions.cost.throttleStatus.maximumAvailable).toBe(2000);
  });

  it('pages through the demand-placed orders', async () => {
    const q = `query($after: String) { orders(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`;
    const first = await call(q);
    expect(first.body.data.orders.nodes).toHaveLength(2);
    expect(first.body.data.orders.pageInfo.hasNextPage).toBe(true);
    const second = await call(q, { after: first.body.data.orders.pageInfo.endCursor });
    const ids = [...first.body.data.orders.nodes, ...second.body.data.orders.nodes].map(
      (n: { id: string }) => n.id,
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.body.extensions.cost).toMatchObject({ requestedQueryCost: 4 });
  });

  it('refuses a query over the single-query ceiling with MAX_COST_EXCEEDED', async () => {
    const res = await call(
      '{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { sku } } } } }',
    );
    expect(res.body.errors[0].extensions.code).toBe('MAX_COST_EXCEEDED');
    expect(res.body.data).toBeUndefined();
  });

  it('signs orders/create with base64 HMAC-SHA256 of the body under the app secret', () => {
    const h = hooks.find((x) => x.headers['x-shopify-topic'] === 'orders/create')!;
    expect(h.headers['x-shopify-hmac-sha256']).toBe(
      createHmac('sha256', creds.apiSecretKey).update(h.body).digest('base64'),
    );
    expect(h.headers['x-shopify-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describeOnEveryTransport(
  'storefront (shopify-admin) throttling',
  make({ bucketSize: 50, restoreRate: 1 }),
  (served) => {
    const call = gql(served);
    it('answers THROTTLED with throttleStatus once the bucket is dry', async () => {
      const q = '{ productVariants(first: 30) { nodes { sku } } }';
      expect((await call(q)).body.errors).toBeUndefined();
      const dry = await call(q);
      expect(dry.status).toBe(200);
      expect(dry.body.errors[0].extensions.code).toBe('THROTTLED');
      expect(dry.body.extensions.cost).toMatchObject({
        requestedQueryCost: 32,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable: 50, restoreRate: 1 },
      });
    });
  },
);
