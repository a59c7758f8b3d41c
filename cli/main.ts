import { processIo, UsageError, type Io } from './io.js';
import { ScenarioError, formatScenarioError } from '../scenarios/errors.js';
import { validateCommand } from './commands/validate.js';
import { worldCommand } from './commands/world.js';
import { upCommand } from './commands/up.js';
import { runCommand } from './commands/run.js';
import { demoCommand } from './commands/demo.js';
import { initCommand } from './commands/init.js';
import { chaosCommand } from './commands/chaos.js';
import { reportCommand } from './commands/report.js';
import { renderHelp, type HelpSpec } from './options.js';
import { closest } from '../scenarios/suggest.js';

/**
 * One CLI command: parses its own flags (described in `options`, which `--help` prints),
 * returns the exit code.
 */
export interface Command extends HelpSpec {
  run(args: string[], io: Io): Promise<number>;
}

export const COMMANDS: Command[] = [
  upCommand,
  runCommand,
  validateCommand,
  worldCommand,
  chaosCommand,
  reportCommand,
  demoCommand,
  initCommand,
];

function help(): string {
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`);
  return [
    'omnichaos — integration simulator and chaos test harness for retail systems',
    '',
    'Usage: omnichaos <command> [options]',
    '',
    'Commands:',
    ...rows,
    '',
    'Run "omnichaos <command> --help" for a command\'s options.',
  ].join('\n');
}

/**
 * Entry point. Exit codes: 0 ok, 1 an expectation failed, 2 bad input or usage.
 *
 * @example process.exitCode = await main(['world', '--seed', '42', '--digest'])
 */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out('0.1.0');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const near = closest(
      name,
      COMMANDS.map((c) => c.name),
    );
    io.err(
      `[omnichaos] unknown command "${name}"${near ? `; did you mean "${near}"?` : ''}\n\n${help()}`,
    );
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(renderHelp(command));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (
      err instanceof UsageError ||
      (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      io.err(
        `[omnichaos:${command.name}] ${err.message}\nUsage: ${command.usage}\nRun "omnichaos ${command.name} --help" for every option.`,
      );
      return 2;
    }
    if (err instanceof ScenarioError) {
      io.err(formatScenarioError(err));
      return 2;
    }
    throw err;
  }
}
