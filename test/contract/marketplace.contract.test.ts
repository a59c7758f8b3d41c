import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import type { SimulatorRuntime } from '../../simulators/core/simulator-runtime.js';
import { makeMarketplaceRuntime, MKT_TEST_HOOK_URL } from '../../simulators/marketplace/testing.js';
import { describeOnEveryTransport, type Served } from '../support/transports.js';
import { callJson } from '../support/http.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
type Mkt = ReturnType<typeof makeMarketplaceRuntime>;

const MP = 'ATVPDKIKX0DER';
const SINCE = '2026-11-01T00:00:00Z';
/**
 * SP-API's 403 for a token problem; `details` tells missing, revoked/malformed and expired apart
 * (the revoked text as quoted in amzn/selling-partner-api-models#2333; clients refresh on the
 * expired one).
 */
const denied = (details: string) => ({
  errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details }],
});
/** Amazon's data settles up to two minutes after a change (CreatedBefore ≤ now − 2 min). */
const SETTLE_MS = 120_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The harness (clock, journal, demand) behind each served runtime. */
const harnesses = new WeakMap<SimulatorRuntime<unknown>, Mkt>();
function make(config?: Record<string, unknown>) {
  return () => {
    const mkt = makeMarketplaceRuntime({ size: { skus: 60 }, config });
    harnesses.set(mkt.runtime as SimulatorRuntime<unknown>, mkt);
    return mkt.runtime;
  };
}

function client(served: () => Served) {
  const mkt = () => harnesses.get(served().runtime)!;
  let token = '';
  const lwa = async (form: Record<string, string>) => {
    const res = await fetch(`${served().baseUrl}/auth/o2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    return { status: res.status, body: (await res.json()) as Body };
  };
  const login = async () => {
    const c = mkt().creds;
    const res = await lwa({
      grant_type: 'refresh_token',
      refresh_token: c.refreshToken,
      client_id: c.clientId,
      client_secret: c.clientSecret,
    });
    token = res.body.access_token as string;
    return res;
  };
  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => callJson(served().baseUrl, method, path, body, { 'x-amz-access-token': token, ...headers });
  const crashes = () => mkt().journal.query({ type: 'sim:crashed' });
  return { mkt, lwa, login, call, crashes };
}

const ordersSince = (extra = '') =>
  `/orders/v0/orders?MarketplaceIds=${MP}&CreatedAfter=${encodeURIComponent(SINCE)}${extra}`;

describeOnEveryTransport(
  'marketplace (amazon-sp) contract',
  make({ rateLimits: false }),
  (served) => {
    const { mkt, lwa, login, call, crashes } = client(served);

    it('issues LWA tokens for the refresh-token and client-credentials grants', async () => {
      const res = await login();
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
      expect(res.body.access_token).toMatch(/^Atza\|/);
      expect(res.body.refresh_token).toBe(mkt().creds.refreshToken);
      const c = mkt().creds;
      const grantless = await lwa({
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: c.clientSecret,
        scope: 'sellingpartnerapi::notifications',
      });
      expect(grantless.status).toBe(200);
      expect(grantless.body.refresh_token).toBeUndefined();
      const bad = await lwa({
        ...{ grant_type: 'refresh_token', refresh_token: 'Atzr|nope' },
        client_id: c.clientId,
        client_secret: c.clientSecret,
      });
      expect([bad.status, bad.body.error]).toEqual([400, 'invalid_grant']);
      const wrongClient = await lwa({
        grant_type: 'refresh_token',
        refresh_token: c.refreshToken,
        client_id: 'x',
        client_secret: 'y',
      });
      expect([wrongClient.status, wrongClient.body.error]).toEqual([401, 'invalid_client']);
    });

    it('answers 403 Unauthorized without a live token', async () => {
      const cases = [
        ['', 'Access token is missing in the request header.'],
        ['Atza|forged', 'The access token you provided is revoked, malformed or invalid.'],
      ];
      for (const [t, details] of cases) {
        const res = await call('GET', ordersSince(), undefined, { 'x-amz-access-token': t! });
        expect(res.status).toBe(403);
        expect(res.body).toEqual(denied(details!));
      }
    });

    it('lists demand orders and their items in SP-API shape', async () => {
      await login();
      const placed = [0, 1, 2].map((i) => mkt().order(i));
      // Not settled yet: an order placed a moment ago is not in getOrders (getOrder finds it).
      const early = await call('GET', ordersSince());
      expect(early.body.payload.Orders.map((o: Body) => o.AmazonOrderId)).not.toContain(
        placed[0]!.orderId,
      );
      expect((await call('GET', `/orders/v0/orders/${placed[0]!.orderId}`)).status).toBe(200);
      await mkt().clock.advance(SETTLE_MS);
      const res = await call('GET', ordersSince());
      expect(res.status).toBe(200);
      expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f]{8}-/);
      const orders = res.body.payload.Orders as Body[];
      expect(orders.map((o) => o.AmazonOrderId)).toEqual(
        expect.arrayContaining(placed.map((p) => p.orderId)),
      );
      const first = orders.find((o) => o.AmazonOrderId === placed[0]!.orderId)!;
      expect(first).toMatchObject({
        OrderStatus: 'Unshipped',
        MarketplaceId: MP,
        FulfillmentChannel: 'MFN',
      });
      expect(first.OrderTotal).toEqual({
        CurrencyCode: 'USD',
        Amount: (placed[0]!.totalCents / 100).toFixed(2),
      });
      expect(res.body.payload.CreatedBefore).toMatch(/^2026-11-27T05:00:00Z$/);

      const items = await call('GET', `/orders/v0/orders/${placed[0]!.orderId}/orderItems`);
      const world = mkt().world.marketplaceOrder(0);
      expect(items.body.payload.AmazonOrderId).toBe(placed[0]!.orderId);
      expect(
        items.body.payload.OrderItems.map((i: Body) => [
          i.SellerSKU,
          i.QuantityOrdered,
          i.ItemPrice.Amount,
        ]),
      ).toEqual(
        world.lines.map((l) => [
          l.sku,
          l.quantity,
          ((l.quantity * l.unitPriceCents) / 100).toFixed(2),
        ]),
      );
      const one = await call('GET', `/orders/v0/orders/${placed[1]!.orderId}`);
      expect(one.body.payload.AmazonOrderId).toBe(placed[1]!.orderId);
      const missing = await call('GET', '/orders/v0/orders/111-0000000-0000000');
      expect([missing.status, missing.body.errors[0].code]).toEqual([404, 'NotFound']);
    });

    it('requires MarketplaceIds and CreatedAfter or LastUpdatedAfter (400 InvalidInput)', async () => {
      await login();
      for (const path of [
        `/orders/v0/orders?MarketplaceIds=${MP}`,
        `/orders/v0/orders?CreatedAfter=${SINCE}`,
        `/orders/v0/orders?MarketplaceIds=${MP}&CreatedAfter=yesterday`,
        `/orders/v0/orders?MarketplaceIds=${MP}&CreatedAfter=${SINCE}&LastUpdatedAfter=${SINCE}`,
        `${ordersSince('&MaxResultsPerPage=101')}`,
        `${ordersSince('&OrderStatuses=Lost')}`,
        // ordersV0.json: CreatedBefore must be at least two minutes before the request
        `${ordersSince(`&CreatedBefore=${iso(mkt().clock.now() - 60_000)}`)}`,
      ]) {
        const res = await call('GET', path);
        expect(res.status, path).toBe(400);
        expect(res.body.errors[0]).toMatchObject({ code: 'InvalidInput' });
      }
      // … and three minutes before is what Amazon tells clients to send: it works.
      const ok = await call(
        'GET',
        ordersSince(`&CreatedBefore=${iso(mkt().clock.now() - 180_000)}`),
      );
      expect(ok.status).toBe(200);
      expect(ok.body.payload.CreatedBefore).toBe(iso(mkt().clock.now() - 180_000));
    });

    it('pages with NextToken without repeats or gaps, and filters by status', async () => {
      await login();
      for (let i = 10; i < 17; i++) mkt().order(i);
      await mkt().clock.advance(SETTLE_MS);
      const seen: string[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const q: string = next ? `&NextToken=${encodeURIComponent(next)}` : '&MaxResultsPerPage=3';
        const res = await call('GET', ordersSince(q));
        expect(res.status).toBe(200);
        expect(res.body.payload.Orders.length).toBeLessThanOrEqual(3);
        seen.push(...res.body.payload.Orders.map((o: Body) => o.AmazonOrderId as string));
        next = res.body.payload.NextToken as string | undefined;
        pages++;
      } while (next && pages < 20);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(mkt().runtime.state.orders.size);
      expect(pages).toBe(Math.ceil(seen.length / 3));
      const bad = await call('GET', ordersSince('&NextToken=garbage'));
      expect(bad.status).toBe(400);
      const shipped = await call('GET', ordersSince('&OrderStatuses=Shipped,Canceled'));
      for (const o of shipped.body.payload.Orders)
        expect(['Shipped', 'Canceled']).toContain(o.OrderStatus);
    });

    it('confirms a shipment: 204, order Shipped, journaled, LastUpdateDate moves', async () => {
      await login();
      const { orderId } = mkt().order(30);
      const items = await call('GET', `/orders/v0/orders/${orderId}/orderItems`);
      await mkt().clock.advance(60_000);
      const body = {
        marketplaceId: MP,
        packageDetail: {
          packageReferenceId: '1',
          carrierCode: 'UPS',
          trackingNumber: '1Z999AA10123456784',
          shipDate: '2026-11-27T05:01:00Z',
          orderItems: items.body.payload.OrderItems.map((i: Body) => ({
            orderItemId: i.OrderItemId,
            quantity: i.QuantityOrdered,
          })),
        },
      };
      const named = {
        ...body,
        packageDetail: { ...body.packageDetail, packageReferenceId: 'PKG-1' },
      };
      const bad = await call('POST', `/orders/v0/orders/${orderId}/shipmentConfirmation`, named);
      expect([bad.status, bad.body.errors[0].message]).toEqual([
        400,
        'PackageReferenceId: is invalid, must be a positive numeric value.',
      ]);
      const res = await call('POST', `/orders/v0/orders/${orderId}/shipmentConfirmation`, body);
      expect(res.status).toBe(204);
      const order = await call('GET', `/orders/v0/orders/${orderId}`);
      expect(order.body.payload).toMatchObject({
        OrderStatus: 'Shipped',
        NumberOfItemsUnshipped: 0,
      });
      expect(order.body.payload.LastUpdateDate > order.body.payload.PurchaseDate).toBe(true);
      const events = mkt().journal.query({ type: 'channel:shipment-confirmed' });
      expect(events.at(-1)).toMatchObject({
        sys: 'marketplace',
        orderId,
        trackingNumber: '1Z999AA10123456784',
        carrier: 'UPS',
      });
      const again = await call('POST', `/orders/v0/orders/${orderId}/shipmentConfirmation`, body);
      expect([again.status, again.body.errors[0].code]).toEqual([400, 'InvalidInput']);
      const noPkg = await call('POST', `/orders/v0/orders/${orderId}/shipmentConfirmation`, {
        marketplaceId: MP,
      });
      expect(noPkg.status).toBe(400);
      const shippedAt = Date.parse(order.body.payload.LastUpdateDate as string);
      await mkt().clock.advance(SETTLE_MS);
      const updated = await call(
        'GET',
        `/orders/v0/orders?MarketplaceIds=${MP}&LastUpdatedAfter=${iso(shippedAt)}`,
      );
      expect(updated.body.payload.Orders.map((o: Body) => o.AmazonOrderId)).toEqual([orderId]);
    });

    it('patches and reads listing quantity, journaling each change', async () => {
      await login();
      const seller = mkt().creds.sellerId;
      const path = `/listings/2021-08-01/items/${seller}/SKU-00005?marketplaceIds=${MP}`;
      const patch = {
        productType: 'PRODUCT',
        patches: [
          {
            op: 'replace',
            path: '/attributes/fulfillment_availability',
            value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }],
          },
        ],
      };
      const res = await call('PATCH', path, patch);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ sku: 'SKU-00005', status: 'ACCEPTED', issues: [] });
      expect(res.body.submissionId).toMatch(/^[0-9a-f]{32}$/);
      // ACCEPTED means queued: Amazon processes the submission asynchronously (Listings Items
      // 2021-08-01, ListingsItemSubmissionResponse). GUESS: 2 minutes (listingProcessingMs).
      const before = await call('GET', `${path}&includedData=attributes`);
      expect(before.body.attributes.fulfillment_availability).not.toEqual([
        { fulfillment_channel_code: 'DEFAULT', quantity: 7 },
      ]);
      await mkt().clock.advanceScenario(120_000);
      const got = await call('GET', `${path}&includedData=summaries,attributes`);
      expect(got.body.attributes.fulfillment_availability).toEqual([
        { fulfillment_channel_code: 'DEFAULT', quantity: 7 },
      ]);
      expect(got.body.summaries[0]).toMatchObject({
        marketplaceId: MP,
        status: ['BUYABLE', 'DISCOVERABLE'],
      });
      expect(mkt().journal.query({ type: 'listing:quantity-changed' }).at(-1)).toMatchObject({
        sys: 'marketplace',
        sku: 'SKU-00005',
        quantity: 7,
        reason: 'patch',
      });
      const invalidQty = await call('PATCH', path, {
        productType: 'PRODUCT',
        patches: [
          {
            op: 'replace',
            path: '/attributes/fulfillment_availability',
            value: [{ quantity: -1 }],
          },
        ],
      });
      expect(invalidQty.body.status).toBe('INVALID');
      const missing = await call(
        'GET',
        `/listings/2021-08-01/items/${seller}/NOPE-1?marketplaceIds=${MP}`,
      );
      expect([missing.status, missing.body.errors[0].code]).toEqual([404, 'NotFound']);
      const noBody = await call('PATCH', path, { patches: [] });
      expect([noBody.status, noBody.body.errors[0].code]).toEqual([400, 'InvalidInput']);
      const badJson = await call('PATCH', path, '{nope');
      expect([badJson.status, badJson.body.errors[0].code]).toEqual([400, 'InvalidInput']);
    });

    it('never crashed', () => {
      expect(crashes()).toEqual([]);
    });

    // getFeeds (Feeds 2021-06-30 model): feedTypes or nextToken required; filters AND; pageSize
    // 1-100; nextToken must come alone. GUESS: newest first.
    it('lists feeds with getFeeds: filters, paging, nextToken alone', async () => {
      await login();
      const since = new Date(mkt().clock.now()).toISOString();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const doc = await call('POST', '/feeds/2021-06-30/documents', { contentType: 'x' });
        const created = await call('POST', '/feeds/2021-06-30/feeds', {
          feedType: 'JSON_LISTINGS_FEED',
          marketplaceIds: [MP],
          inputFeedDocumentId: doc.body.feedDocumentId,
        });
        ids.push(created.body.feedId);
        await mkt().clock.advanceScenario(1_000);
      }
      const q = `feedTypes=JSON_LISTINGS_FEED&createdSince=${since}`;
      const first = await call('GET', `/feeds/2021-06-30/feeds?${q}&pageSize=2`);
      expect(first.status).toBe(200);
      expect(first.body.feeds.map((f: Body) => f.feedId)).toEqual([ids[2], ids[1]]);
      expect(first.body.feeds[0]).toMatchObject({
        feedType: 'JSON_LISTINGS_FEED',
        marketplaceIds: [MP],
      });
      const next = await call(
        'GET',
        `/feeds/2021-06-30/feeds?nextToken=${encodeURIComponent(first.body.nextToken)}`,
      );
      expect(next.body.feeds.map((f: Body) => f.feedId)).toEqual([ids[0]]);
      expect(next.body.nextToken).toBeUndefined();
      const queued = await call('GET', `/feeds/2021-06-30/feeds?${q}&processingStatuses=DONE`);
      expect(queued.body.feeds).toEqual([]);
      for (const bad of [
        '',
        'feedTypes=JSON_LISTINGS_FEED&pageSize=101',
        'feedTypes=JSON_LISTINGS_FEED&processingStatuses=NOPE',
        `nextToken=${encodeURIComponent(first.body.nextToken)}&pageSize=2`,
        'nextToken=garbage',
      ]) {
        const res = await call('GET', `/feeds/2021-06-30/feeds?${bad}`);
        expect(res.status, bad).toBe(400);
        expect(res.body.errors[0].code).toBe('InvalidInput');
      }
    });

    it('runs a JSON_LISTINGS_FEED round trip on the scenario clock', async () => {
      await login();
      // The runner tells each runtime where it is served; document URLs are built from it.
      served().runtime.baseUrl = served().baseUrl;
      const sellerId = mkt().creds.sellerId;
      const listing = `/listings/2021-08-01/items/${sellerId}/SKU-00007?marketplaceIds=${MP}&includedData=fulfillmentAvailability`;
      const doc = await call('POST', '/feeds/2021-06-30/documents', {
        contentType: 'application/json; charset=UTF-8',
      });
      expect(doc.status).toBe(201);
      // A presigned URL: S3's query signature, valid 5 minutes (Feeds 2021-06-30 model,
      // CreateFeedDocumentResponse.url: "This URL expires after 5 minutes").
      expect(doc.body.url).toMatch(
        new RegExp(
          `^${served().baseUrl.replace(/[.]/g, '\\.')}/_feed-documents/${doc.body.feedDocumentId}\\?.*X-Amz-Expires=300.*X-Amz-Signature=[0-9a-f]{64}$`,
        ),
      );
      const feedDoc = {
        header: { sellerId, version: '2.0', issueLocale: 'en_US' },
        messages: [
          {
            messageId: 1,
            sku: 'SKU-00007',
            operationType: 'PATCH',
            productType: 'PRODUCT',
            patches: [
              {
                op: 'replace',
                path: '/attributes/fulfillment_availability',
                value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 3 }],
              },
            ],
          },
          {
            messageId: 2,
            sku: 'NOPE-1',
            operationType: 'PATCH',
            productType: 'PRODUCT',
            patches: [],
          },
        ],
      };
      const put = await fetch(doc.body.url as string, {
        method: 'PUT',
        headers: { 'content-type': 'application/json; charset=UTF-8' },
        body: JSON.stringify(feedDoc),
      });
      expect(put.status).toBe(200);
      const created = await call('POST', '/feeds/2021-06-30/feeds', {
        feedType: 'JSON_LISTINGS_FEED',
        marketplaceIds: [MP],
        inputFeedDocumentId: doc.body.feedDocumentId,
      });
      expect(created.status).toBe(202);
      const feedId = created.body.feedId as string;
      expect(feedId).toMatch(/^\d{11}$/);
      const feed = () => call('GET', `/feeds/2021-06-30/feeds/${feedId}`);
      expect((await feed()).body).toMatchObject({ feedId, processingStatus: 'IN_QUEUE' });
      await mkt().clock.advanceScenario(30_000);
      expect((await feed()).body.processingStatus).toBe('IN_PROGRESS');
      expect((await call('GET', listing)).body.fulfillmentAvailability[0].quantity).not.toBe(3);
      await mkt().clock.advanceScenario(30_000);
      const done = await feed();
      expect(done.body).toMatchObject({
        feedId,
        feedType: 'JSON_LISTINGS_FEED',
        processingStatus: 'DONE',
      });
      expect(done.body.processingEndTime).toBeDefined();
      const result = await call(
        'GET',
        `/feeds/2021-06-30/documents/${done.body.resultFeedDocumentId}`,
      );
      expect(result.status).toBe(200);
      // Processing reports are GZIP-compressed and say so (FeedDocument.compressionAlgorithm);
      // by default the URL answers without Content-Encoding: the client gunzips.
      expect(result.body.compressionAlgorithm).toBe('GZIP');
      const raw = await fetch(result.body.url as string);
      expect(raw.headers.get('content-encoding')).toBeNull();
      const report = JSON.parse(
        gunzipSync(Buffer.from(await raw.arrayBuffer())).toString('utf8'),
      ) as Body;
      // enableContentEncodingUrlHeader=true: Content-Encoding gzip, so fetch decompresses itself.
      const decoded = await call(
        'GET',
        `/feeds/2021-06-30/documents/${done.body.resultFeedDocumentId}?enableContentEncodingUrlHeader=true`,
      );
      const auto = await fetch(decoded.body.url as string);
      expect(auto.headers.get('content-encoding')).toBe('gzip');
      expect(await auto.json()).toEqual(report);
      // A tampered signature, then the same URL after 5 minutes: S3's 403s.
      const tampered = (result.body.url as string).replace(
        /X-Amz-Signature=./,
        'X-Amz-Signature=0',
      );
      expect((await fetch(tampered)).status).toBe(403);
      await mkt().clock.advanceScenario(300_001);
      const late = await fetch(result.body.url as string);
      expect(late.status).toBe(403);
      expect(await late.text()).toContain('Request has expired');
      expect(report.header).toEqual({ sellerId, version: '2.0', feedId });
      expect(report.summary).toEqual({
        errors: 1,
        warnings: 0,
        messagesProcessed: 2,
        messagesAccepted: 1,
        messagesInvalid: 1,
      });
      expect(report.issues).toMatchObject([{ messageId: 2, sku: 'NOPE-1', severity: 'ERROR' }]);
      expect((await call('GET', listing)).body.fulfillmentAvailability[0].quantity).toBe(3);
      expect(mkt().journal.query({ type: 'listing:quantity-changed' }).at(-1)).toMatchObject({
        sku: 'SKU-00007',
        quantity: 3,
        reason: 'feed',
      });
      await mkt().runtime.outbox.settled();
      expect(mkt().notifications('FEED_PROCESSING_FINISHED').at(-1)).toMatchObject({
        notificationType: 'FEED_PROCESSING_FINISHED',
        payload: {
          feedProcessingFinishedNotification: {
            sellerId,
            feedId,
            feedType: 'JSON_LISTINGS_FEED',
            processingStatus: 'DONE',
            resultFeedDocumentId: done.body.resultFeedDocumentId,
          },
        },
      });
      expect(crashes()).toEqual([]);
    });

    it('refuses bad feed requests in SP-API shape', async () => {
      await login();
      const missing = await call('GET', '/feeds/2021-06-30/feeds/1');
      expect([missing.status, missing.body.errors[0].code]).toEqual([404, 'NotFound']);
      const bad = await call('POST', '/feeds/2021-06-30/feeds', {
        feedType: 'JSON_LISTINGS_FEED',
        marketplaceIds: [MP],
        inputFeedDocumentId: 'amzn1.tortuga.4.na.nope',
      });
      expect([bad.status, bad.body.errors[0].code]).toEqual([400, 'InvalidInput']);
      const noType = await call('POST', '/feeds/2021-06-30/documents', {});
      expect(noType.status).toBe(400);
    });

    it('delivers ORDER_CHANGE notifications on creation and shipment', async () => {
      await login();
      const { orderId } = mkt().order(40);
      const items = await call('GET', `/orders/v0/orders/${orderId}/orderItems`);
      const ship = await call('POST', `/orders/v0/orders/${orderId}/shipmentConfirmation`, {
        marketplaceId: MP,
        packageDetail: {
          packageReferenceId: '1',
          carrierCode: 'UPS',
          trackingNumber: '1Z999',
          shipDate: '2026-11-27T06:00:00Z',
          orderItems: (items.body.payload.OrderItems as Body[]).map((i) => ({
            orderItemId: i.OrderItemId,
            quantity: i.QuantityOrdered,
          })),
        },
      });
      expect(ship.status).toBe(204);
      await mkt().runtime.outbox.settled();
      const mine = mkt()
        .notifications('ORDER_CHANGE')
        .filter((n) => (n as Body).Payload.OrderChangeNotification.AmazonOrderId === orderId);
      expect(
        mine.map((n) => (n as Body).Payload.OrderChangeNotification.Summary.OrderStatus),
      ).toEqual(['Unshipped', 'Shipped']);
      expect(mine[0]).toMatchObject({
        NotificationVersion: '1.0',
        NotificationType: 'ORDER_CHANGE',
        PayloadVersion: '1.0',
        Payload: {
          OrderChangeNotification: {
            SellerId: mkt().creds.sellerId,
            OrderChangeType: 'OrderStatusChange',
            Summary: { MarketplaceId: MP },
          },
        },
      });
      const ids = mine.map((n) => (n as Body).NotificationMetadata.NotificationId as string);
      expect(new Set(ids).size).toBe(2);
      expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      // Plain POSTs to the configured URL (SQS stand-in): JSON, no signature headers.
      expect(mkt().delivered.length).toBeGreaterThanOrEqual(2);
      expect(mkt().delivered.every((d) => d.url === MKT_TEST_HOOK_URL)).toBe(true);
    });
  },
);

describeOnEveryTransport('marketplace (amazon-sp) usage plans', make(), (served) => {
  const { mkt, login, call } = client(served);

  it('throttles getOrders after its burst of 20 with 429 QuotaExceeded and x-amzn-RateLimit-Limit', async () => {
    await login();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await call('GET', ordersSince());
      statuses.push(res.status);
      expect(res.headers.get('x-amzn-ratelimit-limit')).toBe('0.0167');
      if (res.status === 429) {
        expect(res.body).toEqual({
          errors: [
            {
              code: 'QuotaExceeded',
              message: 'You exceeded your quota for the requested resource.',
              details: '',
            },
          ],
        });
      }
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Other operations have their own buckets.
    expect((await call('GET', '/orders/v0/orders/111-0000000-0000000')).status).toBe(404);
    // One token returns after 1/0.0167 s of WALL time.
    await mkt().clock.advance(60_000);
    expect((await call('GET', ordersSince())).status).toBe(200);
    expect((await call('GET', ordersSince())).status).toBe(429);
  });

  it('expires tokens after an hour of scenario time', async () => {
    await login();
    await mkt().clock.advance(3_600_000);
    const res = await call('GET', '/orders/v0/orders/111-0000000-0000000');
    expect([res.status, res.body]).toEqual([
      403,
      denied('The access token you provided has expired.'),
    ]);
  });
});
