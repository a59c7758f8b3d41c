import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isShipBobError } from '../../simulators/wms/index.js';
import { makeWmsRuntime, orderBody } from '../../simulators/wms/testing.js';
import { vendorShaped } from '../support/fuzz.js';

/**
 * Property: whatever arrives — arbitrary JSON, malformed JSON, wrong types, huge strings, unknown
 * paths, bad ids, odd query strings — the WMS answers below 500, in a ShipBob error shape when it
 * refuses, and never journals `sim:crashed`. In process through the full pipeline, per route.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const wms = makeWmsRuntime({ config: { rateLimit: false } });
let refSeq = 0;

const KEYS = [
  'reference_id',
  'order_number',
  'type',
  'shipping_method',
  'recipient',
  'name',
  'address',
  'address1',
  'address2',
  'city',
  'state',
  'zip_code',
  'country',
  'company_name',
  'email',
  'phone_number',
  'products',
  'id',
  'sku',
  'quantity',
  'unit_price',
  'external_line_id',
  'purchase_date',
  'tags',
  'value',
  'gift_message',
];

const plausible = fc.constantFrom<unknown>(
  'SKU-00001',
  'SKU-99999',
  'DTC',
  'B2B',
  'Nope',
  'Standard',
  '2026-11-27T05:00:00Z',
  'not a date',
  1_000_001,
  1_000_000,
  0,
  -1,
  1.5,
  2 ** 31,
  true,
  null,
  [],
  {},
  'x'.repeat(100_000),
  Number.MAX_SAFE_INTEGER,
  1e308,
);

const shaped = vendorShaped(KEYS, plausible);

/** Replace one leaf (by a path of keys/indices) of a valid body with a generated value. */
function mutate(base: unknown, path: number[], value: unknown): unknown {
  if (path.length === 0 || base === null || typeof base !== 'object') return value;
  const keys = Object.keys(base);
  if (keys.length === 0) return value;
  const k = keys[path[0]! % keys.length]!;
  const copy: Record<string, unknown> = Array.isArray(base) ? ([...base] as never) : { ...base };
  copy[k] = mutate((base as Record<string, unknown>)[k], path.slice(1), value);
  return copy;
}

const createBody = fc.oneof(
  shaped,
  fc.string({ maxLength: 50 }),
  fc.tuple(fc.array(fc.nat(20), { maxLength: 4 }), shaped).map(([path, v]) =>
    mutate(
      orderBody(`F-${++refSeq}`, [
        ['SKU-00001', 1],
        ['SKU-00002', 2],
      ]),
      path,
      v,
    ),
  ),
);

async function expectSane(method: string, path: string, body?: unknown): Promise<void> {
  const raw =
    typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
  const res = await wms.call(method, path, raw);
  expect(res.status, `${method} ${path}`).toBeLessThan(500);
  if (res.status >= 400)
    expect(isShipBobError(res.status, res.body), JSON.stringify(res.body).slice(0, 300)).toBe(true);
}

const idLike = fc.oneof(
  fc.constantFrom(
    '310000001',
    '520000001',
    '1000001',
    '0',
    '-1',
    '9'.repeat(40),
    '%zz',
    'abc',
    '1e3',
  ),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.nat().map(String),
);
const queryValue = fc.oneof(
  fc.constantFrom('1', '0', '-5', '250', '251', 'abc', '', 'Oldest', 'a,b,,c'),
  fc.string({ maxLength: 20 }),
);
const query = fc
  .dictionary(
    fc.constantFrom(
      'Page',
      'limit',
      'IDs',
      'ReferenceIds',
      'SortOrder',
      'PageSize',
      'Cursor',
      'SearchBy',
      'InventoryIds',
    ),
    queryValue,
    { maxKeys: 4 },
  )
  .map((q) => new URLSearchParams(q).toString());

describe('wms fuzz', () => {
  afterAll(() => expect(wms.events('sim:crashed')).toEqual([]));

  it('POST /order survives any body', async () => {
    await fc.assert(
      fc.asyncProperty(createBody, (b) => expectSane('POST', '/2026-01/order', b)),
      { numRuns: RUNS },
    );
  });

  it('POST /order survives malformed JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }).map((s) => `{${s}`),
        (b) => expectSane('POST', '/2026-01/order', b),
      ),
      { numRuns: RUNS },
    );
  });

  it('GET lists survive any query', async () => {
    const paths = fc.constantFrom(
      '/2026-01/order',
      '/2026-01/inventory-level',
      '/2026-01/inventory',
      '/2026-01/channel',
    );
    await fc.assert(
      fc.asyncProperty(paths, query, (p, q) => expectSane('GET', `${p}?${q}`)),
      { numRuns: RUNS },
    );
  });

  it('id routes survive any id', async () => {
    await wms.call('POST', '/2026-01/order', orderBody('FUZZ-BASE', [['SKU-00001', 1]]));
    const routes = fc.constantFrom(
      ['GET', '/2026-01/order/:id'],
      ['GET', '/2026-01/order/:id/shipment'],
      ['POST', '/2026-01/order/:id:cancel'],
      ['POST', '/2026-01/order/:id/cancel'],
      ['GET', '/2026-01/shipment/:id'],
      ['GET', '/2026-01/shipment/:id/timeline'],
      ['GET', '/2026-01/inventory-level/:id'],
      ['GET', '/2026-01/inventory/:id'],
    );
    await fc.assert(
      fc.asyncProperty(routes, idLike, shaped, ([m, p], id, body) =>
        expectSane(m!, p!.replace(':id', id), m === 'POST' ? body : undefined),
      ),
      { numRuns: RUNS },
    );
  });

  it('unknown paths and methods answer 404/405 in shape', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE');
    const path = fc.array(
      fc.oneof(
        fc.constantFrom('2026-01', 'order', 'shipment', 'inventory', '1.0'),
        fc.string({ maxLength: 10 }).map(encodeURIComponent),
      ),
      { maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(method, path, (m, segs) => expectSane(m, `/${segs.join('/')}`)),
      { numRuns: RUNS },
    );
  });

  it('the floor keeps running under fuzzed orders', async () => {
    await wms.clock.advanceScenario(3 * 86_400_000);
    expect(wms.events('warehouse:order-shipped').length).toBeGreaterThan(0);
  });
});
