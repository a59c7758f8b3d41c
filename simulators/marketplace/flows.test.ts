import { describe, expect, it } from 'vitest';
import { initialListingQuantity } from './listings.js';
import { makeMarketplaceRuntime } from './testing.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

const MP = 'ATVPDKIKX0DER';

describe('marketplace flows (in process)', () => {
  it('places a world order, decrements listings, and journals both', async () => {
    const mkt = makeMarketplaceRuntime({ config: { rateLimits: false, listingProcessingMs: 0 } });
    await mkt.login();
    const placed = mkt.order(0);
    const world = mkt.world.marketplaceOrder(0);
    expect(placed.orderId).toBe(world.amazonOrderId);
    const created = mkt.journal.query({ type: 'channel:order-visible' });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ sys: 'marketplace', orderId: placed.orderId, index: 0 });
    const sku = world.lines[0]!.sku;
    const res = await mkt.call(
      'GET',
      `/listings/2021-08-01/items/${mkt.creds.sellerId}/${sku}?marketplaceIds=${MP}&includedData=attributes`,
    );
    const qty = (res.body as Body).attributes.fulfillment_availability[0].quantity;
    const start = initialListingQuantity(mkt.world, world.lines[0]!.skuIndex);
    const sold = world.lines.filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0);
    expect(qty).toBe(Math.max(0, start - sold));
    // The same index again does nothing.
    expect(mkt.order(0)).toMatchObject({ orderId: placed.orderId });
    expect(mkt.journal.query({ type: 'channel:order-visible' })).toHaveLength(1);
    const crashed = mkt.journal.query({ type: 'sim:crashed' });
    expect(crashed).toEqual([]);
  });

  it('places no order for a SKU whose listing shows too few units, and says why', async () => {
    const mkt = makeMarketplaceRuntime({ config: { rateLimits: false, listingProcessingMs: 0 } });
    await mkt.login();
    const world = mkt.world.marketplaceOrder(3);
    const sku = world.lines[0]!.sku;
    const patch = await mkt.call(
      'PATCH',
      `/listings/2021-08-01/items/${mkt.creds.sellerId}/${sku}?marketplaceIds=${MP}`,
      {
        productType: 'PRODUCT',
        patches: [
          {
            op: 'replace',
            path: '/attributes/fulfillment_availability',
            value: [
              { fulfillment_channel_code: 'DEFAULT', quantity: world.lines[0]!.quantity - 1 },
            ],
          },
        ],
      },
    );
    expect(patch.status).toBe(200);
    expect(mkt.order(3)).toMatchObject({ created: false, unavailable: sku });
    expect(mkt.journal.query({ type: 'channel:order-visible' })).toHaveLength(0);
    expect(mkt.journal.query({ type: 'channel:order-rejected' })).toMatchObject([
      { orderId: world.amazonOrderId, reason: 'unavailable', sku },
    ]);
    const list = await mkt.call(
      'GET',
      `/orders/v0/orders?MarketplaceIds=${MP}&CreatedAfter=2020-01-01T00:00:00Z`,
    );
    expect((list.body as Body).payload.Orders).toEqual([]);
  });

  it('sells at the offer price a purchasable_offer patch set, and refuses a price that is none', async () => {
    const mkt = makeMarketplaceRuntime({ config: { rateLimits: false, listingProcessingMs: 0 } });
    await mkt.login();
    const world = mkt.world.marketplaceOrder(5);
    const sku = world.lines[0]!.sku;
    const offer = (value_with_tax: unknown) => ({
      productType: 'PRODUCT',
      patches: [
        {
          op: 'replace',
          path: '/attributes/purchasable_offer',
          value: [
            {
              marketplace_id: MP,
              currency: 'USD',
              our_price: [{ schedule: [{ value_with_tax }] }],
            },
          ],
        },
      ],
    });
    const path = `/listings/2021-08-01/items/${mkt.creds.sellerId}/${sku}?marketplaceIds=${MP}`;
    const bad = await mkt.call('PATCH', path, offer('free'));
    expect((bad.body as Body).status).toBe('INVALID');
    const ok = await mkt.call('PATCH', path, offer(12.34));
    expect((ok.body as Body).status).toBe('ACCEPTED');
    expect(mkt.journal.query({ type: 'listing:price-changed' })).toMatchObject([
      { sys: 'marketplace', sku, priceCents: 1234, reason: 'patch' },
    ]);
    mkt.order(5);
    const [visible] = mkt.journal.query({ type: 'channel:order-visible' });
    expect((visible as Body).lines.find((l: Body) => l.sku === sku).unitPriceCents).toBe(1234);
  });

  it('expires access tokens on the scenario clock', async () => {
    const mkt = makeMarketplaceRuntime();
    await mkt.login();
    const path = `/orders/v0/orders?MarketplaceIds=${MP}&CreatedAfter=2020-01-01T00:00:00Z`;
    expect((await mkt.call('GET', path)).status).toBe(200);
    await mkt.clock.advance(3_600_000);
    const res = await mkt.call('GET', path);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      errors: [
        {
          code: 'Unauthorized',
          message: 'Access to requested resource is denied.',
          details: 'The access token you provided has expired.',
        },
      ],
    });
  });
});
