import { parseArgs } from 'node:util';
import { loadScenarioFile } from '../../scenarios/load.js';
import {
  createWorld,
  DEFAULT_WORLD_SIZE,
  ENTITY_KINDS,
  type WorldSize,
} from '../../world/index.js';
import { UsageError } from '../io.js';
import type { Command } from '../main.js';

export const worldCommand: Command = {
  name: 'world',
  summary: 'inspect the seeded world: its digest, or any entity by kind and index',
  usage: [
    'omnichaos world --seed N [--digest] [--show <kind>:<index>] [--scenario file.yaml] [--skus N --stores N --warehouses N --customers N]',
    `  kinds: ${ENTITY_KINDS.join(', ')}`,
    '  e.g.  omnichaos world --seed 42 --digest',
    '        omnichaos world --seed 42 --show marketplace-order:5000000',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        seed: { type: 'string' },
        digest: { type: 'boolean', default: false },
        show: { type: 'string', multiple: true },
        scenario: { type: 'string' },
        skus: { type: 'string' },
        stores: { type: 'string' },
        warehouses: { type: 'string' },
        customers: { type: 'string' },
      },
    });
    const size: Partial<WorldSize> = {};
    let seed: number | undefined;
    if (values.scenario) {
      const scenario = await loadScenarioFile(values.scenario);
      seed = scenario.seed;
      Object.assign(size, scenario.world);
    }
    if (values.seed !== undefined) seed = parseCount('--seed', values.seed);
    if (seed === undefined) throw new UsageError('give --seed N (or --scenario file.yaml)');
    for (const key of ['skus', 'stores', 'warehouses', 'customers'] as const) {
      if (values[key] !== undefined) size[key] = parseCount(`--${key}`, values[key]);
    }
    const world = createWorld(seed, size);
    for (const spec of values.show ?? []) {
      const m = /^([a-z-]+):(\d+)$/.exec(spec);
      if (!m)
        throw new UsageError(
          `--show expects <kind>:<index>, e.g. marketplace-order:42, got "${spec}"`,
        );
      try {
        io.out(JSON.stringify(world.entity(m[1]!, Number(m[2])), null, 2));
      } catch (err) {
        io.err(err instanceof Error ? err.message : String(err));
        return 2;
      }
    }
    if (values.show && !values.digest) return 0;
    if (!values.digest) {
      const s = world.size;
      io.out(
        `world seed ${seed}: ${s.skus} SKUs, ${s.warehouses} warehouse(s), ${s.stores} store(s), ${s.customers} customers (defaults: ${JSON.stringify(DEFAULT_WORLD_SIZE)})`,
      );
    }
    io.out(world.digest());
    return 0;
  },
};

function parseCount(flag: string, text: string): number {
  if (!/^\d+$/.test(text))
    throw new UsageError(`${flag} expects a non-negative integer, got "${text}"`);
  return Number(text);
}
