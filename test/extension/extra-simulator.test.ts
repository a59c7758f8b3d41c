import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { upCommand } from '../../cli/commands/up.js';
import type { Io } from '../../cli/io.js';
import { runScenario } from '../../runner/run.js';
import { parseScenario } from '../../scenarios/load.js';
import type { AnySimulator } from '../../simulators/index.js';
import {
  BUILTIN_SIMULATORS,
  registerSimulator,
  unregisterSimulator,
} from '../../simulators/index.js';
import { ROOT } from '../support/cli.js';

/**
 * The plug-in seam: a dialect is its folder plus one registry line. This test writes a small
 * storefront simulator into a temporary folder (outside the repository), registers it with one
 * line, and finds it everywhere the edges of omnichaos look: `up`'s endpoints and env vars, the
 * scenario format, the runner's demand, the dashboard state and a run's report.
 */

const SHOP_SOURCE = (root: string) => `
import { defineSimulator, route } from '${root}/simulators/core/define-simulator.js';

export const shopSimulator = defineSimulator<{ orders: number }, 'shop'>({
  name: 'shop',
  dialect: 'storefront-test',
  label: 'Shop · test storefront',
  color: '#0b7285',
  portOffset: 9,
  errors: {
    error: (status, detail, options) => ({
      status,
      body: { errors: [{ code: options?.code ?? 'ERROR', message: detail }] },
    }),
  },
  createState: () => ({ orders: 0 }),
  authenticate: (req) =>
    req.headers.authorization === 'Bearer shop-token'
      ? { credential: 'shop-app' }
      : { status: 401, body: { errors: [{ code: 'UNAUTHORIZED', message: 'no token' }] } },
  routes: [
    route('GET', '/admin/orders/count', 'orders.count', ({ state }) => ({
      status: 200,
      body: { count: state.orders },
    })),
  ],
  demand: {
    'shop-order': (ctx, index) => {
      ctx.state.orders++;
      return { order: index };
    },
  },
  scenarioDemand: { shop: { channel: 'shop-order' } },
  credentials: () => ({ accessToken: 'shop-token' }),
  env: () => ({ OMNICHAOS_SHOP_ACCESS_TOKEN: 'shop-token' }),
});
`;

// A target that answers its health check on PORT and polls the shop's order count until stopped.
const TARGET = `
import { createServer } from 'node:http';
createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
const url = process.env.OMNICHAOS_SHOP_URL + '/admin/orders/count';
const headers = { authorization: 'Bearer ' + process.env.OMNICHAOS_SHOP_ACCESS_TOKEN };
let polls = 0;
const tick = () => {
  if (++polls > 400) return;
  fetch(url, { headers }).then((r) => r.arrayBuffer()).catch(() => {}).finally(() => setTimeout(tick, 50));
};
tick();
`;

const dir = mkdtempSync(join(tmpdir(), 'omnichaos-extra-sim-'));
mkdirSync(join(dir, 'shop'));
writeFileSync(join(dir, 'shop', 'index.ts'), SHOP_SOURCE(ROOT));
writeFileSync(join(dir, 'target.mjs'), TARGET);
const { shopSimulator } = (await import(join(dir, 'shop', 'index.ts'))) as {
  shopSimulator: AnySimulator;
};

registerSimulator(shopSimulator); // the one line

afterAll(() => {
  unregisterSimulator('shop');
});

describe('a simulator registered with one line', () => {
  it('shows up in `up`: endpoints, credentials, env vars, demand and the dashboard state', async () => {
    const lines: string[] = [];
    const io: Io = { out: (t) => void lines.push(t), err: (t) => void lines.push(t), tty: false };
    const before = new Set(process.listeners('SIGTERM'));
    const running = upCommand.run(['--port', '0', '--seed', '3', '--json'], io);
    while (lines.length === 0) await new Promise((r) => setTimeout(r, 20));
    const up = JSON.parse(lines[0]!) as {
      control: string;
      simulators: Record<string, { url: string; dialect: string; credentials: object }>;
      env: Record<string, string>;
    };
    try {
      const shop = up.simulators.shop!;
      expect(shop).toMatchObject({
        dialect: 'storefront-test',
        credentials: { accessToken: 'shop-token' },
      });
      expect(up.env.OMNICHAOS_SHOP_URL).toBe(shop.url);
      expect(up.env.OMNICHAOS_SHOP_ACCESS_TOKEN).toBe('shop-token');
      // the built-in ones are still there, on their own ports
      expect(Object.keys(up.simulators)).toEqual([
        ...BUILTIN_SIMULATORS.map((d) => d.name),
        'shop',
      ]);

      const placed = await fetch(`${up.control}/_omnichaos/demand/shop-order/0`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      expect(await placed.json()).toMatchObject({ channel: 'shop-order', result: { order: 0 } });
      const count = await fetch(`${shop.url}/admin/orders/count`, {
        headers: { authorization: 'Bearer shop-token' },
      });
      expect(await count.json()).toEqual({ count: 1 });

      const state = (await (await fetch(`${up.control}/_omnichaos/dashboard/state`)).json()) as {
        systems: { name: string; label: string; requestsTotal: number }[];
      };
      expect(state.systems.find((s) => s.name === 'shop')).toMatchObject({
        label: 'Shop · test storefront',
      });
    } finally {
      for (const stop of process.listeners('SIGTERM').filter((l) => !before.has(l)))
        (stop as () => void)();
      expect(await running).toBe(0);
    }
  });

  it("takes the scenario's keys for it, drives its demand and colours it in the run's report", async () => {
    const scenario = parseScenario(
      `version: 1
name: extra-shop
seed: 5
clock: { duration: 20s, speed: 20, drain: 2s }
world: { skus: 10, warehouses: 1, stores: 1, customers: 20 }
demand:
  shop:
    stages: [{ for: 20s, rate: 2/s }]
simulators:
  shop: {}
target:
  command: node ${JSON.stringify(join(dir, 'target.mjs'))}
  webhooks: { shop: 'http://127.0.0.1:9/hooks' }
`,
      'extra-shop.yaml',
    );
    const result = await runScenario({
      scenario,
      outDir: join(dir, 'run'),
      out: () => {},
    });
    expect(result.error).toBeUndefined();
    const journal = readFileSync(join(result.runDir, 'journal.ndjson'), 'utf8');
    expect(journal).toMatch(/"type":"demand:arrival"[^\n]*"channel":"shop-order"/);
    expect(journal).toMatch(/"type":"http:exchange"[^\n]*"sys":"shop"/);
    const html = readFileSync(join(result.runDir, 'report.html'), 'utf8');
    expect(html).toContain('#0b7285'); // the shop's colour from its manifest, in the charts
  }, 60_000);
});
