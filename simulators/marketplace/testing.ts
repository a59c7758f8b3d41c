import { VirtualClock } from '../core/clock.js';
import { Journal } from '../../journal/journal.js';
import type { Deliver } from '../core/outbox.js';
import { createSimulatorRuntime } from '../core/simulator-runtime.js';
import { inProcessCaller } from '../core/in-process.js';
import { createWorld, type WorldSize } from '../../world/index.js';
import { marketplaceSimulator } from './index.js';

/**
 * A marketplace runtime on a virtual clock — for tests (unit, contract, fuzz) and for anyone
 * embedding the simulator. Mirrors test/support/kv-runtime.ts.
 *
 * @example
 * const mkt = makeMarketplaceRuntime();
 * const token = await mkt.login();
 * const res = await mkt.call('GET', '/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2020-01-01');
 * await mkt.clock.advanceScenario(60_000); // feeds finish, Pending orders clear
 * mkt.notifications('ORDER_CHANGE'); // what the receiver got
 */

/** One notification POST the outbox made (SQS stand-in), as the receiver saw it. */
export interface CapturedNotification {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** Where test runtimes send notifications unless told otherwise. */
export const MKT_TEST_HOOK_URL = 'https://receiver.test/amazon/notifications';

/** Black Friday 2026, 05:00 UTC (midnight US Eastern). */
export const MKT_TEST_START = Date.UTC(2026, 10, 27, 5);

export function makeMarketplaceRuntime(
  options: {
    seed?: number;
    size?: Partial<WorldSize>;
    config?: Record<string, unknown>;
    /** Notification receiver; default MKT_TEST_HOOK_URL (captured in `delivered`). */
    webhookUrl?: string;
    /** How deliveries leave; default: captured in memory and answered 200. */
    deliver?: Deliver;
  } = {},
) {
  const clock = new VirtualClock({ startMs: MKT_TEST_START, speed: 1 });
  const journal = new Journal({ clock });
  const world = createWorld(options.seed ?? 7, {
    skus: 30,
    warehouses: 2,
    stores: 0,
    customers: 10,
    ...options.size,
  });
  const delivered: CapturedNotification[] = [];
  const runtime = createSimulatorRuntime(marketplaceSimulator, {
    world,
    clock,
    journal,
    config: options.config,
    webhookUrl: options.webhookUrl ?? MKT_TEST_HOOK_URL,
    deliver:
      options.deliver ??
      (async (url, init) => {
        delivered.push({ url, body: init.body, headers: init.headers });
        return { status: 200 };
      }),
  });
  runtime.start();
  /** Parsed bodies of the notifications delivered so far, optionally of one type. */
  const notifications = (type?: string) =>
    delivered
      .map((d) => JSON.parse(d.body) as Record<string, unknown>)
      .filter((n) => !type || (n.NotificationType ?? n.notificationType) === type);
  const creds = world.credentials.marketplace;
  let token = '';
  /** One request through the whole pipeline, in process, with the current token. */
  const call = inProcessCaller(runtime, () => ({
    'x-amz-access-token': token,
    'content-type': 'application/json',
  }));
  /** Exchange the world's refresh token for an access token; later calls carry it. */
  const login = async (): Promise<string> => {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: creds.refreshToken,
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
    });
    const res = await call('POST', '/auth/o2/token', form.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    token = (res.body as { access_token: string }).access_token;
    return token;
  };
  /** Place world marketplace order `index` now (the demand channel). */
  const order = (index: number) =>
    marketplaceSimulator.demand!['marketplace-order']!(runtime.context, index) as {
      orderId: string;
      totalCents: number;
    };
  return { runtime, clock, journal, world, creds, call, login, order, delivered, notifications };
}
