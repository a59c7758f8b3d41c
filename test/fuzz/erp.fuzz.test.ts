import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimResponse } from '../../simulators/core/types.js';
import { erpSimulator } from '../../simulators/erp/index.js';
import { makeErpRuntime, simRequest } from '../../simulators/erp/testing.js';

/**
 * Property-based fuzzing of every ERP route in-process (the full pipeline, no sockets):
 * whatever arrives, the answer is below 500, errors are in NetSuite's shape, and nothing
 * crashes — including async jobs when the clock later runs them.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

const huge = fc.integer({ min: 10_000, max: 120_000 }).map((n) => 'x'.repeat(n));
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: huge },
);
const anyValue = fc.oneof(fc.anything(), text, fc.integer(), fc.double(), fc.constant(null));
const idLike = fc.oneof(
  fc.constantFrom(
    '1',
    '2',
    '3',
    '20',
    '0',
    '-1',
    '1.5',
    '99999999999999999999',
    'eid:',
    'eid:SKU-00001',
    'eid:WH-1',
    'constructor',
    '__proto__',
    '%',
    '%E0%A4%A',
  ),
  fc.string().map((s) => encodeURIComponent(s)),
  fc.string().map((s) => `eid:${encodeURIComponent(s)}`),
);
/** Mostly references that resolve (so the fuzzer reaches business rules), sometimes garbage. */
const validRef = fc.constantFrom(
  { id: '1' },
  { id: 2 },
  { id: '3' },
  { externalId: 'WH-1' },
  { externalId: 'SKU-00001' },
  { id: 'eid:ST-001' },
);
const ref = fc.oneof(
  { weight: 4, arbitrary: validRef },
  { weight: 1, arbitrary: fc.record({ id: fc.oneof(idLike, fc.integer(), anyValue) }) },
  { weight: 1, arbitrary: fc.record({ externalId: anyValue }) },
  { weight: 1, arbitrary: anyValue },
);
const line = fc.record(
  {
    item: ref,
    quantity: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -5, max: 50 }) },
      { weight: 1, arbitrary: anyValue },
    ),
    rate: fc.oneof(fc.double(), anyValue),
    amount: anyValue,
    location: ref,
    orderLine: fc.oneof(fc.integer({ min: -1, max: 5 }), anyValue),
    description: anyValue,
    custcol_x: anyValue,
  },
  { requiredKeys: [] },
);
const plausibleBody = fc.record(
  {
    entity: ref,
    location: ref,
    externalId: fc.oneof(text, anyValue),
    otherRefNum: anyValue,
    tranDate: fc.oneof(fc.constantFrom('2026-11-27', '2026-13-40', 'today'), anyValue),
    companyName: anyValue,
    firstName: anyValue,
    isPerson: anyValue,
    itemId: anyValue,
    basePrice: anyValue,
    shipStatus: anyValue,
    q: fc.oneof(
      fc.constantFrom(
        'SELECT * FROM item',
        'SELECT id FROM transaction WHERE id IN (1, 2) ORDER BY id DESC',
        "SELECT * FROM inventoryBalance WHERE item = '1'",
        'SELECT',
        "SELECT id FROM item WHERE itemid = '",
      ),
      text,
    ),
    item: fc.oneof(fc.record({ items: fc.array(line, { maxLength: 4 }) }), anyValue),
    line: fc.oneof(
      fc.record({
        items: fc.array(
          fc.record(
            {
              account: ref,
              debit: fc.oneof(fc.double(), fc.integer({ min: -5, max: 500 }), anyValue),
              credit: fc.oneof(fc.double(), fc.integer({ min: -5, max: 500 }), anyValue),
              memo: anyValue,
              entity: ref,
            },
            { requiredKeys: [] },
          ),
          { maxLength: 4 },
        ),
      }),
      anyValue,
    ),
    custbody_note: anyValue,
  },
  { requiredKeys: [] },
);
/** Bodies valid for most record types, so business rules run (and then get fuzzed state). */
const validBody = fc.record(
  {
    entity: fc.constant({ id: '1' }),
    location: fc.constantFrom({ id: '1' }, { externalId: 'ST-001' }, undefined),
    externalId: fc.string({ minLength: 1, maxLength: 20 }),
    otherRefNum: fc.string({ maxLength: 20 }),
    companyName: fc.string({ minLength: 1, maxLength: 20 }),
    itemId: fc.string({ minLength: 1, maxLength: 12 }),
    q: fc.constantFrom(
      'SELECT * FROM transaction ORDER BY id DESC',
      'SELECT item, quantityonhand FROM inventoryBalance WHERE location = 1',
    ),
    item: fc.record({
      items: fc.array(
        fc.record({
          item: fc.constantFrom({ id: '1' }, { id: 2 }, { externalId: 'SKU-00003' }),
          quantity: fc.integer({ min: 1, max: 400 }),
          orderLine: fc.constant(1),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    // A balanced journal entry (a payout booking): bank and fees against sales.
    line: fc.integer({ min: 1, max: 100_000 }).map((cents) => ({
      items: [
        { account: { id: '1' }, debit: cents / 100 },
        { account: { externalId: 'ACCT-4000' }, credit: cents / 100 },
      ],
    })),
  },
  { requiredKeys: ['entity', 'item', 'companyName', 'itemId', 'q'] },
);
const body = fc.oneof(
  { weight: 3, arbitrary: validBody.map((b) => JSON.stringify(b)) },
  { weight: 4, arbitrary: plausibleBody.map((b) => JSON.stringify(b)) },
  fc.json(),
  fc.string(),
  fc.constantFrom('', '{', '[]', 'null', '"x"', '{"item":{"items":null}}', '{"__proto__":{"x":1}}'),
);
const query = fc.dictionary(
  fc.oneof(
    fc.constantFrom('limit', 'offset', 'q', 'expandSubResources', 'fields'),
    fc.string({ maxLength: 8 }),
  ),
  fc.oneof(
    fc.constantFrom(
      '0',
      '1',
      '5',
      '1000',
      '1001',
      '-1',
      'true',
      'externalId IS "A"',
      'id GREATER 1 OR id EMPTY',
    ),
    text,
  ),
  { maxKeys: 4 },
);
const headers = fc.record(
  {
    prefer: fc.constantFrom(
      'respond-async',
      'transient',
      'respond-async, transient',
      'garbage',
      '',
    ),
    'x-netsuite-idempotency-key': fc.oneof(
      fc.constantFrom('k1', 'k2'),
      fc.string({ maxLength: 40 }),
    ),
    'x-netsuite-propertynamevalidation': fc.constantFrom('Error', 'Warning', 'Ignore'),
  },
  { requiredKeys: [] },
);

/** Customer 1, sales order 1, cash sale 2, invoice 3: ids the fuzzer's id list can hit. */
async function seed(call: ReturnType<typeof makeErpRuntime>['call']): Promise<void> {
  const R = '/services/rest/record/v1';
  const tx = {
    entity: { id: '1' },
    location: { id: '1' },
    item: { items: [{ item: { id: '1' }, quantity: 1 }] },
  };
  await call('POST', `${R}/customer`, { companyName: 'Seed' });
  for (const type of ['salesOrder', 'cashSale', 'invoice']) {
    const res = await call('POST', `${R}/${type}`, tx);
    expect(res.status).toBe(204);
  }
}

/** Operations the fuzzer must get through at least once (not only bounce off validation). */
const REACHABLE =
  /^(?!itemFulfillment\.create)(.*\.(create|list)$|suiteql|salesOrder\.(get|transform\.itemFulfillment)$|cashSale\.transform)/;

function assertNetSuiteShape(res: SimResponse): void {
  expect(res.status).toBeLessThan(500);
  if (res.status < 400) return;
  const b = res.body as Record<string, unknown>;
  expect(typeof b.type).toBe('string');
  expect(typeof b.title).toBe('string');
  expect(b.status).toBe(res.status);
  const details = b['o:errorDetails'] as Array<Record<string, unknown>>;
  expect(details.length).toBeGreaterThan(0);
  expect(typeof details[0]!.detail).toBe('string');
  expect(typeof details[0]!['o:errorCode']).toBe('string');
}

describe('erp fuzz: every route, any input', () => {
  for (const r of erpSimulator.routes) {
    it(`${r.method} ${r.pattern} (${r.operation})`, async () => {
      const t = makeErpRuntime();
      const auth = {
        authorization: `Bearer ${t.world.credentials.erp.accessToken}`,
        host: 'erp.test',
      };
      await seed(t.call);
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(idLike, { minLength: 3, maxLength: 3 }),
          query,
          body,
          headers,
          async (ids, q, raw, h) => {
            let i = 0;
            const path = r.pattern.replace(/:[A-Za-z]+/g, () => ids[i++]!);
            const qs = new URLSearchParams(q).toString();
            const req = simRequest(r.method, qs ? `${path}?${qs}` : path, undefined, {
              ...h,
              ...auth,
            });
            req.rawBody = r.method === 'GET' || r.method === 'DELETE' ? '' : raw;
            const outcome = await t.runtime.handle(req);
            expect(outcome.kind).toBe('respond');
            if (outcome.kind === 'respond') {
              assertNetSuiteShape(outcome.response);
              if (outcome.response.status < 300 && outcome.response.status !== 202) accepted++;
            }
          },
        ),
        { numRuns: RUNS },
      );
      // The inputs must reach business rules, not only bounce off validation.
      if (RUNS >= 100 && REACHABLE.test(r.operation)) expect(accepted).toBeGreaterThan(0);
      await t.clock.advanceScenario(10_000); // run every async job the fuzzer submitted
      for (const job of t.runtime.state.jobs.values())
        if (job.result) assertNetSuiteShape(job.result);
      expect(t.journal.query({ type: 'sim:crashed' })).toEqual([]);
    });
  }

  it('unknown paths and methods', async () => {
    const t = makeErpRuntime();
    const auth = { authorization: `Bearer ${t.world.credentials.erp.accessToken}` };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        fc.array(fc.oneof(fc.string(), idLike), { maxLength: 6 }),
        body,
        async (method, segments, raw) => {
          const req = simRequest(
            method,
            `/services/rest/${segments.map(encodeURIComponent).join('/')}`,
            undefined,
            auth,
          );
          req.rawBody = raw;
          const outcome = await t.runtime.handle(req);
          if (outcome.kind === 'respond') assertNetSuiteShape(outcome.response);
        },
      ),
      { numRuns: RUNS },
    );
    expect(t.journal.query({ type: 'sim:crashed' })).toEqual([]);
  });

  it('any Authorization header', async () => {
    const t = makeErpRuntime();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `OAuth ${s}`),
          fc
            .string()
            .map(
              (s) =>
                `OAuth oauth_consumer_key="${t.world.credentials.erp.consumerKey}", oauth_token="${t.world.credentials.erp.tokenId}", ${s}`,
            ),
        ),
        async (authorization) => {
          const outcome = await t.runtime.handle(
            simRequest('GET', '/services/rest/record/v1/location', undefined, {
              authorization,
              host: 'erp.test',
            }),
          );
          if (outcome.kind === 'respond') {
            assertNetSuiteShape(outcome.response);
            expect(outcome.response.status).toBe(401);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
