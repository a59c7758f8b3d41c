/**
 * Benchmark server, one variant per process so each gets a core of its own (`taskset`).
 *   node dist/bench/server.js raw|pipeline|pipeline-nojournal|engine-no-rules|rules-inactive|rules-active|latency-50ms|square <runDir>
 * Prints `ready <port> <json>` when listening (the json: what a client needs, e.g. a token).
 * With BENCH_MEM_MS set it also prints `mem <json>` (rss, heap) at that interval.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Journal } from '../journal/journal.js';
import { createSimulatorRuntime } from '../simulators/core/simulator-runtime.js';
import { serveNodeHttp } from '../simulators/transports/node-http.js';
import { kvSimulator } from '../simulators/kv/index.js';
import { posSimulator } from '../simulators/pos/index.js';
import { createRealClock } from '../runtime/real-time.js';
import { createWorld } from '../world/index.js';
import type { FaultRule } from '../scenarios/types.js';
import { idleRules, withRules } from './rules.js';

const BODY = JSON.stringify({ id: '1', name: 'bench item', createdAt: '2026-11-27T10:00:00.000Z' });

async function main(): Promise<void> {
  const [variant = 'raw', runDir = '/tmp/omnichaos-bench'] = process.argv.slice(2);
  reportMemory();
  if (variant === 'square') return square(runDir);
  if (variant === 'raw') {
    // The yardstick: what node:http does with no work at all.
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(BODY),
      });
      res.end(BODY);
    });
    server.listen(0, '127.0.0.1', () =>
      console.log(`ready ${(server.address() as AddressInfo).port}`),
    );
    return;
  }
  const clock = createRealClock({ startMs: Date.UTC(2026, 10, 27, 10), speed: 1 });
  const journal = new Journal({
    clock,
    file: variant === 'pipeline-nojournal' ? undefined : join(runDir, `${variant}.ndjson`),
    keepInMemory: 1_000,
  });
  const runtime = createSimulatorRuntime(kvSimulator, {
    world: createWorld(1, { skus: 5, stores: 1, customers: 10 }),
    clock,
    journal,
  });
  runtime.state.things.set('1', JSON.parse(BODY));
  const rules: FaultRule[] =
    variant === 'rules-inactive'
      ? idleRules('inactive')
      : variant === 'rules-active'
        ? idleRules('active')
        : [];
  if (variant === 'latency-50ms') {
    rules.push({
      kind: 'fault',
      id: 'lat',
      type: 'latency',
      // Only requests that ask for it, so the bench can interleave delayed and plain requests
      // on one connection (the plain ones are the baseline, measured in the same instants).
      match: { header: { 'x-bench-latency': '1' } },
      window: { fromMs: 0 },
      frequency: { kind: 'always' },
      params: { distribution: 'fixed', ms: 50 },
    });
  }
  if (rules.length > 0 || variant === 'engine-no-rules') withRules(runtime, clock, journal, rules);
  const srv = await serveNodeHttp(runtime.handle);
  console.log(`ready ${srv.port}`);
}

/**
 * The full pipeline as docs/architecture.md#budgets states its budget: a real dialect (Square) with its
 * auth check, its vendor limiter (raised so it never refuses: the bench measures its cost, not
 * its 429s), five idle fault rules and the journal streaming to disk.
 */
async function square(runDir: string): Promise<void> {
  const clock = createRealClock({ startMs: Date.UTC(2026, 10, 27, 10), speed: 1 });
  const journal = new Journal({ clock, file: join(runDir, 'square.ndjson'), keepInMemory: 1_000 });
  const world = createWorld(1, { skus: 50, stores: 2, customers: 100 });
  const runtime = createSimulatorRuntime(posSimulator, {
    world,
    clock,
    journal,
    config: { rateLimit: { ratePerSec: 1e9, burst: 1e9 } },
  });
  const idle = idleRules('inactive').slice(0, 5);
  withRules(
    runtime,
    clock,
    journal,
    idle.map((rule) => ({ ...rule, match: { system: 'pos' } })),
  );
  const srv = await serveNodeHttp(runtime.handle);
  console.log(`ready ${srv.port} ${JSON.stringify({ token: world.credentials.pos.accessToken })}`);
}

function reportMemory(): void {
  const every = Number(process.env.BENCH_MEM_MS ?? 0);
  if (!(every > 0)) return;
  setInterval(() => {
    const m = process.memoryUsage();
    console.log(
      `mem ${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, external: m.external })}`,
    );
  }, every).unref();
}

// Exit cleanly on SIGINT so `node --cpu-prof` writes its profile.
process.on('SIGINT', () => process.exit(0));
void main();
