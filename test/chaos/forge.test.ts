import '@shopify/shopify-api/adapters/node';
import { LogSeverity, shopifyApi } from '@shopify/shopify-api';
import { WebhooksHelper } from 'square';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { webhookForge } from '../../chaos/faults/webhooks.js';
import { VirtualClock } from '../../simulators/core/clock.js';
import { Journal } from '../../journal/journal.js';
import {
  FORGERY_VARIANTS,
  WebhookOutbox,
  type Forgery,
  type WebhookMessage,
} from '../../simulators/core/outbox.js';
import { squareWebhookSigner } from '../../simulators/pos/webhooks.js';
import { shipbobWebhookSigner } from '../../simulators/wms/webhooks.js';
import { storefrontCredentials } from '../../simulators/storefront/credentials.js';
import { API_VERSION } from '../../simulators/storefront/schema.js';
import { storefrontWebhookSigner } from '../../simulators/storefront/webhooks.js';
import type { FaultRule } from '../../scenarios/types.js';
import { createWorld } from '../../world/index.js';
import { streamFor } from '../../world/rng.js';

const START = Date.UTC(2026, 10, 27);
const world = createWorld(5, { skus: 3, stores: 1, customers: 3 });
const clock = () => new VirtualClock({ startMs: START });
const FORGERIES: Forgery[] = [
  { variant: 'unsigned' },
  { variant: 'bad-signature' },
  { variant: 'wrong-secret', secret: 'not-the-key' },
  { variant: 'stale-timestamp', ageMs: 600_000 },
];
const message: WebhookMessage = {
  id: 'msg_1',
  topic: 'order.shipped',
  url: 'http://127.0.0.1:9/webhooks/wms',
  body: JSON.stringify({
    reference_id: 'R-1',
    shipments: [{ tracking: { tracking_number: 'T1' } }],
  }),
  createdAt: START,
};

// standardwebhooks checks the timestamp against Date.now(): put the wall clock at the scenario's.
beforeEach(() => void vi.useFakeTimers({ now: START, toFake: ['Date'] }));
afterEach(() => void vi.useRealTimers());

describe('forged webhook signatures: what the vendor would never send fails its own verifier', () => {
  it('ShipBob (Standard Webhooks): every variant fails verify(); the genuine one passes', () => {
    const sign = shipbobWebhookSigner(world);
    const hook = new Webhook(world.credentials.wms.webhookSecret);
    const c = clock();
    const genuine = sign(message, 1, c)!;
    expect(hook.verify(message.body, genuine)).toMatchObject({ reference_id: 'R-1' });
    for (const forgery of FORGERIES) {
      const headers = sign(message, 1, c, forgery)!;
      expect(headers['webhook-id'], forgery.variant).toBe('msg_1');
      expect(() => hook.verify(message.body, headers), forgery.variant).toThrow();
    }
    // the replay is signed correctly, only too old: a receiver must check the timestamp
    const stale = sign(message, 1, c, FORGERIES[3])!;
    expect(Number(genuine['webhook-timestamp']) - Number(stale['webhook-timestamp'])).toBe(600);
  });

  it('Square: unsigned, bad-signature and wrong-secret fail verifySignature; no stale-timestamp', async () => {
    const sign = squareWebhookSigner(world);
    const c = clock();
    const verify = (headers: Record<string, string>) =>
      WebhooksHelper.verifySignature({
        requestBody: message.body,
        signatureHeader: headers['x-square-hmacsha256-signature'] ?? '',
        signatureKey: world.credentials.pos.webhookSignatureKey,
        notificationUrl: message.url,
      });
    expect(await verify(sign(message, 1, c)!)).toBe(true);
    for (const forgery of FORGERIES.slice(0, 3))
      expect(await verify(sign(message, 1, c, forgery)!), forgery.variant).toBe(false);
    // Square signs no timestamp, so a replay cannot be told by its signature
    expect(sign(message, 1, c, FORGERIES[3])).toBeUndefined();
  });
});

describe('webhook-forge through the outbox', () => {
  const rule = { id: 'forge' } as FaultRule;

  function setup(variants: (typeof FORGERY_VARIANTS)[number][], sys = 'wms') {
    const c = clock();
    const journal = new Journal({ clock: c });
    const received: { headers: Record<string, string>; body: string }[] = [];
    const outbox = new WebhookOutbox({
      sys,
      clock: c,
      journal,
      url: 'http://receiver.test/webhooks/wms',
      sign: sys === 'wms' ? shipbobWebhookSigner(world) : undefined,
      retryScheduleMs: [5_000],
      // a receiver that checks signatures: the forgery gets 401
      deliver: async (_url, init) => {
        received.push({ headers: init.headers, body: init.body });
        try {
          new Webhook(world.credentials.wms.webhookSecret).verify(init.body, init.headers);
          return { status: 200 };
        } catch {
          return { status: 401 };
        }
      },
    });
    const params = webhookForge.params.parse({
      variants,
      set: [{ path: 'shipments.*.tracking.tracking_number', value: 'FORGED' }],
      holdMs: 30_000,
    });
    outbox.faults = (m, attempt) =>
      webhookForge.onDelivery!({
        params,
        rule,
        message: m,
        attempt,
        rng: streamFor(1, 'forge', m.id, attempt),
      });
    return { c, journal, outbox, received };
  }

  it('sends the forged claims first, once, and the genuine delivery holdMs later', async () => {
    const { c, journal, outbox, received } = setup(['wrong-secret']);
    outbox.enqueue(
      'order.shipped',
      { reference_id: 'R-1', shipments: [{ tracking: { tracking_number: 'T1' } }] },
      { id: 'msg_7' },
    );
    await outbox.settled();
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body)).toEqual({
      reference_id: 'R-1',
      shipments: [{ tracking: { tracking_number: 'FORGED-msg_7' } }],
    });
    expect(received[0]!.headers['webhook-id']).toBe('msg_7');
    await c.advanceScenario(29_999);
    expect(received).toHaveLength(1);
    await c.advanceScenario(1);
    await outbox.settled();
    await c.advanceScenario(3_600_000); // the rejected forgery is never retried
    await outbox.settled();
    expect(received.map((r) => JSON.parse(r.body).shipments[0].tracking.tracking_number)).toEqual([
      'FORGED-msg_7',
      'T1',
    ]);
    expect(journal.query({ type: 'webhook:forged' })).toMatchObject([
      {
        sys: 'wms',
        id: 'msg_7',
        variant: 'wrong-secret',
        fault: 'forge',
        claims: ['FORGED-msg_7'],
      },
    ]);
    expect(journal.query({ type: 'webhook:attempt' }).map((e) => [e.status, e.forged])).toEqual([
      [401, 'wrong-secret'],
      [200, undefined],
    ]);
  });

  it('picks among the variants with the seeded stream', async () => {
    const { journal, outbox } = setup([...FORGERY_VARIANTS]);
    for (let i = 0; i < 40; i++) outbox.enqueue('order.shipped', { shipments: [] });
    await outbox.settled();
    const seen = new Set(journal.query({ type: 'webhook:forged' }).map((e) => e.variant));
    expect([...seen].sort()).toEqual([...FORGERY_VARIANTS].sort());
  });

  it('a vendor that does not sign gets the genuine delivery only, and the journal says why', async () => {
    const { journal, outbox, received } = setup(['unsigned'], 'marketplace');
    outbox.enqueue('ORDER_CHANGE', { a: 1 }, { id: 'n-1' });
    await outbox.settled();
    expect(received.map((r) => r.body)).toEqual(['{"a":1}']);
    expect(journal.query({ type: 'webhook:forge-skipped' })).toMatchObject([
      { sys: 'marketplace', id: 'n-1', reason: 'this vendor does not sign its deliveries' },
    ]);
  });
});

describe('webhook-forge on the storefront (Shopify: base64 HMAC-SHA256 of the raw body)', () => {
  const creds = storefrontCredentials(world);
  // Shopify's own verifier: X-Shopify-Hmac-Sha256 over the raw body with the app's secret
  // (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries)
  const shopify = shopifyApi({
    apiKey: creds.apiKey,
    apiSecretKey: creds.apiSecretKey,
    scopes: [],
    hostName: 'localhost',
    apiVersion: API_VERSION as never,
    isEmbeddedApp: false,
    logger: { level: LogSeverity.Error },
  });
  const validate = async (body: string, headers: Record<string, string>) =>
    (
      await shopify.webhooks.validate({
        rawBody: body,
        rawRequest: { method: 'POST', url: '/webhooks/storefront', headers },
        rawResponse: {},
      } as never)
    ).valid;
  const order = {
    id: 5001,
    order_number: 1001,
    line_items: [{ id: 1, sku: 'SKU-1', quantity: 2 }],
  };
  const created: WebhookMessage = {
    id: 'wh-1',
    topic: 'orders/create',
    url: 'http://127.0.0.1:9/webhooks/storefront',
    body: JSON.stringify(order),
    createdAt: START,
  };

  it('unsigned, bad-signature and wrong-secret fail webhooks.validate; no stale-timestamp', async () => {
    const sign = storefrontWebhookSigner(world);
    const c = clock();
    expect(await validate(created.body, sign(created, 1, c)!)).toBe(true);
    for (const forgery of FORGERIES.slice(0, 3)) {
      const headers = sign(created, 1, c, forgery)!;
      expect(headers['x-shopify-topic'], forgery.variant).toBe('orders/create');
      expect(await validate(created.body, headers), forgery.variant).toBe(false);
    }
    expect(sign(created, 1, c, FORGERIES[0])!['x-shopify-hmac-sha256']).toBeUndefined();
    // Shopify signs no timestamp: a replay cannot be told by its signature
    expect(sign(created, 1, c, FORGERIES[3])).toBeUndefined();
  });

  it('a forged orders/create names an order the shop never had; a verifying receiver refuses it', async () => {
    const c = clock();
    const journal = new Journal({ clock: c });
    const received: { status: number; body: string; headers: Record<string, string> }[] = [];
    const outbox = new WebhookOutbox({
      sys: 'storefront',
      clock: c,
      journal,
      url: created.url,
      sign: storefrontWebhookSigner(world),
      retryScheduleMs: [5_000],
      deliver: async (_url, init) => {
        const status = (await validate(init.body, init.headers)) ? 200 : 401;
        received.push({ status, body: init.body, headers: init.headers });
        return { status };
      },
    });
    const params = webhookForge.params.parse({
      variants: ['unsigned', 'bad-signature', 'wrong-secret'],
      set: [{ path: 'id', value: 'FORGED' }],
      holdMs: 60_000,
    });
    outbox.faults = (m, attempt) =>
      webhookForge.onDelivery!({
        params,
        rule: { id: 'forged-orders' } as FaultRule,
        message: m,
        attempt,
        rng: streamFor(1, 'forge', m.id, attempt),
      });
    for (let i = 1; i <= 12; i++)
      outbox.enqueue('orders/create', { ...order, id: 5000 + i }, { id: `wh-${i}` });
    await outbox.settled();
    await c.advanceScenario(60_000);
    await outbox.settled();
    const forged = received.filter((r) => r.status === 401);
    expect(forged).toHaveLength(12);
    for (const r of forged) {
      const body = JSON.parse(r.body) as typeof order;
      // the id is the forger's; every other field is the genuine order's
      expect(body.id).toBe(`FORGED-${r.headers['x-shopify-webhook-id']}`);
      expect(body.line_items).toEqual(order.line_items);
    }
    // every genuine order follows its forgery (in whatever order the deliveries' checks finish)
    const genuine = received.filter((r) => r.status === 200).map((r) => JSON.parse(r.body).id);
    expect(genuine.sort()).toEqual(Array.from({ length: 12 }, (_, i) => 5001 + i));
    const events = journal.query({ type: 'webhook:forged' });
    expect(new Set(events.map((e) => e.variant))).toEqual(
      new Set(['unsigned', 'bad-signature', 'wrong-secret']),
    );
    expect(events.map((e) => String(e.claims)).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `FORGED-wh-${i + 1}`).sort(),
    );
  });
});
