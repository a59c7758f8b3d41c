import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBin } from '../support/cli.js';

/**
 * A target for every scenario without editing it (docs/bring-your-own-integration.md): the
 * runner's --target-* flags and their defaults, against examples/minimal-target and against
 * targets that fail to start or die mid-run.
 */

interface Event {
  seq: number;
  type: string;
  sys?: string;
  status?: number;
  ok?: boolean;
  [k: string]: unknown;
}

const events = (runDir: string): Event[] =>
  readFileSync(join(runDir, 'journal.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Event);

const tmp = (tag: string) => mkdtempSync(join(tmpdir(), `omnichaos-target-${tag}-`));
const MINIMAL = 'node examples/minimal-target/server.mjs';
const LIBRARY = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('run --target-cmd against every library scenario, unedited', () => {
  it('finds the library', () => expect(LIBRARY.length).toBeGreaterThanOrEqual(10));

  for (const file of LIBRARY)
    it(`${file}: health awaited before scenario time starts, webhooks delivered to /webhooks/<system>`, async () => {
      const runDir = join(tmp(file.replace('.yaml', '')), 'run');
      // Shortened and sped up: the point is the wiring, not the verdict.
      const run = await runBin(
        [
          'run',
          `scenarios/${file}`,
          '--target-cmd',
          MINIMAL,
          '--out',
          runDir,
          '--duration',
          '20s',
          '--drain',
          '20s',
          '--speed',
          '10',
        ],
        { timeoutMs: 90_000 },
      );
      // Judged (pass or fail), never a setup error.
      expect([0, 1], run.stderr).toContain(run.code);
      const all = events(runDir);
      const started = all.find((e) => e.type === 'target:started')!;
      const healthy = all.find((e) => e.type === 'target:healthy')!;
      const demand = all.find((e) => e.type === 'run:phase' && e.phase === 'demand')!;
      expect(started.health).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/health$/);
      const port = /:(\d+)\/health$/.exec(String(started.health))![1];
      expect(started.webhooks).toEqual(
        Object.fromEntries(
          ['erp', 'pos', 'wms', 'marketplace', 'storefront'].map((s) => [
            s,
            `http://127.0.0.1:${port}/webhooks/${s}`,
          ]),
        ),
      );
      // The clock starts only after the target answered its health check.
      expect(healthy.seq).toBeLessThan(demand.seq);
      const firstArrival = all.find((e) => e.type === 'demand:arrival');
      if (firstArrival) expect(firstArrival.seq).toBeGreaterThan(healthy.seq);
      // Webhooks reached the target, and it accepted them (the POS ones with a checked signature).
      const delivered = all.filter((e) => e.type === 'webhook:attempt' && e.status === 200);
      expect(delivered.length, 'webhooks answered 200 by the target').toBeGreaterThan(0);
      expect(readFileSync(join(runDir, 'target.log'), 'utf8')).toContain(
        `listening on http://127.0.0.1:${port}`,
      );
    }, 120_000);
});

describe('run without a usable target', () => {
  it('with no target at all: exit 2, says what to add, starts nothing', async () => {
    const runDir = join(tmp('none'), 'run');
    const run = await runBin(['run', 'scenarios/smoke.yaml', '--out', runDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no target to run against');
    expect(run.stderr).toContain('--target-cmd');
    expect(run.stderr).toContain('--external-target --target-health');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(runDir)).toBe(false);
  });

  it('--external-target without a health URL: exit 2, asks for --target-health', async () => {
    const run = await runBin(['run', 'scenarios/smoke.yaml', '--external-target']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('add --target-health');
  });

  it('a target that exits at start: exit 2 with its exit code and the tail of its log', async () => {
    const runDir = join(tmp('exit'), 'run');
    const run = await runBin(
      [
        'run',
        'scenarios/smoke.yaml',
        '--out',
        runDir,
        '--target-cmd',
        'echo "config error: STORE_ID is not set" >&2; exit 7',
      ],
      { timeoutMs: 60_000 },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('never became healthy');
    expect(run.stderr).toContain('exited (7)');
    expect(run.stderr).toContain('config error: STORE_ID is not set');
    expect(events(runDir).some((e) => e.type === 'run:phase')).toBe(false); // no scenario time
  }, 90_000);

  it('a target that dies mid-run: exit 1, the verdict names it with its code, the log tail is shown', async () => {
    const runDir = join(tmp('dies'), 'run');
    const run = await runBin(
      [
        'run',
        'scenarios/smoke.yaml',
        '--out',
        runDir,
        '--target-cmd',
        'node test/fixtures/targets/dies-after-health.mjs',
        '--target-env',
        'EXIT_CODE=5',
        '--duration',
        '30m', // far longer than the target lives
      ],
      { timeoutMs: 60_000 },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILED — the target exited \(5\) .* into the run, before it ended/);
    expect(run.stderr).toContain('exiting with 5 on purpose');
    const report = JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as {
      passed: boolean;
      complete: boolean;
      targetDied?: { code: number };
    };
    expect(report).toMatchObject({ passed: false, complete: true, targetDied: { code: 5 } });
    expect(readFileSync(join(runDir, 'junit.xml'), 'utf8')).toMatch(
      /name="run\.target-alive">\s*<failure message="the target exited \(5\)/,
    );
    const exited = events(runDir).find((e) => e.type === 'target:exited')!;
    expect(exited).toMatchObject({ code: 5, stoppedByRunner: false });
  }, 90_000);
});
