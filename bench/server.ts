/**
 * Benchmark server, one variant per process so each gets a core of its own (`taskset`).
 *   node dist/bench/server.js raw|pipeline|pipeline-nojournal <runDir>
 * Prints `ready <port>` when listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Journal } from '../simulators/core/journal.js';
import { createSimulatorRuntime } from '../simulators/core/simulator-runtime.js';
import { serveNodeHttp } from '../simulators/core/transports/node-http.js';
import { kvSimulator } from '../simulators/kv/index.js';
import { createRealClock } from '../runtime/real-time.js';
import { createWorld } from '../world/index.js';

const BODY = JSON.stringify({ id: '1', name: 'bench item', createdAt: '2026-11-27T10:00:00.000Z' });

async function main(): Promise<void> {
  const [variant = 'raw', runDir = '/tmp/omnichaos-bench'] = process.argv.slice(2);
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
  const srv = await serveNodeHttp(runtime.handle);
  console.log(`ready ${srv.port}`);
}

void main();
