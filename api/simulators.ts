import { startDemand, type DemandDriver } from '../runner/driver.js';
import { quotaConfig } from '../runner/quotas.js';
import {
  startSimulators,
  type Endpoints,
  type StartedSimulators,
  type StartOptions,
} from '../runtime/start-simulators.js';
import { simRequest } from '../simulators/core/in-process.js';
import type { JournalEvent, JournalQuery } from '../journal/journal.js';
import { loadScenarioFile } from '../scenarios/load.js';
import type { FaultRule, Scenario } from '../scenarios/types.js';
import { worldOptionsOf, type WorldSize } from '../world/index.js';

/**
 * The simulators in your own process, in the style of testcontainers-node: a builder, then a
 * started handle with endpoints, env vars, fault control and `stop()`. It runs the same code as
 * `omnichaos up` (runtime/start-simulators.ts), on free ports on 127.0.0.1.
 */

/** The built-in systems. */
export type SystemName = 'erp' | 'pos' | 'wms' | 'marketplace';

/**
 * A fault as a scenario spells it (durations as text), a rule or a preset. Windows count from
 * the moment it is added.
 *
 * @example { type: 'error', match: { system: 'pos' }, params: { status: 503 } }
 * @example { preset: 'erp-maintenance', window: { for: '60s' } }
 */
export type FaultEntry = Record<string, unknown>;

/** Fault control on running simulators (the same API as `/_omnichaos/faults`). */
export interface FaultControl {
  /**
   * Add one entry or several; answers the rules added (a preset expands to several). A bad
   * entry throws with the scenario checker's message.
   *
   * @example await sims.faults.add({ type: 'outage', match: { system: 'erp' }, window: { for: '30s' } })
   */
  add(entry: FaultEntry | FaultEntry[]): Promise<FaultRule[]>;
  /** The active rules in pipeline order. @example (await sims.faults.list()).length */
  list(): Promise<FaultRule[]>;
  /** Remove one rule by id. @example await sims.faults.remove('runtime-1') */
  remove(id: string): Promise<void>;
  /** Remove every rule; answers how many there were. @example await sims.faults.clear() */
  clear(): Promise<number>;
}

/**
 * Builds and starts the four simulators (NetSuite-shaped ERP, Square POS, ShipBob WMS, Amazon
 * SP-API marketplace) in this process.
 *
 * @example
 * import { Simulators } from 'omnichaos';
 * await using sims = await new Simulators().withSeed(7).start();
 * const res = await fetch(`${sims.urls.pos}/v2/locations`, {
 *   headers: { authorization: `Bearer ${sims.credentials.pos.accessToken}` },
 * });
 */
export class Simulators {
  private seed: number | undefined;
  private scenarioFile: string | undefined;
  private scenario: Scenario | undefined;
  private options: Partial<StartOptions> = {};
  private demand = false;
  private faults: FaultEntry[] = [];

  /**
   * The world seed (default: the scenario's seed, else 42). Same seed, same world.
   *
   * @example new Simulators().withSeed(7)
   */
  withSeed(seed: number): this {
    if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw new RangeError(`seed must be an integer 0..4294967295, got ${seed}`);
    this.seed = seed;
    return this;
  }

  /**
   * Take the seed, world size, clock start and speed, simulator settings, webhook URLs and fault
   * timeline from a scenario (a file path or a parsed `Scenario`). Demand runs only with
   * `withDemand()`.
   *
   * @example new Simulators().withScenario('scenarios/store-outage.yaml')
   */
  withScenario(scenario: string | Scenario): this {
    if (typeof scenario === 'string') this.scenarioFile = scenario;
    else this.scenario = scenario;
    return this;
  }

  /**
   * Place the scenario's demand (marketplace orders, store sales, warehouse adjustments) on its
   * schedule, as `omnichaos up --demand` does.
   *
   * @example new Simulators().withScenario('scenarios/smoke.yaml').withDemand()
   */
  withDemand(on = true): this {
    this.demand = on;
    return this;
  }

  /**
   * World size overrides (SKUs, warehouses, stores, customers).
   *
   * @example new Simulators().withWorldSize({ skus: 20, stores: 1 })
   */
  withWorldSize(size: Partial<WorldSize>): this {
    this.options.worldSize = { ...this.options.worldSize, ...size };
    return this;
  }

  /**
   * Scenario seconds per wall second (default the scenario's, else 1).
   *
   * @example new Simulators().withSpeed(60)
   */
  withSpeed(speed: number): this {
    if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
    this.options.speed = speed;
    return this;
  }

  /**
   * Where each system delivers its webhooks (Square, ShipBob and SP-API notifications).
   *
   * @example new Simulators().withWebhooks({ pos: 'http://127.0.0.1:8080/webhooks/square' })
   */
  withWebhooks(webhooks: Partial<Record<SystemName, string>>): this {
    this.options.webhooks = { ...this.options.webhooks, ...webhooks } as Record<string, string>;
    return this;
  }

  /**
   * Faults in force from the start (after the scenario's own), spelled as in a scenario.
   *
   * @example new Simulators().withFaults([{ type: 'throttle', match: { system: 'marketplace' } }])
   */
  withFaults(faults: FaultEntry[]): this {
    this.faults.push(...faults);
    return this;
  }

  /**
   * The control port (the simulators take the next ports). Default 0: free ports.
   *
   * @example new Simulators().withPort(4000)
   */
  withPort(port: number): this {
    this.options.port = port;
    return this;
  }

  /**
   * Write the journal to `<dir>/journal.ndjson` (default: memory only), for `judgeJournal` or
   * `omnichaos report`.
   *
   * @example new Simulators().withRunDir('runs/my-test')
   */
  withRunDir(dir: string): this {
    this.options.runDir = dir;
    return this;
  }

  /**
   * Start everything; resolves when every simulator listens.
   *
   * @example const sims = await new Simulators().start(); await sims.stop();
   */
  async start(): Promise<RunningSimulators> {
    const scenario =
      this.scenario ?? (this.scenarioFile ? await loadScenarioFile(this.scenarioFile) : undefined);
    const seed = this.seed ?? scenario?.seed ?? 42;
    const speed = this.options.speed ?? scenario?.clock.speed ?? 1;
    const sims = await startSimulators({
      port: 0,
      seed,
      speed,
      startMs: scenario?.clock.startMs,
      worldSize: { ...(scenario && worldOptionsOf(scenario)), ...this.options.worldSize },
      webhooks: { ...scenario?.target.webhooks, ...this.options.webhooks },
      faults: scenario?.faults,
      config: scenario ? quotaConfig({ ...scenario, clock: { ...scenario.clock, speed } }) : {},
      announce: scenario ? { scenario: { ...scenario, seed } } : undefined,
      ...this.options,
    });
    const running = new RunningSimulators(sims);
    try {
      if (this.faults.length > 0) await running.faults.add(this.faults);
    } catch (err) {
      await sims.close();
      throw err;
    }
    if (scenario && this.demand)
      running.driver = startDemand({
        scenario: { ...scenario, seed },
        clock: sims.clock,
        journal: sims.journal,
        simulators: sims.simulators,
        startMs: sims.startMs,
      });
    return running;
  }
}

/**
 * Started simulators. `await using` stops them at the end of the block; otherwise call `stop()`.
 *
 * @example
 * const sims = await new Simulators().withSeed(1).start();
 * process.env = { ...process.env, ...sims.env }; // OMNICHAOS_ERP_URL, OMNICHAOS_POS_ACCESS_TOKEN, …
 * await sims.faults.add({ preset: 'erp-maintenance', window: { for: '60s' } });
 * await sims.stop();
 */
export class RunningSimulators implements AsyncDisposable {
  /** `http://127.0.0.1:<port>`; the control API and dashboard live under `/_omnichaos/`. */
  readonly controlUrl: string;
  /** Each simulator's base URL. */
  readonly urls: Readonly<Record<SystemName, string>>;
  /** Each simulator's credentials (NetSuite TBA keys, Square token, LWA client, ShipBob token). */
  readonly credentials: Readonly<Record<SystemName, Readonly<Record<string, string>>>>;
  /** `OMNICHAOS_ERP_URL`, `OMNICHAOS_POS_ACCESS_TOKEN`, …: the integration's environment. */
  readonly env: Readonly<Record<string, string>>;
  /** The world seed. */
  readonly seed: number;
  /** Add, list, remove and clear faults while traffic flows. */
  readonly faults: FaultControl;
  /** @internal the demand driver, when `withDemand()` asked for one. */
  driver: DemandDriver | undefined;
  private stopped: Promise<void> | undefined;

  /** @internal use `new Simulators().start()`. */
  constructor(
    /** The runtime underneath (clock, journal, chaos engine, simulator runtimes). */
    readonly runtime: StartedSimulators,
  ) {
    const endpoints = runtime.endpoints();
    const pick = <T>(f: (s: Endpoints['simulators'][string]) => T) =>
      Object.fromEntries(
        Object.entries(endpoints.simulators).map(([name, s]) => [name, f(s)]),
      ) as Record<SystemName, T>;
    this.controlUrl = endpoints.control;
    this.urls = pick((s) => s.url);
    this.credentials = pick((s) => s.credentials);
    this.env = endpoints.env;
    this.seed = runtime.world.seed;
    const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await runtime.controlPlane.handle(
        simRequest(method, `/_omnichaos${path}`, body, { 'content-type': 'application/json' }),
      );
      if (res.status >= 300) {
        const b = res.body as { error?: string } | undefined;
        throw new Error(`[omnichaos] ${method} ${path}: ${b?.error ?? `HTTP ${res.status}`}`);
      }
      return res.body as T;
    };
    this.faults = {
      add: async (entry) => (await control<{ added: FaultRule[] }>('POST', '/faults', entry)).added,
      list: async () => (await control<{ faults: FaultRule[] }>('GET', '/faults')).faults,
      remove: async (id) => {
        await control('DELETE', `/faults/${encodeURIComponent(id)}`);
      },
      clear: async () => (await control<{ removed: number }>('DELETE', '/faults')).removed,
    };
  }

  /**
   * Base URLs, credentials and env vars in one object (what `GET /_omnichaos/endpoints` answers).
   *
   * @example sims.endpoints().simulators.erp.dialect // 'netsuite-rest'
   */
  endpoints(): Endpoints {
    return this.runtime.endpoints();
  }

  /**
   * Recent journal events, newest last (filter by `type`, `sys`, `afterSeq`, `limit`).
   *
   * @example sims.journal({ sys: 'pos' }).map((e) => e.type)
   */
  journal(query: JournalQuery = {}): JournalEvent[] {
    return this.runtime.journal.query(query);
  }

  /**
   * Stop demand, faults, simulators and servers; close the journal. Safe to call twice.
   *
   * @example await sims.stop()
   */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.driver?.stop();
      await this.runtime.close();
    })();
    return this.stopped;
  }

  /** `await using sims = …` stops them at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}
