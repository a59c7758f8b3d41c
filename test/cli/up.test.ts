import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import NetsuiteRest from 'netsuite-rest';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runBin } from '../support/cli.js';
import { startUp } from '../support/up.js';

describe('omnichaos up', () => {
  it('serves the control plane on 127.0.0.1 and stops cleanly on SIGTERM', async () => {
    const up = await startUp(['--port', '0', '--seed', '7']);
    try {
      const health = await (await fetch(`${up.controlUrl}/_omnichaos/health`)).json();
      expect(health).toMatchObject({ status: 'ok', seed: 7 });
      const world = (await (await fetch(`${up.controlUrl}/_omnichaos/world`)).json()) as {
        seed: number;
        digest: string;
      };
      expect(world.seed).toBe(7);
      expect(world.digest).toMatch(/^[0-9a-f]{64}$/);
      const endpoints = (await (await fetch(`${up.controlUrl}/_omnichaos/endpoints`)).json()) as {
        env: Record<string, string>;
      };
      expect(endpoints.env.OMNICHAOS_CONTROL_URL).toBe(up.controlUrl);
      expect(endpoints.env.OMNICHAOS_SEED).toBe('7');
    } finally {
      expect(await up.stop()).toBe(0);
    }
  });

  it('starts scenario time on the wall clock unless --start pins it; the world digest is the same either way', async () => {
    const health = async (args: string[]) => {
      const up = await startUp(['--port', '0', '--seed', '7', ...args]);
      try {
        const before = Date.now();
        const h = (await (await fetch(`${up.controlUrl}/_omnichaos/health`)).json()) as {
          clock: { now: string };
        };
        const w = (await (await fetch(`${up.controlUrl}/_omnichaos/world`)).json()) as {
          digest: string;
        };
        return { before, now: Date.parse(h.clock.now), digest: w.digest };
      } finally {
        expect(await up.stop()).toBe(0);
      }
    };
    const wall = await health([]);
    // Speed 1 from the moment `up` started: scenario time is at most a few seconds behind the
    // caller's clock (the start-up), never days (the old fixed Black Friday start).
    expect(wall.now).toBeLessThanOrEqual(wall.before + 1000);
    expect(wall.now).toBeGreaterThan(wall.before - 60_000);
    const pinned = await health(['--start', '2026-11-27T05:00:00Z']);
    expect(pinned.now).toBeGreaterThanOrEqual(Date.parse('2026-11-27T05:00:00Z'));
    expect(pinned.now).toBeLessThan(Date.parse('2026-11-27T05:01:00Z'));
    expect(pinned.digest).toBe(wall.digest);
    const bad = await runBin(['up', '--port', '0', '--start', '2026-11-27 05:00']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--start expects an ISO instant with a zone');
  });

  it('refuses to expose the control plane beyond loopback without a token', async () => {
    const child = spawn(process.execPath, [BIN, 'up', '--host', '0.0.0.0', '--port', '0'], {
      cwd: ROOT,
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--token');
  });

  it('on a busy port exits 2 saying so, without a stack trace', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = String((busy.address() as AddressInfo).port);
    try {
      const run = await runBin(['up', '--port', port]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`port ${port} is in use (another omnichaos up?)`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      busy.close();
    }
  });
});

describe('omnichaos up + the netsuite-rest client', () => {
  it('round-trips a sales order with the printed credentials; a repeated externalId is refused; async jobs complete on the clock', async () => {
    const up = await startUp(['--port', '0', '--seed', '7']);
    try {
      const { env } = (await (await fetch(`${up.controlUrl}/_omnichaos/endpoints`)).json()) as {
        env: Record<string, string>;
      };
      const ns = new NetsuiteRest({
        consumer_key: env.OMNICHAOS_ERP_CONSUMER_KEY!,
        consumer_secret_key: env.OMNICHAOS_ERP_CONSUMER_SECRET!,
        token: env.OMNICHAOS_ERP_TOKEN_ID!,
        token_secret: env.OMNICHAOS_ERP_TOKEN_SECRET!,
        realm: env.OMNICHAOS_ERP_ACCOUNT!,
        base_url: env.OMNICHAOS_ERP_URL!,
      });
      const customer = JSON.stringify({ companyName: 'Up Test Co', externalId: 'UP-C-1' });
      await ns.request({ path: 'record/v1/customer', method: 'POST', body: customer });
      const order = JSON.stringify({
        externalId: 'UP-SO-1',
        entity: { externalId: 'UP-C-1' },
        location: { externalId: 'WH-1' }, // commits stock there, so it can be fulfilled
        item: { items: [{ item: { externalId: 'SKU-00001' }, quantity: 2 }] },
      });
      const created = await ns.request({
        path: 'record/v1/salesOrder',
        method: 'POST',
        body: order,
      });
      expect(created.statusCode).toBe(204);
      const read = await ns.request({ path: 'record/v1/salesOrder/eid:UP-SO-1' });
      expect(read.data).toMatchObject({ externalId: 'UP-SO-1' });
      const again = await ns
        .request({ path: 'record/v1/salesOrder', method: 'POST', body: order })
        .then(
          () => undefined,
          (e: { response: { statusCode: number; body: string } }) => e.response,
        );
      expect(again?.statusCode).toBe(400);
      expect(JSON.parse(again!.body)['o:errorDetails'][0]['o:errorCode']).toBe('DUP_RCRD');

      // An async request: 202 and a job that completes on the scenario clock (5 s by default;
      // the control plane speeds the real clock up so the test does not wait for it).
      const accepted = await ns.request({
        path: 'record/v1/salesOrder/eid:UP-SO-1/!transform/itemFulfillment',
        method: 'POST',
        heads: { Prefer: 'respond-async' },
      });
      expect(accepted.statusCode).toBe(202);
      const at = accepted.rawHeaders.findIndex((h, i) => i % 2 === 0 && /^location$/i.test(h));
      const jobPath = new URL(accepted.rawHeaders[at + 1]!).pathname.replace('/services/rest/', '');
      const speed = await fetch(`${up.controlUrl}/_omnichaos/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'speed', speed: 100 }),
      });
      expect(speed.status).toBe(200);
      let job = (await ns.request({ path: jobPath })).data;
      for (let i = 0; i < 50 && job?.completed !== true; i++) {
        await new Promise((r) => setTimeout(r, 20));
        job = (await ns.request({ path: jobPath })).data;
      }
      expect(job).toMatchObject({ completed: true, progress: 'succeeded' });
    } finally {
      expect(await up.stop()).toBe(0);
    }
  });
});

describe('omnichaos up + omnichaos chaos against the ERP', () => {
  it('erp-maintenance makes the ERP answer 503 with Retry-After, and chaos clear restores it', async () => {
    const up = await startUp(['--port', '0', '--seed', '11']);
    try {
      const endpoints = (await (await fetch(`${up.controlUrl}/_omnichaos/endpoints`)).json()) as {
        env: Record<string, string>;
      };
      const erpUrl = endpoints.env.OMNICHAOS_ERP_URL!;
      const token = endpoints.env.OMNICHAOS_ERP_ACCESS_TOKEN!;
      expect(token).toBeTruthy();
      const getCustomers = () =>
        fetch(`${erpUrl}/services/rest/record/v1/customer?limit=1`, {
          headers: { authorization: `Bearer ${token}` },
        });
      expect((await getCustomers()).status).toBe(200);

      const add = await runBin([
        'chaos',
        'add',
        'erp-maintenance',
        '--for',
        '60s',
        '--control',
        up.controlUrl,
      ]);
      expect(add.code).toBe(0);
      const down = await getCustomers();
      expect(down.status).toBe(503);
      expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await down.json()) as { 'o:errorDetails': Array<{ 'o:errorCode': string }> };
      expect(body['o:errorDetails'][0]!['o:errorCode']).toBeTruthy();

      const clear = await runBin(['chaos', 'clear', '--control', up.controlUrl]);
      expect(clear.code).toBe(0);
      expect((await getCustomers()).status).toBe(200);
    } finally {
      expect(await up.stop()).toBe(0);
    }
  });
});

describe('omnichaos up --with-reference', () => {
  it('attaches the reference integration, so live demand reaches the ERP', async () => {
    const up = await startUp(
      ['--port', '0', '--scenario', 'scenarios/smoke.yaml', '--demand', '--with-reference'],
      { timeoutMs: 40_000 },
    );
    try {
      const erpRecords = async () => {
        const res = await fetch(`${up.controlUrl}/_omnichaos/journal?type=erp:document-recorded`);
        const { events } = (await res.json()) as { events: { document?: string }[] };
        return events.filter((e) => e.document !== 'customer').length;
      };
      await expect.poll(erpRecords, { timeout: 40_000, interval: 500 }).toBeGreaterThan(0);
    } finally {
      await up.stop();
    }
  }, 90_000);
});
