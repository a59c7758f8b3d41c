import { VirtualClock } from '../core/clock.js';
import { Journal } from '../../journal/journal.js';
import { createSimulatorRuntime } from '../core/simulator-runtime.js';
import { inProcessCaller } from '../core/in-process.js';
import { createWorld, type WorldSize } from '../../world/index.js';
import { posSimulator } from './index.js';

/**
 * A POS runtime on a virtual clock with webhooks captured in memory — for tests (unit, contract,
 * fuzz) and for anyone embedding the simulator. Mirrors test/support/kv-runtime.ts.
 *
 * @example
 * const pos = makePosRuntime();
 * const res = await pos.call('GET', '/v2/locations');
 */
export interface CapturedWebhook {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export const POS_TEST_HOOK_URL = 'https://receiver.test/square/hooks';

/** Black Friday 2026, 05:00 UTC (midnight US Eastern). */
export const POS_TEST_START = Date.UTC(2026, 10, 27, 5);

export function makePosRuntime(
  options: { seed?: number; size?: Partial<WorldSize>; config?: Record<string, unknown> } = {},
) {
  const clock = new VirtualClock({ startMs: POS_TEST_START, speed: 1 });
  const journal = new Journal({ clock });
  const world = createWorld(options.seed ?? 7, {
    skus: 30,
    warehouses: 1,
    stores: 3,
    customers: 10,
    ...options.size,
  });
  const delivered: CapturedWebhook[] = [];
  const runtime = createSimulatorRuntime(posSimulator, {
    world,
    clock,
    journal,
    config: options.config,
    webhookUrl: POS_TEST_HOOK_URL,
    deliver: async (url, init) => {
      delivered.push({ url, body: init.body, headers: init.headers });
      return { status: 200 };
    },
  });
  const token = world.credentials.pos.accessToken;
  /** One request through the whole pipeline, in process. */
  const call = inProcessCaller(runtime, () => ({ authorization: `Bearer ${token}` }));
  /** The parsed bodies of captured webhooks, by event type. */
  const events = (type?: string) =>
    delivered
      .map(
        (d) =>
          JSON.parse(d.body) as {
            type: string;
            data: { id: string; object: Record<string, unknown> };
          },
      )
      .filter((e) => type === undefined || e.type === type);
  return { runtime, clock, journal, world, delivered, token, call, events };
}
