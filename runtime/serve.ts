import type { Clock } from '../simulators/core/clock.js';
import type { ControlPlane } from '../simulators/core/control-plane.js';
import type { SimulatorRuntime } from '../simulators/core/simulator-runtime.js';
import { serveNodeHttp, type NodeServerHandle } from '../simulators/transports/node-http.js';
import { respond } from '../simulators/core/types.js';

/**
 * The control port: `/_omnichaos/*`, and a redirect to the dashboard for everything else.
 *
 * @example const control = await serveControl(controlPlane, { port: 0, host: '127.0.0.1' })
 */
export function serveControl(
  controlPlane: ControlPlane,
  at: { port: number; host: string },
): Promise<NodeServerHandle> {
  return serveNodeHttp(async (req) => {
    if (req.path.startsWith('/_omnichaos/')) return respond(await controlPlane.handle(req));
    return respond({ status: 302, headers: { location: '/_omnichaos/dashboard' } });
  }, at);
}

/**
 * Each simulator on its port: control port + its manifest's `portOffset` (any free port when
 * the control port is 0). Sets each runtime's base URL and starts its lifecycle jobs.
 */
export async function serveSimulators(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous state types
  simulators: Readonly<Record<string, SimulatorRuntime<any>>>,
  at: { basePort: number; host: string; clock: Clock },
): Promise<Record<string, NodeServerHandle>> {
  const servers: Record<string, NodeServerHandle> = {};
  try {
    for (const sim of Object.values(simulators)) {
      const server = await serveNodeHttp(sim.handle, {
        port: at.basePort === 0 ? 0 : at.basePort + sim.definition.portOffset,
        host: at.host,
        delay: (ms) => at.clock.delay(ms),
      });
      servers[sim.name] = server;
      sim.baseUrl = server.url;
      sim.start();
    }
  } catch (err) {
    // A port already taken: close the ones that did open, so the caller can report and exit.
    await Promise.all(Object.values(servers).map((s) => s.close()));
    throw err;
  }
  return servers;
}
