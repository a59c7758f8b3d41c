import { describe, it } from 'vitest';
import { variationId } from '../../simulators/pos/catalog.js';
import { makePosRuntime } from '../../simulators/pos/testing.js';
import { expectGolden } from '../support/golden.js';

/**
 * Representative Square responses, pinned as golden files under test/golden/pos/ (regenerate with
 * UPDATE_GOLDEN=1). Seeded world and virtual clock, so ids and bodies are stable.
 */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

describe('pos golden responses', () => {
  it('pins the main payloads', async () => {
    const pos = makePosRuntime({
      size: { skus: 2, stores: 1 },
      config: { rateLimit: { ratePerSec: 1, burst: 20 } },
    });
    const loc = pos.runtime.state.stores[0]!.squareId;
    const golden = async (
      name: string,
      method: string,
      path: string,
      body?: unknown,
      headers?: Record<string, string>,
    ) => {
      const res = await pos.call(method, path, body, headers);
      expectGolden(`pos/${name}`, {
        status: res.status,
        ...(res.headers ? { headers: res.headers } : {}),
        body: res.body,
      });
      return res.body as Body;
    };
    await golden('list-locations', 'GET', '/v2/locations');
    await golden('list-catalog', 'GET', '/v2/catalog/list?types=ITEM');
    const order = await golden('create-order', 'POST', '/v2/orders', {
      idempotency_key: 'golden-order',
      order: {
        location_id: loc,
        line_items: [{ catalog_object_id: variationId(pos.world, 0), quantity: '2' }],
      },
    });
    const payment = await golden('create-payment-card', 'POST', '/v2/payments', {
      idempotency_key: 'golden-pay',
      source_id: 'cnon:card-nonce-ok',
      amount_money: order.order.total_money,
      order_id: order.order.id,
    });
    await golden('get-order-completed', 'GET', `/v2/orders/${order.order.id}`);
    await golden('create-payment-cash', 'POST', '/v2/payments', {
      idempotency_key: 'golden-cash',
      source_id: 'CASH',
      amount_money: { amount: 725, currency: 'USD' },
      cash_details: { buyer_supplied_money: { amount: 1000, currency: 'USD' } },
    });
    await golden('create-refund', 'POST', '/v2/refunds', {
      idempotency_key: 'golden-refund',
      payment_id: payment.payment.id,
      amount_money: { amount: 100, currency: 'USD' },
      reason: 'Damaged',
    });
    await golden('search-orders-entries', 'POST', '/v2/orders/search', {
      location_ids: [loc],
      return_entries: true,
    });
    await golden('batch-retrieve-counts', 'POST', '/v2/inventory/counts/batch-retrieve', {
      location_ids: [loc],
    });
    await golden('error-unauthorized', 'GET', '/v2/locations', undefined, {
      authorization: 'Bearer wrong',
    });
    await golden('error-not-found', 'GET', '/v2/orders/missing');
    await golden('error-idempotency-reused', 'POST', '/v2/refunds', {
      idempotency_key: 'golden-refund',
      payment_id: payment.payment.id,
      amount_money: { amount: 101, currency: 'USD' },
    });
    await golden('error-search-sort-mismatch', 'POST', '/v2/orders/search', {
      location_ids: [loc],
      query: { filter: { date_time_filter: { updated_at: { start_at: '2026-11-27T00:00:00Z' } } } },
    });
    for (let i = 0; i < 20; i++) await pos.call('GET', '/v2/locations');
    await golden('error-rate-limited', 'GET', '/v2/locations');
    const hook = pos.delivered[0]!;
    expectGolden('pos/webhook-order-created', {
      headers: hook.headers,
      body: JSON.parse(hook.body),
    });
  });

  // The operations added with the SDK conformance work: reconciliation lists, priced orders,
  // declines and single-use nonces (Square Payments/Refunds/Orders API references).
  it('pins ListPayments, ListPaymentRefunds, a taxed and discounted order, a FAILED decline and CARD_TOKEN_USED', async () => {
    const pos = makePosRuntime({ size: { skus: 2, stores: 1 } });
    const loc = pos.runtime.state.stores[0]!.squareId;
    const usd = (amount: number) => ({ amount, currency: 'USD' });
    const golden = async (name: string, method: string, path: string, body?: unknown) => {
      const res = await pos.call(method, path, body);
      expectGolden(`pos/${name}`, { status: res.status, body: res.body });
      return res.body as Body;
    };
    const order = await golden('create-order-taxes-discounts', 'POST', '/v2/orders', {
      idempotency_key: 'golden-priced',
      order: {
        location_id: loc,
        line_items: [
          { name: 'A', quantity: '1', base_price_money: usd(1000) },
          { name: 'B', quantity: '1', base_price_money: usd(599) },
        ],
        taxes: [{ uid: 'tax', name: 'Sales', percentage: '10', scope: 'ORDER' }],
        discounts: [
          {
            uid: 'off',
            name: '$1 off',
            type: 'FIXED_AMOUNT',
            amount_money: usd(100),
            scope: 'ORDER',
          },
        ],
      },
    });
    const paid = await golden('create-payment-priced', 'POST', '/v2/payments', {
      idempotency_key: 'golden-priced-pay',
      source_id: 'cnon:golden-single-use',
      amount_money: order.order.total_money,
      order_id: order.order.id,
    });
    await golden('error-card-token-used', 'POST', '/v2/payments', {
      idempotency_key: 'golden-reuse',
      source_id: 'cnon:golden-single-use',
      amount_money: usd(100),
    });
    await golden('error-payment-declined-failed', 'POST', '/v2/payments', {
      idempotency_key: 'golden-declined',
      source_id: 'cnon:card-nonce-declined',
      amount_money: usd(250),
    });
    await golden('create-refund-priced', 'POST', '/v2/refunds', {
      idempotency_key: 'golden-priced-refund',
      payment_id: paid.payment.id,
      amount_money: usd(500),
      reason: 'Returned',
    });
    await golden('list-payments', 'GET', '/v2/payments?sort_order=ASC');
    await golden('list-refunds', 'GET', '/v2/refunds?sort_order=ASC');
  });
});
