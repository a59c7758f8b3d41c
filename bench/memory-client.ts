/**
 * The client side of bench/memory-server.ts, shared by the memory bench (bench/memory.ts) and the
 * write soak (bench/write-soak.ts): start the server on core 0, read its `ready` line, send it
 * commands, follow its RSS from /proc, and send keep-alive requests to it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorldCredentials } from '../world/credentials.js';
import type { MemorySample } from './memory-server.js';

const here = dirname(fileURLToPath(import.meta.url));
export const MB = 1024 * 1024;
export const round1 = (x: number) => Math.round(x * 10) / 10;

/** What the server prints on its `ready` line. */
export interface Ready {
  control: string;
  urls: Record<string, string>;
  squareToken: string;
  erpToken: string;
  marketplace: WorldCredentials['marketplace'];
}

/** Resident set of a process from /proc (bytes); 0 off Linux. */
export function rssOf(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * bench/memory-server.js in its own process (default heap, `--expose-gc`), pinned to core 0 where
 * `taskset` exists. Its stdout is one line per answer.
 *
 * @example const server = new MemoryServer(runDir); const ready = await server.ready; await server.command('mem')
 */
export class MemoryServer {
  readonly child: ChildProcess;
  readonly ready: Promise<Ready>;
  /** Peak RSS seen by polling /proc every 250 ms (the GC'd samples miss the peak). */
  peakRss = 0;
  /** The process ended other than by `stop()` (out of memory, a crash). */
  died = false;
  private buffered = '';
  private readonly waiting: ((line: string) => void)[] = [];
  private readonly poll: ReturnType<typeof setInterval>;

  constructor(runDir: string) {
    const argv = ['--expose-gc', join(here, 'memory-server.js'), runDir];
    this.child = existsSync('/usr/bin/taskset')
      ? spawn('taskset', ['-c', '0', process.execPath, ...argv])
      : spawn(process.execPath, argv);
    this.child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
    this.child.once('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') this.died = true;
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('exit', (code) => reject(new Error(`memory server exited with ${code}`)));
      this.waiting.push((line) => resolve(JSON.parse(line.replace(/^ready /, '')) as Ready));
    });
    this.child.stdout!.on('data', (d: Buffer) => {
      this.buffered += d;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
    this.poll = setInterval(() => {
      const rss = this.rss();
      if (rss > this.peakRss) this.peakRss = rss;
    }, 250);
    this.poll.unref();
  }

  /** RSS now, from /proc. */
  rss(): number {
    return rssOf(this.child.pid);
  }

  /** `mem`: memory after a full GC and the size counters; `reset`: reset, then `mem`. */
  command(cmd: 'mem' | 'reset'): Promise<MemorySample> {
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(JSON.parse(line) as MemorySample));
      this.child.stdin!.write(`${cmd}\n`);
    });
  }

  stop(): void {
    clearInterval(this.poll);
    this.child.kill('SIGKILL');
  }
}

/**
 * One request on a keep-alive agent: status (0 when the connection failed) and body text (empty
 * with `keepBody: false`, which drains it unread: the soak's client keeps up at 1,000 writes/s).
 */
export function send(
  agent: Agent,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body = '',
  keepBody = true,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method, agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        if (keepBody) {
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
        } else res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(body);
  });
}

/**
 * An SP-API access token for the world's seller: the LWA refresh-token grant.
 *
 * @example const token = await lwaAccessToken(agent, ready)
 */
export async function lwaAccessToken(agent: Agent, ready: Ready): Promise<string> {
  const mp = ready.marketplace;
  const res = await send(
    agent,
    new URL('/auth/o2/token', ready.urls.marketplace),
    'POST',
    { 'content-type': 'application/x-www-form-urlencoded' },
    new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: mp.refreshToken,
      client_id: mp.clientId,
      client_secret: mp.clientSecret,
    }).toString(),
  );
  if (res.status !== 200) throw new Error(`LWA token: ${res.status} ${res.text}`);
  return (JSON.parse(res.text) as { access_token: string }).access_token;
}
