import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JournalRefusedError } from '../../journal/compat.js';
import { JOURNAL_SCHEMA_VERSION } from '../../journal/events.js';
import { verdictExitCode } from '../../oracle/judge.js';
import { rebuildReports, renderTerminal } from '../../report/index.js';
import { UsageError } from '../io.js';
import type { Command } from '../main.js';
import { parseOptions, type OptionSpecs } from '../options.js';

const options = {
  journal: {
    type: 'boolean',
    description:
      'fold journal.ndjson even when the run saved its folded model beside it (journal.model)',
  },
} satisfies OptionSpecs;

/** `omnichaos report <run-dir>`: judge again from the journal alone and rewrite every report. */
export const reportCommand: Command = {
  name: 'report',
  summary:
    'rebuild report.json, junit.xml and report.html of a run from its journal (also after a crash)',
  usage: 'omnichaos report <run-dir>',
  args: { 'run-dir': 'a run directory (it holds journal.ndjson), e.g. runs/smoke-42-…' },
  options,
  examples: ['omnichaos report runs/ci', 'omnichaos report --journal runs/ci'],
  async run(args, io) {
    const { values, positionals } = parseOptions(args, options, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one run directory');
    const dir = positionals[0]!;
    if (!existsSync(join(dir, 'journal.ndjson')))
      throw new UsageError(
        `${dir} has no journal.ndjson — is it a run directory made by "omnichaos run"?`,
      );
    let rebuilt: Awaited<ReturnType<typeof rebuildReports>>;
    try {
      rebuilt = await rebuildReports(dir, { modelFile: values.journal !== true });
    } catch (err) {
      if (!(err instanceof JournalRefusedError)) throw err;
      io.err(`[omnichaos:report] ${dir}/journal.ndjson: ${err.message}`);
      return 2;
    }
    const { verdict, files } = rebuilt;
    io.out(renderTerminal(verdict, { color: io.tty }));
    io.out('');
    io.out(`  report   ${files.html}`);
    io.out(`  junit    ${files.junit}`);
    io.out(
      rebuilt.source.from === 'model-file'
        ? `  read     ${rebuilt.source.file} (the folded model the run saved, keyed to journal.ndjson as it is now)`
        : `  read     ${rebuilt.source.file}${rebuilt.source.why ? ` (${rebuilt.source.why})` : ''}`,
    );
    // The verdict's journal lines (terminal above) say which lines were unreadable and why.
    if (rebuilt.schema < JOURNAL_SCHEMA_VERSION)
      io.out(
        `  note     journal schema version ${rebuilt.schema}, read by upgrading each line to version ${JOURNAL_SCHEMA_VERSION}${rebuilt.worldChecked ? '' : '; it records no world digest, so the world it ran on was not checked'}`,
      );
    return verdictExitCode(verdict);
  },
};
