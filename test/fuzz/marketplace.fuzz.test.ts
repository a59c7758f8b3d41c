import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimResponse } from '../../simulators/core/types.js';
import { makeMarketplaceRuntime } from '../../simulators/marketplace/testing.js';

/** A presigned document URL's path and signed query, for in-process calls. */
const rel = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/**
 * Property: whatever arrives — arbitrary JSON, malformed JSON, wrong types, huge strings, unknown
 * paths, bad ids, hostile query strings — the marketplace answers below 500, in SP-API's error
 * shape when it refuses (OAuth2's on the LWA endpoint), and never journals `sim:crashed`.
 * In process through the full pipeline (no sockets), per route.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const mkt = makeMarketplaceRuntime({ config: { rateLimits: false } });
/** Feeds finish on the next request here, so processing is fuzzed without moving the clock. */
const feedMkt = makeMarketplaceRuntime({ config: { rateLimits: false, feedProcessingMs: 0 } });
const MP = 'ATVPDKIKX0DER';
let orderId = '';
let seller = '';

/** Wire names the routes read, so generated bodies and queries reach deep validation. */
const KEYS = [
  'marketplaceId',
  'packageDetail',
  'packageReferenceId',
  'carrierCode',
  'carrierName',
  'trackingNumber',
  'shipDate',
  'orderItems',
  'orderItemId',
  'quantity',
  'productType',
  'patches',
  'op',
  'path',
  'value',
  'fulfillment_channel_code',
  'contentType',
  'feedType',
  'marketplaceIds',
  'inputFeedDocumentId',
  'feedOptions',
  'header',
  'messages',
  'sellerId',
  'version',
  'messageId',
  'sku',
  'operationType',
  'attributes',
];
const QUERY_KEYS = [
  'MarketplaceIds',
  'CreatedAfter',
  'CreatedBefore',
  'LastUpdatedAfter',
  'LastUpdatedBefore',
  'OrderStatuses',
  'MaxResultsPerPage',
  'NextToken',
  'AmazonOrderIds',
  'marketplaceIds',
  'includedData',
  'mode',
  'PostedAfter',
  'PostedBefore',
  'FinancialEventGroupStartedAfter',
  'FinancialEventGroupStartedBefore',
];

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    MP,
    'replace',
    'merge',
    'delete',
    '/attributes/fulfillment_availability',
    'DEFAULT',
    '2026-11-27T05:00:00Z',
    'Other',
    'JSON_LISTINGS_FEED',
    'PATCH',
    'UPDATE',
    'PARTIAL_UPDATE',
    '2.0',
  ),
  fc.string({ minLength: 5000, maxLength: 6000 }),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, scalar, tie('arr'), tie('obj')),
  arr: fc.array(tie('tree'), { maxLength: 4 }),
  obj: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), tie('tree'), {
    maxKeys: 6,
  }),
}));
const body = fc.oneof(
  tree.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '[1,', '{"patches":', 'null', '', '"x"'),
);
const queryValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    MP,
    `${MP},X`,
    '2026-11-01T00:00:00Z',
    'not-a-date',
    '0',
    '101',
    '-1',
    'Unshipped',
    'Shipped,Lost',
    'attributes,summaries',
    'VALIDATION_PREVIEW',
    '%E0%A4%A',
    'e30=',
  ),
);
const query = fc
  .array(
    fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 6 })), queryValue),
    { maxLength: 6 },
  )
  .map((pairs) =>
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
  );
const segment = fc.oneof(
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom('111-0000000-0000000', 'SKU-00001', 'SKU-99999', '%ZZ', '..', 'x'.repeat(3000)),
);

/** Feed documents near the JSON_LISTINGS_FEED schema, so processing reaches each message. */
const mostly = <T, U>(good: fc.Arbitrary<T>, other: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: good, weight: 5 }, { arbitrary: other, weight: 1 });
const quantityValue = mostly(
  fc.nat({ max: 50 }).map((quantity) => [{ fulfillment_channel_code: 'DEFAULT', quantity }]),
  tree,
);
const message = mostly(
  fc.record(
    {
      messageId: mostly(fc.nat(), scalar),
      sku: mostly(fc.constantFrom('SKU-00001', 'SKU-00002', 'SKU-99999'), scalar),
      operationType: mostly(fc.constantFrom('PATCH', 'UPDATE', 'PARTIAL_UPDATE', 'DELETE'), scalar),
      productType: mostly(fc.constant('PRODUCT'), scalar),
      patches: mostly(
        fc.array(
          fc.record({
            op: fc.constantFrom('replace', 'merge', 'delete', 'add', 'x'),
            path: fc.constantFrom('/attributes/fulfillment_availability', '/attributes/x', '/bad'),
            value: quantityValue,
          }),
          { minLength: 1, maxLength: 3 },
        ),
        tree,
      ),
      attributes: mostly(fc.record({ fulfillment_availability: quantityValue }), tree),
    },
    { requiredKeys: ['sku'] },
  ),
  tree,
);
const feedDocument = mostly(
  fc
    .record({
      header: mostly(
        fc.record({
          sellerId: mostly(fc.constant(feedMkt.creds.sellerId), scalar),
          version: mostly(fc.constant('2.0'), scalar),
        }),
        tree,
      ),
      messages: mostly(fc.array(message, { maxLength: 4 }), tree),
    })
    .map((d) => JSON.stringify(d)),
  body,
);

function expectVendorShape(res: SimResponse, lwa = false): void {
  expect(res.status).toBeLessThan(500);
  if (res.status < 400) return;
  const b = res.body as Record<string, unknown>;
  if (lwa && typeof b.error === 'string') {
    expect(typeof b.error_description).toBe('string');
    return;
  }
  const errors = b.errors as { code: unknown; message: unknown; details: unknown }[];
  expect(Array.isArray(errors) && errors.length > 0).toBe(true);
  for (const e of errors) {
    expect(typeof e.code).toBe('string');
    expect(typeof e.message).toBe('string');
    expect(typeof e.details).toBe('string');
  }
}

beforeAll(async () => {
  await mkt.login();
  await feedMkt.login();
  for (let i = 0; i < 5; i++) orderId = mkt.order(i).orderId;
  seller = mkt.creds.sellerId;
});

describe('marketplace fuzz', () => {
  const check = <T extends unknown[]>(name: string, prop: fc.IAsyncProperty<T>) =>
    it(name, async () => {
      await fc.assert(prop, { numRuns: RUNS });
      expect(mkt.journal.query({ type: 'sim:crashed' })).toEqual([]);
    });

  check(
    'getOrders with hostile query strings',
    fc.asyncProperty(query, async (q) => {
      expectVendorShape(await mkt.call('GET', `/orders/v0/orders?${q}`));
    }),
  );
  check(
    'getOrders paging tokens',
    fc.asyncProperty(fc.string({ maxLength: 200 }), async (t) => {
      const token = Buffer.from(t).toString('base64');
      for (const nt of [t, token]) {
        const q = `MarketplaceIds=${MP}&NextToken=${encodeURIComponent(nt)}`;
        expectVendorShape(await mkt.call('GET', `/orders/v0/orders?${q}`));
      }
    }),
  );
  check(
    'getOrder / getOrderItems with bad ids',
    fc.asyncProperty(segment, query, async (id, q) => {
      expectVendorShape(await mkt.call('GET', `/orders/v0/orders/${id}?${q}`));
      expectVendorShape(await mkt.call('GET', `/orders/v0/orders/${id}/orderItems?${q}`));
    }),
  );
  check(
    'confirmShipment with arbitrary bodies',
    fc.asyncProperty(body, async (b) => {
      expectVendorShape(
        await mkt.call('POST', `/orders/v0/orders/${orderId}/shipmentConfirmation`, b),
      );
    }),
  );
  check(
    'patchListingsItem with arbitrary bodies',
    fc.asyncProperty(body, query, async (b, q) => {
      const path = `/listings/2021-08-01/items/${seller}/SKU-00003?marketplaceIds=${MP}&${q}`;
      expectVendorShape(await mkt.call('PATCH', path, b));
    }),
  );
  check(
    'getListingsItem with bad sellers, skus and queries',
    fc.asyncProperty(segment, segment, query, async (s, sku, q) => {
      expectVendorShape(await mkt.call('GET', `/listings/2021-08-01/items/${s}/${sku}?${q}`));
      expectVendorShape(
        await mkt.call(
          'GET',
          `/listings/2021-08-01/items/${seller}/${sku}?marketplaceIds=${MP}&${q}`,
        ),
      );
    }),
  );
  check(
    'createFeedDocument / createFeed with arbitrary bodies',
    fc.asyncProperty(body, async (b) => {
      expectVendorShape(await mkt.call('POST', '/feeds/2021-06-30/documents', b));
      expectVendorShape(await mkt.call('POST', '/feeds/2021-06-30/feeds', b));
    }),
  );
  check(
    'getFeed / cancelFeed / getFeedDocument / document URLs with bad ids',
    fc.asyncProperty(segment, query, async (id, q) => {
      expectVendorShape(await mkt.call('GET', `/feeds/2021-06-30/feeds/${id}?${q}`));
      expectVendorShape(await mkt.call('DELETE', `/feeds/2021-06-30/feeds/${id}?${q}`));
      expectVendorShape(await mkt.call('GET', `/feeds/2021-06-30/documents/${id}?${q}`));
      // S3's side answers in XML; only "no 5xx" applies there.
      expect((await mkt.call('PUT', `/_feed-documents/${id}`, '{}')).status).toBeLessThan(500);
      expect((await mkt.call('GET', `/_feed-documents/${id}`)).status).toBeLessThan(500);
    }),
  );
  it('processes arbitrary JSON_LISTINGS_FEED documents to DONE or FATAL', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(feedDocument, async (content) => {
        const doc = (
          await feedMkt.call('POST', '/feeds/2021-06-30/documents', {
            contentType: 'application/json',
          })
        ).body as Record<string, string>;
        const upload = rel(doc.url!);
        expect((await feedMkt.call('PUT', upload, content)).status).toBe(200);
        const created = await feedMkt.call('POST', '/feeds/2021-06-30/feeds', {
          feedType: 'JSON_LISTINGS_FEED',
          marketplaceIds: [MP],
          inputFeedDocumentId: doc.feedDocumentId,
        });
        expect(created.status).toBe(202);
        const { feedId } = created.body as Record<string, string>;
        const feed = (await feedMkt.call('GET', `/feeds/2021-06-30/feeds/${feedId}`))
          .body as Record<string, string>;
        expect(['DONE', 'FATAL']).toContain(feed.processingStatus);
        const result = (
          await feedMkt.call('GET', `/feeds/2021-06-30/documents/${feed.resultFeedDocumentId}`)
        ).body as Record<string, string>;
        const report = await feedMkt.call('GET', rel(result.url!));
        const summary = JSON.parse(gunzipSync(report.body as Buffer).toString()).summary;
        expect(summary.messagesAccepted + summary.messagesInvalid).toBe(summary.messagesProcessed);
        accepted += summary.messagesAccepted;
      }),
      { numRuns: RUNS },
    );
    expect(feedMkt.journal.query({ type: 'sim:crashed' })).toEqual([]);
    // The generator must reach the apply path, not only the refusals.
    if (RUNS >= 100) expect(accepted).toBeGreaterThan(0);
  });
  check(
    'LWA token endpoint with arbitrary forms',
    fc.asyncProperty(
      body,
      fc.constantFrom('application/json', 'application/x-www-form-urlencoded', ''),
      async (b, type) => {
        expectVendorShape(
          await mkt.call('POST', '/auth/o2/token', b, { 'content-type': type }),
          true,
        );
      },
    ),
  );
  check(
    'Finances v0 listings with hostile query strings, ids and tokens',
    fc.asyncProperty(query, segment, fc.string({ maxLength: 200 }), async (q, id, t) => {
      expectVendorShape(await mkt.call('GET', `/finances/v0/financialEventGroups?${q}`));
      expectVendorShape(await mkt.call('GET', `/finances/v0/financialEvents?${q}`));
      expectVendorShape(
        await mkt.call('GET', `/finances/v0/financialEventGroups/${id}/financialEvents?${q}`),
      );
      expectVendorShape(await mkt.call('GET', `/finances/v0/orders/${id}/financialEvents?${q}`));
      expectVendorShape(
        await mkt.call('GET', `/finances/v0/orders/${orderId}/financialEvents?${q}`),
      );
      const token = encodeURIComponent(Buffer.from(t).toString('base64'));
      expectVendorShape(await mkt.call('GET', `/finances/v0/financialEvents?NextToken=${token}`));
      expectVendorShape(
        await mkt.call('GET', `/finances/v0/financialEventGroups?NextToken=${token}`),
      );
    }),
  );
  check(
    'unknown paths and methods',
    fc.asyncProperty(
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      fc.array(segment, { maxLength: 5 }),
      async (m, segs) => {
        expectVendorShape(await mkt.call(m, `/${segs.join('/')}`, m === 'GET' ? undefined : '{}'));
      },
    ),
  );
});
