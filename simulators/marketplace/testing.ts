import { VirtualClock } from '../core/clock.js';
import { Journal } from '../core/journal.js';
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
 */

/** Black Friday 2026, 05:00 UTC (midnight US Eastern). */
export const MKT_TEST_START = Date.UTC(2026, 10, 27, 5);

export function makeMarketplaceRuntime(
  options: { seed?: number; size?: Partial<WorldSize>; config?: Record<string, unknown> } = {},
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
  const runtime = createSimulatorRuntime(marketplaceSimulator, {
    world,
    clock,
    journal,
    config: options.config,
  });
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
  return { runtime, clock, journal, world, creds, call, login, order };
}
