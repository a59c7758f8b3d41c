/**
 * Retained memory per written order (docs/performance.md): the simulators as `omnichaos up`
 * starts them (bench/memory-server.ts, its own process on core 0, default heap), driven from this
 * process over loopback with a bounded number of requests. Per system, in a fresh server:
 *   - Square: `orders` CreateOrders, each with its own idempotency key;
 *   - SP-API: `orders` orders placed through the demand route
 *     (`/_omnichaos/demand/marketplace-order/<i>`), SKUs restocked over SP-API when they sell out;
 * then `POST /_omnichaos/reset`. After each phase the server runs a full GC and reports
 * `process.memoryUsage()` and its size counters. Budget per system: ≤ 1 KB retained per written
 * order, RSS ≤ 1.5 GB at its peak, RSS < 250 MB after reset.
 *   node dist/bench/memory.js [orders]   (or BENCH_MEMORY_ORDERS)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MemorySample } from './memory-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;
const round1 = (x: number) => Math.round(x * 10) / 10;

interface Ready {
  control: string;
  urls: Record<string, string>;
  squareToken: string;
  marketplace: {
    clientId: string;
    clientSecret: string;
    refreshToken: string;
    sellerId: string;
    marketplaceId: string;
  };
}

class MemoryServer {
  private buffered = '';
  private waiting: ((line: string) => void)[] = [];
  readonly ready: Promise<Ready>;
  /** Peak RSS seen by polling /proc (the GC'd samples miss the peak). */
  peakRss = 0;
  private poll: ReturnType<typeof setInterval> | undefined;

  constructor(readonly child: ChildProcess) {
    child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
    this.ready = new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`memory server exited with ${code}`)));
      this.waiting.push((line) => resolve(JSON.parse(line.replace(/^ready /, '')) as Ready));
    });
    child.stdout!.on('data', (d: Buffer) => {
      this.buffered += d;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
    this.poll = setInterval(() => {
      const rss = rssOf(child.pid);
      if (rss > this.peakRss) this.peakRss = rss;
    }, 250);
    this.poll.unref();
  }

  command(cmd: 'mem' | 'reset'): Promise<MemorySample> {
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(JSON.parse(line) as MemorySample));
      this.child.stdin!.write(`${cmd}\n`);
    });
  }

  stop(): void {
    clearInterval(this.poll);
    this.child.kill('SIGKILL');
  }
}

/** Resident set of a process from /proc (bytes); 0 off Linux. */
function rssOf(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** One request on a keep-alive agent: status and body text. */
function send(
  agent: Agent,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, agent, headers: { ...headers, 'content-length': Buffer.byteLength(body ?? '') } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Run `one(i)` for i = 0 … total-1, `concurrency` at a time (a bounded loop: every index once).
 * `one` resolves true for a 2xx write; the rest are counted as non2xx.
 */
async function drive(
  total: number,
  concurrency: number,
  one: (i: number) => Promise<boolean>,
): Promise<{ non2xx: number; seconds: number }> {
  let next = 0;
  let non2xx = 0;
  const t0 = process.hrtime.bigint();
  const worker = async () => {
    while (next < total) if (!(await one(next++))) non2xx++;
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { non2xx, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

const CONCURRENCY = 32;

/** `orders` Square CreateOrders, each with its own idempotency key. */
async function squareOrders(ready: Ready, orders: number, agent: Agent) {
  const location = await firstLocation(ready);
  const url = new URL('/v2/orders', ready.urls.pos);
  const headers = {
    authorization: `Bearer ${ready.squareToken}`,
    'square-version': '2025-10-16',
    'content-type': 'application/json',
  };
  const run = await drive(orders, CONCURRENCY, async (i) => {
    const body = JSON.stringify({
      idempotency_key: `bench-${i}`,
      order: {
        location_id: location,
        reference_id: `R${i}`,
        line_items: [
          { name: 'bench', quantity: '1', base_price_money: { amount: 500, currency: 'USD' } },
        ],
      },
    });
    const res = await send(agent, url, 'POST', headers, body);
    return res.status >= 200 && res.status < 300;
  });
  return { ...run, restocks: 0 };
}

/**
 * `orders` SP-API orders placed through the demand route (world order i at arrival i), as the
 * runner's driver places them. A shopper cannot buy past the listing's quantity, so when an order
 * is refused as unavailable the bench restocks that SKU as an integration would — a
 * `patchListingsItem` over SP-API with an LWA token — and places the same order again.
 */
async function marketplaceOrders(ready: Ready, orders: number, agent: Agent) {
  const mp = ready.marketplace;
  const base = ready.urls.marketplace!;
  const token = await send(
    agent,
    new URL('/auth/o2/token', base),
    'POST',
    { 'content-type': 'application/x-www-form-urlencoded' },
    new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: mp.refreshToken,
      client_id: mp.clientId,
      client_secret: mp.clientSecret,
    }).toString(),
  );
  const accessToken = (JSON.parse(token.text) as { access_token: string }).access_token;
  const restocking = new Map<string, Promise<void>>();
  let restocks = 0;
  const restock = (sku: string) => {
    let p = restocking.get(sku);
    if (!p) {
      p = (async () => {
        const url = new URL(
          `/listings/2021-08-01/items/${mp.sellerId}/${encodeURIComponent(sku)}?marketplaceIds=${mp.marketplaceId}`,
          base,
        );
        const res = await send(
          agent,
          url,
          'PATCH',
          { 'x-amz-access-token': accessToken, 'content-type': 'application/json' },
          JSON.stringify({
            productType: 'PRODUCT',
            patches: [
              {
                op: 'replace',
                path: '/attributes/fulfillment_availability',
                value: [{ fulfillment_channel_code: 'DEFAULT', quantity: RESTOCK_UNITS }],
              },
            ],
          }),
        );
        if (res.status !== 200) throw new Error(`restocking ${sku}: ${res.status} ${res.text}`);
        restocks++;
      })().finally(() => restocking.delete(sku));
      restocking.set(sku, p);
    }
    return p;
  };
  const demand = new URL('/_omnichaos/demand/marketplace-order/', ready.control);
  const json = { 'content-type': 'application/json' };
  const run = await drive(orders, CONCURRENCY, async (i) => {
    // A refused order is placed again after its SKU is restocked (at most a few times).
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await send(agent, new URL(String(i), demand), 'POST', json);
      if (res.status !== 200) return false;
      const { result } = JSON.parse(res.text) as {
        result: { created: boolean; unavailable?: string };
      };
      if (!result.unavailable) return result.created;
      await restock(result.unavailable);
    }
    return false;
  });
  return { ...run, restocks };
}

/** Listing quantity a restock sets: a popular SKU sells out again after about this many orders. */
const RESTOCK_UNITS = 100_000;

export interface SystemMemory {
  orders: number;
  /** Orders the simulator holds after the phase (its size counter). */
  written: number;
  seconds: number;
  non2xx: number;
  /** SP-API: listings restocked over SP-API when orders were refused as unavailable. */
  restocks: number;
  baseline: { rssMB: number; heapUsedMB: number };
  /** After the orders, after a full GC. */
  after: { rssMB: number; heapUsedMB: number; heapTotalMB: number; sizes: MemorySample['sizes'] };
  /** Heap (+ external) retained per written order, after GC. */
  bytesPerOrder: number;
  /** Peak RSS seen by polling /proc every 250 ms. */
  peakRssMB: number;
  afterReset: {
    rssMB: number;
    heapUsedMB: number;
    heapTotalMB: number;
    sizes: MemorySample['sizes'];
  };
  oom: boolean;
  holds: { bytesPerOrder: boolean; peakRss: boolean; rssAfterReset: boolean; noOom: boolean };
}

export interface MemoryResult {
  ordersPerSystem: number;
  square: SystemMemory;
  marketplace: SystemMemory;
  budget: { bytesPerOrder: number; peakRssMB: number; rssAfterResetMB: number };
  holds: boolean;
}

const BUDGET = { bytesPerOrder: 1024, peakRssMB: 1536, rssAfterResetMB: 250 };

/** One system's run in its own fresh server: baseline, `orders` writes, reset. */
async function systemRun(system: 'square' | 'marketplace', orders: number): Promise<SystemMemory> {
  const runDir = mkdtempSync(join(tmpdir(), 'omnichaos-memory-'));
  const argv = ['--expose-gc', join(here, 'memory-server.js'), runDir];
  const child = existsSync('/usr/bin/taskset')
    ? spawn('taskset', ['-c', '0', process.execPath, ...argv])
    : spawn(process.execPath, argv);
  const server = new MemoryServer(child);
  let oom = false;
  child.once('exit', (_code, signal) => {
    if (signal !== 'SIGKILL') oom = true;
  });
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const ready = await server.ready;
    const base = await server.command('mem');
    const run =
      system === 'square'
        ? await squareOrders(ready, orders, agent)
        : await marketplaceOrders(ready, orders, agent);
    const after = await server.command('mem');
    const reset = await server.command('reset');
    const retained = (s: MemorySample) => s.heapUsed + s.external;
    const sizeOf = system === 'square' ? 'pos' : 'marketplace';
    const written = after.sizes[sizeOf]?.orders ?? orders - run.non2xx;
    const bytesPerOrder = Math.round((retained(after) - retained(base)) / Math.max(1, written));
    const peakRssMB = round1(server.peakRss / MB);
    return {
      orders,
      written,
      seconds: round1(run.seconds),
      non2xx: run.non2xx,
      restocks: run.restocks,
      baseline: { rssMB: round1(base.rss / MB), heapUsedMB: round1(base.heapUsed / MB) },
      after: {
        rssMB: round1(after.rss / MB),
        heapUsedMB: round1(after.heapUsed / MB),
        heapTotalMB: round1(after.heapTotal / MB),
        sizes: after.sizes,
      },
      bytesPerOrder,
      peakRssMB,
      afterReset: {
        rssMB: round1(reset.rss / MB),
        heapUsedMB: round1(reset.heapUsed / MB),
        heapTotalMB: round1(reset.heapTotal / MB),
        sizes: reset.sizes,
      },
      oom,
      holds: {
        bytesPerOrder: bytesPerOrder <= BUDGET.bytesPerOrder,
        peakRss: peakRssMB <= BUDGET.peakRssMB,
        rssAfterReset: reset.rss / MB < BUDGET.rssAfterResetMB,
        noOom: !oom,
      },
    };
  } finally {
    agent.destroy();
    server.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** @example const r = await memoryBench(100_000) */
export async function memoryBench(orders: number): Promise<MemoryResult> {
  const square = await systemRun('square', orders);
  const marketplace = await systemRun('marketplace', orders);
  const all = (h: SystemMemory['holds']) => Object.values(h).every(Boolean);
  return {
    ordersPerSystem: orders,
    square,
    marketplace,
    budget: BUDGET,
    holds: all(square.holds) && all(marketplace.holds),
  };
}

async function firstLocation(ready: Ready): Promise<string> {
  const res = await fetch(`${ready.urls.pos}/v2/locations`, {
    headers: { authorization: `Bearer ${ready.squareToken}`, 'square-version': '2025-10-16' },
  });
  const body = (await res.json()) as { locations: { id: string }[] };
  return body.locations[0]!.id;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? process.env.BENCH_MEMORY_ORDERS ?? 1_000_000);
  memoryBench(n).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
