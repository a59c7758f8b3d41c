import { loadScenarioFile } from '../../scenarios/load.js';
import {
  createWorld,
  DEFAULT_WORLD_SIZE,
  ENTITY_KINDS,
  type WorldSize,
} from '../../world/index.js';
import { UsageError } from '../io.js';
import type { Command } from '../main.js';
import { parseOptions, type OptionSpecs } from '../options.js';

const options = {
  seed: {
    type: 'string',
    value: 'N',
    description: 'the world seed.',
    defaultText: "the --scenario's seed",
    example: '--seed 42',
  },
  digest: {
    type: 'boolean',
    default: false,
    description: 'print only the digest (the same seed gives the same digest on any machine).',
    example: '--seed 42 --digest',
  },
  show: {
    type: 'string',
    value: 'KIND:INDEX',
    multiple: true,
    description: `print one entity as JSON; kinds: ${ENTITY_KINDS.join(', ')}.`,
    example: '--show marketplace-order:5000000',
  },
  scenario: {
    type: 'string',
    value: 'FILE',
    description: 'take the seed and world size from a scenario.',
    example: '--scenario scenarios/smoke.yaml',
  },
  skus: {
    type: 'string',
    value: 'N',
    description: 'number of SKUs in the catalog.',
    defaultText: String(DEFAULT_WORLD_SIZE.skus),
    example: '--skus 500',
  },
  stores: {
    type: 'string',
    value: 'N',
    description: 'number of stores.',
    defaultText: String(DEFAULT_WORLD_SIZE.stores),
    example: '--stores 12',
  },
  warehouses: {
    type: 'string',
    value: 'N',
    description: 'number of warehouses.',
    defaultText: String(DEFAULT_WORLD_SIZE.warehouses),
    example: '--warehouses 2',
  },
  customers: {
    type: 'string',
    value: 'N',
    description: 'number of customers.',
    defaultText: String(DEFAULT_WORLD_SIZE.customers),
    example: '--customers 10000',
  },
} satisfies OptionSpecs;

export const worldCommand: Command = {
  name: 'world',
  summary: 'inspect the seeded world: its digest, or any entity by kind and index',
  usage: 'omnichaos world --seed N [options]',
  options,
  examples: [
    'omnichaos world --seed 42 --digest',
    'omnichaos world --seed 42 --show marketplace-order:5000000',
  ],
  async run(args, io) {
    const { values } = parseOptions(args, options);
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
