/**
 * Benchmark server, one variant per process so each gets a core of its own (`taskset`).
 *   node dist/bench/server.js raw|pipeline|pipeline-nojournal|engine-no-rules|rules-inactive|rules-active|latency-50ms <runDir>
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
import { ChaosEngine } from '../chaos/engine.js';
import type { FaultRule } from '../scenarios/types.js';

/** 100 rules that never fire: windows in the future ('inactive'), or open, matching, p = 0 ('active'). */
function idleRules(kind: 'inactive' | 'active'): FaultRule[] {
  return Array.from({ length: 100 }, (_, i) => ({
    kind: 'fault',
    id: `idle-${i}`,
    type: i % 2 ? 'error' : 'latency',
    match: { operation: 'things.*' },
    window: kind === 'inactive' ? { fromMs: 86_400_000 } : { fromMs: 0 },
    frequency: { kind: 'probability', p: 0 },
    params: i % 2 ? { status: 500 } : { distribution: 'fixed', ms: 100 },
  }));
}

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
      match: {},
      window: { fromMs: 0 },
      frequency: { kind: 'always' },
      params: { distribution: 'fixed', ms: 50 },
    });
  }
  if (rules.length > 0 || variant === 'engine-no-rules') {
    const engine = new ChaosEngine({
      seed: 1,
      clock,
      journal,
      startMs: clock.now(),
      simulators: { kv: runtime },
    });
    for (const r of rules) engine.add(r);
  }
  const srv = await serveNodeHttp(runtime.handle);
  console.log(`ready ${srv.port}`);
}

// Exit cleanly on SIGINT so `node --cpu-prof` writes its profile.
process.on('SIGINT', () => process.exit(0));
void main();
