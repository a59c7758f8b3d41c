import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEndpoints } from '../../runtime/endpoints.js';
import { RUN_CLOCK_ENV } from '../../runner/run.js';
import { BUILTIN_SIMULATORS } from '../../simulators/index.js';
import { createWorld } from '../../world/index.js';
import { ROOT } from '../support/cli.js';

/**
 * The target contract's env table (docs/target-contract.md) is written by hand; the env vars come from the simulator
 * manifests. Every var a built-in simulator gives a target must be in the table, written out or
 * as `…_<SUFFIX>` after its system's first var.
 */
describe('target contract env table', () => {
  it('lists every env var the registered built-in simulators give a target', () => {
    const readme = readFileSync(join(ROOT, 'docs', 'target-contract.md'), 'utf8');
    const env = describeEndpoints(
      BUILTIN_SIMULATORS,
      createWorld(1, { skus: 2, customers: 2 }),
      'http://c',
      {},
    ).env;
    const missing = Object.keys(env).filter((name) => {
      if (readme.includes(`\`${name}\``)) return false;
      const system = BUILTIN_SIMULATORS.find((d) =>
        name.startsWith(`OMNICHAOS_${d.name.toUpperCase()}_`),
      );
      const suffix = system && name.slice(`OMNICHAOS_${system.name.toUpperCase()}`.length);
      return !(suffix && readme.includes(`\`…${suffix}\``));
    });
    expect(missing).toEqual([]);
    expect(Object.keys(env).length).toBeGreaterThan(15);
  });

  it('lists the env vars omnichaos run adds for the target it starts (run id, scenario clock)', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'target-contract.md'), 'utf8');
    const missing = ['OMNICHAOS_RUN_ID', ...RUN_CLOCK_ENV].filter((n) => !doc.includes(`\`${n}\``));
    expect(missing).toEqual([]);
  });
});
