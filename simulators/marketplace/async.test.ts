import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readMarketplaceConfig } from './config.js';
import { makeMarketplaceRuntime } from './testing.js';

/** A presigned document URL's path and signed query, for in-process calls. */
const rel = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

const MP = 'ATVPDKIKX0DER';

/** GET a listing's quantity through the API. */
async function quantity(mkt: ReturnType<typeof makeMarketplaceRuntime>, sku: string) {
  const res = await mkt.call(
    'GET',
    `/listings/2021-08-01/items/${mkt.creds.sellerId}/${sku}?marketplaceIds=${MP}&includedData=fulfillmentAvailability`,
  );
  return (res.body as Body).fulfillmentAvailability[0].quantity as number;
}

const quantityPatch = (q: number) => ({
  productType: 'PRODUCT',
  patches: [
    {
      op: 'replace',
      path: '/attributes/fulfillment_availability',
      value: [{ fulfillment_channel_code: 'DEFAULT', quantity: q }],
    },
  ],
});

describe('marketplace timing options', () => {
  it('defaults keep orders Unshipped and apply patches after 2 minutes', async () => {
    expect(readMarketplaceConfig({})).toMatchObject({
      feedProcessingMs: 60_000,
      listingProcessingMs: 120_000,
      pendingMs: 0,
    });
    expect(() => readMarketplaceConfig({ pendingMs: -1 })).toThrow(/pendingMs/);
    const mkt = makeMarketplaceRuntime({ config: { rateLimits: false } });
    await mkt.login();
    const { orderId } = mkt.order(0);
    const order = (await mkt.call('GET', `/orders/v0/orders/${orderId}`)).body as Body;
    expect(order.payload.OrderStatus).toBe('Unshipped');
    await mkt.call(
      'PATCH',
      `/listings/2021-08-01/items/${mkt.creds.sellerId}/SKU-00002?marketplaceIds=${MP}`,
      quantityPatch(9),
    );
    expect(await quantity(mkt, 'SKU-00002')).not.toBe(9);
    await mkt.clock.advanceScenario(120_000);
    expect(await quantity(mkt, 'SKU-00002')).toBe(9);
  });

  it('holds new orders Pending (no ShippingAddress) for pendingMs, then Unshipped', async () => {
    const mkt = makeMarketplaceRuntime({ config: { rateLimits: false, pendingMs: 120_000 } });
    await mkt.login();
    const { orderId } = mkt.order(3);
    const get = async () =>
      ((await mkt.call('GET', `/orders/v0/orders/${orderId}`)).body as Body).payload;
    expect((await get()).OrderStatus).toBe('Pending');
    expect((await get()).ShippingAddress).toBeUndefined();
    const ship = await mkt.call('POST', `/orders/v0/orders/${orderId}/shipmentConfirmation`, {
      marketplaceId: MP,
      packageDetail: {
        packageReferenceId: '1',
        carrierCode: 'UPS',
        trackingNumber: '1Z1',
        shipDate: '2026-11-27T06:00:00Z',
        orderItems: [{ orderItemId: '00000000000000', quantity: 1 }],
      },
    });
    expect(ship.status).toBe(400);
    await mkt.clock.advanceScenario(119_000);
    expect((await get()).OrderStatus).toBe('Pending');
    await mkt.clock.advanceScenario(1_000);
    await mkt.runtime.outbox.settled();
    // The lifecycle job moved it, so the notification went out without anyone calling.
    const statuses = mkt
      .notifications('ORDER_CHANGE')
      .map((n) => (n as Body).Payload.OrderChangeNotification.Summary.OrderStatus);
    expect(statuses).toEqual(['Pending', 'Unshipped']);
    expect((await get()).ShippingAddress).toBeDefined();
  });

  it('applies ACCEPTED listing patches after listingProcessingMs', async () => {
    const mkt = makeMarketplaceRuntime({
      config: { rateLimits: false, listingProcessingMs: 300_000 },
    });
    await mkt.login();
    const before = await quantity(mkt, 'SKU-00004');
    const res = await mkt.call(
      'PATCH',
      `/listings/2021-08-01/items/${mkt.creds.sellerId}/SKU-00004?marketplaceIds=${MP}`,
      quantityPatch(before + 5),
    );
    expect((res.body as Body).status).toBe('ACCEPTED');
    await mkt.clock.advanceScenario(299_000);
    expect(await quantity(mkt, 'SKU-00004')).toBe(before);
    await mkt.clock.advanceScenario(1_000);
    expect(await quantity(mkt, 'SKU-00004')).toBe(before + 5);
    expect(mkt.journal.query({ type: 'listing:quantity-changed' }).at(-1)).toMatchObject({
      sku: 'SKU-00004',
      quantity: before + 5,
      reason: 'patch',
    });
  });
});

describe('marketplace notifications and feeds', () => {
  it('keeps the NotificationId across delivery retries', async () => {
    const attempts: string[] = [];
    const mkt = makeMarketplaceRuntime({
      deliver: async (_url, init) => {
        attempts.push(init.body);
        return { status: attempts.length === 1 ? 500 : 200 };
      },
    });
    mkt.order(1);
    await mkt.runtime.outbox.settled();
    await mkt.clock.advanceScenario(10_000);
    await mkt.runtime.outbox.settled();
    expect(attempts).toHaveLength(2);
    const ids = attempts.map((b) => (JSON.parse(b) as Body).NotificationMetadata.NotificationId);
    expect(ids[0]).toBe(ids[1]);
    // Same seed, same id (a replay de-duplicates too).
    const again = makeMarketplaceRuntime();
    again.order(1);
    await again.runtime.outbox.settled();
    expect((again.notifications()[0] as Body).NotificationMetadata.NotificationId).toBe(ids[0]);
  });

  it('ends a feed whose document is not JSON as FATAL with a report', async () => {
    const mkt = makeMarketplaceRuntime({ config: { rateLimits: false, feedProcessingMs: 1_000 } });
    await mkt.login();
    const doc = (
      await mkt.call('POST', '/feeds/2021-06-30/documents', { contentType: 'application/json' })
    ).body as Body;
    const path = rel(doc.url as string);
    expect((await mkt.call('PUT', path, 'not json')).status).toBe(200);
    const { feedId } = (
      await mkt.call('POST', '/feeds/2021-06-30/feeds', {
        feedType: 'JSON_LISTINGS_FEED',
        marketplaceIds: [MP],
        inputFeedDocumentId: doc.feedDocumentId,
      })
    ).body as Body;
    await mkt.clock.advanceScenario(1_000);
    const feed = (await mkt.call('GET', `/feeds/2021-06-30/feeds/${feedId}`)).body as Body;
    expect(feed.processingStatus).toBe('FATAL');
    const result = (
      await mkt.call('GET', `/feeds/2021-06-30/documents/${feed.resultFeedDocumentId}`)
    ).body as Body;
    expect(result.compressionAlgorithm).toBe('GZIP');
    const report = JSON.parse(
      gunzipSync((await mkt.call('GET', rel(result.url as string))).body as Buffer).toString(),
    ) as Body;
    expect(report.summary.errors).toBe(1);
    // An upload URL expires after 5 minutes.
    const late = (await mkt.call('POST', '/feeds/2021-06-30/documents', { contentType: 'x' }))
      .body as Body;
    await mkt.clock.advanceScenario(301_000);
    expect((await mkt.call('PUT', rel(late.url as string), '{}')).status).toBe(403);
  });

  it('cancels only IN_QUEUE feeds and meters feed operations', async () => {
    const mkt = makeMarketplaceRuntime();
    await mkt.login();
    const doc = await mkt.call('POST', '/feeds/2021-06-30/documents', { contentType: 'x' });
    expect(doc.headers?.['x-amzn-ratelimit-limit']).toBe('0.5');
    const body = {
      feedType: 'JSON_LISTINGS_FEED',
      marketplaceIds: [MP],
      inputFeedDocumentId: (doc.body as Body).feedDocumentId,
    };
    const { feedId } = (await mkt.call('POST', '/feeds/2021-06-30/feeds', body)).body as Body;
    expect((await mkt.call('DELETE', `/feeds/2021-06-30/feeds/${feedId}`)).status).toBe(200);
    expect((await mkt.call('DELETE', `/feeds/2021-06-30/feeds/${feedId}`)).status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++)
      statuses.push((await mkt.call('POST', '/feeds/2021-06-30/feeds', body)).status);
    // Burst 15 for createFeed: one was used above.
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });
});
