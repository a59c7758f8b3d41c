/**
 * The bench's client side: start a bench server child on core 0 (`taskset`), drive it with
 * autocannon from this process (core 1), and run the one-shot bench children.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
export const hasTaskset = existsSync('/usr/bin/taskset');
export const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
export const CONNECTIONS = 32;

export interface Measured {
  variant: string;
  reqPerSec: number;
  /**
   * Server CPU (user + system) per request during the measured run, from /proc — independent
   * of whether the server or the load generator was the bottleneck. Undefined off Linux.
   */
  cpuUsPerRequest?: number;
  p50LatencyMs: number;
  p99LatencyMs: number;
  errors: number;
  non2xx: number;
}

export interface BenchServer {
  port: number;
  /** What the server printed after its port (a token, …). */
  info: Record<string, string>;
  child: ChildProcess;
  /** Lines the server printed after `ready` (e.g. `mem {…}`). */
  lines: string[];
}

/** Spawn a bench script pinned to core 0. */
function spawnPinned(
  script: string,
  args: string[],
  env?: Record<string, string>,
  nodeFlags: string[] = [],
): ChildProcess {
  const argv = [...nodeFlags, join(here, script), ...args];
  const options = { env: { ...process.env, ...env } };
  return hasTaskset
    ? spawn('taskset', ['-c', '0', process.execPath, ...argv], options)
    : spawn(process.execPath, argv, options);
}

/**
 * @example const { port, child } = await startServer('square', runDir)
 */
export async function startServer(
  variant: string,
  runDir: string,
  env?: Record<string, string>,
): Promise<BenchServer> {
  const child = spawnPinned('server.js', [variant, runDir], env);
  const lines: string[] = [];
  return new Promise<BenchServer>((resolve, reject) => {
    let buffered = '';
    let ready = false;
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const m = /^ready (\d+)(?: (.*))?$/.exec(line);
        if (m && !ready) {
          ready = true;
          resolve({ port: Number(m[1]), info: m[2] ? JSON.parse(m[2]) : {}, child, lines });
        } else lines.push(line);
      }
    });
    child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`bench server ${variant} exited with ${code}`));
    });
  });
}

export interface Load {
  path: string;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
  connections?: number;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; Linux only. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may hold spaces, so split after its closing paren).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** One autocannon measurement after a 1 s warm-up, against a server already started. */
export async function hammer(
  variant: string,
  port: number,
  load: Load,
  pid?: number,
): Promise<Measured> {
  const opts = {
    url: `http://127.0.0.1:${port}${load.path}`,
    headers: load.headers,
    method: load.method ?? 'GET',
    body: load.body,
    connections: load.connections ?? CONNECTIONS,
  };
  await autocannon({ ...opts, duration: 1 }); // warm-up (JIT)
  const cpu0 = cpuSeconds(pid);
  const r = await autocannon({ ...opts, duration: DURATION_S });
  const cpu1 = cpuSeconds(pid);
  return {
    variant,
    reqPerSec: Math.round(r.requests.average),
    cpuUsPerRequest:
      cpu0 === undefined || cpu1 === undefined || r.requests.total === 0
        ? undefined
        : round3(((cpu1 - cpu0) * 1e6) / r.requests.total),
    p50LatencyMs: r.latency.p50,
    p99LatencyMs: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

/** Start a variant, measure it, stop it. */
export async function measure(
  variant: string,
  runDir: string,
  load: Load,
  prepare?: (server: BenchServer) => Promise<Load>,
): Promise<Measured> {
  const server = await startServer(variant, runDir);
  try {
    const actual = prepare ? await prepare(server) : load;
    return await hammer(variant, server.port, actual, server.child.pid);
  } finally {
    server.child.kill('SIGKILL');
  }
}

/** Run a one-shot bench child on core 0 and parse the JSON line it prints. */
export async function runChild<T>(
  script: string,
  args: string[],
  env?: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<T> {
  const child = spawnPinned(script, args, env, nodeFlags);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  // The result is the last JSON document printed: one line, or a pretty-printed object.
  const text = out.trim();
  const start = text.endsWith('}') ? text.lastIndexOf('\n{') + 1 : -1;
  if (code !== 0 || start < 0)
    throw new Error(`bench child ${script} exited with ${code}: ${out.slice(-500)}`);
  return JSON.parse(text.slice(start)) as T;
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
