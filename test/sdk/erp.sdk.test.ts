import NetsuiteRest, { type NsResponse } from 'netsuite-rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulators/core/clock.js';
import { erpSimulator } from '../../simulators/erp/index.js';
import { startSimulators, type StartedSimulators } from '../../runtime/start-simulators.js';

/**
 * The community `netsuite-rest` client (OAuth 1.0a TBA, HMAC-SHA256, got) against the ERP
 * simulator over real HTTP, pointed at it by `base_url` only. Its signatures are verified.
 *
 * Client quirks seen here (docs/dialects/erp.md): its afterResponse hook spreads the response,
 * so `headers` is lost — read `rawHeaders`; and it sets `prefer: transient` on every request
 * with a body, overwriting any `Prefer` you pass — so `respond-async` only reaches NetSuite on
 * body-less writes (transforms, deletes).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies
type Json = Record<string, any>;

type NsError = Error & { response: { statusCode: number; body: string } };

function header(res: NsResponse, name: string): string | undefined {
  const i = res.rawHeaders.findIndex((h, n) => n % 2 === 0 && h.toLowerCase() === name);
  return i === -1 ? undefined : res.rawHeaders[i + 1];
}

async function failure(p: Promise<unknown>): Promise<{ status: number; body: Json }> {
  const err = (await p.then(
    () => expect.unreachable('expected an HTTP error'),
    (e: unknown) => e,
  )) as NsError;
  return { status: err.response.statusCode, body: JSON.parse(err.response.body) };
}

describe('netsuite-rest SDK against the ERP simulator', () => {
  let sims: StartedSimulators;
  let clock: VirtualClock;
  let ns: NetsuiteRest;

  beforeAll(async () => {
    // netsuite-rest stamps oauth_timestamp from the machine clock, and NetSuite refuses one more
    // than five minutes from server time: the virtual clock starts now.
    clock = new VirtualClock({ startMs: Date.now(), speed: 1 });
    sims = await startSimulators({ seed: 42, port: 0, simulators: [erpSimulator], clock });
    const c = sims.world.credentials.erp;
    ns = new NetsuiteRest({
      consumer_key: c.consumerKey,
      consumer_secret_key: c.consumerSecret,
      token: c.tokenId,
      token_secret: c.tokenSecret,
      realm: c.accountId,
      base_url: sims.urls.erp!,
    });
  });
  afterAll(async () => sims?.close());

  it('creates a customer and a sales order, and reads them back', async () => {
    const customer = await ns.request({
      path: 'record/v1/customer',
      method: 'POST',
      body: JSON.stringify({
        companyName: 'Acme Retail',
        email: 'ap@acme.example',
        externalId: 'CUST-ACME',
      }),
    });
    expect(customer.statusCode).toBe(204);
    expect(header(customer, 'location')).toMatch(/\/services\/rest\/record\/v1\/customer\/\d+$/);
    const order = await ns.request({
      path: 'record/v1/salesOrder',
      method: 'POST',
      body: JSON.stringify({
        entity: { id: 'eid:CUST-ACME' },
        location: { id: '1' },
        externalId: 'AMZ-113-1234567-7654321',
        otherRefNum: '113-1234567-7654321',
        item: { items: [{ item: { externalId: 'SKU-00007' }, quantity: 3, rate: 12.5 }] },
      }),
    });
    expect(order.statusCode).toBe(204);
    const read = await ns.request({
      path: 'record/v1/salesOrder/eid:AMZ-113-1234567-7654321?expandSubResources=true',
    });
    expect(read.data).toMatchObject({
      externalId: 'AMZ-113-1234567-7654321',
      otherRefNum: '113-1234567-7654321',
      total: 37.5,
      entity: { refName: expect.stringContaining('Acme Retail') },
      item: { items: [{ item: { refName: 'SKU-00007' }, quantity: 3, quantityCommitted: 3 }] },
    });
    const back = await ns.request({
      path: `record/v1/customer/${header(customer, 'location')!.split('/').at(-1)}`,
    });
    expect(back.data).toMatchObject({ companyName: 'Acme Retail', externalId: 'CUST-ACME' });
  });

  it('refuses the same externalId twice with the duplicate error', async () => {
    const body = JSON.stringify({ companyName: 'Twice', externalId: 'CUST-TWICE' });
    await ns.request({ path: 'record/v1/customer', method: 'POST', body });
    const dup = await failure(ns.request({ path: 'record/v1/customer', method: 'POST', body }));
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({
      status: 400,
      'o:errorDetails': [{ 'o:errorCode': 'DUP_RCRD', 'o:errorPath': 'externalId' }],
    });
  });

  it('runs a Prefer: respond-async transform as a job that completes when the clock advances', async () => {
    const accepted = await ns.request({
      path: 'record/v1/salesOrder/eid:AMZ-113-1234567-7654321/!transform/itemFulfillment',
      method: 'POST',
      heads: { Prefer: 'respond-async' },
    });
    expect(accepted.statusCode).toBe(202);
    expect(header(accepted, 'preference-applied')).toBe('respond-async');
    const jobPath = new URL(header(accepted, 'location')!).pathname.replace('/services/rest/', '');
    expect(jobPath).toMatch(/^async\/v1\/job\/\d+$/);
    expect((await ns.request({ path: jobPath })).data).toMatchObject({
      completed: false,
      progress: 'pending',
    });
    await clock.advance(5_000);
    const done = await ns.request({ path: jobPath });
    expect(done.data).toMatchObject({ completed: true, progress: 'succeeded' });
    const task = await ns.request({ path: `${jobPath}/task/${done.data!.id}` });
    const result = await ns.request({
      path: new URL(task.data!.links[0].href).pathname.replace('/services/rest/', ''),
    });
    expect(result.statusCode).toBe(204);
    expect(header(result, 'location')).toMatch(/\/itemFulfillment\/\d+$/);
  });

  it('queries SuiteQL (the client adds Prefer: transient itself)', async () => {
    const res = await ns.request({
      path: 'query/v1/suiteql?limit=5',
      method: 'POST',
      body: JSON.stringify({
        q: "SELECT id, tranid, otherrefnum, type FROM transaction WHERE type IN ('SalesOrd', 'ItemShip') ORDER BY id",
      }),
    });
    expect(res.data).toMatchObject({
      count: 2,
      items: [
        { tranid: 'SO1', otherrefnum: '113-1234567-7654321', type: 'SalesOrd' },
        { tranid: 'IF1', otherrefnum: '113-1234567-7654321', type: 'ItemShip' },
      ],
    });
  });

  it('rejects a request signed with the wrong secret (signatures are verified)', async () => {
    const c = sims.world.credentials.erp;
    const forged = new NetsuiteRest({
      consumer_key: c.consumerKey,
      consumer_secret_key: 'not-the-secret',
      token: c.tokenId,
      token_secret: c.tokenSecret,
      realm: c.accountId,
      base_url: sims.urls.erp!,
    });
    const res = await failure(forged.request({ path: 'record/v1/customer' }));
    expect(res.status).toBe(401);
    expect(res.body['o:errorDetails'][0]['o:errorCode']).toBe('INVALID_LOGIN');
    expect(sims.journal.query({ type: 'sim:crashed' })).toHaveLength(0);
  });

  // Oracle, ns-online-help subsect_156935170194: nonce_used — a TBA header sent twice is refused.
  it('refuses the same signed header sent twice (a retry must sign again)', async () => {
    const url = `${sims.urls.erp!}/services/rest/record/v1/location?limit=1`;
    const headers = { ...ns.getAuthorizationHeader({ url, method: 'GET' }) };
    expect((await fetch(url, { headers })).status).toBe(200);
    const again = await fetch(url, { headers });
    expect(again.status).toBe(401);
    expect(((await again.json()) as Json)['o:errorDetails'][0]['o:errorCode']).toBe(
      'INVALID_LOGIN',
    );
  });
});
