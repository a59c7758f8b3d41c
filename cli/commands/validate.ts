import { loadScenarioFile } from '../../scenarios/load.js';
import { ScenarioError, formatScenarioError } from '../../scenarios/errors.js';
import { formatDuration } from '../../scenarios/units.js';
import { UsageError } from '../io.js';
import type { Command } from '../main.js';
import { parseOptions } from '../options.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check scenario files; errors name file:line:column (exit 2 when any is broken)',
  usage: 'omnichaos validate <scenario.yaml> [more.yaml …]',
  args: { 'scenario.yaml': 'one or more scenario files to check' },
  options: {},
  examples: ['omnichaos validate scenarios/*.yaml'],
  async run(args, io) {
    const { positionals } = parseOptions(args, {}, true);
    if (positionals.length === 0) throw new UsageError('give at least one scenario file');
    let broken = 0;
    for (const file of positionals) {
      try {
        const s = await loadScenarioFile(file);
        const faults = s.faults.length;
        io.out(
          `ok ${file}: "${s.name}", seed ${s.seed}, ${formatDuration(s.clock.durationMs)} at speed ${s.clock.speed}, ${faults} fault${faults === 1 ? '' : 's'}`,
        );
      } catch (err) {
        if (!(err instanceof ScenarioError)) throw err;
        broken++;
        io.err(formatScenarioError(err));
      }
    }
    return broken > 0 ? 2 : 0;
  },
};
