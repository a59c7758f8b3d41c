import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../runner/reference.js';
import { registeredSimulators } from '../../simulators/index.js';
import type { ScenarioTarget } from '../../scenarios/types.js';

/**
 * examples/python-integration (Python 3, standard library only) as a scenario target: the second
 * column of the detection matrix. In CI a missing python3 fails the suite (.ci/run installs it);
 * locally the Python rows are skipped with a reason.
 *
 * @example const target = pythonTarget({ port: await freePort(), defects: ['syncs-on-hand'] })
 */
export const PYTHON = process.env.PYTHON ?? 'python3';
export const havePython = spawnSync(PYTHON, ['--version']).status === 0;
if (!havePython && process.env.CI)
  throw new Error(`${PYTHON} not found: .ci/run installs it (apt-get install python3)`);
if (!havePython)
  console.warn(
    `[python integration] its matrix rows are skipped: no ${PYTHON}. To run them: apt-get install python3 (or set PYTHON).`,
  );

export function pythonTarget(options: {
  port: number;
  defects?: readonly string[];
}): ScenarioTarget {
  const main = join(packageRoot(), 'examples', 'python-integration', 'main.py');
  const base = `http://127.0.0.1:${options.port}`;
  return {
    command: `"${PYTHON}" "${main}"`,
    env: { PORT: String(options.port), DEFECTS: (options.defects ?? []).join(',') },
    health: `${base}/health`,
    healthTimeoutMs: 30_000,
    // The detection matrix was calibrated with both integrations on the wall clock
    // (docs/decisions/0011-target-clock.md).
    clock: 'wall',
    webhooks: Object.fromEntries(
      registeredSimulators()
        .filter((def) => def.sendsWebhooks)
        .map((def) => [def.name, `${base}/webhooks/${def.name}`]),
    ),
  };
}
