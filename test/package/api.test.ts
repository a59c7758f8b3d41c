import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulators, type RunningSimulators } from '../../index.js';
import { loopbackOrError, vendorBaseUrls, vendorHandlers } from '../../api/msw.js';
import { describeCheck, omnichaosMatchers } from '../../api/vitest.js';
import type { Verdict } from '../../oracle/judge.js';
import { systemNames } from '../../simulators/index.js';
import type { CheckResult } from '../../oracle/types.js';

/**
 * The package's root API (`Simulators` → started handle), `omnichaos/msw` on the vendors' real
 * hostnames, and `omnichaos/vitest`'s matchers. test/package/tarball.test.ts runs the same
 * through an installed tarball.
 */
describe('Simulators', () => {
  let sims: RunningSimulators;
  let server: ReturnType<typeof setupServer>;

  beforeAll(async () => {
    sims = await new Simulators()
      .withSeed(3)
      .withWorldSize({ skus: 20, stores: 1, customers: 50 })
      .withFaults([
        { id: 'slow-wms', type: 'latency', match: { system: 'wms' }, params: { ms: 1 } },
      ])
      .start();
    server = setupServer(...vendorHandlers(sims));
    server.listen({ onUnhandledRequest: loopbackOrError });
  });
  afterAll(async () => {
    server.close();
    await sims.stop();
    await sims.stop(); // twice is fine
  });

  it('gives endpoints, credentials and the env vars a target gets', () => {
    // one URL per registered simulator (the four vendors, the storefront, …)
    expect(Object.keys(sims.urls).sort()).toEqual([...systemNames()].sort());
    expect(Object.keys(sims.urls)).toEqual(
      expect.arrayContaining(['erp', 'marketplace', 'pos', 'wms']),
    );
    for (const url of Object.values(sims.urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sims.seed).toBe(3);
    expect(sims.env.OMNICHAOS_ERP_URL).toBe(sims.urls.erp);
    expect(sims.env.OMNICHAOS_POS_ACCESS_TOKEN).toBe(sims.credentials.pos.accessToken);
    expect(sims.endpoints().simulators.erp?.dialect).toBeTruthy();
  });

  it('controls faults: the initial ones, added, listed, removed, a bad one refused', async () => {
    expect((await sims.faults.list()).map((f) => f.id)).toEqual(['slow-wms']);
    const [added] = await sims.faults.add({
      type: 'error',
      match: { system: 'pos' },
      params: { status: 503 },
    });
    const res = await fetch('https://connect.squareup.com/v2/locations', {
      headers: { authorization: `Bearer ${sims.credentials.pos.accessToken}` },
    });
    expect(res.status).toBe(503);
    await sims.faults.remove(added!.id);
    await expect(sims.faults.add({ type: 'earthquake' })).rejects.toThrow(/type/);
    expect(await sims.faults.clear()).toBe(1);
  });

  it('serves NetSuite on the account host, with links on that host', async () => {
    const [erp] = vendorBaseUrls(sims).erp;
    expect(erp).toBe(
      `https://${sims.credentials.erp.accountId!.toLowerCase()}.suitetalk.api.netsuite.com`,
    );
    const res = await fetch(`${erp}/services/rest/record/v1/customer?limit=1`, {
      headers: { authorization: `Bearer ${sims.credentials.erp.accessToken}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { links: Array<{ rel: string; href: string }> };
    expect(body.links.find((l) => l.rel === 'self')?.href).toMatch(new RegExp(`^${erp}/`));
  });

  it('serves Login with Amazon and SP-API on their production hosts', async () => {
    const c = sims.credentials.marketplace;
    const token = await fetch('https://api.amazon.com/auth/o2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: c.refreshToken!,
        client_id: c.clientId!,
        client_secret: c.clientSecret!,
      }),
    });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    const orders = await fetch(
      `https://sellingpartnerapi-na.amazon.com/orders/v0/orders?MarketplaceIds=${c.marketplaceId}&CreatedAfter=2026-11-01T00:00:00Z`,
      { headers: { 'x-amz-access-token': access_token } },
    );
    expect(orders.status).toBe(200);
  });

  it('serves ShipBob on api.shipbob.com, and its faults apply there too', async () => {
    const url = 'https://api.shipbob.com/2026-01/inventory-level';
    const auth = { authorization: `Bearer ${sims.credentials.wms.token}` };
    expect((await fetch(url, { headers: auth })).status).toBe(200);
    await sims.faults.add({ type: 'error', match: { system: 'wms' }, params: { status: 500 } });
    expect((await fetch(url, { headers: auth })).status).toBe(500);
    await sims.faults.clear();
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('lets loopback through (the simulator ports), and errs on any other host', async () => {
    const res = await fetch(`${sims.urls.pos}/v2/locations`, {
      headers: { authorization: `Bearer ${sims.credentials.pos.accessToken}` },
    });
    expect(res.status).toBe(200);
    await expect(fetch('https://example.invalid/')).rejects.toThrow();
  });
});

describe('omnichaos/vitest matchers', () => {
  const check = (id: string, verdict: CheckResult['verdict'], measured: number | null) =>
    ({
      id,
      group: 'inventory-sync',
      title: id,
      description: '',
      unit: 'count',
      threshold: { op: '<=', value: 0 },
      thresholdSource: 'default',
      measured,
      verdict,
      evidence: verdict === 'fail' ? ['SKU-00017', 'SKU-00042'] : [],
      note: verdict === 'fail' ? '2 SKUs sold past stock' : undefined,
    }) as CheckResult;
  const verdictOf = (checks: CheckResult[], complete = true): Verdict => {
    const fail = checks.filter((c) => c.verdict === 'fail').length;
    const pass = checks.filter((c) => c.verdict === 'pass').length;
    return {
      scenario: { name: 'smoke', seed: 42, flows: [] },
      complete,
      passed: fail === 0 && complete,
      events: 10,
      problems: 0,
      damaged: false,
      integrity: undefined,
      startT: 0,
      endT: 1,
      checks,
      inconclusive: false,
      counts: { pass, fail, notChecked: checks.length - pass - fail, inconclusive: 0 },
    };
  };
  const good = verdictOf([check('order-to-erp.exactly-once', 'pass', 0)]);
  const oversold = verdictOf([
    check('order-to-erp.exactly-once', 'pass', 0),
    check('inventory-sync.oversell', 'fail', 2),
  ]);

  it('toHold passes a held verdict and fails with the failing checks and evidence', () => {
    expect(good).toHold();
    const r = omnichaosMatchers.toHold(oversold);
    expect(r.pass).toBe(false);
    expect(r.message()).toContain('✗ inventory-sync.oversell: measured 2');
    expect(r.message()).toContain('evidence: SKU-00017, SKU-00042');
    expect(() => expect(oversold).toHold()).toThrow(/inventory-sync\.oversell/);
  });

  it('toHold refuses a verdict that checked nothing, or an incomplete run', () => {
    const nothing = verdictOf([check('lag.p95', 'not-checked', null)]);
    expect(nothing.passed).toBe(true);
    expect(omnichaosMatchers.toHold(nothing).message()).toMatch(/never passes on nothing/);
    expect(nothing).not.toHold();
    const killed = verdictOf([check('order-to-erp.exactly-once', 'pass', 0)], false);
    expect(omnichaosMatchers.toHold(killed).message()).toMatch(/did not complete/);
    expect(killed).not.toHold();
  });

  it('toFail names the check; a wrong id lists the checks; not a verdict says so', () => {
    expect(oversold).toFail();
    expect(oversold).toFail('inventory-sync.oversell');
    expect(oversold).not.toFail('order-to-erp.exactly-once');
    expect(omnichaosMatchers.toFail(good, 'order-to-erp.exactly-once').message()).toMatch(
      /to fail, but it was met/,
    );
    expect(omnichaosMatchers.toFail(oversold, 'inventory-sync.oversel').message()).toMatch(
      /no check named "inventory-sync.oversel".*inventory-sync\.oversell/,
    );
    expect(omnichaosMatchers.toHold({ passed: true }).message()).toMatch(
      /expected an omnichaos verdict/,
    );
    expect(describeCheck(oversold.checks[1]!)).toBe(
      '✗ inventory-sync.oversell: measured 2, threshold <= 0 — 2 SKUs sold past stock; evidence: SKU-00017, SKU-00042',
    );
  });
});
