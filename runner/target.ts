import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { groupMembers } from './ports.js';
import {
  removeFaketimeLeftovers,
  SUPERVISOR_CLOCK,
  type ScenarioTimeForTarget,
} from './target-clock.js';

/**
 * The integration under test as a child process: started with the runner's env vars, its output
 * in `target.log`, stopped with SIGTERM to its whole process group (then SIGKILL) when the run
 * ends — and never outliving the runner, not even a `kill -9` of it.
 *
 * It is started through a supervisor: a few lines of Node (SUPERVISOR below, run with `node -e`)
 * that leads a new process group, starts the command in that group, and holds a pipe from the
 * runner on its stdin. When the runner dies, however it dies, the kernel closes that pipe; the
 * supervisor then sends SIGTERM to the group, and SIGKILL after the grace period. Linux only
 * needs what Node has; no extra packages.
 */
export interface TargetProcess {
  /** The supervisor's pid, which is also the target's process group id. */
  readonly pid: number | undefined;
  /** Resolves with the command's exit code (or signal name) when it ends. */
  readonly exited: Promise<number | string>;
  readonly hasExited: () => boolean;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once no process of the group is left. */
  stop(graceMs?: number): Promise<number | string>;
  /** True while any process of its group is alive. */
  groupAlive(): boolean;
  /** The last lines of its log (for error messages). */
  tail(lines?: number): string;
}

/** How long a target gets between SIGTERM and SIGKILL. */
export const STOP_GRACE_MS = 5000;

/**
 * The supervisor (CommonJS, for `node -e`). argv: grace ms, command, and for a target in scenario
 * time the clock's JSON (runner/target-clock.ts). Exits as the command did: same code, or the
 * same signal.
 */
export const SUPERVISOR = `
const { spawn } = require('node:child_process');
const [grace, command, clockJson] = process.argv.slice(1);
const CLOCK = clockJson ? JSON.parse(clockJson) : undefined;
${SUPERVISOR_CLOCK}
const group = (sig) => { try { process.kill(-process.pid, sig); } catch {} };
// The runner stops the target by signalling the whole group, this process included: outlive the
// command so its exit status reaches the runner.
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => {});
const child = spawn(command, { shell: true, stdio: ['ignore', 'inherit', 'inherit'], env: childEnv });
clockAfterSpawn();
let orphaned = false;
child.on('error', (err) => { console.error('[omnichaos] could not start the target: ' + err.message); process.exit(127); });
child.on('exit', (code, signal) => {
  if (orphaned) group('SIGKILL'); // stragglers go with it; so does this process
  if (signal) { for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.removeAllListeners(s); process.kill(process.pid, signal); }
  else process.exit(code ?? 1);
});
// The runner's end of this pipe closes when the runner exits, even by SIGKILL.
const orphan = () => {
  if (orphaned) return;
  orphaned = true;
  group('SIGTERM');
  setTimeout(() => group('SIGKILL'), Number(grace) || 5000);
};
process.stdin.on('end', orphan);
process.stdin.on('close', orphan);
process.stdin.on('error', orphan);
process.stdin.resume();
`;

/**
 * @example const t = startTarget('node server.js', { cwd: '.', env, logFile: 'runs/x/target.log' })
 */
export function startTarget(
  command: string,
  options: {
    cwd?: string;
    env: Record<string, string>;
    logFile: string;
    graceMs?: number;
    /** Start it in scenario time (under libfaketime). */
    clock?: ScenarioTimeForTarget;
  },
): TargetProcess {
  const grace = options.graceMs ?? STOP_GRACE_MS;
  const clock = options.clock;
  const clockArgs = clock ? [JSON.stringify(clock.supervisorArgs())] : [];
  // The target writes straight into the log file: nothing is lost if the runner dies.
  const log = openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', SUPERVISOR, String(grace), command, ...clockArgs],
    {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, ...clock?.supervisorEnv() },
      // Its own process group (the supervisor leads it), so stopping it stops the whole tree.
      detached: true,
      stdio: ['pipe', log, log],
    },
  );
  closeSync(log);
  // The pipe must not keep the runner alive, nor break it when the supervisor is gone.
  child.stdin?.on('error', () => undefined);
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (err) => {
      done = true;
      resolve(`spawn-error: ${err.message}`);
    });
  });
  const pgid = child.pid;
  const signalGroup = (sig: NodeJS.Signals | 0): boolean => {
    if (pgid === undefined) return false;
    try {
      process.kill(-pgid, sig);
      return true;
    } catch {
      return false; // no process of the group is left
    }
  };
  // Zombies do not count: a container whose init never reaps them would otherwise keep the group
  // "alive" for ever.
  const groupAlive = () =>
    pgid !== undefined && (groupMembers(pgid)?.length ?? (signalGroup(0) ? 1 : 0)) > 0;
  return {
    pid: child.pid,
    exited,
    hasExited: () => done,
    groupAlive,
    async stop(graceMs = grace) {
      if (groupAlive()) {
        signalGroup('SIGTERM');
        const deadline = performance.now() + graceMs;
        while (groupAlive() && performance.now() < deadline)
          await new Promise((r) => setTimeout(r, 25));
        if (groupAlive()) signalGroup('SIGKILL');
        for (let i = 0; i < 200 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 10));
      }
      const code = await exited;
      child.stdin?.destroy();
      if (clock) removeFaketimeLeftovers(child.pid);
      return code;
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
