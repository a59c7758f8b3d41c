import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';

/**
 * The integration under test as a child process: started with the runner's env vars, its output
 * kept in `target.log`, stopped with SIGTERM (then SIGKILL) when the run ends.
 */
export interface TargetProcess {
  readonly pid: number | undefined;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  readonly hasExited: () => boolean;
  stop(graceMs?: number): Promise<number | string>;
  /** The last lines of its log (for error messages). */
  tail(lines?: number): string;
}

/**
 * @example const t = startTarget('node server.js', { cwd: '.', env, logFile: 'runs/x/target.log' })
 */
export function startTarget(
  command: string,
  options: { cwd?: string; env: Record<string, string>; logFile: string },
): TargetProcess {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(command, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    shell: true,
    // Its own process group, so stopping it also stops whatever the shell started.
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (err) => {
      done = true;
      log.write(`[omnichaos] could not start the target: ${err.message}\n`);
      resolve('spawn-error');
    });
  });
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // already gone
    }
  };
  return {
    pid: child.pid,
    exited,
    hasExited: () => done,
    async stop(graceMs = 5000) {
      if (!done) {
        signalGroup('SIGTERM');
        const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      await new Promise<void>((resolve) => log.end(resolve));
      return exited;
    },
    tail(lines = 20) {
      try {
        return readFileSync(options.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
  };
}

/**
 * Poll `url` until it answers 2xx, the target exits, or `timeoutMs` (wall) passes.
 *
 * @example await waitHealthy('http://127.0.0.1:8080/health', 30_000, target)
 */
export async function waitHealthy(
  url: string,
  timeoutMs: number,
  target?: TargetProcess,
): Promise<{ ok: true; afterMs: number } | { ok: false; why: string }> {
  const started = performance.now();
  let last = 'no answer yet';
  while (performance.now() - started < timeoutMs) {
    if (target?.hasExited())
      return {
        ok: false,
        why: `the target exited (${String(await target.exited)}) before it became healthy`,
      };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return { ok: true, afterMs: Math.round(performance.now() - started) };
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).cause
        ? String((err as { cause: { code?: string } }).cause.code ?? err)
        : String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { ok: false, why: `${url} did not answer 2xx within ${timeoutMs} ms (last: ${last})` };
}
