import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import OAuth from 'oauth-1.0a';
import { expect, it } from 'vitest';
import type { VirtualClock } from '../../simulators/core/clock.js';
import type { Stage } from '../../simulators/core/pipeline.js';
import type { ErpState } from '../../simulators/erp/state.js';
import { makeErpRuntime } from '../../simulators/erp/testing.js';
import { describeOnEveryTransport } from '../support/transports.js';

/**
 * The NetSuite dialect's main flows over real HTTP on node:http, express and msw.
 * The runtime allows 3 concurrent requests (with a Retry-After) so the limit test stays small.
 */
const R = '/services/rest/record/v1';
const INVALID_LOGIN = {
  type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html',
  title: 'Unauthorized',
  status: 401,
  'o:errorDetails': [
    {
      detail:
        'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
      'o:errorCode': 'INVALID_LOGIN',
    },
  ],
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON bodies

describeOnEveryTransport(
  'erp netsuite contract',
  () =>
    makeErpRuntime({ config: { concurrencyLimit: 3, concurrencyRetryAfterSeconds: 1 } }).runtime,
  (served) => {
    const creds = () => served().runtime.context.world.credentials.erp;
    const clock = () => served().runtime.clock as VirtualClock;
    const call = (path: string, init: RequestInit = {}) =>
      fetch(served().baseUrl + path, {
        ...init,
        headers: {
          authorization: `Bearer ${creds().accessToken}`,
          'content-type': 'application/json',
          ...(init.headers as Record<string, string>),
        },
      });
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      call(path, { method: 'POST', body: JSON.stringify(body), headers });
    const json = async (res: Response) => (await res.json()) as Json;
    const idOf = (res: Response) => res.headers.get('location')!.split('/').at(-1)!;

    /**
     * Sign as netsuite-rest does; a mount prefix is forwarded like a reverse proxy would. The
     * timestamp is the simulator's (virtual) clock, shifted by `skewSeconds`.
     */
    const oauthHeaders = (
      path: string,
      method = 'GET',
      tamper = false,
      opts: { skewSeconds?: number; nonce?: string } = {},
    ): Record<string, string> => {
      const c = creds();
      const oauth = new OAuth({
        consumer: { key: c.consumerKey, secret: c.consumerSecret },
        realm: c.accountId,
        signature_method: 'HMAC-SHA256',
        hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
      });
      oauth.getTimeStamp = () => Math.floor(clock().now() / 1000) + (opts.skewSeconds ?? 0);
      if (opts.nonce !== undefined) oauth.getNonce = () => opts.nonce!;
      const url = served().baseUrl + path + (tamper ? 'x' : '');
      const auth = oauth.toHeader(
        oauth.authorize({ url, method }, { key: c.tokenId, secret: c.tokenSecret }),
      );
      const prefix = new URL(served().baseUrl).pathname.replace(/\/$/, '');
      return {
        authorization: auth.Authorization,
        ...(prefix ? { 'x-forwarded-prefix': prefix } : {}),
      };
    };

    it('answers a missing or wrong credential with the documented 401 INVALID_LOGIN body', async () => {
      const none = await fetch(served().baseUrl + `${R}/customer`);
      expect(none.status).toBe(401);
      expect(await none.json()).toEqual(INVALID_LOGIN);
      const wrong = await call(`${R}/customer`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('content-type')).toContain('type=error');
    });

    it('accepts OAuth 1.0a TBA signed like netsuite-rest, refuses a bad signature where the URL is known', async () => {
      const path = `${R}/location?limit=2`;
      const ok = await fetch(served().baseUrl + path, { headers: oauthHeaders(path) });
      expect(ok.status).toBe(200);
      const bad = await fetch(served().baseUrl + path, {
        headers: oauthHeaders(path, 'GET', true),
      });
      expect(bad.status).toBe(401);
      expect(await bad.json()).toEqual(INVALID_LOGIN);
    });

    // Oracle, "Error Messages for RESTlets, SOAP Web Services, and REST Web Services"
    // (ns-online-help subsect_156935170194): nonce_used — "the combination of nonce and timestamp
    // has already been used"; REST answers with the INVALID_LOGIN 401.
    it('refuses a replayed OAuth 1.0a header (same nonce and timestamp) with the 401 INVALID_LOGIN', async () => {
      const path = `${R}/location?limit=1`;
      const headers = oauthHeaders(path);
      expect((await fetch(served().baseUrl + path, { headers })).status).toBe(200);
      const again = await fetch(served().baseUrl + path, { headers });
      expect(again.status).toBe(401);
      expect(await again.json()).toEqual(INVALID_LOGIN);
      // a fresh header for the same request passes
      const fresh = await fetch(served().baseUrl + path, { headers: oauthHeaders(path) });
      expect(fresh.status).toBe(200);
    });

    // Oracle, TBA flow errors (subsect_156934879823): InvalidTimestamp — the timestamp must be
    // within plus or minus five minutes of server time; nonce_rejected below six characters.
    it('refuses timestamps outside five minutes of server time and nonces under six characters', async () => {
      const path = `${R}/location?limit=1`;
      const status = async (opts: { skewSeconds?: number; nonce?: string }) =>
        (await fetch(served().baseUrl + path, { headers: oauthHeaders(path, 'GET', false, opts) }))
          .status;
      expect(await status({ skewSeconds: -240 })).toBe(200);
      expect(await status({ skewSeconds: 240 })).toBe(200);
      expect(await status({ skewSeconds: -301 })).toBe(401);
      expect(await status({ skewSeconds: -86_400 })).toBe(401);
      expect(await status({ skewSeconds: 365 * 86_400 })).toBe(401);
      expect(await status({ nonce: 'abc12' })).toBe(401);
      expect(await status({ nonce: 'abc123' })).toBe(200);
    });

    it('refuses a signed request that carries no Host header (the signature cannot be checked)', async () => {
      if (served().transport === 'msw') {
        // fetch always addresses a host, and msw hands it over; the raw case goes in-process.
        const path = `${R}/location`;
        const headers = oauthHeaders(path);
        const res = await served().runtime.handle({
          method: 'GET',
          path,
          query: {},
          rawQuery: '',
          headers: { authorization: headers.authorization! },
          rawBody: '',
        });
        expect(res.kind === 'respond' && res.response.status).toBe(401);
        return;
      }
      const base = new URL(served().baseUrl);
      const path = `${R}/location`;
      const headers = oauthHeaders(path);
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(base.port), base.hostname, () => {
          socket.write(
            `GET ${base.pathname.replace(/\/$/, '')}${path} HTTP/1.0\r\n` +
              `Authorization: ${headers.authorization}\r\n` +
              Object.entries(headers)
                .filter(([k]) => k !== 'authorization')
                .map(([k, v]) => `${k}: ${v}\r\n`)
                .join('') +
              '\r\n',
          );
        });
        let out = '';
        socket.on('data', (d: Buffer) => (out += d.toString()));
        socket.on('end', () => resolve(out));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1\.[01] 401/);
      expect(raw).toContain('INVALID_LOGIN');
    });

    it('creates (204 + Location), reads by id and eid:, lists with q and paging', async () => {
      const created = await post(`${R}/customer`, {
        companyName: 'Acme Retail',
        externalId: 'CUST-A',
      });
      expect(created.status).toBe(204);
      expect(created.headers.get('location')).toMatch(
        /\/services\/rest\/record\/v1\/customer\/\d+$/,
      );
      const id = idOf(created);
      const byId = await json(await call(`${R}/customer/${id}`));
      expect(byId).toMatchObject({ id, externalId: 'CUST-A', companyName: 'Acme Retail' });
      expect((await json(await call(`${R}/customer/eid:CUST-A`))).id).toBe(id);
      const q = encodeURIComponent('externalId IS "CUST-A"');
      const list = await json(await call(`${R}/customer?q=${q}`));
      expect(list).toMatchObject({ count: 1, hasMore: false, offset: 0, totalResults: 1 });
      expect(list.items[0].id).toBe(id);
      const page = await json(await call(`${R}/inventoryItem?limit=5&offset=5`));
      expect(page).toMatchObject({ count: 5, hasMore: true, offset: 5, totalResults: 20 });
      expect(page.links.map((l: Json) => l.rel)).toEqual([
        'previous',
        'first',
        'next',
        'last',
        'self',
      ]);
    });

    it('a sales order commits stock, its fulfillment relieves it (seen through inventoryItem)', async () => {
      const cust = idOf(await post(`${R}/customer`, { companyName: 'Order Co' }));
      const onHand = async () => {
        const item = await json(
          await call(`${R}/inventoryItem/eid:SKU-00005?expandSubResources=true`),
        );
        return item.locations.items.find((l: Json) => l.location.id === '1');
      };
      const before = await onHand();
      const so = await post(`${R}/salesOrder`, {
        entity: { id: cust },
        location: { id: '1' },
        externalId: 'AMZ-113-0000001-0000001',
        otherRefNum: '113-0000001-0000001',
        item: { items: [{ item: { id: '6' }, quantity: 2, rate: 19.99 }] },
      });
      expect(so.status).toBe(204);
      const order = await json(await call(`${R}/salesOrder/eid:AMZ-113-0000001-0000001`));
      expect(order).toMatchObject({
        otherRefNum: '113-0000001-0000001',
        total: 39.98,
        entity: { id: cust, refName: expect.any(String) },
      });
      expect(await onHand()).toMatchObject({
        quantityCommitted: before.quantityCommitted + 2,
        quantityAvailable: before.quantityAvailable - 2,
      });
      const f = await post(`${R}/salesOrder/${idOf(so)}/!transform/itemFulfillment`, {});
      expect(f.status).toBe(204);
      expect(await onHand()).toMatchObject({
        quantityOnHand: before.quantityOnHand - 2,
        quantityCommitted: before.quantityCommitted,
      });
    });

    it('answers validation errors with NetSuite codes and paths', async () => {
      const noEntity = await post(`${R}/salesOrder`, {
        item: { items: [{ item: { id: '1' }, quantity: 1 }] },
      });
      expect(noEntity.status).toBe(400);
      expect((await json(noEntity))['o:errorDetails'][0]).toMatchObject({
        'o:errorCode': 'USER_ERROR',
        'o:errorPath': 'entity',
      });
      const badQty = await post(`${R}/cashSale`, {
        entity: { id: '1' },
        item: { items: [{ item: { id: '1' }, quantity: 'two' }] },
      });
      expect((await json(badQty))['o:errorDetails'][0]).toMatchObject({
        'o:errorCode': 'INVALID_CONTENT',
        'o:errorPath': 'item.items[0].quantity',
      });
      const badRef = await post(`${R}/salesOrder`, { entity: { id: '9999' }, item: { items: [] } });
      expect((await json(badRef))['o:errorDetails'][0].detail).toContain(
        'Invalid Field Value 9999',
      );
      const malformed = await call(`${R}/customer`, { method: 'POST', body: '{"companyName": ' });
      expect(malformed.status).toBe(400);
      expect((await json(malformed))['o:errorDetails'][0]['o:errorCode']).toBe('INVALID_CONTENT');
      await post(`${R}/customer`, { companyName: 'Dup', externalId: 'DUP-1' });
      const dup = await post(`${R}/customer`, { companyName: 'Dup', externalId: 'DUP-1' });
      expect(dup.status).toBe(400);
      expect((await json(dup))['o:errorDetails'][0]['o:errorCode']).toBe('DUP_RCRD');
    });

    it('answers unknown records 404, unknown paths 404 and unsupported methods 405, all in NetSuite shape', async () => {
      const missing = await call(`${R}/salesOrder/987654`);
      expect(missing.status).toBe(404);
      expect(await json(missing)).toMatchObject({
        title: 'Not Found',
        'o:errorDetails': [{ 'o:errorCode': 'NONEXISTENT_ID' }],
      });
      expect((await call(`${R}/salesOrder/eid:NOPE`)).status).toBe(404);
      expect((await call(`${R}/vendorBill`)).status).toBe(404);
      const wrong = await post(`${R}/location`, { name: 'New' });
      expect(wrong.status).toBe(405);
      expect((await json(wrong)).status).toBe(405);
    });

    it('holds the account concurrency limit: 429 with o:errorDetails and Retry-After', async () => {
      const runtime = served().runtime;
      const waiting: Array<() => void> = [];
      const hold: Stage<ErpState> = async (_ex, next) => {
        await new Promise<void>((resolve) => waiting.push(resolve));
        return next();
      };
      runtime.slots.requestFaults = hold;
      try {
        const held = [1, 2, 3].map(() => call(`${R}/location`));
        while (waiting.length < 3) await new Promise((r) => setTimeout(r, 1));
        const over = await call(`${R}/location`);
        expect(over.status).toBe(429);
        expect(over.headers.get('retry-after')).toBe('1');
        expect(await json(over)).toMatchObject({
          status: 429,
          'o:errorDetails': [{ 'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED' }],
        });
        waiting.splice(0).forEach((r) => r());
        expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200, 200]);
      } finally {
        runtime.slots.requestFaults = undefined;
      }
    });

    it('runs Prefer: respond-async writes as jobs on the scenario clock', async () => {
      const accepted = await post(
        `${R}/customer`,
        { companyName: 'Async Co', externalId: 'ASYNC-1' },
        { prefer: 'respond-async' },
      );
      expect(accepted.status).toBe(202);
      expect(accepted.headers.get('preference-applied')).toBe('respond-async');
      const job = new URL(accepted.headers.get('location')!).pathname.replace(
        /^.*(\/services\/rest)/,
        '$1',
      );
      expect(job).toMatch(/^\/services\/rest\/async\/v1\/job\/\d+$/);
      expect(await json(await call(job))).toMatchObject({ completed: false, progress: 'pending' });
      await clock().advanceScenario(5_000);
      expect(await json(await call(job))).toMatchObject({ completed: true, progress: 'succeeded' });
      expect((await call(`${R}/customer/eid:ASYNC-1`)).status).toBe(200);
    });

    it('replenishes warehouse stock every 6 scenario hours (lifecycle)', async () => {
      const q = {
        q: 'SELECT quantityonhand FROM inventoryBalance WHERE item = 20 AND location = 1',
      };
      const level = async () =>
        Number(
          (await json(await post('/services/rest/query/v1/suiteql', q, { prefer: 'transient' })))
            .items[0].quantityonhand,
        );
      const start = await level();
      const cust = idOf(await post(`${R}/customer`, { companyName: 'Drain' }));
      await post(`${R}/cashSale`, {
        entity: { id: cust },
        location: { id: '1' },
        item: { items: [{ item: { id: '20' }, quantity: start }] },
      });
      expect(await level()).toBe(0);
      await clock().advanceScenario(6 * 3_600_000);
      expect(await level()).toBeGreaterThan(0);
    });

    it('serves SuiteQL with Prefer: transient and refuses what the subset does not support', async () => {
      const none = await post('/services/rest/query/v1/suiteql', { q: 'SELECT id FROM item' });
      expect(none.status).toBe(400);
      const ok = await json(
        await post(
          '/services/rest/query/v1/suiteql?limit=2',
          { q: "SELECT id, itemid FROM item WHERE itemid = 'SKU-00001'" },
          { prefer: 'transient' },
        ),
      );
      expect(ok.items).toEqual([{ links: [], id: '2', itemid: 'SKU-00001' }]);
      const union = await post(
        '/services/rest/query/v1/suiteql',
        { q: 'SELECT id FROM item UNION SELECT id FROM item' },
        { prefer: 'transient' },
      );
      expect(union.status).toBe(400);
      expect((await json(union))['o:errorDetails'][0].detail).toContain("'UNION'");
    });

    // SuiteQL is Oracle SQL over the analytics data source (Oracle, "SuiteQL", ns-online-help
    // section_156257770590): the incremental-sync query filters lastmodifieddate with TO_DATE,
    // and lines live in transactionLine joined on its transaction column.
    it('runs the sync queries integrations send: TO_DATE, COUNT(*), OR, LIKE, a transaction ⋈ transactionLine join, BUILTIN.DF', async () => {
      const suiteql = async (q: string) => {
        const res = await post('/services/rest/query/v1/suiteql', { q }, { prefer: 'transient' });
        expect(res.status).toBe(200);
        return (await json(res)).items as Json[];
      };
      const cust = idOf(
        await post(`${R}/customer`, { companyName: 'Sync Co', externalId: 'SYNC-C' }),
      );
      const since = new Date(clock().now()).toISOString().slice(0, 19).replace('T', ' ');
      await clock().advanceScenario(60_000);
      const so = await post(`${R}/salesOrder`, {
        entity: { id: cust },
        location: { id: '1' },
        externalId: 'SYNC-SO-1',
        item: { items: [{ item: { id: '3' }, quantity: 2, rate: 4.5 }] },
      });
      expect(so.status).toBe(204);
      const changed = await suiteql(
        `SELECT t.id, t.tranid, BUILTIN.DF(t.entity) AS customer FROM transaction t WHERE t.lastmodifieddate >= TO_DATE('${since}', 'YYYY-MM-DD HH24:MI:SS') AND (t.type = 'SalesOrd' OR t.type = 'CashSale') AND t.externalid LIKE 'SYNC-%'`,
      );
      expect(changed).toHaveLength(1);
      expect(changed[0]!.customer).toContain('Sync Co');
      const [count] = await suiteql(
        "SELECT COUNT(*) AS n FROM transaction WHERE externalid LIKE 'SYNC-%'",
      );
      expect(count).toEqual({ links: [], n: '1' });
      const lines = await suiteql(
        `SELECT tl.item, tl.quantity FROM transaction t INNER JOIN transactionLine tl ON tl.transaction = t.id WHERE t.id = ${changed[0]!.id} AND tl.mainline = 'F'`,
      );
      expect(lines).toEqual([{ links: [], item: '3', quantity: '-2' }]);
    });

    it('never crashed', () => {
      expect(served().runtime.journal.query({ type: 'sim:crashed' })).toHaveLength(0);
    });
  },
);
