import { relative } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Prints one line as each slow test finishes (matrix rows, end-to-end runs, container and
 * browser tests): the default reporter only speaks when a whole file is done, and the matrix file
 * alone runs for minutes. Fast tests stay quiet.
 */
export default class ProgressReporter implements Reporter {
  private readonly slowMs = Number(process.env.OMNICHAOS_PROGRESS_MS ?? 3000);

  onTestCaseResult(test: TestCase): void {
    const ms = test.diagnostic()?.duration ?? 0;
    const state = test.result().state;
    if (ms < this.slowMs && state !== 'failed') return;
    const mark = state === 'passed' ? '✓' : state === 'failed' ? '✗' : '↓';
    const file = relative(process.cwd(), test.module.moduleId);
    process.stdout.write(`  ${mark} ${file} › ${test.name} (${(ms / 1000).toFixed(1)} s)\n`);
  }
}
