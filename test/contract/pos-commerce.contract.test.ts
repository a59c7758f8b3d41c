import { expect, it } from 'vitest';
import { makePosRuntime } from '../../simulators/pos/testing.js';
import type { SimulatorRuntime } from '../../simulators/core/simulator-runtime.js';
import { describeOnEveryTransport } from '../support/transports.js';
import { callJson } from '../support/http.js';

/**
 * Square behaviour beyond the basic order/payment flow, written from Square's documentation (each
 * test cites its page) and run on every transport: request hygiene, catalog writes, order pricing,
 * order updates and payment, payment and refund listings, card-token rules.
 */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
type Pos = ReturnType<typeof makePosRuntime>;

const harnesses = new WeakMap<SimulatorRuntime<unknown>, Pos>();
function make(config?: Record<string, unknown>) {
  return () => {
    const pos = makePosRuntime({ size: { skus: 20 }, config });
    harnesses.set(pos.runtime as SimulatorRuntime<unknown>, pos);
    return pos.runtime;
  };
}

describeOnEveryTransport('pos (square) commerce contract', make({ rateLimit: false }), (served) => {
  const pos = () => harnesses.get(served().runtime)!;
  const call = (method: string, path: string, body?: unknown) =>
    callJson(served().baseUrl, method, path, body, { authorization: `Bearer ${pos().token}` });
  const raw = (method: string, path: string, text: string) =>
    fetch(`${served().baseUrl}${path}`, {
      method,
      body: text,
      headers: { authorization: `Bearer ${pos().token}`, 'content-type': 'application/json' },
    });

  it('answers a body nested ~5,000 levels deep with a 400, not a 500 (any endpoint that walks bodies)', async () => {
    const deep = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
    for (const path of ['/v2/payments', '/v2/orders', '/v2/orders/search', '/v2/refunds']) {
      const res = await raw('POST', path, `{"idempotency_key":"k","x":${deep}}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as Body;
      expect(body.errors[0]).toMatchObject({
        category: 'INVALID_REQUEST_ERROR',
        code: 'BAD_REQUEST',
      });
    }
    // Brackets inside strings do not count as nesting.
    const ok = await call('POST', '/v2/orders', {
      order: {
        location_id: pos().runtime.state.stores[0]!.squareId,
        metadata: { k: '['.repeat(300) },
      },
    });
    expect(ok.status).toBe(200);
  });

  const loc = () => pos().runtime.state.stores[0]!.squareId as string;
  const usd = (amount: number) => ({ amount, currency: 'USD' });

  // Catalog API reference: UpsertCatalogObject maps `#` ids in id_mappings; variations nest in
  // their ITEM; a write gives a new version; orders use the catalog's current price.
  it('upserts an item with a temporary id, and orders charge its catalog price', async () => {
    const up = await call('POST', '/v2/catalog/object', {
      idempotency_key: 'up-1',
      object: {
        type: 'ITEM',
        id: '#tea',
        item_data: {
          name: 'Tea',
          variations: [
            {
              type: 'ITEM_VARIATION',
              id: '#tea-reg',
              item_variation_data: {
                name: 'Regular',
                pricing_type: 'FIXED_PRICING',
                price_money: usd(350),
              },
            },
          ],
        },
      },
    });
    expect(up.status).toBe(200);
    const item = up.body.catalog_object;
    const variation = item.item_data.variations[0];
    expect(up.body.id_mappings).toEqual([
      { client_object_id: '#tea', object_id: item.id },
      { client_object_id: '#tea-reg', object_id: variation.id },
    ]);
    expect(variation.item_variation_data.item_id).toBe(item.id);
    const order = await call('POST', '/v2/orders', {
      order: {
        location_id: loc(),
        line_items: [{ catalog_object_id: variation.id, quantity: '2' }],
      },
    });
    expect(order.body.order.total_money).toEqual(usd(700));
    // A new price through the API is the next order's price; a stale version is refused.
    const reprice = (version: number, amount: number) =>
      call('POST', '/v2/catalog/object', {
        idempotency_key: `reprice-${version}-${amount}`,
        object: {
          ...variation,
          version,
          item_variation_data: { ...variation.item_variation_data, price_money: usd(amount) },
        },
      });
    expect((await reprice(variation.version, 400)).status).toBe(200);
    const stale = await reprice(variation.version, 450);
    expect([stale.status, stale.body.errors[0].code]).toEqual([409, 'CONFLICT']);
    const again = await call('POST', '/v2/orders', {
      order: {
        location_id: loc(),
        line_items: [{ catalog_object_id: variation.id, quantity: '1' }],
      },
    });
    expect(again.body.order.total_money).toEqual(usd(400));
    // Retrieve, search, delete (the ITEM takes its variation with it).
    expect((await call('GET', `/v2/catalog/object/${item.id}`)).body.object.id).toBe(item.id);
    const found = await call('POST', '/v2/catalog/search-catalog-items', { text_filter: 'tea' });
    expect(found.body.items.map((i: Body) => i.id)).toContain(item.id);
    const byName = await call('POST', '/v2/catalog/search', {
      object_types: ['ITEM'],
      query: { exact_query: { attribute_name: 'name', attribute_value: 'Tea' } },
    });
    expect(byName.body.objects.map((o: Body) => o.id)).toEqual([item.id]);
    const del = await call('DELETE', `/v2/catalog/object/${item.id}`);
    expect(del.body.deleted_object_ids).toEqual([item.id, variation.id]);
    expect((await call('GET', `/v2/catalog/object/${item.id}`)).status).toBe(404);
    const gone = await call('POST', '/v2/orders', {
      order: {
        location_id: loc(),
        line_items: [{ catalog_object_id: variation.id, quantity: '1' }],
      },
    });
    expect(gone.status).toBe(404);
  });

  it('batch-upserts taxes and modifier lists, retrieves them, reports limits, refuses bad objects', async () => {
    const res = await call('POST', '/v2/catalog/batch-upsert', {
      idempotency_key: 'batch-1',
      batches: [
        {
          objects: [
            {
              type: 'TAX',
              id: '#tax',
              tax_data: { name: 'Sales', percentage: '8.5', inclusion_type: 'ADDITIVE' },
            },
            {
              type: 'MODIFIER_LIST',
              id: '#list',
              modifier_list_data: {
                name: 'Extras',
                modifiers: [
                  {
                    type: 'MODIFIER',
                    id: '#mod',
                    modifier_data: { name: 'Oat milk', price_money: usd(50) },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.objects).toHaveLength(2);
    const ids = Object.fromEntries(
      res.body.id_mappings.map((m: Body) => [m.client_object_id, m.object_id]),
    );
    const got = await call('POST', '/v2/catalog/batch-retrieve', {
      object_ids: [ids['#tax'], ids['#mod'], 'NOPE'],
    });
    expect(got.body.objects.map((o: Body) => o.type)).toEqual(['TAX', 'MODIFIER']);
    const info = await call('GET', '/v2/catalog/info');
    expect(info.body.limits.batch_upsert_max_objects_per_batch).toBe(1000);
    const cases: [Body, string][] = [
      [{ idempotency_key: 'b1', object: { type: 'ITEM' } }, 'MISSING_REQUIRED_PARAMETER'],
      [{ idempotency_key: 'b2', object: { type: 'GADGET', id: '#g' } }, 'INVALID_ENUM_VALUE'],
      [
        { idempotency_key: 'b3', object: { type: 'ITEM', id: 'NOSUCHID', item_data: {} } },
        'INVALID_VALUE',
      ],
      [{ object: { type: 'ITEM', id: '#x', item_data: {} } }, 'MISSING_REQUIRED_PARAMETER'],
      [
        {
          idempotency_key: 'b4',
          object: { type: 'TAX', id: '#t', tax_data: { percentage: 'ten' } },
        },
        'INVALID_VALUE',
      ],
    ];
    for (const [body, code] of cases) {
      const r = await call('POST', '/v2/catalog/object', body);
      expect([r.status, r.body.errors[0].code]).toEqual([400, code]);
    }
  });

  // Orders API "Order Price Adjustments" and "Order Discounts": discounts first, then taxes, on
  // the discounted amount; Bankers' Rounding; ORDER scope spreads over the lines.
  it('prices an order with a 10% tax and a $1 discount as Square does, and takes payment for exactly that', async () => {
    const body = {
      location_id: loc(),
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
    };
    const calc = await call('POST', '/v2/orders/calculate', { order: body });
    expect(calc.body.order.id).toBeUndefined();
    const created = await call('POST', '/v2/orders', { idempotency_key: 'priced', order: body });
    const order = created.body.order;
    // (1599 − 100) × 10% = 149.9 → 150; total 1499 + 150.
    expect(order.total_discount_money).toEqual(usd(100));
    expect(order.total_tax_money).toEqual(usd(150));
    expect(order.total_money).toEqual(usd(1649));
    expect(calc.body.order.total_money).toEqual(usd(1649));
    expect(order.line_items.map((l: Body) => l.total_money.amount)).toEqual([1031, 618]);
    expect(order.taxes[0].applied_money).toEqual(usd(150));
    const pay = (amount: number, key: string) =>
      call('POST', '/v2/payments', {
        idempotency_key: key,
        source_id: 'cnon:card-nonce-ok',
        amount_money: usd(amount),
        order_id: order.id,
      });
    const wrong = await pay(1599, 'priced-wrong');
    expect([wrong.status, wrong.body.errors[0].code]).toEqual([400, 'PAYMENT_AMOUNT_MISMATCH']);
    expect((await pay(1649, 'priced-ok')).status).toBe(200);
    expect((await call('GET', `/v2/orders/${order.id}`)).body.order.state).toBe('COMPLETED');
  });

  it('applies line-item percentage discounts and taxes with half-to-even rounding', async () => {
    const res = await call('POST', '/v2/orders', {
      order: {
        location_id: loc(),
        line_items: [
          {
            name: 'A',
            quantity: '1',
            base_price_money: usd(250),
            applied_discounts: [{ discount_uid: 'p' }],
            applied_taxes: [{ tax_uid: 't' }],
          },
          { name: 'B', quantity: '1', base_price_money: usd(100) },
        ],
        // 250 × 1% = 2.5 → 2 (half to even); (250 − 2) × 2.5% = 6.2 → 6.
        discounts: [{ uid: 'p', type: 'FIXED_PERCENTAGE', percentage: '1', scope: 'LINE_ITEM' }],
        taxes: [{ uid: 't', percentage: '2.5', scope: 'LINE_ITEM' }],
      },
    });
    const [a, b] = res.body.order.line_items;
    expect([a.total_discount_money.amount, a.total_tax_money.amount, a.total_money.amount]).toEqual(
      [2, 6, 254],
    );
    expect(b.total_money.amount).toBe(100);
    expect(res.body.order.total_money).toEqual(usd(354));
  });

  // Orders API "Update orders" (sparse update, fields_to_clear, version) and PayOrder.
  it('updates an order sparsely by version, refuses a stale version, and pays a free order', async () => {
    const created = (
      await call('POST', '/v2/orders', {
        order: {
          location_id: loc(),
          line_items: [{ name: 'Old', quantity: '1', base_price_money: usd(100) }],
        },
      })
    ).body.order;
    const update = (version: number, key: string) =>
      call('PUT', `/v2/orders/${created.id}`, {
        idempotency_key: key,
        order: {
          version,
          line_items: [{ name: 'New', quantity: '1', base_price_money: usd(0) }],
        },
        fields_to_clear: [`line_items[${created.line_items[0].uid}]`],
      });
    const ok = await update(1, 'u1');
    expect(ok.body.order.line_items.map((l: Body) => l.name)).toEqual(['New']);
    expect(ok.body.order.version).toBe(2);
    expect((await update(1, 'u1')).body.order.version).toBe(2); // idempotent replay
    const stale = await update(1, 'u2');
    expect([stale.status, stale.body.errors[0].code]).toEqual([409, 'CONFLICT']);
    const paid = await call('POST', `/v2/orders/${created.id}/pay`, {
      idempotency_key: 'pay-free',
      order_version: 2,
      payment_ids: [],
    });
    expect(paid.body.order.state).toBe('COMPLETED');
  });

  it('pays an order with its approved payments (PayOrder), and refuses payments that do not add up', async () => {
    const order = (
      await call('POST', '/v2/orders', {
        order: {
          location_id: loc(),
          line_items: [{ name: 'X', quantity: '1', base_price_money: usd(500) }],
        },
      })
    ).body.order;
    const p = (
      await call('POST', '/v2/payments', {
        idempotency_key: 'approve-only',
        source_id: 'cnon:card-nonce-ok',
        amount_money: usd(500),
        order_id: order.id,
        autocomplete: false,
      })
    ).body.payment;
    const none = await call('POST', `/v2/orders/${order.id}/pay`, {
      idempotency_key: 'pay-0',
      payment_ids: [],
    });
    expect([none.status, none.body.errors[0].code]).toEqual([400, 'PAYMENT_AMOUNT_MISMATCH']);
    const paid = await call('POST', `/v2/orders/${order.id}/pay`, {
      idempotency_key: 'pay-1',
      payment_ids: [p.id],
    });
    expect(paid.body.order.state).toBe('COMPLETED');
    expect((await call('GET', `/v2/payments/${p.id}`)).body.payment.status).toBe('COMPLETED');
  });

  const payBody = (key: string, extra: Body = {}) => ({
    idempotency_key: key,
    source_id: 'cnon:card-nonce-ok',
    amount_money: usd(200),
    ...extra,
  });

  // Payments API CreatePayment: app_fee_money is echoed in the payment.
  it('answers app_fee_money in CreatePayment and refuses a fee above the payment', async () => {
    const ok = await call('POST', '/v2/payments', payBody('fee-1', { app_fee_money: usd(10) }));
    expect(ok.body.payment.app_fee_money).toEqual(usd(10));
    const big = await call('POST', '/v2/payments', payBody('fee-2', { app_fee_money: usd(201) }));
    expect([big.status, big.body.errors[0].code]).toEqual([400, 'INVALID_FEES']);
  });

  // Sandbox test values page: decline nonces fail; CreatePaymentResponse may carry the FAILED
  // payment. Nonces from the payment forms are single-use: CARD_TOKEN_USED the second time.
  it('keeps a declined payment as FAILED, carried in the error; spends real nonces once', async () => {
    const declined = await call(
      'POST',
      '/v2/payments',
      payBody('decl', { source_id: 'cnon:card-nonce-declined' }),
    );
    expect(declined.status).toBe(402);
    expect(declined.body.errors[0]).toMatchObject({
      category: 'PAYMENT_METHOD_ERROR',
      code: 'GENERIC_DECLINE',
    });
    expect(declined.body.payment.status).toBe('FAILED');
    const stored = await call('GET', `/v2/payments/${declined.body.payment.id}`);
    expect(stored.body.payment.status).toBe('FAILED');
    const nonce = 'cnon:from-the-web-form-1';
    expect((await call('POST', '/v2/payments', payBody('n-1', { source_id: nonce }))).status).toBe(
      200,
    );
    const again = await call('POST', '/v2/payments', payBody('n-2', { source_id: nonce }));
    expect([again.status, again.body.errors[0].code]).toEqual([400, 'CARD_TOKEN_USED']);
    // A retry with the same key and body is a replay, not a second use of the nonce.
    expect((await call('POST', '/v2/payments', payBody('n-1', { source_id: nonce }))).status).toBe(
      200,
    );
    // The sandbox's own test nonce works any number of times.
    for (const k of ['ok-1', 'ok-2'])
      expect((await call('POST', '/v2/payments', payBody(k))).status).toBe(200);
    const used = await call(
      'POST',
      '/v2/payments',
      payBody('au', { source_id: 'cnon:card-nonce-already-used' }),
    );
    expect(used.body.errors[0].code).toBe('CARD_TOKEN_USED');
  });

  // Payments API CancelPaymentByIdempotencyKey: the recovery when CreatePayment's answer is lost.
  it('recovers a payment whose response was lost: cancel by idempotency key, then pay again', async () => {
    const order = (
      await call('POST', '/v2/orders', {
        order: {
          location_id: loc(),
          line_items: [{ name: 'X', quantity: '1', base_price_money: usd(900) }],
        },
      })
    ).body.order;
    const create = {
      source_id: 'cnon:card-nonce-ok',
      amount_money: usd(900),
      order_id: order.id,
      autocomplete: false,
    };
    // 1. CreatePayment goes through, but its response never reaches the client.
    await call('POST', '/v2/payments', { idempotency_key: 'lost-1', ...create });
    // 2. The client, not knowing, voids whatever that key made.
    const cancel = await call('POST', '/v2/payments/cancel', { idempotency_key: 'lost-1' });
    expect([cancel.status, cancel.body]).toEqual([200, {}]);
    const listed = await call('GET', `/v2/payments?location_id=${loc()}&sort_order=ASC`);
    const voided = listed.body.payments.find((p: Body) => p.order_id === order.id);
    expect(voided.status).toBe('CANCELED');
    // 3. A key that made nothing is a success that does nothing.
    expect(
      (await call('POST', '/v2/payments/cancel', { idempotency_key: 'never-sent' })).status,
    ).toBe(200);
    // 4. The payment is made again and completes the order (the canceled one does not count).
    const again = await call('POST', '/v2/payments', {
      idempotency_key: 'lost-2',
      ...create,
      autocomplete: true,
    });
    expect(again.body.payment.status).toBe('COMPLETED');
    expect((await call('GET', `/v2/orders/${order.id}`)).body.order.state).toBe('COMPLETED');
    const missing = await call('POST', '/v2/payments/cancel', {});
    expect(missing.body.errors[0].code).toBe('MISSING_REQUIRED_PARAMETER');
  });

  // ListPayments / ListPaymentRefunds (SDK ListPaymentsRequest, ListRefundsRequest docs).
  it('lists payments and refunds with filters, sort and cursor', async () => {
    const h = pos();
    const ids: string[] = [];
    await h.clock.advanceScenario(1_000); // after the payments of earlier tests
    for (let i = 0; i < 5; i++) {
      ids.push(
        (await call('POST', '/v2/payments', payBody(`list-${i}`, { amount_money: usd(100 + i) })))
          .body.payment.id,
      );
      await h.clock.advanceScenario(1_000);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await call(
        'GET',
        `/v2/payments?limit=2&sort_order=ASC${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.payments.map((p: Body) => p.id));
      cursor = res.body.cursor;
    } while (cursor);
    expect(seen.slice(-5)).toEqual(ids);
    const newest = await call('GET', '/v2/payments?limit=1');
    expect(newest.body.payments[0].id).toBe(ids[4]);
    const byTotal = await call('GET', '/v2/payments?total=102');
    expect(byTotal.body.payments.map((p: Body) => p.id)).toEqual([ids[2]]);
    const other = h.runtime.state.stores[1]!.squareId;
    expect((await call('GET', `/v2/payments?location_id=${other}`)).body.payments).toBeUndefined();
    const future = await call(
      'GET',
      '/v2/payments?begin_time=2099-01-01T00:00:00Z&end_time=2099-01-02T00:00:00Z',
    );
    expect(future.body).toEqual({});
    const badCursor = await call(
      'GET',
      `/v2/payments?limit=1&cursor=${newest.body.cursor}&total=5`,
    );
    expect(badCursor.body.errors[0].code).toBe('INVALID_CURSOR');
    await call('POST', '/v2/refunds', {
      idempotency_key: 'lr-1',
      payment_id: ids[0],
      amount_money: usd(50),
    });
    await h.clock.advanceScenario(1_000);
    await call('POST', '/v2/refunds', {
      idempotency_key: 'lr-2',
      payment_id: ids[1],
      amount_money: usd(60),
    });
    const refunds = await call('GET', '/v2/refunds?sort_order=ASC');
    expect(refunds.body.refunds.slice(-2).map((r: Body) => r.payment_id)).toEqual([ids[0], ids[1]]);
    const pending = await call('GET', '/v2/refunds?status=PENDING&source_type=CARD&limit=1');
    expect(pending.body.refunds).toHaveLength(1);
    expect((await call('GET', '/v2/refunds?status=REJECTED')).body).toEqual({});
    expect((await call('GET', '/v2/refunds?sort_order=UP')).body.errors[0].code).toBe(
      'INVALID_SORT_ORDER',
    );
  });

  // SDK InventoryAdjustment.occurred_at: "cannot be older than 24 hours or in the future
  // relative to the time of the request".
  it('refuses inventory changes dated more than 24 h back or in the future; logs the rest for reads', async () => {
    const h = pos();
    const variation = (await call('GET', '/v2/catalog/list?types=ITEM_VARIATION')).body.objects[0]
      .id;
    const change = (key: string, offsetMs: number) =>
      call('POST', '/v2/inventory/changes/batch-create', {
        idempotency_key: key,
        changes: [
          {
            type: 'ADJUSTMENT',
            adjustment: {
              catalog_object_id: variation,
              location_id: loc(),
              from_state: 'NONE',
              to_state: 'IN_STOCK',
              quantity: '3',
              occurred_at: new Date(h.clock.now() + offsetMs).toISOString(),
            },
          },
        ],
      });
    const hour = 3_600_000;
    for (const [key, offset] of [
      ['old', -30 * 24 * hour],
      ['day-and-a-bit', -25 * hour],
      ['future', 365 * 24 * hour],
      ['next-hour', hour],
    ] as const) {
      const res = await change(key, offset);
      expect([res.status, res.body.errors[0].code, res.body.errors[0].field]).toEqual([
        400,
        'INVALID_VALUE',
        'changes[0].adjustment.occurred_at',
      ]);
    }
    const ok = await change('eight-hours', -8 * hour);
    expect(ok.status).toBe(200);
    const adjustment = ok.body.changes[0].adjustment;
    const one = await call('GET', `/v2/inventory/adjustments/${adjustment.id}`);
    expect(one.body.adjustment).toMatchObject({ id: adjustment.id, quantity: '3' });
    const listed = await call('POST', '/v2/inventory/changes/batch-retrieve', {
      catalog_object_ids: [variation],
      types: ['ADJUSTMENT'],
    });
    expect(listed.body.changes.map((c: Body) => c.adjustment.id)).toContain(adjustment.id);
    const perObject = await call('GET', `/v2/inventory/${variation}/changes`);
    expect(perObject.body.changes.length).toBeGreaterThan(0);
    const counts = await call('GET', `/v2/inventory/${variation}?location_ids=${loc()}`);
    expect(counts.body.counts[0]).toMatchObject({
      catalog_object_id: variation,
      location_id: loc(),
    });
    expect((await call('GET', '/v2/inventory/adjustments/NOPE')).status).toBe(404);
  });
});
