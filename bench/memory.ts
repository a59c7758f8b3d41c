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
 *   node dist/bench/memory.js [orders]   (or BENCH_MEMORY_ORDERS; BENCH_MEMORY_SYSTEMS=square runs one)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lwaAccessToken, MB, MemoryServer, round1, send, type Ready } from './memory-client.js';
import type { MemorySample } from './memory-server.js';

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
/** Orders between two samples after a full GC. */
const CHECKPOINT = Number(process.env.BENCH_MEMORY_CHECKPOINT ?? 100_000);

export interface Checkpoint {
  system: 'square' | 'marketplace';
  orders: number;
  /** Orders the simulator holds (its size counter). */
  held: number;
  seconds: number;
  rssMB: number;
  heapUsedMB: number;
  bytesPerOrder: number;
  peakRssMB: number;
}

/** `orders` Square CreateOrders, each with its own idempotency key. */
async function squareOrders(ready: Ready, from: number, orders: number, agent: Agent) {
  const location = await firstLocation(ready);
  const url = new URL('/v2/orders', ready.urls.pos);
  const headers = {
    authorization: `Bearer ${ready.squareToken}`,
    'square-version': '2025-10-16',
    'content-type': 'application/json',
  };
  const run = await drive(orders, CONCURRENCY, async (n) => {
    const i = from + n;
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
async function marketplaceOrders(ready: Ready, from: number, orders: number, agent: Agent) {
  const mp = ready.marketplace;
  const base = ready.urls.marketplace!;
  const accessToken = await lwaAccessToken(agent, ready);
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
  const run = await drive(orders, CONCURRENCY, async (n) => {
    const i = from + n;
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
  /** Every `CHECKPOINT` orders: memory after a full GC. */
  checkpoints: Checkpoint[];
  holds: { bytesPerOrder: boolean; peakRss: boolean; rssAfterReset: boolean; noOom: boolean };
}

export interface MemoryResult {
  ordersPerSystem: number;
  /** Undefined when not run (`BENCH_MEMORY_SYSTEMS`). */
  square: SystemMemory | undefined;
  marketplace: SystemMemory | undefined;
  budget: { bytesPerOrder: number; peakRssMB: number; rssAfterResetMB: number };
  /** Per system: every budget of it holds; `not run` when it was left out (never a failure). */
  holds: Record<'square' | 'marketplace', boolean | 'not run'>;
}

const BUDGET = { bytesPerOrder: 1024, peakRssMB: 1536, rssAfterResetMB: 250 };

/** One system's run in its own fresh server: baseline, `orders` writes, reset. */
async function systemRun(system: 'square' | 'marketplace', orders: number): Promise<SystemMemory> {
  const runDir = mkdtempSync(join(tmpdir(), 'omnichaos-memory-'));
  const server = new MemoryServer(runDir);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const ready = await server.ready;
    const base = await server.command('mem');
    const retained = (s: MemorySample) => s.heapUsed + s.external;
    const sizeOf = system === 'square' ? 'pos' : 'marketplace';
    // In steps of `CHECKPOINT` orders, each ending with a sample after a full GC (printed on
    // stderr as it comes: a run stopped early still leaves its figures).
    const checkpoints: Checkpoint[] = [];
    const run = { non2xx: 0, seconds: 0, restocks: 0 };
    for (let from = 0; from < orders; from += CHECKPOINT) {
      const step = Math.min(CHECKPOINT, orders - from);
      const part =
        system === 'square'
          ? await squareOrders(ready, from, step, agent)
          : await marketplaceOrders(ready, from, step, agent);
      run.non2xx += part.non2xx;
      run.seconds += part.seconds;
      run.restocks += part.restocks;
      const s = await server.command('mem');
      const held = s.sizes[sizeOf]?.orders ?? from + step - run.non2xx;
      const c: Checkpoint = {
        system,
        orders: from + step,
        held,
        seconds: round1(run.seconds),
        rssMB: round1(s.rss / MB),
        heapUsedMB: round1(s.heapUsed / MB),
        bytesPerOrder: Math.round((retained(s) - retained(base)) / Math.max(1, held)),
        peakRssMB: round1(server.peakRss / MB),
      };
      checkpoints.push(c);
      process.stderr.write(`[memory] ${JSON.stringify(c)}\n`);
    }
    const after = checkpoints.length ? await server.command('mem') : base;
    const reset = await server.command('reset');
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
      oom: server.died,
      checkpoints,
      holds: {
        bytesPerOrder: bytesPerOrder <= BUDGET.bytesPerOrder,
        peakRss: peakRssMB <= BUDGET.peakRssMB,
        rssAfterReset: reset.rss / MB < BUDGET.rssAfterResetMB,
        noOom: !server.died,
      },
    };
  } finally {
    agent.destroy();
    server.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** @example const r = await memoryBench(100_000) */
export async function memoryBench(
  orders: number,
  systems: readonly ('square' | 'marketplace')[] = ['square', 'marketplace'],
): Promise<MemoryResult> {
  const square = systems.includes('square') ? await systemRun('square', orders) : undefined;
  const marketplace = systems.includes('marketplace')
    ? await systemRun('marketplace', orders)
    : undefined;
  const all = (r: SystemMemory | undefined) =>
    r ? Object.values(r.holds).every(Boolean) : ('not run' as const);
  return {
    ordersPerSystem: orders,
    square,
    marketplace,
    budget: BUDGET,
    holds: { square: all(square), marketplace: all(marketplace) },
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
  const systems = (process.env.BENCH_MEMORY_SYSTEMS ?? 'square,marketplace').split(',') as (
    'square' | 'marketplace'
  )[];
  memoryBench(n, systems).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
