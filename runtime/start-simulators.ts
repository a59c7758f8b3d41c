import { join } from 'node:path';
import { ControlPlane } from '../simulators/core/control-plane.js';
import type { Clock } from '../simulators/core/clock.js';
import type { SimulatorDefinition } from '../simulators/core/define-simulator.js';
import { Journal } from '../simulators/core/journal.js';
import type { Deliver } from '../simulators/core/outbox.js';
import {
  createSimulatorRuntime,
  type SimulatorRuntime,
} from '../simulators/core/simulator-runtime.js';
import { serveNodeHttp, type NodeServerHandle } from '../simulators/core/transports/node-http.js';
import { nodeHttpDeliver } from '../simulators/core/transports/node-http-deliver.js';
import { respond } from '../simulators/core/types.js';
import { BUILTIN_SIMULATORS } from '../simulators/index.js';
import { createWorld, type World, type WorldOptions } from '../world/index.js';
import { createRealClock } from './real-time.js';
import { ChaosEngine } from '../chaos/engine.js';
import { mountChaosControl } from '../chaos/control.js';
import { expandPreset } from '../chaos/presets.js';
import type { ScenarioFault } from '../scenarios/types.js';
import { DEFAULT_SCENARIO_START } from '../scenarios/schema.js';

export interface StartOptions {
  seed: number;
  worldSize?: WorldOptions;
  /** Which simulators; default all built-in ones. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous state types
  simulators?: SimulatorDefinition<any>[];
  /** Default: a real clock at the scenario start, speed 1. */
  clock?: Clock;
  startMs?: number;
  speed?: number;
  /** Control plane port; simulators take the ports after it. 0 = pick free ports (tests). */
  port?: number;
  host?: string;
  /** Write the journal here (`<runDir>/journal.ndjson`); omit for memory only. */
  runDir?: string;
  /** Per-system webhook receiver URLs. */
  webhooks?: Record<string, string>;
  /** Per-system settings (limits, timings). */
  config?: Record<string, Record<string, unknown>>;
  /** Required on the control plane when set (use when binding beyond loopback). */
  controlToken?: string;
  /**
   * Extra names (`name` or `name:port`) accepted in the `Host` of control requests, besides the
   * bound address, localhost and 127.0.0.1 (docs/control-plane.md).
   */
  allowHosts?: readonly string[];
  deliver?: Deliver;
  /** The fault timeline; windows count from the start of the run. */
  faults?: ScenarioFault[];
  /** Extra fields for the `run:started` journal line (the runner puts the scenario here). */
  announce?: Record<string, unknown>;
}

export interface StartedSimulators extends AsyncDisposable {
  readonly controlUrl: string;
  readonly urls: Readonly<Record<string, string>>;
  readonly world: World;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly controlPlane: ControlPlane;
  readonly chaos: ChaosEngine;
  /** Scenario time the run started (fault windows count from here). */
  readonly startMs: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous state types
  readonly simulators: Readonly<Record<string, SimulatorRuntime<any>>>;
  readonly servers: Readonly<Record<string, NodeServerHandle>>;
  /** Base URLs, credentials and the env vars a target gets (also at `/_omnichaos/endpoints`). */
  endpoints(): Endpoints;
  /**
   * Stop everything. `keepControl` leaves the control port (dashboard, journal queries) open
   * for a run that lingers on its final verdict; a later `close()` closes it too.
   */
  close(options?: { keepControl?: boolean }): Promise<void>;
}

export interface Endpoints {
  control: string;
  simulators: Record<string, { url: string; dialect: string; credentials: Record<string, string> }>;
  env: Record<string, string>;
}

/** Black Friday 2026, midnight US Eastern: the scenario format's default start. */
export const DEFAULT_START_MS = Date.parse(DEFAULT_SCENARIO_START);

/**
 * Start the simulators on node:http with a control plane.
 *
 * @example
 * await using sims = await startSimulators({ seed: 42, port: 0 });
 * await fetch(sims.urls.erp + '/services/rest/record/v1/customer/1', …);
 */
export async function startSimulators(options: StartOptions): Promise<StartedSimulators> {
  const world = createWorld(options.seed, options.worldSize);
  const clock =
    options.clock ??
    createRealClock({ startMs: options.startMs ?? DEFAULT_START_MS, speed: options.speed ?? 1 });
  const journal = new Journal({
    clock,
    file: options.runDir ? join(options.runDir, 'journal.ndjson') : undefined,
  });
  const host = options.host ?? '127.0.0.1';
  const defs = options.simulators ?? BUILTIN_SIMULATORS;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous state types
  const simulators: Record<string, SimulatorRuntime<any>> = {};
  const servers: Record<string, NodeServerHandle> = {};
  const urls: Record<string, string> = {};
  let controlUrl = '';

  const endpoints = (): Endpoints => {
    const env: Record<string, string> = {
      OMNICHAOS_CONTROL_URL: controlUrl,
      OMNICHAOS_SEED: String(world.seed),
    };
    const sims: Endpoints['simulators'] = {};
    for (const def of defs) {
      const url = urls[def.name] ?? '';
      sims[def.name] = { url, dialect: def.dialect, credentials: def.credentials(world) };
      Object.assign(env, { [`OMNICHAOS_${def.name.toUpperCase()}_URL`]: url }, def.env(url, world));
    }
    return { control: controlUrl, simulators: sims, env };
  };

  const controlPlane = new ControlPlane(
    {
      journal,
      health: () => ({
        seed: world.seed,
        clock: {
          kind: clock.kind,
          now: new Date(clock.now()).toISOString(),
          speed: clock.speed,
          paused: clock.paused,
        },
        journal: { events: journal.count, file: journal.file },
        simulators: Object.values(simulators).map((s) => ({
          name: s.name,
          dialect: s.dialect,
          url: s.baseUrl,
          refusing: servers[s.name]?.refusing ?? false,
        })),
      }),
      world: () => ({ seed: world.seed, size: { ...world.size }, digest: world.digest() }),
      endpoints,
      reset: () => {
        for (const s of Object.values(simulators)) s.reset();
        journal.append('run:reset', { sys: 'runner' });
      },
    },
    { token: options.controlToken, allowHosts: options.allowHosts },
  );

  controlPlane.add('POST', '/demand/:channel/:index', (_req, params) => {
    const index = Number(params.index);
    if (!Number.isSafeInteger(index) || index < 0)
      return {
        status: 400,
        body: { error: `index must be a non-negative integer, got "${params.index}"` },
      };
    for (const sim of Object.values(simulators)) {
      const admit = sim.definition.demand?.[params.channel!];
      if (admit)
        return {
          status: 200,
          body: { channel: params.channel, index, result: admit(sim.context, index) ?? null },
        };
    }
    const channels = Object.values(simulators).flatMap((s) =>
      Object.keys(s.definition.demand ?? {}),
    );
    return {
      status: 404,
      body: { error: `no simulator takes demand channel "${params.channel}"`, channels },
    };
  });

  for (const def of defs) {
    simulators[def.name] = createSimulatorRuntime(def, {
      world,
      clock,
      journal,
      config: options.config?.[def.name],
      webhookUrl: options.webhooks?.[def.name],
      deliver: options.deliver ?? nodeHttpDeliver,
      controlPlane,
    });
  }

  const basePort = options.port ?? 4000;
  const control = await serveNodeHttp(
    async (req) => {
      if (req.path.startsWith('/_omnichaos/')) return respond(await controlPlane.handle(req));
      return respond({ status: 302, headers: { location: '/_omnichaos/dashboard' } });
    },
    { port: basePort, host },
  );
  controlUrl = control.url;
  servers.control = control;
  controlPlane.listeningOn(host, control.port);

  let i = 0;
  for (const sim of Object.values(simulators)) {
    i++;
    const server = await serveNodeHttp(sim.handle, {
      port: basePort === 0 ? 0 : basePort + i,
      host,
      delay: (ms) => clock.delay(ms),
    });
    servers[sim.name] = server;
    // Simulator ports answer /_omnichaos/* too, under the same rules.
    controlPlane.listeningOn(host, server.port);
    urls[sim.name] = server.url;
    sim.baseUrl = server.url;
    sim.start();
  }
  const startMs = clock.now();
  const refusers: Record<string, (on: boolean) => Promise<void>> = {};
  for (const name of Object.keys(simulators))
    refusers[name] = (on) => servers[name]!.setRefusing(on);
  const chaos = new ChaosEngine({
    seed: world.seed,
    clock,
    journal,
    startMs,
    simulators,
    refusers,
  });
  mountChaosControl(controlPlane, chaos, clock, startMs);
  journal.append('run:started', {
    ...options.announce,
    sys: 'runner',
    seed: world.seed,
    simulators: Object.keys(simulators),
  });
  for (const fault of options.faults ?? []) {
    for (const rule of fault.kind === 'preset' ? expandPreset(fault) : [fault]) chaos.add(rule);
  }

  const close = async (how: { keepControl?: boolean } = {}): Promise<void> => {
    chaos.clear();
    for (const sim of Object.values(simulators)) sim.stop();
    const closing = Object.entries(servers).filter(([n]) => !(how.keepControl && n === 'control'));
    await Promise.all(closing.map(([, s]) => s.close()));
    clock.cancelAll();
    journal.close();
  };
  return {
    controlUrl,
    urls,
    world,
    clock,
    journal,
    controlPlane,
    chaos,
    startMs,
    simulators,
    servers,
    endpoints,
    close,
    [Symbol.asyncDispose]: () => close(),
  };
}
