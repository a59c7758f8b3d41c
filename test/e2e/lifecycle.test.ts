import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupMembers } from '../../runner/ports.js';
import { BIN, ROOT, runBin } from '../support/cli.js';

/**
 * The runner's lifecycle: Ctrl-C / SIGTERM stop a run cleanly (target group stopped, reports
 * written INCOMPLETE, exit 130/143); a `kill -9` of the runner takes the target with it (the
 * supervisor); a target port held by another process fails fast, naming the holder.
 */

const MINIMAL = 'node examples/minimal-target/server.mjs';

function startRun(extra: string[] = []) {
  const runDir = join(mkdtempSync(join(tmpdir(), 'omnichaos-lifecycle-')), 'run');
  const child = spawn(
    process.execPath,
    [BIN, 'run', 'scenarios/smoke.yaml', '--target-cmd', MINIMAL, '--out', runDir, ...extra],
    { cwd: ROOT },
  );
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stdout += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const journal = join(runDir, 'journal.ndjson');
  /** Resolves with the target's process group once scenario time runs. */
  const running = async (): Promise<number> => {
    await expect
      .poll(
        () => existsSync(journal) && readFileSync(journal, 'utf8').includes('"phase":"demand"'),
        {
          timeout: 60_000,
          interval: 100,
        },
      )
      .toBe(true);
    const pgid = /"target:started".*?"pid":(\d+)/.exec(readFileSync(journal, 'utf8'))?.[1];
    expect(pgid).toBeDefined();
    return Number(pgid);
  };
  return { child, runDir, exited, running, output: () => stdout };
}

describe('omnichaos run, stopped from outside', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    it(`${signal} mid-run: the target's group is gone, the reports say INCOMPLETE, exit ${code}`, async () => {
      const run = startRun(['--duration', '30m']);
      const pgid = await run.running();
      expect(groupMembers(pgid)!.length).toBeGreaterThan(0); // the target runs
      run.child.kill(signal);
      expect(await run.exited).toBe(code);
      expect(groupMembers(pgid)).toEqual([]); // no process of the target's group is left
      const report = JSON.parse(readFileSync(join(run.runDir, 'report.json'), 'utf8')) as {
        complete: boolean;
        passed: boolean;
      };
      expect(report).toMatchObject({ complete: false, passed: false });
      expect(run.output()).toContain('INCOMPLETE');
      expect(readFileSync(join(run.runDir, 'report.html'), 'utf8')).toContain('INCOMPLETE');
      expect(readFileSync(join(run.runDir, 'junit.xml'), 'utf8')).toContain('name="run.complete"');
      const journal = readFileSync(join(run.runDir, 'journal.ndjson'), 'utf8');
      expect(journal).toContain(`"type":"run:interrupted","sys":"runner","signal":"${signal}"`);
      expect(journal).not.toContain('"run:finished"');
    }, 120_000);

  it('kill -9 of the runner: the target follows within 5 s', async () => {
    const run = startRun(['--duration', '30m']);
    const pgid = await run.running();
    run.child.kill('SIGKILL');
    await run.exited;
    await expect.poll(() => groupMembers(pgid), { timeout: 5000, interval: 100 }).toEqual([]);
  }, 120_000);

  it("a target port held by another process fails fast, naming the holder's pid", async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as AddressInfo).port;
    try {
      const runDir = join(mkdtempSync(join(tmpdir(), 'omnichaos-lifecycle-')), 'run');
      const run = await runBin(
        [
          'run',
          'scenarios/smoke.yaml',
          '--target-cmd',
          MINIMAL,
          '--target-port',
          String(port),
          '--out',
          runDir,
        ],
        { timeoutMs: 60_000 },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`port ${port} is in use by pid ${process.pid} (`);
      expect(run.stderr).toContain('--target-port');
      // nothing was started
      expect(readFileSync(join(runDir, 'journal.ndjson'), 'utf8')).not.toContain('target:started');
    } finally {
      holder.close();
    }
  }, 90_000);
});
