import type { Clock } from '../simulators/core/clock.js';
import { ControlPlane } from '../simulators/core/control-plane.js';
import type { Journal } from '../journal/journal.js';
import { ev } from '../journal/events.js';
import type { SimulatorRuntime } from '../simulators/core/simulator-runtime.js';
import type { NodeServerHandle } from '../simulators/transports/node-http.js';
import type { World } from '../world/index.js';
import type { Endpoints } from './endpoints.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous state types
type Runtimes = Readonly<Record<string, SimulatorRuntime<any>>>;

/**
 * The control plane of a started set of simulators: health, world, endpoints, reset, and the
 * demand route (`POST /_omnichaos/demand/<channel>/<index>`). `simulators` and `servers` are
 * read at request time, so they may fill in after this is built.
 */
export function createControlPlane(parts: {
  world: World;
  clock: Clock;
  journal: Journal;
  simulators: Runtimes;
  servers: Readonly<Record<string, NodeServerHandle>>;
  endpoints: () => Endpoints;
  token?: string;
  allowHosts?: readonly string[];
}): ControlPlane {
  const { world, clock, journal, simulators, servers } = parts;
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
      endpoints: parts.endpoints,
      reset: () => {
        for (const s of Object.values(simulators)) s.reset();
        journal.append(ev.runReset({}));
      },
    },
    { token: parts.token, allowHosts: parts.allowHosts },
  );
  mountDemandRoute(controlPlane, simulators);
  return controlPlane;
}

/** `POST /_omnichaos/demand/<channel>/<index>`: one arrival, to whichever simulator takes it. */
function mountDemandRoute(controlPlane: ControlPlane, simulators: Runtimes): void {
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
}
