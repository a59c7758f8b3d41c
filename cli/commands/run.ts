import { parseArgs } from 'node:util';
import { loadScenarioFile } from '../../scenarios/load.js';
import { UsageError } from '../io.js';
import type { Command } from '../main.js';

/** The frame of `run`: it validates today; driving, judging and reports land with the runner. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a scenario against a target and judge it (exit 0 only if every expectation holds)',
  usage: 'omnichaos run <scenario.yaml> [--target-cmd CMD] [--speed X] [--out DIR] [--seed N]',
  async run(args, io) {
    const { positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'target-cmd': { type: 'string' },
        speed: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one scenario file');
    const scenario = await loadScenarioFile(positionals[0]!);
    io.err(
      `[omnichaos:run] scenario "${scenario.name}" is valid, but the runner is not built yet (it lands with the runner/oracle issue).`,
    );
    return 2;
  },
};
