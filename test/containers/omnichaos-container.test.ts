import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import NetsuiteRest from 'netsuite-rest';
import { SquareClient } from 'square';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OmnichaosContainer, type StartedOmnichaosContainer } from '../../testcontainers/index.js';
import { createWorld } from '../../world/index.js';
import { registeredSimulators } from '../../simulators/index.js';
import { IMAGE, buildImage, containers, haveDocker } from './docker.js';

/**
 * The real image through `omnichaos/testcontainers`, as a user's test suite would run it:
 * host networking, the handle's URLs and credentials used by vendor SDKs, faults through the
 * control API, and nothing left behind.
 */
describe.skipIf(!haveDocker)('OmnichaosContainer (the real image)', () => {
  let oc: StartedOmnichaosContainer;

  beforeAll(async () => {
    await buildImage();
    oc = await new OmnichaosContainer(IMAGE).withSeed(7).start();
  }, 600_000);

  afterAll(async () => {
    if (!oc) return;
    await oc.stop();
    expect(containers(`id=${oc.getId()}`)).toEqual([]);
  }, 60_000);

  it('hands back the control URL, every simulator on its port after it, credentials and env', async () => {
    const port = Number(new URL(oc.controlUrl).port);
    // the four vendors on the next ports (the storefront and any later system follow)
    expect(oc.urls).toMatchObject({
      erp: `http://127.0.0.1:${port + 1}`,
      pos: `http://127.0.0.1:${port + 2}`,
      wms: `http://127.0.0.1:${port + 3}`,
      marketplace: `http://127.0.0.1:${port + 4}`,
    });
    expect(oc.urls).toEqual(
      Object.fromEntries(
        registeredSimulators().map((s) => [s.name, `http://127.0.0.1:${port + s.portOffset}`]),
      ),
    );
    expect(oc.credentials.pos.accessToken).toBeTruthy();
    expect(oc.env).toMatchObject({
      OMNICHAOS_CONTROL_URL: oc.controlUrl,
      OMNICHAOS_SEED: '7',
      OMNICHAOS_ERP_URL: oc.urls.erp,
    });
    expect(await oc.health()).toMatchObject({ status: 'ok', seed: 7 });
  });

  it('generates the same world as createWorld(7) in this process: the seed reached it', async () => {
    expect((await oc.control.world()).digest).toBe(createWorld(7).digest());
  });

  it('answers the Square SDK and the netsuite-rest client with the handed-back credentials', async () => {
    const square = new SquareClient({
      token: oc.credentials.pos.accessToken,
      baseUrl: oc.urls.pos,
    });
    const { locations = [] } = await square.locations.list();
    expect(locations.length).toBeGreaterThan(0);

    const ns = new NetsuiteRest({
      consumer_key: oc.env.OMNICHAOS_ERP_CONSUMER_KEY!,
      consumer_secret_key: oc.env.OMNICHAOS_ERP_CONSUMER_SECRET!,
      token: oc.env.OMNICHAOS_ERP_TOKEN_ID!,
      token_secret: oc.env.OMNICHAOS_ERP_TOKEN_SECRET!,
      realm: oc.env.OMNICHAOS_ERP_ACCOUNT!,
      base_url: oc.env.OMNICHAOS_ERP_URL!,
    });
    const item = await ns.request({ path: 'record/v1/inventoryItem/eid:SKU-00001' });
    expect(item.data).toMatchObject({ externalId: 'SKU-00001' });
  });

  it('erp-maintenance through the control API: ERP 503 with Retry-After, then clear restores it', async () => {
    const getCustomers = () =>
      fetch(`${oc.urls.erp}/services/rest/record/v1/customer?limit=1`, {
        headers: { authorization: `Bearer ${oc.credentials.erp.accessToken}` },
      });
    expect((await getCustomers()).status).toBe(200);

    const added = await oc.faults.add({ preset: 'erp-maintenance', window: { for: '60s' } });
    expect(added.length).toBeGreaterThan(0);
    const down = await getCustomers();
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);

    expect(await oc.faults.clear()).toBe(added.length);
    expect((await getCustomers()).status).toBe(200);
    const { events } = await oc.journal({ sys: 'erp', type: 'http:exchange' });
    expect(events.map((e) => e.status)).toEqual(expect.arrayContaining([200, 503]));
  });
});

describe.skipIf(!haveDocker)('OmnichaosContainer with a scenario file and a token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnichaos-tc-'));

  beforeAll(buildImage, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('copies the scenario in (its seed and faults apply) and guards the control plane', async () => {
    const file = join(dir, 'maintenance.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'name: tc-maintenance',
        'seed: 99',
        'clock: { duration: 10m }',
        'faults:',
        '  - { id: maint, preset: erp-maintenance, window: { from: 0s, for: 10m } }',
        '',
      ].join('\n'),
    );
    const oc = await new OmnichaosContainer(IMAGE)
      .withScenario(file)
      .withToken('tc-secret')
      .start();
    try {
      expect(await oc.health()).toMatchObject({ status: 'ok', seed: 99 });
      expect((await oc.faults.list()).length).toBeGreaterThan(0);
      expect((await fetch(`${oc.controlUrl}/_omnichaos/health`)).status).toBe(401);
      const erp = await fetch(`${oc.urls.erp}/services/rest/record/v1/customer?limit=1`, {
        headers: { authorization: `Bearer ${oc.credentials.erp.accessToken}` },
      });
      expect(erp.status).toBe(503);
    } finally {
      await oc.stop();
    }
    expect(containers(`id=${oc.getId()}`)).toEqual([]);
  }, 120_000);

  it('fails fast with the container log when up cannot start, and removes the container', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'version: 1\nname: broken\nseed: -1\nclock: { duration: 1m }\n');
    const before = containers(`ancestor=${IMAGE}`);
    const started = Date.now();
    await expect(new OmnichaosContainer(IMAGE).withScenario(file).start()).rejects.toThrow(
      /exited \(code 2\)[\s\S]*seed/,
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(containers(`ancestor=${IMAGE}`)).toEqual(before);
  }, 120_000);
});
