import { createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import { setStoreOffline } from '../../simulators/pos/index.js';
import { makePosRuntime, POS_TEST_HOOK_URL } from '../../simulators/pos/testing.js';
import type { SimulatorRuntime } from '../../simulators/core/simulator-runtime.js';
import { describeOnEveryTransport, type Served } from '../support/transports.js';
import { callJson } from '../support/http.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
type Pos = ReturnType<typeof makePosRuntime>;

/** The harness (clock, captured webhooks) behind each served runtime. */
const harnesses = new WeakMap<SimulatorRuntime<unknown>, Pos>();
function make(config?: Record<string, unknown>) {
  return () => {
    const pos = makePosRuntime({ size: { skus: 120 }, config });
    harnesses.set(pos.runtime as SimulatorRuntime<unknown>, pos);
    return pos.runtime;
  };
}

function client(served: () => Served) {
  const pos = () => harnesses.get(served().runtime)!;
  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    callJson(served().baseUrl, method, path, body, {
      authorization: `Bearer ${pos().token}`,
      ...headers,
    });
  return { pos, call };
}

describeOnEveryTransport('pos (square) contract', make({ rateLimit: false }), (served) => {
  const { pos, call } = client(served);
  const loc = () => pos().runtime.state.stores[0]!.squareId as string;

  it('answers a missing or wrong token with Square 401 UNAUTHORIZED', async () => {
    for (const authorization of ['', 'Bearer nope']) {
      const res = await call('GET', '/v2/locations', undefined, { authorization });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        errors: [
          {
            category: 'AUTHENTICATION_ERROR',
            code: 'UNAUTHORIZED',
            detail: 'This request could not be authorized.',
          },
        ],
      });
    }
  });

  it('lists and retrieves locations, one per world store', async () => {
    const list = await call('GET', '/v2/locations');
    expect(list.body.locations).toHaveLength(3);
    expect(list.body.locations[0]).toMatchObject({
      id: loc(),
      status: 'ACTIVE',
      currency: 'USD',
      country: 'US',
      description: 'ST-001',
    });
    const one = await call('GET', `/v2/locations/${loc()}`);
    expect(one.body.location.id).toBe(loc());
    const missing = await call('GET', '/v2/locations/NOPE');
    expect([missing.status, missing.body.errors[0].code]).toEqual([404, 'NOT_FOUND']);
  });

  it('pages the catalog 100 objects at a time with the shared SKU codes and world prices', async () => {
    const objects: Body[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call(
        'GET',
        `/v2/catalog/list?types=ITEM,ITEM_VARIATION${cursor ? `&cursor=${cursor}` : ''}`,
      );
      objects.push(...res.body.objects);
      cursor = res.body.cursor;
      pages++;
    } while (cursor);
    expect([pages, objects.length]).toEqual([3, 240]);
    const variation = objects.find((o) => o.type === 'ITEM_VARIATION')!;
    expect(variation.item_variation_data).toMatchObject({
      sku: 'SKU-00000',
      price_money: { amount: pos().world.sku(0).priceCents, currency: 'USD' },
    });
    const items = await call('GET', '/v2/catalog/list');
    expect(items.body.objects.every((o: Body) => o.type === 'ITEM')).toBe(true);
  });

  it('creates, reads, batch-retrieves and searches an order', async () => {
    const created = await call('POST', '/v2/orders', {
      idempotency_key: 'contract-order-1',
      order: {
        location_id: loc(),
        reference_id: 'REF-1',
        line_items: [
          { name: 'Gift wrap', quantity: '3', base_price_money: { amount: 250, currency: 'USD' } },
        ],
      },
    });
    expect(created.status).toBe(200);
    const order = created.body.order;
    expect(order).toMatchObject({
      state: 'OPEN',
      version: 1,
      total_money: { amount: 750, currency: 'USD' },
    });
    expect(order.line_items[0].quantity).toBe('3');
    expect((await call('GET', `/v2/orders/${order.id}`)).body.order.id).toBe(order.id);
    const batch = await call('POST', '/v2/orders/batch-retrieve', {
      order_ids: [order.id, 'missing'],
    });
    expect(batch.body.orders.map((o: Body) => o.id)).toEqual([order.id]);
    const found = await call('POST', '/v2/orders/search', {
      location_ids: [loc()],
      query: { filter: { state_filter: { states: ['OPEN'] } } },
    });
    expect(found.body.orders.map((o: Body) => o.id)).toContain(order.id);
  });

  it('answers bad input with Square 400s, never a 500', async () => {
    const cases: [unknown, string, string | undefined][] = [
      ['{"order": ', 'BAD_REQUEST', undefined],
      [{ order: {} }, 'MISSING_REQUIRED_PARAMETER', 'order.location_id'],
      [{ order: { location_id: 7 } }, 'EXPECTED_STRING', 'order.location_id'],
      [
        {
          order: {
            location_id: loc(),
            line_items: [
              { name: 'x', quantity: 'two', base_price_money: { amount: 1, currency: 'USD' } },
            ],
          },
        },
        'INVALID_VALUE',
        'order.line_items[0].quantity',
      ],
      [
        {
          order: {
            location_id: loc(),
            line_items: [
              { name: 'x', quantity: '1', base_price_money: { amount: 1, currency: 'EUR' } },
            ],
          },
        },
        'CURRENCY_MISMATCH',
        'order.line_items[0].base_price_money.currency',
      ],
    ];
    for (const [body, code, field] of cases) {
      const res = await call('POST', '/v2/orders', body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({
        category: 'INVALID_REQUEST_ERROR',
        code,
        ...(field ? { field } : {}),
      });
    }
    expect(served().runtime.journal.query({ type: 'sim:crashed' })).toHaveLength(0);
  });

  it('answers unknown ids, paths and methods in the Square shape', async () => {
    const order = await call('GET', '/v2/orders/nope');
    expect([order.status, order.body.errors[0].code]).toEqual([404, 'NOT_FOUND']);
    const path = await call('GET', '/v2/nothing');
    expect([path.status, path.body.errors[0].category]).toEqual([404, 'INVALID_REQUEST_ERROR']);
    const method = await call('DELETE', '/v2/locations');
    expect([method.status, method.body.errors[0].code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
  });

  it('pays an order, refunds it, and settles the refund as scenario time passes', async () => {
    const order = (
      await call('POST', '/v2/orders', {
        order: {
          location_id: loc(),
          line_items: [
            { name: 'Mug', quantity: '1', base_price_money: { amount: 1200, currency: 'USD' } },
          ],
        },
      })
    ).body.order;
    const mismatch = await call('POST', '/v2/payments', {
      idempotency_key: 'pay-x',
      source_id: 'cnon:card-nonce-ok',
      amount_money: { amount: 1, currency: 'USD' },
      order_id: order.id,
    });
    expect(mismatch.body.errors[0].code).toBe('PAYMENT_AMOUNT_MISMATCH');
    const declined = await call('POST', '/v2/payments', {
      idempotency_key: 'pay-d',
      source_id: 'cnon:card-nonce-declined',
      amount_money: { amount: 1200, currency: 'USD' },
      order_id: order.id,
    });
    expect([declined.status, declined.body.errors[0].category]).toEqual([
      402,
      'PAYMENT_METHOD_ERROR',
    ]);
    const paid = await call('POST', '/v2/payments', {
      idempotency_key: 'pay-1',
      source_id: 'cnon:card-nonce-ok',
      amount_money: { amount: 1200, currency: 'USD' },
      order_id: order.id,
    });
    expect(paid.body.payment.status).toBe('COMPLETED');
    expect((await call('GET', `/v2/orders/${order.id}`)).body.order.state).toBe('COMPLETED');
    const tooMuch = await call('POST', '/v2/refunds', {
      idempotency_key: 'ref-x',
      payment_id: paid.body.payment.id,
      amount_money: { amount: 5000, currency: 'USD' },
    });
    expect(tooMuch.body.errors[0]).toMatchObject({
      category: 'REFUND_ERROR',
      code: 'REFUND_AMOUNT_INVALID',
    });
    const refund = (
      await call('POST', '/v2/refunds', {
        idempotency_key: 'ref-1',
        payment_id: paid.body.payment.id,
        amount_money: { amount: 200, currency: 'USD' },
      })
    ).body.refund;
    expect(refund.status).toBe('PENDING');
    await pos().clock.advanceScenario(60_000);
    expect((await call('GET', `/v2/refunds/${refund.id}`)).body.refund.status).toBe('COMPLETED');
    expect(
      (await call('GET', `/v2/payments/${paid.body.payment.id}`)).body.payment.refunded_money,
    ).toEqual({ amount: 200, currency: 'USD' });
  });

  it('replays a repeated idempotency key and refuses it with a different body', async () => {
    const body = {
      idempotency_key: 'contract-cash',
      source_id: 'CASH',
      amount_money: { amount: 300, currency: 'USD' },
      cash_details: { buyer_supplied_money: { amount: 500, currency: 'USD' } },
    };
    const first = await call('POST', '/v2/payments', body);
    const again = await call('POST', '/v2/payments', body);
    expect(again.body).toEqual(first.body);
    const changed = await call('POST', '/v2/payments', { ...body, note: 'changed' });
    expect([changed.status, changed.body.errors[0].code]).toEqual([400, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('changes and reads inventory counts by Square location and variation id', async () => {
    const variation = (await call('GET', '/v2/catalog/list?types=ITEM_VARIATION')).body.objects[1]
      .id;
    const at = new Date(pos().clock.now()).toISOString();
    const changed = await call('POST', '/v2/inventory/changes/batch-create', {
      idempotency_key: 'inv-1',
      changes: [
        {
          type: 'PHYSICAL_COUNT',
          physical_count: {
            catalog_object_id: variation,
            location_id: loc(),
            state: 'IN_STOCK',
            quantity: '42',
            occurred_at: at,
          },
        },
      ],
    });
    expect(changed.body.counts).toEqual([
      expect.objectContaining({ catalog_object_id: variation, quantity: '42', state: 'IN_STOCK' }),
    ]);
    for (const path of [
      '/v2/inventory/counts/batch-retrieve',
      '/v2/inventory/batch-retrieve-counts',
    ]) {
      const counts = await call('POST', path, {
        catalog_object_ids: [variation],
        location_ids: [loc()],
      });
      expect(counts.body.counts).toEqual([
        expect.objectContaining({ quantity: '42', location_id: loc() }),
      ]);
    }
    const since = await call('POST', '/v2/inventory/counts/batch-retrieve', { updated_after: at });
    expect(since.body.counts.map((c: Body) => c.catalog_object_id)).toContain(variation);
  });

  it('signs webhooks so the HMAC over notification URL + body matches', async () => {
    await call('POST', '/v2/orders', { order: { location_id: loc() } });
    await served().runtime.outbox.settled();
    const hook = pos().delivered.at(-1)!;
    const key = pos().world.credentials.pos.webhookSignatureKey;
    const expected = createHmac('sha256', key)
      .update(POS_TEST_HOOK_URL + hook.body)
      .digest('base64');
    expect(hook.headers['x-square-hmacsha256-signature']).toBe(expected);
    expect(hook.headers['square-retry-number']).toBe('0');
    const event = JSON.parse(hook.body) as Body;
    expect(event).toMatchObject({
      type: 'order.created',
      merchant_id: pos().runtime.state.merchantId,
      data: { type: 'order_created' },
    });
    expect(event.event_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('hides an offline store’s sales until it uploads them', async () => {
    const ctx = pos().runtime.context;
    let i = 0;
    while (pos().world.posSale(i).storeIndex !== 1) i++;
    const where = pos().runtime.state.stores[1]!.squareId;
    setStoreOffline(ctx, where, true);
    const { orderId } = pos().runtime.definition.demand!['pos-sale']!(ctx, i) as {
      orderId: string;
    };
    expect((await call('GET', `/v2/orders/${orderId}`)).status).toBe(404);
    await pos().clock.advanceScenario(300_000);
    setStoreOffline(ctx, where, false);
    const order = (await call('GET', `/v2/orders/${orderId}`)).body.order;
    expect(Date.parse(order.updated_at) - Date.parse(order.created_at)).toBe(300_000);
  });
});

describeOnEveryTransport(
  'pos (square) vendor limit',
  make({ rateLimit: { ratePerSec: 2, burst: 3 } }),
  (served) => {
    const { pos, call } = client(served);
    it('answers 429 RATE_LIMITED past the burst without Retry-After (Square sends none: handling-errors docs), and refills on wall time', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await call('GET', '/v2/locations')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await call('GET', '/v2/locations');
      expect(limited.headers.get('retry-after')).toBeNull();
      expect(limited.body.errors[0]).toMatchObject({
        category: 'RATE_LIMIT_ERROR',
        code: 'RATE_LIMITED',
      });
      await pos().clock.advance(500);
      expect((await call('GET', '/v2/locations')).status).toBe(200);
    });
  },
);
