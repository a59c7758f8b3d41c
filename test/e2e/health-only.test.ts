import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../support/cli.js';

/**
 * A target that only answers its health check (test/fixtures/targets/health-only.mjs): no check
 * may pass against it — each fails or is NOT CHECKED — and the terminal says which systems it
 * never called.
 */
describe('a target that only answers its health check', () => {
  it('passes no check, and the verdict names every system it never called', async () => {
    const runDir = join(mkdtempSync(join(tmpdir(), 'omnichaos-health-only-')), 'run');
    const run = await runBin(
      [
        'run',
        'scenarios/smoke.yaml',
        '--target-cmd',
        'node test/fixtures/targets/health-only.mjs',
        '--out',
        runDir,
        '--speed',
        '30',
      ],
      { timeoutMs: 120_000 },
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain(
      'FAILED — the target never called erp, marketplace, pos, wms — systems its flows need',
    );
    expect(run.stdout).toMatch(/pos-to-erp\.exactly-once\s+\d+ missing/);
    const report = JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as {
      passed: boolean;
      neverCalled: string[];
      checks: { id: string; verdict: string }[];
    };
    expect(report.passed).toBe(false);
    expect(report.neverCalled).toEqual(['erp', 'marketplace', 'pos', 'wms']);
    expect(report.checks.filter((c) => c.verdict === 'pass').map((c) => c.id)).toEqual([]);
    expect(report.checks.filter((c) => c.verdict === 'fail').length).toBeGreaterThan(0);
  }, 150_000);
});
