import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { variationId } from '../../simulators/pos/catalog.js';
import { makePosRuntime } from '../../simulators/pos/testing.js';
import { vendorShaped } from '../support/fuzz.js';

/**
 * Property: whatever arrives — arbitrary JSON, malformed JSON, wrong types, huge strings, unknown
 * paths, bad ids — the POS answers below 500, in Square's error shape when it refuses, and never
 * journals `sim:crashed`. In process through the full pipeline (no sockets), per route.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const pos = makePosRuntime({ config: { rateLimit: false } });
const loc = pos.runtime.state.stores[0]!.squareId;
const variation = variationId(pos.world, 1);
/** A big cash payment that the refund fuzzing can keep refunding a cent at a time. */
let refundable = '';

/** Wire field names the routes read, at any depth, so generated bodies reach deep validation. */
const KEYS = [
  'idempotency_key',
  'order',
  'location_id',
  'line_items',
  'quantity',
  'name',
  'catalog_object_id',
  'base_price_money',
  'amount',
  'currency',
  'state',
  'reference_id',
  'metadata',
  'source',
  'note',
  'order_ids',
  'location_ids',
  'cursor',
  'query',
  'filter',
  'sort',
  'sort_field',
  'sort_order',
  'state_filter',
  'states',
  'date_time_filter',
  'created_at',
  'updated_at',
  'closed_at',
  'start_at',
  'end_at',
  'limit',
  'return_entries',
  'customer_filter',
  'customer_ids',
  'source_filter',
  'fulfillment_filter',
  'fulfillment_types',
  'source_id',
  'amount_money',
  'tip_money',
  'autocomplete',
  'order_id',
  'cash_details',
  'buyer_supplied_money',
  'external_details',
  'type',
  'payment_id',
  'reason',
  'changes',
  'adjustment',
  'physical_count',
  'transfer',
  'from_state',
  'to_state',
  'occurred_at',
  'from_location_id',
  'to_location_id',
  'catalog_object_ids',
  'updated_after',
  'ignore_unchanged_counts',
  'customer_id',
  'ticket_name',
  // order pricing (taxes and discounts) and the payment recovery added with the SDK conformance
  'taxes',
  'discounts',
  'uid',
  'percentage',
  'scope',
  'applied_taxes',
  'applied_discounts',
  'tax_uid',
  'discount_uid',
  'inclusion_type',
  'payment_ids',
  'version',
];

const plausible = fc.constantFrom<unknown>(
  loc,
  variation,
  'cnon:card-nonce-ok',
  'cnon:card-nonce-declined',
  'cnon:card-nonce-already-used',
  'cnon:card-nonce-rejected-cvv',
  'cnon:fuzz-single-use',
  'ORDER',
  'LINE_ITEM',
  'FIXED_PERCENTAGE',
  'FIXED_AMOUNT',
  'ADDITIVE',
  'INCLUSIVE',
  '10',
  '7.25',
  'DESC',
  'FAILED',
  'CASH',
  'EXTERNAL',
  'USD',
  'EUR',
  '1',
  '2.5',
  '-1',
  '0',
  'IN_STOCK',
  'SOLD',
  'NONE',
  'OPEN',
  'COMPLETED',
  'CREATED_AT',
  'UPDATED_AT',
  'CLOSED_AT',
  'ASC',
  'ADJUSTMENT',
  'PHYSICAL_COUNT',
  'TRANSFER',
  '2026-11-27T05:00:00Z',
  '2026-11-27T05:00:00.000+01:00',
  'not a time',
  { amount: 100, currency: 'USD' },
  { amount: -5, currency: 'USD' },
  [loc],
  [variation],
  1000,
  1001,
  0,
  -1,
  1.5,
  true,
  null,
  'x'.repeat(100_000),
  Number.MAX_SAFE_INTEGER,
  1e308,
);

const shaped = vendorShaped(KEYS, plausible);

/** A valid body per route: mutating one leaf of it reaches the deepest validation. */
const at = '2026-11-27T05:00:00Z';
const usd = (amount: number) => ({ amount, currency: 'USD' });
const TEMPLATES: Record<string, Record<string, unknown>> = {
  '/v2/orders': {
    idempotency_key: 'k',
    order: {
      location_id: loc,
      line_items: [
        { catalog_object_id: variation, quantity: '1', note: 'n' },
        { name: 'x', quantity: '2.5', base_price_money: usd(100) },
      ],
      state: 'OPEN',
      reference_id: 'r',
      metadata: { a: 'b' },
      source: { name: 's' },
      customer_id: 'c',
    },
  },
  '/v2/orders/batch-retrieve': { order_ids: ['x'], location_id: loc },
  '/v2/orders/search': {
    location_ids: [loc],
    query: {
      filter: {
        state_filter: { states: ['OPEN', 'COMPLETED'] },
        date_time_filter: { created_at: { start_at: at, end_at: at } },
        customer_filter: { customer_ids: ['c'] },
        source_filter: { source_names: ['s'] },
      },
      sort: { sort_field: 'CREATED_AT', sort_order: 'ASC' },
    },
    limit: 10,
    return_entries: true,
  },
  '/v2/payments': {
    idempotency_key: 'k',
    source_id: 'CASH',
    amount_money: usd(100),
    tip_money: usd(0),
    cash_details: { buyer_supplied_money: usd(500) },
    external_details: { type: 'CHECK', source: 'x' },
    location_id: loc,
    autocomplete: true,
    reference_id: 'r',
    note: 'n',
  },
  '/v2/refunds': { idempotency_key: 'k', payment_id: '', amount_money: usd(1), reason: 'r' },
  '/v2/inventory/changes/batch-create': {
    idempotency_key: 'k',
    changes: [
      {
        type: 'ADJUSTMENT',
        adjustment: {
          catalog_object_id: variation,
          location_id: loc,
          from_state: 'IN_STOCK',
          to_state: 'WASTE',
          quantity: '1',
          occurred_at: at,
        },
      },
      {
        type: 'PHYSICAL_COUNT',
        physical_count: {
          catalog_object_id: variation,
          location_id: loc,
          state: 'IN_STOCK',
          quantity: '5',
          occurred_at: at,
        },
      },
      {
        type: 'TRANSFER',
        transfer: {
          catalog_object_id: variation,
          from_location_id: loc,
          to_location_id: loc,
          state: 'IN_STOCK',
          quantity: '1',
          occurred_at: at,
        },
      },
    ],
    ignore_unchanged_counts: false,
  },
  '/v2/inventory/counts/batch-retrieve': {
    catalog_object_ids: [variation],
    location_ids: [loc],
    states: ['IN_STOCK'],
    updated_after: at,
    limit: 5,
  },
};
TEMPLATES['/v2/inventory/batch-change'] = TEMPLATES['/v2/inventory/changes/batch-create']!;
TEMPLATES['/v2/inventory/batch-retrieve-counts'] =
  TEMPLATES['/v2/inventory/counts/batch-retrieve']!;

/** Every path to a value inside `v` (objects and arrays), the root excluded. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, child]) => {
    const p = [...prefix, Array.isArray(v) ? Number(k) : k];
    return [p, ...paths(child, p)];
  });
}

let unique = 0;
/** The template with one value replaced (or deleted), and a fresh idempotency key. */
function mutated(template: Record<string, unknown>) {
  const all = paths(template);
  return fc.tuple(fc.nat(), shaped, fc.boolean()).map(([pick, value, drop]) => {
    const copy = structuredClone(template);
    if (typeof copy.idempotency_key === 'string') copy.idempotency_key = `fuzz-${++unique}`;
    if (copy.payment_id === '') copy.payment_id = refundable;
    const path = all[pick % all.length]!;
    let parent = copy as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const last = path.at(-1)!;
    if (drop && !Array.isArray(parent)) delete parent[last];
    else parent[last] = value;
    return JSON.stringify(copy);
  });
}

function bodyFor(path: string) {
  const template = TEMPLATES[path];
  return fc.oneof(
    ...(template ? [{ arbitrary: mutated(template), weight: 4 }] : []),
    {
      arbitrary: fc
        .dictionary(fc.constantFrom(...KEYS), shaped, { maxKeys: 8 })
        .map((o) => JSON.stringify(o)),
      weight: 1,
    },
    { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 1 },
    { arbitrary: fc.string({ maxLength: 200 }), weight: 1 }, // mostly malformed JSON
    {
      arbitrary: fc.constantFrom(
        '',
        '{',
        'null',
        '[]',
        '"x"',
        '{"order": {"location_id": "' + 'a'.repeat(50_000) + '"}}',
      ),
      weight: 1,
    },
  );
}
const body = bodyFor('');
const segment = fc.oneof(
  fc.string({ maxLength: 60 }).map((s) => encodeURIComponent(s) || 'x'),
  fc.constantFrom(loc, variation, 'main', '..', '%00', 'a'.repeat(5_000)),
);

async function expectSquareShape(
  method: string,
  path: string,
  raw: string,
  query = '',
): Promise<void> {
  const res = await pos.call(method, query ? `${path}?${query}` : path, raw);
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    const errors = (res.body as { errors?: { category?: unknown; code?: unknown }[] }).errors;
    expect(typeof errors?.[0]?.category).toBe('string');
    expect(typeof errors?.[0]?.code).toBe('string');
  }
}

const POST_ROUTES = [
  '/v2/orders',
  '/v2/orders/batch-retrieve',
  '/v2/orders/search',
  '/v2/payments',
  '/v2/refunds',
  '/v2/inventory/changes/batch-create',
  '/v2/inventory/batch-change',
  '/v2/inventory/counts/batch-retrieve',
  '/v2/inventory/batch-retrieve-counts',
  '/v2/orders/calculate',
  '/v2/payments/cancel',
];
const ID_ROUTES: [string, (id: string) => string][] = [
  ['GET', (id) => `/v2/locations/${id}`],
  ['GET', (id) => `/v2/orders/${id}`],
  ['GET', (id) => `/v2/payments/${id}`],
  ['POST', (id) => `/v2/payments/${id}/complete`],
  ['POST', (id) => `/v2/payments/${id}/cancel`],
  ['GET', (id) => `/v2/refunds/${id}`],
];

describe('pos fuzz', () => {
  beforeAll(async () => {
    const res = await pos.call('POST', '/v2/payments', {
      idempotency_key: 'fuzz-setup',
      source_id: 'CASH',
      amount_money: usd(10_000_000),
      cash_details: { buyer_supplied_money: usd(10_000_000) },
    });
    refundable = (res.body as { payment: { id: string } }).payment.id;
  });

  for (const path of POST_ROUTES)
    it(`POST ${path}: any body → < 500 in Square's shape`, async () => {
      await fc.assert(
        fc.asyncProperty(bodyFor(path), (raw) => expectSquareShape('POST', path, raw)),
        { numRuns: RUNS },
      );
    });

  for (const [method, make] of ID_ROUTES)
    it(`${method} ${make(':id')}: any id and body → < 500`, async () => {
      await fc.assert(
        fc.asyncProperty(segment, body, (id, raw) =>
          expectSquareShape(method, make(id), method === 'GET' ? '' : raw),
        ),
        { numRuns: RUNS },
      );
    });

  it('GET /v2/catalog/list: any query → < 500', async () => {
    const query = fc.record(
      {
        types: fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.constantFrom('ITEM,ITEM_VARIATION', 'item', 'TAX,,'),
        ),
        cursor: fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.constantFrom('eyJrIjoiY2F0YWxvZyIsIm8iOi0xfQ', 'eyJrIjoiY2F0YWxvZyIsIm8iOjEwMDAwMDB9'),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(query, (q) =>
        expectSquareShape('GET', '/v2/catalog/list', '', new URLSearchParams(q).toString()),
      ),
      { numRuns: RUNS },
    );
  });

  // ListPayments and ListPaymentRefunds take their filters from the query string.
  for (const path of ['/v2/payments', '/v2/refunds'])
    it(`GET ${path}: any query → < 500 in Square's shape`, async () => {
      const text = fc.oneof(fc.string({ maxLength: 40 }), plausible.map(String));
      const query = fc.record(
        {
          begin_time: text,
          end_time: text,
          sort_order: fc.oneof(text, fc.constantFrom('ASC', 'DESC', 'asc')),
          cursor: fc.oneof(text, fc.constantFrom('eyJvIjoxfQ', 'eyJvIjotMX0')),
          location_id: fc.oneof(text, fc.constant(loc)),
          status: fc.oneof(text, fc.constantFrom('COMPLETED', 'FAILED', 'PENDING')),
          source_type: fc.oneof(text, fc.constantFrom('CARD', 'CASH', 'EXTERNAL')),
          total: text,
          last_4: text,
          card_brand: text,
          limit: fc.oneof(text, fc.constantFrom('0', '1', '100', '101', '-1', '2.5')),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(query, (q) =>
          expectSquareShape('GET', path, '', new URLSearchParams(q).toString()),
        ),
        { numRuns: RUNS },
      );
    });

  it('unknown paths and methods → Square 404/405', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE');
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`);
    await fc.assert(
      fc.asyncProperty(method, path, body, (m, p, raw) =>
        expectSquareShape(m, p, m === 'GET' ? '' : raw),
      ),
      { numRuns: RUNS },
    );
  });

  it('journaled no sim:crashed', () => {
    expect(pos.journal.query({ type: 'sim:crashed' })).toEqual([]);
  });
});
