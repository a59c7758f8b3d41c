import { join } from 'node:path';
import type { ControlPlane } from '../simulators/core/control-plane.js';
import type { Clock } from '../simulators/core/clock.js';
import type { SimulatorDefinition } from '../simulators/core/define-simulator.js';
import { ev, JOURNAL_SCHEMA_VERSION } from '../journal/events.js';
import { Journal } from '../journal/journal.js';
import { omnichaosVersion } from '../journal/version.js';
import type { Deliver } from '../simulators/core/outbox.js';
import {
  createSimulatorRuntime,
  type SimulatorRuntime,
} from '../simulators/core/simulator-runtime.js';
import type { NodeServerHandle } from '../simulators/transports/node-http.js';
import { nodeHttpDeliver } from '../simulators/transports/node-http-deliver.js';
import { registeredSimulators } from '../simulators/index.js';
import { createWorld, type World, type WorldOptions } from '../world/index.js';
import { createRealClock } from './real-time.js';
import { ChaosEngine } from '../chaos/engine.js';
import { mountChaosControl } from '../chaos/control.js';
import { expandPreset } from '../chaos/presets.js';
import type { Scenario, ScenarioFault } from '../scenarios/types.js';
import { DEFAULT_SCENARIO_START } from '../scenarios/schema.js';
import { createControlPlane } from './control-routes.js';
import { describeEndpoints, type Endpoints } from './endpoints.js';
import { serveControl, serveSimulators } from './serve.js';

export interface StartOptions {
  seed: number;
  worldSize?: WorldOptions;
  /** Which simulators; default every registered one (simulators/index.ts). */
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
  announce?: { scenario?: Scenario };
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

export type { Endpoints } from './endpoints.js';

/** Black Friday 2026, midnight US Eastern: the scenario format's default start. */
export const DEFAULT_START_MS = Date.parse(DEFAULT_SCENARIO_START);

/** A port omnichaos needs is taken: an exit-2 error, not a stack trace. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is in use (another omnichaos up?)`);
  }
}

/**
 * Start the simulators on node:http with a control plane: world and clock, journal, control
 * plane, one runtime per simulator, the servers, then the chaos engine and the fault timeline.
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
  const defs = options.simulators ?? registeredSimulators();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous state types
  const simulators: Record<string, SimulatorRuntime<any>> = {};
  const servers: Record<string, NodeServerHandle> = {};
  const urls: Record<string, string> = {};
  let controlUrl = '';
  const endpoints = () => describeEndpoints(defs, world, controlUrl, urls);

  const controlPlane = createControlPlane({
    world,
    clock,
    journal,
    simulators,
    servers,
    endpoints,
    token: options.controlToken,
    allowHosts: options.allowHosts,
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
  try {
    servers.control = await serveControl(controlPlane, { port: basePort, host });
    controlUrl = servers.control.url;
    controlPlane.listeningOn(host, servers.control.port);
    Object.assign(servers, await serveSimulators(simulators, { basePort, host, clock }));
    // Simulator ports answer /_omnichaos/* too, under the same rules.
    for (const name of Object.keys(simulators)) controlPlane.listeningOn(host, servers[name]!.port);
    for (const name of Object.keys(simulators)) urls[name] = servers[name]!.url;
  } catch (err) {
    // A port already taken (another `omnichaos up`?): release what did open, then say which.
    await Promise.all(Object.values(servers).map((s) => s.close()));
    for (const sim of Object.values(simulators)) sim.stop();
    clock.cancelAll();
    journal.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new PortInUseError((err as { port?: number }).port ?? basePort);
    throw err;
  }

  const startMs = clock.now();
  const chaos = startChaos({ world, clock, journal, startMs, simulators, servers, controlPlane });
  journal.append(
    ev.runStarted({
      ...options.announce,
      schema: JOURNAL_SCHEMA_VERSION,
      omnichaosVersion: omnichaosVersion(),
      worldDigest: world.digest(),
      seed: world.seed,
      simulators: Object.keys(simulators),
    }),
  );
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

/** The chaos engine over the started simulators, with port control for `refuse` outages. */
function startChaos(parts: {
  world: World;
  clock: Clock;
  journal: Journal;
  startMs: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous state types
  simulators: Record<string, SimulatorRuntime<any>>;
  servers: Readonly<Record<string, NodeServerHandle>>;
  controlPlane: ControlPlane;
}): ChaosEngine {
  const { clock, startMs, simulators, servers } = parts;
  const refusers: Record<string, (on: boolean) => Promise<void>> = {};
  for (const name of Object.keys(simulators))
    refusers[name] = (on) => servers[name]!.setRefusing(on);
  const chaos = new ChaosEngine({
    seed: parts.world.seed,
    clock,
    journal: parts.journal,
    startMs,
    simulators,
    refusers,
  });
  mountChaosControl(parts.controlPlane, chaos, clock, startMs);
  return chaos;
}
