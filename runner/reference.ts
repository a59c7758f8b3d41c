import { registeredSimulators } from '../simulators/index.js';
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioTarget } from '../scenarios/types.js';

/**
 * The bundled reference integration (examples/reference-integration) as a scenario target: the
 * demo and the detection matrix run it from the build output, on a free port, with its durable
 * state inside the run directory and every simulator's webhooks pointed at it.
 */

/**
 * A free TCP port on 127.0.0.1 for a target to listen on, taken from below the kernel's ephemeral
 * range: the simulators and every client socket bind port 0 and get ephemeral ports, so a port
 * handed out from that range could be taken by one of them before the target binds it (seen in
 * the detection matrix: "port … is in use by" the runner itself). Falls back to an ephemeral port
 * when no low port is free after a bounded number of tries.
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralRange();
  // Above 10080, the highest port the Fetch standard blocks ("bad ports": fetch() refuses them,
  // https://fetch.spec.whatwg.org/#port-blocking) — a target there could not even be health-checked.
  const from = 10_081;
  for (let i = 0; i < 50 && low > from + 1; i++) {
    const candidate = from + randomInt(low - from);
    if (await canListen(candidate)) return candidate;
  }
  return listenOnce(0);
}

/** The kernel's ephemeral port range (Linux: /proc/sys/net/ipv4/ip_local_port_range). */
function ephemeralRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (lo && hi && lo < hi) return [lo, hi];
  } catch {
    // not Linux: IANA's dynamic range, which macOS and Windows use
  }
  return [49_152, 65_535];
}

function canListen(port: number): Promise<boolean> {
  return listenOnce(port).then(
    () => true,
    () => false,
  );
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => {
      const bound = (srv.address() as { port: number }).port;
      srv.close(() => resolve(bound));
    });
  });
}

/** The package root: the nearest folder above this module with a package.json. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * @example const target = referenceTarget({ port: await freePort(), stateDir: 'runs/x/state', defects: ['retry-storm'] })
 */
export function referenceTarget(options: {
  port: number;
  stateDir: string;
  defects?: readonly string[];
  pollMs?: number;
}): ScenarioTarget {
  const main = join(packageRoot(), 'dist', 'examples', 'reference-integration', 'main.js');
  if (!existsSync(main))
    throw new Error(`the reference integration is not built (${main}); run "npm run build" first`);
  const base = `http://127.0.0.1:${options.port}`;
  return {
    command: `"${process.execPath}" "${main}"`,
    env: {
      PORT: String(options.port),
      STATE_DIR: options.stateDir,
      DEFECTS: (options.defects ?? []).join(','),
      POLL_MS: String(options.pollMs ?? 250),
    },
    health: `${base}/health`,
    healthTimeoutMs: 30_000,
    // Tuned on the wall clock (8 s client timeouts, polls every POLL_MS): in scenario time at
    // speed 10 its timeouts become 0.8 s of wall time and it duplicated ERP orders
    // (docs/decisions/0011-target-clock.md).
    clock: 'wall',
    webhooks: Object.fromEntries(
      registeredSimulators()
        .filter((def) => def.sendsWebhooks)
        .map((def) => [def.name, `${base}/webhooks/${def.name}`]),
    ),
  };
}
