import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldJournal, judge } from '../../oracle/judge.js';
import { BIN, ROOT, runBin } from '../support/cli.js';
import { miniMarketplaceScenario, miniPosScenario } from '../support/run-fixture.js';

interface ReportJson {
  complete: boolean;
  passed: boolean;
  events: number;
  problems: number;
  checks: { id: string; verdict: string; measured: number | null; evidence: string[] }[];
}

const readReport = (runDir: string) =>
  JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as ReportJson;

/**
 * `run` judges the model it fed while the run went (decision 0009); `report` re-reads the file.
 * Both must give the same verdict, check by check, evidence included.
 */
async function expectSameVerdictFromFile(runDir: string): Promise<void> {
  const fromRun = readReport(runDir).checks.map((c) => [c.id, c.verdict, c.measured, c.evidence]);
  const reread = judge(await foldJournal(join(runDir, 'journal.ndjson')));
  expect(reread.checks.map((c) => [c.id, c.verdict, c.measured, c.evidence])).toEqual(fromRun);
}

function completeLines(file: string): number {
  const text = readFileSync(file, 'utf8');
  return text.split('\n').filter((line, i, all) => {
    if (line === '') return false;
    if (i === all.length - 1) {
      try {
        JSON.parse(line);
      } catch {
        return false; // a torn last line
      }
    }
    return true;
  }).length;
}

describe('omnichaos run, end to end against a small target', () => {
  it('drives store demand through the target, judges it from the journal and writes every report', async () => {
    const { file, runDir } = await miniPosScenario();
    const run = await runBin(['run', file, '--out', runDir], { timeoutMs: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/PASS\s+pos-to-erp\.exactly-once\s+0/);
    expect(run.stdout).toMatch(
      /NOT CHECKED\s+order-to-erp\.exactly-once\s+—\s+flow not under test/,
    );
    const report = readReport(runDir);
    expect(report.complete).toBe(true);
    expect(report.passed).toBe(true);
    const sales = report.checks.find((c) => c.id === 'pos-to-erp.exactly-once')!;
    expect(sales).toMatchObject({ verdict: 'pass', measured: 0 });
    for (const f of ['junit.xml', 'report.html', 'scenario.json', 'mini.yaml', 'target.log'])
      expect(existsSync(join(runDir, f)), f).toBe(true);
    // Every journaled event is accounted for in the report.
    expect(report.events).toBe(completeLines(join(runDir, 'journal.ndjson')));
    await expectSameVerdictFromFile(runDir);
  }, 90_000);

  it('fails order-to-erp.exactly-once, naming the order, when the target posts one order twice', async () => {
    const { file, runDir } = await miniMarketplaceScenario({ duplicateFirst: true });
    const run = await runBin(['run', file, '--out', runDir], { timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    const report = readReport(runDir);
    expect(report.complete).toBe(true);
    expect(report.passed).toBe(false);
    const journal = readFileSync(join(runDir, 'journal.ndjson'), 'utf8');
    const first = journal
      .split('\n')
      .filter((l) => l.includes('"channel:order-visible"'))
      .map((l) => (JSON.parse(l) as { orderId: string }).orderId)[0]!;
    const once = report.checks.find((c) => c.id === 'order-to-erp.exactly-once')!;
    expect(once).toMatchObject({ verdict: 'fail', measured: 1, evidence: [first] });
    // only the planted duplicate: the other orders each reached the ERP once
    const orders = journal.split('\n').filter((l) => l.includes('"channel:order-visible"')).length;
    expect(orders).toBeGreaterThan(5);
    const junit = readFileSync(join(runDir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(
      /<testcase[^>]*name="order-to-erp\.exactly-once"[^>]*>\s*<failure[^>]*>[^<]*/,
    );
    expect(junit).toContain(first);
    await expectSameVerdictFromFile(runDir);
  }, 90_000);

  it('passes order-to-erp.exactly-once when the same target posts each order once', async () => {
    const { file, runDir } = await miniMarketplaceScenario();
    const run = await runBin(['run', file, '--out', runDir], { timeoutMs: 60_000 });
    expect(run.stdout).toMatch(/PASS\s+order-to-erp\.exactly-once\s+0/);
    // the live tally agrees with the verdict (it once missed run:started and saw every order oversold)
    expect(run.stdout).toMatch(/not yet in the ERP 0 · duplicated 0 · oversold 0/);
    expect(run.code).toBe(0);
  }, 90_000);

  it('refuses to run into a directory that already holds a run, and leaves it untouched', async () => {
    const { file, runDir } = await miniPosScenario();
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'journal.ndjson'), '{"seq":1}\n');
    const run = await runBin(['run', file, '--out', runDir], { timeoutMs: 30_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('already holds a run');
    expect(readFileSync(join(runDir, 'journal.ndjson'), 'utf8')).toBe('{"seq":1}\n');
  });

  it('exits 2 with the reason when the target never becomes healthy', async () => {
    const { file, runDir } = await miniPosScenario();
    const run = await runBin(
      ['run', file, '--out', runDir, '--target-cmd', 'node -e "process.exit(3)"'],
      {
        timeoutMs: 60_000,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('never became healthy');
    expect(run.stderr).toContain('exited (3)');
  }, 90_000);

  it('after kill -9 mid-run, "omnichaos report" rebuilds an incomplete report from the journal', async () => {
    const { file, runDir } = await miniPosScenario({ durationS: 600, speed: 10 });
    const child = spawn(process.execPath, [BIN, 'run', file, '--out', runDir], { cwd: ROOT });
    const journal = join(runDir, 'journal.ndjson');
    // Wait until the run has journaled store sales, then kill it without warning.
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error('no sales journaled in 30 s')), 30_000);
      const poll = setInterval(() => {
        if (
          existsSync(journal) &&
          readFileSync(journal, 'utf8').includes('"erp:document-recorded"')
        ) {
          clearInterval(poll);
          clearTimeout(deadline);
          resolve();
        }
      }, 100);
    });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    // The orphaned target (its own process group) is still running; stop it.
    const pid = /"target:started".*?"pid":(\d+)/.exec(readFileSync(journal, 'utf8'))?.[1];
    if (pid) {
      try {
        process.kill(-Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }

    const rebuilt = await runBin(['report', runDir]);
    expect(rebuilt.code).toBe(1);
    expect(rebuilt.stdout).toContain('INCOMPLETE');
    const report = readReport(runDir);
    expect(report.complete).toBe(false);
    expect(report.passed).toBe(false);
    expect(report.events).toBe(completeLines(journal));
    expect(report.events).toBeGreaterThan(10);
    const junit = readFileSync(join(runDir, 'junit.xml'), 'utf8');
    expect(junit).toContain('name="run.complete"');
    expect(junit).toContain('did not finish');
  }, 90_000);

  it('--linger keeps the dashboard up with the final verdict until SIGINT, then exits with it', async () => {
    const { file, runDir } = await miniPosScenario();
    const child = spawn(process.execPath, [BIN, 'run', file, '--out', runDir, '--linger'], {
      cwd: ROOT,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    await expect
      .poll(() => /stays up with this verdict: (http:\/\/\S+)/.exec(out)?.[1], { timeout: 60_000 })
      .toBeTruthy();
    const page = /stays up with this verdict: (http:\/\/\S+)/.exec(out)![1]!;
    const control = page.replace(/\/_omnichaos\/dashboard$/, '');

    // The reports are written, the simulators are closed, the control port still answers.
    expect(existsSync(join(runDir, 'report.json'))).toBe(true);
    const state = (await (await fetch(`${control}/_omnichaos/dashboard/state`)).json()) as {
      verdict: { final: boolean; checks: { id: string; verdict: string }[] };
    };
    // The page shows the final verdict, check for check the one in report.json.
    expect(state.verdict.final).toBe(true);
    const shown = Object.fromEntries(state.verdict.checks.map((c) => [c.id, c.verdict]));
    const reported = Object.fromEntries(readReport(runDir).checks.map((c) => [c.id, c.verdict]));
    expect(shown).toEqual(reported);
    expect(shown['pos-to-erp.exactly-once']).toBe('pass');
    const journal = (await (
      await fetch(`${control}/_omnichaos/journal?type=run:finished`)
    ).json()) as {
      events: unknown[];
    };
    expect(journal.events).toHaveLength(1);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(`${control}/_omnichaos/health`)).rejects.toThrow();
  }, 90_000);
});
