import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Who listens on a TCP port, from Linux's /proc (no extra tools): /proc/net/tcp and tcp6 give the
 * listening socket's inode, /proc/<pid>/fd links name the processes that hold it. Elsewhere, or
 * for another user's process, the owner is unknown (undefined), never guessed.
 */

export interface PortHolder {
  pid: number;
  /** Its command line, spaces between arguments. */
  command: string;
  /** Its process group. */
  pgid: number | undefined;
}

const LISTEN = '0A';

/** Inodes of the sockets listening on `port` (any local address, IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== LISTEN) continue;
      const local = cols[1]!;
      if (parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(cols[9]!);
    }
  }
  return inodes;
}

function readCommand(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '?';
  }
}

/** The process group of `pid` (field 5 of /proc/<pid>/stat, after the parenthesised name). */
export function processGroup(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgid = Number(fields[2]);
    return Number.isInteger(pgid) ? pgid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The processes listening on `port`, as far as /proc shows them (empty: nobody, or not visible).
 *
 * @example portHolders(8080) // [{ pid: 4242, command: 'node old-server.js', pgid: 4240 }]
 */
export function portHolders(port: number): PortHolder[] {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const holders: PortHolder[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  for (const p of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${p}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${p}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m && inodes.has(m[1]!)) {
        const pid = Number(p);
        holders.push({ pid, command: readCommand(pid), pgid: processGroup(pid) });
        break;
      }
    }
  }
  return holders;
}

/** True when nothing listens on 127.0.0.1:`port` (a bind attempt: works everywhere). */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * Why `port` cannot be the target's, or undefined when it is free.
 *
 * @example await portTaken(8080) // 'port 8080 is in use by pid 4242 (node old-server.js)'
 */
export async function portTaken(port: number): Promise<string | undefined> {
  const holders = portHolders(port);
  if (holders.length === 0 && (await portIsFree(port))) return undefined;
  if (holders.length === 0) return `port ${port} is in use (by a process this user cannot see)`;
  const who = holders.map((h) => `pid ${h.pid} (${h.command})`).join(', ');
  return `port ${port} is in use by ${who}`;
}

/**
 * The live (not zombie) processes of process group `pgid`, from /proc; undefined where /proc is
 * not there to ask.
 *
 * @example groupMembers(4240) // [4240, 4241, 4242]
 */
export function groupMembers(pgid: number): number[] | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  const members: number[] = [];
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(p));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}
