import { Webhook } from 'standardwebhooks';
import { expect, it, vi } from 'vitest';
import { isShipBobError } from '../../simulators/wms/index.js';
import { makeWmsRuntime, orderBody, WMS_TEST_HOOK_URL } from '../../simulators/wms/testing.js';
import type { SimulatorRuntime } from '../../simulators/core/simulator-runtime.js';
import { describeOnEveryTransport, type Served } from '../support/transports.js';
import { callJson } from '../support/http.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
type Wms = ReturnType<typeof makeWmsRuntime>;
const MIN = 60_000;

/** The harness (clock, captured webhooks) behind each served runtime. */
const harnesses = new WeakMap<SimulatorRuntime<unknown>, Wms>();
function make(config?: Record<string, unknown>) {
  return () => {
    const wms = makeWmsRuntime({ config });
    harnesses.set(wms.runtime as SimulatorRuntime<unknown>, wms);
    return wms.runtime;
  };
}

function client(served: () => Served) {
  const wms = () => harnesses.get(served().runtime)!;
  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string | undefined> = {},
  ) =>
    callJson(served().baseUrl, method, path, body, {
      authorization: `Bearer ${wms().token}`,
      shipbob_channel_id: String(wms().runtime.state.channel.id),
      ...headers,
    });
  /** The k-th SKU with stock to sell (some SKUs start at zero on hand). */
  const sku = (k: number) =>
    [...wms().runtime.state.stock.values()].filter((s) => s.onHand >= 5)[k]!.sku;
  return { wms, call, sku };
}

describeOnEveryTransport('wms (shipbob) contract', make({ rateLimit: false }), (served) => {
  const { wms, call, sku } = client(served);

  it('answers a missing or wrong token with a 401 ProblemDetails', async () => {
    for (const authorization of ['', 'Bearer nope', `Basic ${wms().token}`]) {
      const res = await call('GET', '/2026-01/order', undefined, { authorization });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2',
        title: 'Unauthorized',
        status: 401,
        detail: 'Authorization has been denied for this request.',
      });
    }
  });

  it('creates (201), gets, lists with paging and filters by ReferenceIds', async () => {
    const created: Body[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call('POST', '/2026-01/order', orderBody(`P-${i}`, [[sku(0), 1]]));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ reference_id: `P-${i}`, status: 'Processing', type: 'DTC' });
      expect(res.body.shipments[0]).toMatchObject({ status: 'Processing', tracking: null });
      created.push(res.body);
    }
    const one = await call('GET', `/2026-01/order/${created[1]!.id}`);
    expect(one.body).toEqual(created[1]);
    const page1 = await call('GET', '/2026-01/order?Page=1&Limit=2&SortOrder=Oldest');
    expect(page1.body.map((o: Body) => o.reference_id)).toEqual(['P-0', 'P-1']);
    expect(page1.headers.get('total-count')).toBe('3');
    expect(page1.headers.get('total-pages')).toBe('2');
    expect(page1.headers.get('next-page')).toBe('/2026-01/order?Page=2&Limit=2');
    const page2 = await call('GET', '/2026-01/order?page=2&limit=2&SortOrder=Oldest');
    expect(page2.body.map((o: Body) => o.reference_id)).toEqual(['P-2']);
    expect(page2.headers.get('next-page')).toBeNull();
    const byRef = await call('GET', '/2026-01/order?ReferenceIds=P-2,P-0');
    expect(byRef.body.map((o: Body) => o.reference_id).sort()).toEqual(['P-0', 'P-2']);
    const created0 = wms()
      .events('warehouse:order-received')
      .find((e) => e.sourceOrderId === 'P-0');
    expect(created0).toMatchObject({
      sys: 'wms',
      orderId: String(created[0]!.id),
      lines: [{ sku: sku(0), quantity: 1 }],
      status: 'Processing',
    });
  });

  it('refuses a duplicate reference_id with 422 and a field map', async () => {
    await call('POST', '/2026-01/order', orderBody('DUP-1', [[sku(1), 1]]));
    const again = await call('POST', '/2026-01/order', orderBody('DUP-1', [[sku(1), 1]]));
    expect(again.status).toBe(422);
    expect(Object.keys(again.body)).toEqual(['reference_id']);
    expect(again.body.reference_id[0]).toMatch(/DUP-1/);
  });

  // ShipBob OpenAPI 2026-01: POST /order takes a required `shipbob_channel_id` header (ids from
  // GET /channel); without it the order is refused and nothing is created.
  it('refuses a create without shipbob_channel_id (400) or with a channel not ours (422)', async () => {
    const body = orderBody('CHAN-1', [[sku(1), 1]]);
    const none = await call('POST', '/2026-01/order', body, { shipbob_channel_id: undefined });
    expect(none.status).toBe(400);
    expect(Object.keys(none.body)).toEqual(['shipbob_channel_id']);
    const wrong = await call('POST', '/2026-01/order', body, { shipbob_channel_id: '1' });
    expect(wrong.status).toBe(422);
    const list = await call('GET', '/2026-01/order?ReferenceIds=CHAN-1', undefined, {
      shipbob_channel_id: undefined,
    });
    expect([list.status, list.body]).toEqual([200, []]);
    expect((await call('POST', '/2026-01/order', body)).status).toBe(201);
  });

  it('answers validation errors as 400 field → messages', async () => {
    const cases: [unknown, string][] = [
      ['{not json', '$'],
      [[], '$'],
      [{ ...orderBody('V-1', [['SKU-00001', 1]]), reference_id: undefined }, 'reference_id'],
      [{ ...orderBody('V-2', [['SKU-00001', 1]]), products: [] }, 'products'],
      [{ ...orderBody('V-3', [['SKU-00001', 0]]) }, 'products[0].quantity'],
      [{ ...orderBody('V-4', [['SKU-00001', 1]]), recipient: { name: 'x' } }, 'recipient.address'],
      [{ ...orderBody('V-5', [['SKU-00001', 1]]), shipping_method: 7 }, 'shipping_method'],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/2026-01/order', body);
      expect(res.status, field).toBe(400);
      expect(Object.keys(res.body)).toEqual([field]);
      expect(isShipBobError(400, res.body)).toBe(true);
    }
    const badPage = await call('GET', '/2026-01/order?Limit=999');
    expect(badPage.status).toBe(400);
    expect(badPage.body).toHaveProperty('Limit');
  });

  // ShipBob validates the whole CreateOrderModel and answers one 400 naming every bad field
  // (field → messages, https://developer.shipbob.com/api/orders/create-order).
  it('reports every invalid field of a create in one 400', async () => {
    const body = {
      ...orderBody('V-ALL', [['SKU-00001', 0]]),
      shipping_method: 7,
      recipient: { name: '', address: { address1: '1 Main St' } },
    };
    const res = await call('POST', '/2026-01/order', body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body).sort()).toEqual([
      'products[0].quantity',
      'recipient.address.city',
      'recipient.address.country',
      'recipient.name',
      'shipping_method',
    ]);
    expect(isShipBobError(400, res.body)).toBe(true);
    // A line must name its product by reference_id (or ShipBob id): `sku` alone names nothing.
    const skuOnly = await call('POST', '/2026-01/order', {
      ...orderBody('V-SKU', []),
      products: [{ sku: sku(0), quantity: 1 }],
    });
    expect([skuOnly.status, Object.keys(skuOnly.body)]).toEqual([
      400,
      ['products[0].reference_id'],
    ]);
  });

  it('answers unknown ids and paths with 404 ProblemDetails', async () => {
    for (const path of [
      '/2026-01/order/999',
      '/2026-01/shipment/1',
      '/2026-01/inventory-level/5',
      '/2026-01/nope',
    ]) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.body).toMatchObject({ title: 'Not Found', status: 404 });
    }
  });

  it('moves an order to Fulfilled with tracking on the scenario clock, and exposes the shipment', async () => {
    const o = (await call('POST', '/2026-01/order', orderBody('L-1', [[sku(2), 1]]))).body;
    await wms().clock.advanceScenario(31 * MIN);
    const got = (await call('GET', `/2026-01/order/${o.id}`)).body;
    expect(got.status).toBe('Fulfilled');
    const shipments = (await call('GET', `/2026-01/order/${o.id}/shipment`)).body;
    expect(shipments[0]).toMatchObject({
      status: 'Completed',
      order_id: o.id,
      is_tracking_uploaded: false,
    });
    const t = shipments[0].tracking;
    expect(t.tracking_number).toMatch(/^[0-9A-Z]{12,22}$/);
    const shipment = (await call('GET', `/2026-01/shipment/${shipments[0].id}`)).body;
    expect(shipment.tracking).toEqual(t);
    const timeline = (await call('GET', `/2026-01/shipment/${shipments[0].id}/timeline`)).body;
    expect(timeline.map((x: Body) => x.log_type_name)).toEqual([
      'Created',
      'Picked',
      'Packed',
      'Shipped',
    ]);
    const ev = wms()
      .events('warehouse:order-shipped')
      .find((e) => e.sourceOrderId === 'L-1');
    expect(ev).toMatchObject({
      orderId: String(o.id),
      shipmentId: String(shipments[0].id),
      trackingNumber: t.tracking_number,
      carrier: t.carrier,
    });
  });

  // ShipBob Get Orders: every filter is ANDed; dates bound creation, last update and tracking
  // updates; HasTracking / IsTrackingUploaded drive the documented polling loop
  // (https://developer.shipbob.com/api/orders/get-orders,
  // https://developer.shipbob.com/guides/tracking: poll HasTracking=true&IsTrackingUploaded=false,
  // then POST /shipment:batchUpdateTrackingUpload).
  it('filters GET /order by creation date, last update, tracking and tracking upload', async () => {
    const t0 = wms().clock.now();
    const early = (await call('POST', '/2026-01/order', orderBody('F-1', [[sku(4), 1]]))).body;
    await wms().clock.advanceScenario(20 * MIN);
    const t1 = wms().clock.now();
    const late = (await call('POST', '/2026-01/order', orderBody('F-2', [[sku(4), 1]]))).body;
    const refs = (q: string) =>
      call('GET', `/2026-01/order?ReferenceIds=F-1,F-2&SortOrder=Oldest&${q}`).then((r) => {
        expect(r.status, q).toBe(200);
        return r.body.map((o: Body) => o.reference_id);
      });
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(await refs(`StartDate=${iso(t1)}`)).toEqual(['F-2']);
    expect(await refs(`EndDate=${iso(t1 - 1)}`)).toEqual(['F-1']);
    expect(await refs(`StartDate=${iso(t0)}&EndDate=${iso(t1)}`)).toEqual(['F-1', 'F-2']);
    expect(await refs('HasTracking=true')).toEqual([]);
    // F-1 ships at +30 min; F-2 is still on the floor.
    await wms().clock.advanceScenario(12 * MIN);
    const t2 = wms().clock.now();
    expect(await refs('HasTracking=true')).toEqual(['F-1']);
    expect(await refs('HasTracking=false')).toEqual(['F-2']);
    expect(await refs('HasTracking=true&IsTrackingUploaded=false')).toEqual(['F-1']);
    expect(await refs(`LastTrackingUpdateStartDate=${iso(t0)}`)).toEqual(['F-1']);
    expect(await refs(`LastTrackingUpdateStartDate=${iso(t2 + 1)}`)).toEqual([]);
    // Both were touched since t1 (F-1 shipped, F-2 created then picked); nothing after t2.
    expect(await refs(`LastUpdateStartDate=${iso(t1)}`)).toEqual(['F-1', 'F-2']);
    expect(await refs(`LastUpdateStartDate=${iso(t2 + 1)}`)).toEqual([]);
    const shipmentId = early.shipments[0].id;
    const marked = await call('POST', '/2026-01/shipment:batchUpdateTrackingUpload', {
      is_tracking_uploaded: true,
      shipment_ids: [shipmentId, 999],
    });
    expect(marked.status).toBe(200);
    expect(marked.body.summary).toEqual({ total: 2, successful: 1, failed: 1 });
    expect(marked.body.results[0]).toMatchObject({ shipmentId, isSuccess: true });
    expect(await refs('HasTracking=true&IsTrackingUploaded=false')).toEqual([]);
    expect(await refs('IsTrackingUploaded=true')).toEqual(['F-1']);
    const got = (await call('GET', `/2026-01/order/${early.id}`)).body;
    expect(got.shipments[0].is_tracking_uploaded).toBe(true);
    expect(late.shipments[0].is_tracking_uploaded).toBe(false);
    for (const bad of ['StartDate=yesterday', 'HasTracking=yes', 'SortOrder=Sideways']) {
      const res = await call('GET', `/2026-01/order?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(Object.keys(res.body)).toEqual([bad.split('=')[0]]);
    }
  });

  it('sends an out-of-stock order to Exception and never ships it', async () => {
    const level = (await call('GET', `/2026-01/inventory-level?SearchBy=${sku(3)}`)).body.items[0];
    const o = (
      await call(
        'POST',
        '/2026-01/order',
        orderBody('X-1', [[sku(3), level.total_fulfillable_quantity + 1]]),
      )
    ).body;
    expect(o.status).toBe('Exception');
    expect(o.shipments[0].status).toBe('Exception');
    expect(o.shipments[0].status_details[0].name).toBe('OutOfStock');
    await wms().clock.advanceScenario(60 * MIN);
    expect((await call('GET', `/2026-01/order/${o.id}`)).body.status).toBe('Exception');
    expect(
      wms()
        .events('warehouse:order-exception')
        .find((e) => e.sourceOrderId === 'X-1'),
    ).toMatchObject({ reason: 'OutOfStock' });
  });

  it('changes inventory numbers: commit, then ship', async () => {
    const level = async () =>
      (await call('GET', `/2026-01/inventory-level?SearchBy=${sku(4)}`)).body.items[0];
    const before = await level();
    expect(before.total_fulfillable_quantity).toBe(
      before.total_on_hand_quantity - before.total_committed_quantity,
    );
    await call('POST', '/2026-01/order', orderBody('I-1', [[sku(4), 2]]));
    const mid = await level();
    expect(mid.total_committed_quantity).toBe(before.total_committed_quantity + 2);
    expect(mid.total_fulfillable_quantity).toBe(before.total_fulfillable_quantity - 2);
    await wms().clock.advanceScenario(31 * MIN);
    const after = await level();
    expect(after.total_on_hand_quantity).toBe(before.total_on_hand_quantity - 2);
    expect(after.total_committed_quantity).toBe(before.total_committed_quantity);
    const old = (await call('GET', `/2026-01/inventory/${after.inventory_id}`)).body;
    expect(old).toMatchObject({
      sku: sku(4),
      total_onhand_quantity: after.total_on_hand_quantity,
    });
  });

  it('pages inventory levels with next/prev links', async () => {
    const first = (await call('GET', '/2026-01/inventory-level?PageSize=20')).body;
    expect(first.items).toHaveLength(20);
    expect(first.prev).toBeNull();
    const second = (await call('GET', first.next)).body;
    expect(second.items).toHaveLength(10);
    expect(second.next).toBeNull();
    expect(second.items[0].sku).toBe('SKU-00020');
  });

  it('delivers a Standard-Webhooks signed order.shipped that the official library verifies', async () => {
    const o = (await call('POST', '/2026-01/order', orderBody('W-1', [[sku(5), 1]]))).body;
    await wms().clock.advanceScenario(31 * MIN);
    await wms().runtime.outbox.settled();
    const hook = wms().delivered.find(
      (d) => d.headers['x-webhook-topic'] === 'order.shipped' && JSON.parse(d.body).id === o.id,
    );
    expect(hook?.url).toBe(WMS_TEST_HOOK_URL);
    const verifier = new Webhook(wms().world.credentials.wms.webhookSecret);
    // The signature's timestamp is scenario time; verify as a receiver on that clock would.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(wms().clock.now());
      const payload = verifier.verify(hook!.body, hook!.headers) as Body;
      expect(payload).toMatchObject({ topic: 'order.shipped', id: o.id, status: 'Fulfilled' });
      expect(() =>
        verifier.verify(hook!.body.replace('Fulfilled', 'Cancelled'), hook!.headers),
      ).toThrow();
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancels with POST /order/{id}:cancel and journals it', async () => {
    const o = (await call('POST', '/2026-01/order', orderBody('K-1', [[sku(6), 1]]))).body;
    const res = await call('POST', `/2026-01/order/${o.id}:cancel`);
    expect(res.status).toBe(200);
    expect(res.body.order.status).toBe('Cancelled');
    expect(
      wms()
        .events('warehouse:order-cancelled')
        .find((e) => e.sourceOrderId === 'K-1'),
    ).toBeDefined();
    expect((await call('POST', `/2026-01/order/${o.id}:cancel`)).status).toBe(422);
    expect(wms().events('sim:crashed')).toHaveLength(0);
  });
});

describeOnEveryTransport(
  'wms (shipbob) products by reference',
  make({ rateLimit: false }),
  (served) => {
    const { call } = client(served);

    // ShipBob creates a product for an unknown reference_id when the line carries its name
    // (https://developer.shipbob.com/guides/orders; Create Order: "must also include the product name
    // if there is no matching ShipBob product"). The new product has no stock: the order waits.
    it('creates an unknown product by reference_id + name, and refuses one without a name', async () => {
      const noName = await call('POST', '/2026-01/order', orderBody('U-0', [['NEW-SKU-1', 1]]));
      expect([noName.status, Object.keys(noName.body)]).toEqual([400, ['products[0].name']]);
      expect((await call('GET', '/2026-01/order?ReferenceIds=U-0')).body).toEqual([]);
      const body = orderBody('U-1', []);
      body.products = [
        { reference_id: 'NEW-SKU-1', name: 'Brand new thing', quantity: 2 } as never,
      ];
      const res = await call('POST', '/2026-01/order', body);
      expect(res.status).toBe(201);
      const line = res.body.products[0];
      expect(line).toMatchObject({
        reference_id: 'NEW-SKU-1',
        name: 'Brand new thing',
        quantity: 2,
      });
      expect(typeof line.id).toBe('number');
      expect(res.body.status).toBe('Exception');
      expect(res.body.shipments[0].status_details[0].name).toBe('OutOfStock');
      const level = await call('GET', `/2026-01/inventory-level/${line.id}`);
      expect(level.body).toMatchObject({ sku: 'NEW-SKU-1', total_on_hand_quantity: 0 });
      // The product now exists: a second order for it needs no name.
      const again = await call('POST', '/2026-01/order', orderBody('U-2', [['NEW-SKU-1', 1]]));
      expect([again.status, again.body.products[0].id]).toEqual([201, line.id]);
    });
  },
);

describeOnEveryTransport('wms (shipbob) rate limit', make(), (served) => {
  const { wms, call } = client(served);

  it('answers the 151st request in a minute with 429 and ShipBob headers, then recovers', async () => {
    for (let i = 0; i < 150; i++) expect((await call('GET', '/2026-01/channel')).status).toBe(200);
    const res = await call('GET', '/2026-01/channel');
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      statusCode: 429,
      message: 'Rate limit is exceeded. Try again in 60 seconds.',
    });
    expect(res.headers.get('x-retry-after')).toBe('60');
    expect(res.headers.get('x-remaining-calls')).toBe('0');
    await wms().clock.advance(60_001);
    const ok = await call('GET', '/2026-01/channel');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-remaining-calls')).toBe('149');
  });
});
