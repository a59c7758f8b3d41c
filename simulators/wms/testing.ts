import { VirtualClock } from '../core/clock.js';
import { Journal } from '../../journal/journal.js';
import { createSimulatorRuntime } from '../core/simulator-runtime.js';
import { inProcessCaller } from '../core/in-process.js';
import { createWorld, type WorldSize } from '../../world/index.js';
import { wmsSimulator } from './index.js';

/**
 * A WMS runtime on a virtual clock (lifecycle started) with webhooks captured in memory — for
 * tests and for anyone embedding the simulator. Mirrors simulators/pos/testing.ts.
 *
 * @example
 * const wms = makeWmsRuntime();
 * const res = await wms.call('POST', '/2026-01/order', body);
 * await wms.clock.advanceScenario(31 * 60_000); // shipped
 */
export interface CapturedWebhook {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export const WMS_TEST_HOOK_URL = 'https://receiver.test/shipbob/hooks';

/** Black Friday 2026, 05:00 UTC. */
export const WMS_TEST_START = Date.UTC(2026, 10, 27, 5);

export function makeWmsRuntime(
  options: { seed?: number; size?: Partial<WorldSize>; config?: Record<string, unknown> } = {},
) {
  const clock = new VirtualClock({ startMs: WMS_TEST_START, speed: 1 });
  const journal = new Journal({ clock, keepInMemory: 100_000 });
  const world = createWorld(options.seed ?? 7, {
    skus: 30,
    warehouses: 1,
    stores: 1,
    customers: 10,
    ...options.size,
  });
  const delivered: CapturedWebhook[] = [];
  const runtime = createSimulatorRuntime(wmsSimulator, {
    world,
    clock,
    journal,
    config: options.config,
    webhookUrl: WMS_TEST_HOOK_URL,
    deliver: async (url, init) => {
      delivered.push({ url, body: init.body, headers: init.headers });
      return { status: 200 };
    },
  });
  runtime.start();
  const token = world.credentials.wms.token;
  /** One request through the whole pipeline, in process, as a client set up with its channel. */
  const call = inProcessCaller(runtime, () => ({
    authorization: `Bearer ${token}`,
    shipbob_channel_id: String(runtime.state.channel.id),
  }));
  /** Journal events of one type (`warehouse:order-shipped`, …). */
  const events = (type: string) => journal.query({ type, limit: 1_000_000 });
  return { runtime, clock, journal, world, delivered, token, call, events };
}

/**
 * A valid CreateOrder body for SKU lines.
 *
 * @example orderBody('A-1', [['SKU-00001', 2]])
 */
export function orderBody(referenceId: string, lines: [string, number][]) {
  return {
    reference_id: referenceId,
    shipping_method: 'Standard',
    recipient: {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      address: {
        address1: '1 Main St',
        city: 'Springfield',
        state: 'IL',
        zip_code: '62701',
        country: 'US',
      },
    },
    products: lines.map(([sku, quantity]) => ({ reference_id: sku, quantity })),
  };
}
