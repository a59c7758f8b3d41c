import { registeredSimulators } from '../simulators/index.js';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioTarget } from '../scenarios/types.js';

/**
 * The bundled reference integration (examples/reference-integration) as a scenario target: the
 * demo and the detection matrix run it from the build output, on a free port, with its durable
 * state inside the run directory and every simulator's webhooks pointed at it.
 */

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
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
