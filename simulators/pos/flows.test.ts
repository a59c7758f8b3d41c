import { describe, expect, it } from 'vitest';
import { variationId } from './catalog.js';
import { makePosRuntime } from './testing.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON in tests

async function firstLocation(pos: ReturnType<typeof makePosRuntime>): Promise<string> {
  const res = await pos.call('GET', '/v2/locations');
  return (res.body as Body).locations[0].id;
}

describe('pos flows (in process)', () => {
  it('creates an order, pays it (order COMPLETED, stock down), refunds it', async () => {
    const pos = makePosRuntime();
    const loc = await firstLocation(pos);
    const variation = variationId(pos.world, 0);
    const before = pos.runtime.state.inventory.quantity(0, 'ST-001', 'IN_STOCK');
    const created = await pos.call('POST', '/v2/orders', {
      idempotency_key: 'o-1',
      order: { location_id: loc, line_items: [{ catalog_object_id: variation, quantity: '2' }] },
    });
    expect(created.status).toBe(200);
    const order = (created.body as Body).order;
    expect(order).toMatchObject({ state: 'OPEN', version: 1, location_id: loc });
    const price = pos.world.sku(0).priceCents;
    expect(order.total_money).toEqual({ amount: 2 * price, currency: 'USD' });

    const paid = await pos.call('POST', '/v2/payments', {
      idempotency_key: 'p-1',
      source_id: 'cnon:card-nonce-ok',
      amount_money: { amount: 2 * price, currency: 'USD' },
      order_id: order.id,
    });
    expect(paid.status).toBe(200);
    const payment = (paid.body as Body).payment;
    expect(payment).toMatchObject({ status: 'COMPLETED', order_id: order.id, source_type: 'CARD' });
    const after = (await pos.call('GET', `/v2/orders/${order.id}`)).body as Body;
    expect(after.order).toMatchObject({ state: 'COMPLETED', version: 2 });
    expect(after.order.closed_at).toBeDefined();
    expect(pos.runtime.state.inventory.quantity(0, 'ST-001', 'IN_STOCK')).toBe(before - 2);

    const refunded = await pos.call('POST', '/v2/refunds', {
      idempotency_key: 'r-1',
      payment_id: payment.id,
      amount_money: { amount: price, currency: 'USD' },
    });
    expect(refunded.status).toBe(200);
    const refund = (refunded.body as Body).refund;
    expect(refund).toMatchObject({ status: 'PENDING', payment_id: payment.id, order_id: order.id });
    await pos.clock.advanceScenario(60_000);
    expect(((await pos.call('GET', `/v2/refunds/${refund.id}`)).body as Body).refund.status).toBe(
      'COMPLETED',
    );
    const types = pos.events().map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'order.created',
        'payment.created',
        'order.updated',
        'inventory.count.updated',
        'refund.created',
        'refund.updated',
      ]),
    );
    expect(pos.journal.query({ type: 'store:sale-completed' })).toHaveLength(1);
    expect(pos.journal.query({ type: 'store:refund-completed' })).toHaveLength(1);
    expect(pos.journal.query({ type: 'sim:crashed' })).toHaveLength(0);
  });

  it('replays the first response for a repeated key and refuses a changed body', async () => {
    const pos = makePosRuntime();
    const body = {
      idempotency_key: 'k',
      source_id: 'CASH',
      amount_money: { amount: 500, currency: 'USD' },
      cash_details: { buyer_supplied_money: { amount: 1000, currency: 'USD' } },
    };
    const a = await pos.call('POST', '/v2/payments', body);
    const b = await pos.call('POST', '/v2/payments', { ...body });
    expect(b.body).toEqual(a.body);
    expect(pos.runtime.state.payments.size).toBe(1);
    const c = await pos.call('POST', '/v2/payments', {
      ...body,
      amount_money: { amount: 600, currency: 'USD' },
    });
    expect(c.status).toBe(400);
    expect(c.body).toEqual({
      errors: [
        {
          category: 'INVALID_REQUEST_ERROR',
          code: 'IDEMPOTENCY_KEY_REUSED',
          detail: 'The idempotency key can only be retried with the same request data.',
          field: 'idempotency_key',
        },
      ],
    });
    const d = await pos.call('POST', '/v2/payments', { source_id: 'CASH' });
    expect((d.body as Body).errors[0]).toMatchObject({
      code: 'MISSING_REQUIRED_PARAMETER',
      field: 'idempotency_key',
    });
  });

  it('rings up world sales and returns goods later', async () => {
    const pos = makePosRuntime();
    const admit = pos.runtime.definition.demand!['pos-sale']!;
    let withRefund = -1;
    for (let i = 0; i < 400 && withRefund < 0; i++) if (pos.world.posSale(i).refund) withRefund = i;
    expect(withRefund).toBeGreaterThanOrEqual(0);
    const summary = admit(pos.runtime.context, withRefund) as { orderId: string };
    const order = ((await pos.call('GET', `/v2/orders/${summary.orderId}`)).body as Body).order;
    expect(order).toMatchObject({
      state: 'COMPLETED',
      reference_id: pos.world.posSale(withRefund).saleId,
    });
    expect(order.version).toBeUndefined();
    await pos.clock.advanceScenario(pos.world.posSale(withRefund).refund!.afterMs);
    expect(pos.journal.query({ type: 'store:refund-completed' })).toHaveLength(1);
    const reasons = pos.journal.query({ type: 'store:stock-changed' }).map((e) => e.reason);
    expect(reasons).toContain('return');
  });
});
