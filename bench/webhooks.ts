/**
 * Webhook delivery rate: one simulator's outbox (Square: signed with its HMAC, journaled, sent
 * with the runtime's real `fetch` deliverer) pushing `count` events at a receiver, in waves of
 * `wave` concurrent deliveries. Run as a child on its own core:
 *   node dist/bench/webhooks.js <receiverUrl> <count> [wave]   → prints one JSON line
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Journal } from '../journal/journal.js';
import { createSimulatorRuntime, fetchDeliver } from '../simulators/core/simulator-runtime.js';
import { nodeHttpDeliver } from '../simulators/transports/node-http-deliver.js';
import { posSimulator } from '../simulators/pos/index.js';
import { createRealClock } from '../runtime/real-time.js';
import { createWorld } from '../world/index.js';

export interface WebhookRate {
  deliverer: string;
  deliveries: number;
  wave: number;
  seconds: number;
  perSecond: number;
  failed: number;
}

async function main(): Promise<void> {
  const [url, countText = '20000', waveText = '64'] = process.argv.slice(2);
  if (!url) throw new Error('usage: webhooks.js <receiverUrl> <count> [wave]');
  const count = Number(countText);
  const wave = Number(waveText);
  const dir = mkdtempSync(join(tmpdir(), 'omnichaos-bench-webhooks-'));
  const clock = createRealClock({ startMs: Date.UTC(2026, 10, 27, 10), speed: 1 });
  const journal = new Journal({ clock, file: join(dir, 'journal.ndjson'), keepInMemory: 1_000 });
  const runtime = createSimulatorRuntime(posSimulator, {
    world: createWorld(1, { skus: 5, stores: 1, customers: 10 }),
    clock,
    journal,
    webhookUrl: url,
    // What startSimulators uses; BENCH_DELIVER=fetch measures the global-fetch deliverer instead.
    deliver: process.env.BENCH_DELIVER === 'fetch' ? fetchDeliver : nodeHttpDeliver,
  });
  let failed = 0;
  journal.subscribe((e) => {
    if (e.type === 'webhook:attempt' && e.ok !== true) failed++;
  });
  const payload = (i: number) => ({
    merchant_id: 'BENCH',
    type: 'order.created',
    event_id: `bench-${i}`,
    data: {
      type: 'order_created',
      id: `order-${i}`,
      object: { order_created: { order_id: `order-${i}`, version: 1, state: 'OPEN' } },
    },
  });
  for (let i = 0; i < Math.min(wave, 200); i++)
    runtime.outbox.enqueue('order.created', payload(-i - 1));
  await runtime.outbox.settled(); // warm-up: connections open, JIT
  const t0 = performance.now();
  for (let sent = 0; sent < count;) {
    const n = Math.min(wave, count - sent);
    for (let k = 0; k < n; k++) runtime.outbox.enqueue('order.created', payload(sent + k));
    sent += n;
    await runtime.outbox.settled();
  }
  const seconds = (performance.now() - t0) / 1000;
  const result: WebhookRate = {
    deliverer: process.env.BENCH_DELIVER === 'fetch' ? 'fetch' : 'node:http',
    deliveries: count,
    wave,
    seconds: Math.round(seconds * 1000) / 1000,
    perSecond: Math.round(count / seconds),
    failed,
  };
  console.log(JSON.stringify(result));
  clock.cancelAll();
  journal.close();
  rmSync(dir, { recursive: true, force: true });
}

void main().then(() => process.exit(0));
