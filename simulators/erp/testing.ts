import { VirtualClock } from '../core/clock.js';
import { Journal } from '../../journal/journal.js';
import { createSimulatorRuntime, type SimulatorRuntime } from '../core/simulator-runtime.js';
import { inProcessCaller } from '../core/in-process.js';
import type { SimResponse } from '../core/types.js';
import { createWorld, type World, type WorldSize } from '../../world/index.js';
import { erpSimulator } from './index.js';
import type { ErpState } from './state.js';

/**
 * An ERP runtime on a virtual clock, for tests (ours and integrators'): no sockets, advance the
 * clock instead of sleeping, read the journal for business events.
 *
 * @example
 * const { runtime, clock, call } = makeErpRuntime();
 * const res = await call('POST', '/services/rest/record/v1/customer', { companyName: 'Acme' });
 * await clock.advanceScenario(5_000);
 */
export interface ErpTestRuntime {
  runtime: SimulatorRuntime<ErpState>;
  clock: VirtualClock;
  journal: Journal;
  world: World;
  /** In-process call through the whole pipeline with Bearer auth; returns the response. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<SimResponse>;
}

export interface ErpTestOptions {
  seed?: number;
  size?: Partial<WorldSize>;
  config?: Record<string, unknown>;
  /** Scenario start; default Black Friday 2026 (UTC midnight). */
  startMs?: number;
  /** Start lifecycle jobs (async job runner, replenishment); default true. */
  start?: boolean;
}

export { simRequest } from '../core/in-process.js';

/**
 * An ERP runtime on a virtual clock (see ErpTestRuntime).
 *
 * @example const { call, clock } = makeErpRuntime({ config: { concurrencyLimit: 2 } })
 */
export function makeErpRuntime(options: ErpTestOptions = {}): ErpTestRuntime {
  const clock = new VirtualClock({ startMs: options.startMs ?? Date.UTC(2026, 10, 27), speed: 1 });
  const journal = new Journal({ clock });
  const world = createWorld(
    options.seed ?? 7,
    options.size ?? { skus: 20, warehouses: 1, stores: 2, customers: 10 },
  );
  const runtime = createSimulatorRuntime(erpSimulator, {
    world,
    clock,
    journal,
    config: options.config,
  });
  if (options.start ?? true) runtime.start();
  const auth = { authorization: `Bearer ${world.credentials.erp.accessToken}` };
  const call: ErpTestRuntime['call'] = inProcessCaller(runtime, () => ({
    host: 'erp.test',
    ...auth,
  }));
  return { runtime, clock, journal, world, call };
}
