import { describe, it } from 'vitest';
import { makeMarketplaceRuntime } from '../../simulators/marketplace/testing.js';
import { expectGolden } from '../support/golden.js';

/**
 * Representative SP-API responses, pinned as golden files under test/golden/marketplace/
 * (regenerate with UPDATE_GOLDEN=1). Seeded world and virtual clock, so ids and bodies are stable.
 */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

const MP = 'ATVPDKIKX0DER';

describe('marketplace golden responses', () => {
  it('pins the main payloads', async () => {
    const mkt = makeMarketplaceRuntime({
      size: { skus: 5 },
      config: { rateOverrides: { getOrder: { rate: 1, burst: 1 } } },
    });
    const golden = async (
      name: string,
      method: string,
      path: string,
      body?: unknown,
      headers?: Record<string, string>,
    ) => {
      const res = await mkt.call(method, path, body, headers);
      expectGolden(`marketplace/${name}`, {
        status: res.status,
        headers: res.headers,
        body: res.body,
      });
      return res.body as Body;
    };
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: mkt.creds.refreshToken,
      client_id: mkt.creds.clientId,
      client_secret: mkt.creds.clientSecret,
    }).toString();
    await golden('lwa-token', 'POST', '/auth/o2/token', form, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    await golden('unauthorized', 'GET', `/orders/v0/orders/${'1'.repeat(3)}-0000000-0000000`);
    await mkt.login();
    const { orderId } = mkt.order(0);
    mkt.order(1);
    await mkt.clock.advance(120_000); // settled: getOrders shows them
    await golden(
      'get-orders',
      'GET',
      `/orders/v0/orders?MarketplaceIds=${MP}&CreatedAfter=2026-11-01T00:00:00Z&MaxResultsPerPage=1`,
    );
    await golden('get-orders-missing-dates', 'GET', `/orders/v0/orders?MarketplaceIds=${MP}`);
    await golden('get-order', 'GET', `/orders/v0/orders/${orderId}`);
    await golden('quota-exceeded', 'GET', `/orders/v0/orders/${orderId}`);
    await golden('get-order-items', 'GET', `/orders/v0/orders/${orderId}/orderItems`);
    const path = `/listings/2021-08-01/items/${mkt.creds.sellerId}/SKU-00001?marketplaceIds=${MP}`;
    await golden('patch-listing', 'PATCH', path, {
      productType: 'PRODUCT',
      patches: [
        {
          op: 'replace',
          path: '/attributes/fulfillment_availability',
          value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 4 }],
        },
      ],
    });
    await mkt.clock.advance(120_000); // the patch is processed asynchronously (listingProcessingMs)
    await golden(
      'get-listing',
      'GET',
      `${path}&includedData=summaries,attributes,issues,offers,fulfillmentAvailability`,
    );
  });
});
