import { parseArgs } from 'node:util';
import { loadScenarioFile } from '../../scenarios/load.js';
import { RunInputError, runScenario } from '../../runner/run.js';
import { UnservedDemandError } from '../../runner/driver.js';
import { untilInterrupted, UsageError } from '../io.js';
import type { Command } from '../main.js';

function number(
  flag: string,
  raw: string | undefined,
  check: (n: number) => boolean,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n))
    throw new UsageError(
      `--${flag} must be a ${flag === 'seed' ? 'non-negative integer' : 'positive number'}, got "${raw}"`,
    );
  return n;
}

/** `omnichaos run`: the whole job — simulators, target, demand, faults, verdict, reports. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a scenario against a target and judge it (exit 0 only if every expectation holds)',
  usage:
    'omnichaos run <scenario.yaml> [--target-cmd CMD] [--speed X] [--out DIR] [--seed N] [--linger]',
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'target-cmd': { type: 'string' },
        speed: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        linger: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one scenario file');
    const file = positionals[0]!;
    const scenario = await loadScenarioFile(file);
    try {
      const result = await runScenario({
        scenario,
        scenarioFile: file,
        targetCmd: values['target-cmd'],
        speed: number('speed', values.speed, (n) => n > 0),
        seed: number('seed', values.seed, (n) => Number.isSafeInteger(n) && n >= 0),
        outDir: values.out,
        out: (line) => io.out(line),
        status: io.tty ? io.status : undefined,
        color: io.tty,
        // Keep the dashboard up with the final verdict until Ctrl-C (live demos).
        linger: values.linger ? untilInterrupted : undefined,
      });
      if (result.error) io.err(`[omnichaos:run] ${result.error}`);
      return result.exitCode;
    } catch (err) {
      if (err instanceof RunInputError || err instanceof UnservedDemandError) {
        io.err(`[omnichaos:run] ${file}: ${err.message}`);
        return 2;
      }
      throw err;
    }
  },
};
