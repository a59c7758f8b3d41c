import { VirtualClock } from '../../simulators/core/clock.js';
import { ControlPlane } from '../../simulators/core/control-plane.js';
import { Journal } from '../../journal/journal.js';
import type { WebhookMessage } from '../../simulators/core/outbox.js';
import { createSimulatorRuntime } from '../../simulators/core/simulator-runtime.js';
import { createWorld } from '../../world/index.js';
import { kvSimulator } from '../../simulators/kv/index.js';

/** A KV simulator runtime on a virtual clock, with webhooks captured in memory. */
export function makeKvRuntime() {
  const clock = new VirtualClock({ startMs: Date.UTC(2026, 10, 27), speed: 1 });
  const journal = new Journal({ clock });
  const world = createWorld(7, { skus: 5, warehouses: 1, stores: 1, customers: 10 });
  const delivered: (WebhookMessage & { headers: Record<string, string> })[] = [];
  const controlPlane: ControlPlane = new ControlPlane({
    journal,
    health: () => ({ simulators: ['kv'] }),
    world: () => ({ seed: world.seed, size: { ...world.size }, digest: world.digest() }),
    endpoints: () => ({}),
    reset: (): void => runtime.reset(),
  });
  const runtime = createSimulatorRuntime(kvSimulator, {
    world,
    clock,
    journal,
    controlPlane,
    webhookUrl: 'http://receiver.test/hooks',
    deliver: async (url, init) => {
      delivered.push({
        id: '',
        topic: '',
        url,
        body: init.body,
        createdAt: clock.now(),
        headers: init.headers,
      });
      return { status: 200 };
    },
  });
  return { runtime, clock, journal, world, delivered };
}
