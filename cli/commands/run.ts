import { loadScenarioFile } from '../../scenarios/load.js';
import { RunInputError, runScenario } from '../../runner/run.js';
import { parseEnvPairs } from '../../runner/target-config.js';
import { parseDuration } from '../../scenarios/units.js';
import { UnservedDemandError } from '../../runner/driver.js';
import { untilInterrupted, UsageError } from '../io.js';
import type { Command } from '../main.js';
import {
  parseOptions,
  RUN_OUTPUT_OPTIONS,
  targetClockOption,
  type OptionSpecs,
} from '../options.js';

function number(
  flag: string,
  raw: string | undefined,
  check: (n: number) => boolean,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n))
    throw new UsageError(
      `--${flag} must be a ${flag === 'seed' ? 'non-negative integer' : flag === 'target-port' ? 'port number (1-65535)' : 'positive number'}, got "${raw}"`,
    );
  return n;
}

const options = {
  'target-cmd': {
    type: 'string',
    value: 'CMD',
    description:
      'the shell command that starts your integration; omnichaos starts it, passes the simulator URLs and credentials as OMNICHAOS_* env vars, and stops it at the end.',
    defaultText: "the scenario's target.command",
    example: '--target-cmd "node examples/minimal-target/server.mjs"',
  },
  'target-health': {
    type: 'string',
    value: 'URL',
    description:
      'the URL that answers 2xx once your integration is ready; scenario time starts only then.',
    defaultText: "the scenario's target.health, else http://127.0.0.1:<PORT>/health",
    example: '--target-health http://127.0.0.1:8080/ready',
  },
  'target-port': {
    type: 'string',
    value: 'N',
    description: 'the port your integration listens on, passed to it as PORT.',
    defaultText: "the health URL's port, else a free port",
    example: '--target-port 8080',
  },
  'webhook-base': {
    type: 'string',
    value: 'URL',
    description:
      "every system's webhooks go to <URL>/webhooks/<system> (pos, wms, marketplace, erp).",
    defaultText: "the scenario's target.webhooks, else http://127.0.0.1:<PORT>",
    example: '--webhook-base http://127.0.0.1:8080/hooks',
  },
  'target-env': {
    type: 'string',
    value: 'K=V',
    multiple: true,
    description: "an extra env var for your integration, over the scenario's target.env.",
    example: '--target-env LOG_LEVEL=debug',
  },
  'external-target': {
    type: 'boolean',
    default: false,
    description:
      'omnichaos starts nothing: it waits for --target-health of an integration you started yourself (with the env vars "omnichaos up --env" prints).',
    example: '--external-target --target-health http://127.0.0.1:8080/health',
  },
  port: {
    type: 'string',
    value: 'N',
    description:
      'the control plane on port N, the simulators on N+1… (as omnichaos up --port N): fixed URLs for an --external-target.',
    defaultText: 'free ports',
    example: '--port 4000',
  },
  duration: {
    type: 'string',
    value: 'D',
    description:
      'replace clock.duration (demand stops then; later stages and fault windows never come), e.g. for a quick try.',
    defaultText: "the scenario's clock.duration",
    example: '--duration 1m',
  },
  drain: {
    type: 'string',
    value: 'D',
    description: 'replace clock.drain (scenario time after demand stops, before judging).',
    defaultText: "the scenario's clock.drain",
    example: '--drain 30s',
  },
  seed: {
    type: 'string',
    value: 'N',
    description: 'replace the scenario seed (same seed, same world, demand and fault decisions).',
    defaultText: "the scenario's seed",
    example: '--seed 7',
  },
  ...RUN_OUTPUT_OPTIONS,
} satisfies OptionSpecs;

function duration(flag: string, raw: string | undefined, positive: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const ms = parseDuration(raw);
  if (ms === undefined || ms < 0 || (positive && ms === 0))
    throw new UsageError(`--${flag} expects a duration such as 90s, 2m or 1h, got "${raw}"`);
  return ms;
}

/** `omnichaos run`: the whole job — simulators, target, demand, faults, verdict, reports. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a scenario against a target and judge it (exit 0 only if every expectation holds)',
  usage: 'omnichaos run <scenario.yaml> [options]',
  args: { 'scenario.yaml': 'the scenario to run, e.g. scenarios/smoke.yaml' },
  options,
  examples: [
    'omnichaos run scenarios/smoke.yaml --target-cmd "node examples/minimal-target/server.mjs"',
    'omnichaos run scenarios/smoke.yaml --external-target --target-health http://127.0.0.1:8080/health',
    'omnichaos run scenarios/black-friday.yaml --speed 60 --out runs/bf',
  ],
  async run(args, io) {
    const { positionals, values } = parseOptions(args, options, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one scenario file');
    const file = positionals[0]!;
    const port = number(
      'target-port',
      values['target-port'],
      (n) => Number.isInteger(n) && n > 0 && n < 65_536,
    );
    const basePort = number(
      'port',
      values.port,
      (n) => Number.isInteger(n) && n >= 0 && n < 65_000,
    );
    const durationMs = duration('duration', values.duration, true);
    const drainMs = duration('drain', values.drain, false);
    for (const [flag, url] of [
      ['target-health', values['target-health']],
      ['webhook-base', values['webhook-base']],
    ] as const)
      if (url !== undefined && !/^https?:\/\/[^/]/.test(url))
        throw new UsageError(`--${flag} expects an http:// URL, got "${url}"`);
    let targetEnv: Record<string, string>;
    try {
      targetEnv = parseEnvPairs(values['target-env'] ?? []);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const scenario = await loadScenarioFile(file);
    try {
      const result = await runScenario({
        scenario,
        scenarioFile: file,
        targetCmd: values['target-cmd'],
        targetHealth: values['target-health'],
        targetPort: port,
        webhookBase: values['webhook-base'],
        targetEnv,
        externalTarget: values['external-target'],
        durationMs,
        drainMs,
        port: basePort,
        speed: number('speed', values.speed, (n) => n > 0),
        seed: number('seed', values.seed, (n) => Number.isSafeInteger(n) && n >= 0),
        targetClock: targetClockOption(values['target-clock']),
        outDir: values.out,
        out: (line) => io.out(line),
        status: io.tty ? io.status : undefined,
        color: io.tty,
        // Keep the dashboard up with the final verdict until Ctrl-C (live demos).
        linger: values.linger ? untilInterrupted : undefined,
        handleSignals: true,
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
