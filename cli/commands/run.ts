import { loadScenarioFile } from '../../scenarios/load.js';
import { RunInputError, runScenario } from '../../runner/run.js';
import { UnservedDemandError } from '../../runner/driver.js';
import { untilInterrupted, UsageError } from '../io.js';
import type { Command } from '../main.js';
import { parseOptions, type OptionSpecs } from '../options.js';

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

const options = {
  'target-cmd': {
    type: 'string',
    value: 'CMD',
    description:
      'the shell command that starts your integration; omnichaos starts it, passes the simulator URLs and credentials as OMNICHAOS_* env vars, and stops it at the end.',
    defaultText: "the scenario's target.cmd",
    example: '--target-cmd "node dist/server.js"',
  },
  speed: {
    type: 'string',
    value: 'X',
    description: 'compress business time X times (arrivals, lifecycles, fault windows).',
    defaultText: "the scenario's clock.speed",
    example: '--speed 20',
  },
  out: {
    type: 'string',
    value: 'DIR',
    description: 'the run directory for the journal and the reports.',
    defaultText: 'runs/<scenario>-<seed>-<time>',
    example: '--out runs/ci',
  },
  seed: {
    type: 'string',
    value: 'N',
    description: 'replace the scenario seed (same seed, same world, demand and fault decisions).',
    defaultText: "the scenario's seed",
    example: '--seed 7',
  },
  linger: {
    type: 'boolean',
    default: false,
    description: 'keep the dashboard up with the final verdict until Ctrl-C.',
    example: '--linger',
  },
} satisfies OptionSpecs;

/** `omnichaos run`: the whole job — simulators, target, demand, faults, verdict, reports. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a scenario against a target and judge it (exit 0 only if every expectation holds)',
  usage: 'omnichaos run <scenario.yaml> [options]',
  args: { 'scenario.yaml': 'the scenario to run, e.g. scenarios/smoke.yaml' },
  options,
  examples: [
    'omnichaos run scenarios/smoke.yaml --target-cmd "node dist/examples/reference-integration/main.js"',
    'omnichaos run scenarios/black-friday.yaml --speed 60 --out runs/bf',
  ],
  async run(args, io) {
    const { positionals, values } = parseOptions(args, options, true);
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
