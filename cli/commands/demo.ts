import { join, resolve } from 'node:path';
import { loadScenarioFile } from '../../scenarios/load.js';
import { RunInputError, runScenario } from '../../runner/run.js';
import { freePort, packageRoot, referenceTarget } from '../../runner/reference.js';
import { DEFECTS } from '../../examples/reference-integration/config.js';
import { untilInterrupted, UsageError } from '../io.js';
import type { Command } from '../main.js';
import {
  parseOptions,
  RUN_OUTPUT_OPTIONS,
  targetClockOption,
  type OptionSpecs,
} from '../options.js';

const options = {
  scenario: {
    type: 'string',
    value: 'NAME|FILE',
    default: 'black-friday',
    description: 'a library scenario name (scenarios/NAME.yaml) or a scenario file.',
    example: '--scenario smoke',
  },
  defects: {
    type: 'string',
    value: 'a,b',
    default: '',
    description: `switch on planted mistakes in the reference integration to watch checks fail; known: ${DEFECTS.join(', ')}.`,
    example: '--defects drop-on-5xx',
  },
  ...RUN_OUTPUT_OPTIONS,
} satisfies OptionSpecs;

/**
 * `npm run demo`: the main job on the embedded default — the bundled `black-friday` scenario
 * (or another from the library) against the bundled reference integration, then the verdict
 * and the path of the HTML report. `--defects` switches on planted mistakes to watch them fail.
 */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the bundled black-friday scenario against the reference integration',
  usage: 'omnichaos demo [options]',
  options,
  examples: ['omnichaos demo', 'omnichaos demo --scenario smoke --defects drop-on-5xx'],
  async run(args, io) {
    const { values } = parseOptions(args, options);
    const defects = values.defects.split(',').filter(Boolean);
    for (const d of defects)
      if (!(DEFECTS as readonly string[]).includes(d))
        throw new UsageError(`unknown defect "${d}"; known: ${DEFECTS.join(', ')}`);
    const speed = values.speed === undefined ? undefined : Number(values.speed);
    if (speed !== undefined && !(speed > 0))
      throw new UsageError(`--speed must be a positive number, got "${values.speed}"`);

    const name = values.scenario;
    const file = name.endsWith('.yaml') ? name : join(packageRoot(), 'scenarios', `${name}.yaml`);
    const scenario = await loadScenarioFile(file);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const tag = defects.length ? `-${defects.join('+')}` : '';
    const outDir = resolve(values.out ?? join('runs', `demo-${scenario.name}${tag}-${stamp}`));
    scenario.target = referenceTarget({
      port: await freePort(),
      stateDir: join(outDir, 'reference-state'),
      defects,
    });
    io.out(
      `omnichaos demo — the reference integration${defects.length ? ` with defects ${defects.join(', ')}` : ''} against "${scenario.name}"`,
    );
    let result;
    try {
      result = await runScenario({
        scenario,
        scenarioFile: file,
        speed,
        targetClock: targetClockOption(values['target-clock']),
        outDir,
        out: (line) => io.out(line),
        status: io.tty ? io.status : undefined,
        color: io.tty,
        // Keep the dashboard up with the final verdict until Ctrl-C (live demos).
        linger: values.linger ? untilInterrupted : undefined,
        handleSignals: true,
      });
    } catch (err) {
      if (!(err instanceof RunInputError)) throw err;
      io.err(`[omnichaos:demo] ${err.message}`);
      return 2;
    }
    if (result.error) io.err(`[omnichaos:demo] ${result.error}`);
    return result.exitCode;
  },
};
