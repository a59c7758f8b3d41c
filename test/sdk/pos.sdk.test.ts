import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SquareClient, SquareError, WebhooksHelper } from 'square';
import { VirtualClock } from '../../simulators/core/clock.js';
import { posSimulator } from '../../simulators/pos/index.js';
import { startSimulators, type StartedSimulators } from '../../runtime/start-simulators.js';

/**
 * The official `square` SDK (v44) against the POS simulator over real HTTP on 127.0.0.1: only the
 * base URL changes (docs/dialects/pos.md). Retries off so error paths surface at once.
 */
const HOOK_URL = 'https://integration.example.com/square/webhooks';
const captured: { url: string; headers: Record<string, string>; body: string }[] = [];
let sims: StartedSimulators;
let client: SquareClient;

beforeAll(async () => {
  sims = await startSimulators({
    seed: 42,
    port: 0,
    worldSize: { skus: 150, stores: 2 },
    simulators: [posSimulator],
    clock: new VirtualClock({ startMs: Date.UTC(2026, 10, 27, 5), speed: 1 }),
    webhooks: { pos: HOOK_URL },
    deliver: async (url, init) => {
      captured.push({ url, headers: init.headers, body: init.body });
      return { status: 200 };
    },
  });
  client = new SquareClient({
    token: sims.world.credentials.pos.accessToken,
    baseUrl: sims.urls.pos,
    maxRetries: 0,
  });
});
afterAll(() => sims.close());

describe('square SDK against the pos simulator', () => {
  it('lists locations, creates and pays an order, refunds it, and verifies the webhooks', async () => {
    const { locations } = await client.locations.list();
    expect(locations).toHaveLength(2);
    const locationId = locations![0]!.id!;

    const { order } = await client.orders.create({
      idempotencyKey: 'sdk-order-1',
      order: {
        locationId,
        lineItems: [
          {
            name: 'Gift card sleeve',
            quantity: '2',
            basePriceMoney: { amount: BigInt(450), currency: 'USD' },
          },
        ],
      },
    });
    expect(order?.state).toBe('OPEN');
    expect(order?.totalMoney?.amount).toBe(BigInt(900));

    const { payment } = await client.payments.create({
      idempotencyKey: 'sdk-pay-1',
      sourceId: 'cnon:card-nonce-ok',
      amountMoney: { amount: BigInt(900), currency: 'USD' },
      orderId: order!.id,
    });
    expect(payment?.status).toBe('COMPLETED');
    expect((await client.orders.get({ orderId: order!.id! })).order?.state).toBe('COMPLETED');

    const { refund } = await client.refunds.refundPayment({
      idempotencyKey: 'sdk-refund-1',
      paymentId: payment!.id!,
      amountMoney: { amount: BigInt(450), currency: 'USD' },
      reason: 'Customer return',
    });
    expect(refund?.status).toBe('PENDING');
    expect((await client.refunds.get({ refundId: refund!.id! })).refund?.amountMoney?.amount).toBe(
      BigInt(450),
    );

    await sims.simulators.pos!.outbox.settled();
    const types = captured.map((c) => (JSON.parse(c.body) as { type: string }).type);
    expect(types).toEqual(
      expect.arrayContaining([
        'order.created',
        'payment.created',
        'order.updated',
        'refund.created',
      ]),
    );
    for (const hook of captured) {
      const ok = await WebhooksHelper.verifySignature({
        requestBody: hook.body,
        signatureHeader: hook.headers['x-square-hmacsha256-signature']!,
        signatureKey: sims.world.credentials.pos.webhookSignatureKey,
        notificationUrl: HOOK_URL,
      });
      expect(ok).toBe(true);
    }
    const forged = await WebhooksHelper.verifySignature({
      requestBody: captured[0]!.body + ' ',
      signatureHeader: captured[0]!.headers['x-square-hmacsha256-signature']!,
      signatureKey: sims.world.credentials.pos.webhookSignatureKey,
      notificationUrl: HOOK_URL,
    });
    expect(forged).toBe(false);
  });

  it('pages the catalog and inventory counts through the SDK pagers', async () => {
    const objects = [];
    for await (const o of await client.catalog.list({ types: 'ITEM_VARIATION' })) objects.push(o);
    expect(objects).toHaveLength(150);
    const first = objects[0] as { type: string; itemVariationData?: { sku?: string } };
    expect(first.itemVariationData?.sku).toBe('SKU-00000');
    let counts = 0;
    for await (const c of await client.inventory.batchGetCounts({ limit: 100 })) {
      expect(c.state).toBe('IN_STOCK');
      counts++;
    }
    expect(counts).toBe(300);
  });

  it('surfaces Square errors as SquareError with the vendor codes', async () => {
    const bad = new SquareClient({ token: 'wrong', baseUrl: sims.urls.pos, maxRetries: 0 });
    const err = await bad.locations.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SquareError);
    expect((err as SquareError).statusCode).toBe(401);
    expect((err as SquareError).errors[0]).toMatchObject({
      category: 'AUTHENTICATION_ERROR',
      code: 'UNAUTHORIZED',
    });
    const missing = await client.orders.get({ orderId: 'nope' }).catch((e: unknown) => e);
    expect((missing as SquareError).errors[0]?.code).toBe('NOT_FOUND');
    expect(sims.journal.query({ type: 'sim:crashed' })).toHaveLength(0);
  });
});
