/**
 * Retained memory per written order (docs/performance.md): the simulators as `omnichaos up`
 * starts them (bench/memory-server.ts, its own process on core 0, default heap), driven from this
 * process over loopback with a bounded number of requests:
 *   1. `orders` Square CreateOrders, each with its own idempotency key;
 *   2. `orders` SP-API orders placed through the demand route (`/_omnichaos/demand/marketplace-order/<i>`);
 *   3. `POST /_omnichaos/reset`.
 * After each phase the server runs a full GC and reports `process.memoryUsage()` and its size
 * counters. Budget: ≤ 1 KB retained per written order, RSS ≤ 1.5 GB, RSS < 250 MB after reset.
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

/** Send `total` requests, `concurrency` at a time, on keep-alive sockets; resolves with non-2xx count. */
async function drive(
  total: number,
  concurrency: number,
  make: (i: number) => { url: URL; body?: string; headers: Record<string, string> },
): Promise<{ non2xx: number; seconds: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let non2xx = 0;
  const t0 = process.hrtime.bigint();
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const { url, body, headers } = make(i);
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body ?? '') },
        },
        (res) => {
          if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const worker = async () => {
    while (next < total) await one(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { non2xx, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

export interface MemoryResult {
  ordersPerSystem: number;
  baseline: { rssMB: number; heapUsedMB: number };
  square: Phase;
  marketplace: Phase;
  afterReset: { rssMB: number; heapUsedMB: number; sizes: MemorySample['sizes'] };
  peakRssMB: number;
  bytesPerOrder: number;
  budget: { bytesPerOrder: number; peakRssMB: number; rssAfterResetMB: number };
  holds: { bytesPerOrder: boolean; peakRss: boolean; rssAfterReset: boolean; noOom: boolean };
}

interface Phase {
  seconds: number;
  non2xx: number;
  rssMB: number;
  heapUsedMB: number;
  /** Heap (+ external) retained per order written in this phase, after GC. */
  bytesPerOrder: number;
  sizes: MemorySample['sizes'];
}

/** @example const r = await memoryBench(100_000) */
export async function memoryBench(orders: number): Promise<MemoryResult> {
  const runDir = mkdtempSync(join(tmpdir(), 'omnichaos-memory-'));
  const argv = ['--expose-gc', join(here, 'memory-server.js'), runDir];
  const child = existsSync('/usr/bin/taskset')
    ? spawn('taskset', ['-c', '0', process.execPath, ...argv])
    : spawn(process.execPath, argv);
  const server = new MemoryServer(child);
  let oom = false;
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGKILL') oom = true;
    void code;
  });
  try {
    const ready = await server.ready;
    const base = await server.command('mem');
    const retained = (s: MemorySample) => s.heapUsed + s.external;
    const location = await firstLocation(ready);
    const square = new URL('/v2/orders', ready.urls.pos);
    const sqHeaders = {
      authorization: `Bearer ${ready.squareToken}`,
      'square-version': '2025-10-16',
      'content-type': 'application/json',
    };
    const sq = await drive(orders, 32, (i) => ({
      url: square,
      headers: sqHeaders,
      body: JSON.stringify({
        idempotency_key: `bench-${i}`,
        order: {
          location_id: location,
          reference_id: `R${i}`,
          line_items: [
            { name: 'bench', quantity: '1', base_price_money: { amount: 500, currency: 'USD' } },
          ],
        },
      }),
    }));
    const afterSquare = await server.command('mem');
    const mk = await drive(orders, 32, (i) => ({
      url: new URL(`/_omnichaos/demand/marketplace-order/${i}`, ready.control),
      headers: { 'content-type': 'application/json' },
    }));
    const afterMarket = await server.command('mem');
    const reset = await server.command('reset');
    const phase = (
      run: { seconds: number; non2xx: number },
      before: MemorySample,
      after: MemorySample,
      written: number,
    ): Phase => ({
      seconds: round1(run.seconds),
      non2xx: run.non2xx,
      rssMB: round1(after.rss / MB),
      heapUsedMB: round1(after.heapUsed / MB),
      bytesPerOrder: written > 0 ? Math.round((retained(after) - retained(before)) / written) : 0,
      sizes: after.sizes,
    });
    const squareWritten = afterSquare.sizes.pos?.orders ?? orders - sq.non2xx;
    const marketWritten = afterMarket.sizes.marketplace?.orders ?? orders - mk.non2xx;
    const sqPhase = phase(sq, base, afterSquare, squareWritten);
    const mkPhase = phase(mk, afterSquare, afterMarket, marketWritten);
    const bytesPerOrder = Math.round(
      (retained(afterMarket) - retained(base)) / Math.max(1, squareWritten + marketWritten),
    );
    const peakRssMB = round1(server.peakRss / MB);
    const result: MemoryResult = {
      ordersPerSystem: orders,
      baseline: { rssMB: round1(base.rss / MB), heapUsedMB: round1(base.heapUsed / MB) },
      square: sqPhase,
      marketplace: mkPhase,
      afterReset: {
        rssMB: round1(reset.rss / MB),
        heapUsedMB: round1(reset.heapUsed / MB),
        sizes: reset.sizes,
      },
      peakRssMB,
      bytesPerOrder,
      budget: { bytesPerOrder: 1024, peakRssMB: 1536, rssAfterResetMB: 250 },
      holds: {
        bytesPerOrder: bytesPerOrder <= 1024,
        peakRss: peakRssMB <= 1536,
        rssAfterReset: reset.rss / MB < 250,
        noOom: !oom,
      },
    };
    return result;
  } finally {
    server.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
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
