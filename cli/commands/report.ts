import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rebuildReports, renderTerminal } from '../../report/index.js';
import { UsageError } from '../io.js';
import type { Command } from '../main.js';
import { parseOptions } from '../options.js';

/** `omnichaos report <run-dir>`: judge again from the journal alone and rewrite every report. */
export const reportCommand: Command = {
  name: 'report',
  summary:
    'rebuild report.json, junit.xml and report.html of a run from its journal (also after a crash)',
  usage: 'omnichaos report <run-dir>',
  args: { 'run-dir': 'a run directory (it holds journal.ndjson), e.g. runs/smoke-42-…' },
  options: {},
  examples: ['omnichaos report runs/ci'],
  async run(args, io) {
    const { positionals } = parseOptions(args, {}, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one run directory');
    const dir = positionals[0]!;
    if (!existsSync(join(dir, 'journal.ndjson')))
      throw new UsageError(
        `${dir} has no journal.ndjson — is it a run directory made by "omnichaos run"?`,
      );
    const { verdict, files } = await rebuildReports(dir);
    io.out(renderTerminal(verdict, { color: io.tty }));
    io.out('');
    io.out(`  report   ${files.html}`);
    io.out(`  junit    ${files.junit}`);
    // The verdict's journal lines (terminal above) say which lines were unreadable and why.
    return verdict.passed ? 0 : 1;
  },
};
