/**
 * `npm run bench`: throughput of the simulator pipeline against raw node:http, measured in the
 * same run on this machine, printed as JSON. Servers run on core 0 (taskset), the load generator
 * (autocannon) on core 1. Ratios, not absolute numbers, are the figure of merit: absolute req/s
 * drift between runs on shared machines.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 32;
const hasTaskset = existsSync('/usr/bin/taskset');

interface Measured {
  variant: string;
  reqPerSec: number;
  p99LatencyMs: number;
  errors: number;
  non2xx: number;
}

async function startServer(
  variant: string,
  runDir: string,
): Promise<{ port: number; child: ChildProcess }> {
  const args = [join(here, 'server.js'), variant, runDir];
  const child = hasTaskset
    ? spawn('taskset', ['-c', '0', process.execPath, ...args])
    : spawn(process.execPath, args);
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
    child.once('exit', (code) => reject(new Error(`bench server ${variant} exited with ${code}`)));
  });
  return { port, child };
}

async function measure(
  variant: string,
  path: string,
  headers: Record<string, string>,
  runDir: string,
): Promise<Measured> {
  const { port, child } = await startServer(variant, runDir);
  try {
    const url = `http://127.0.0.1:${port}${path}`;
    await autocannon({ url, headers, connections: CONNECTIONS, duration: 1 }); // warm-up (JIT)
    const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S });
    return {
      variant,
      reqPerSec: Math.round(r.requests.average),
      p99LatencyMs: r.latency.p99,
      errors: r.errors,
      non2xx: r.non2xx,
    };
  } finally {
    child.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  if (hasTaskset) spawnSync('taskset', ['-cp', '1', String(process.pid)]); // load generator on core 1
  const runDir = mkdtempSync(join(tmpdir(), 'omnichaos-bench-'));
  const auth = { authorization: 'Bearer kv-test-token' };
  const raw = await measure('raw', '/v1/things/1', {}, runDir);
  const pipeline = await measure('pipeline', '/v1/things/1', auth, runDir);
  const noJournal = await measure('pipeline-nojournal', '/v1/things/1', auth, runDir);
  const result = {
    bench: 'pipeline-vs-raw-node-http',
    node: process.version,
    durationSeconds: DURATION_S,
    connections: CONNECTIONS,
    pinned: hasTaskset,
    raw,
    pipeline,
    pipelineNoJournal: noJournal,
    ratio: Math.round((pipeline.reqPerSec / raw.reqPerSec) * 1000) / 1000,
    ratioNoJournal: Math.round((noJournal.reqPerSec / raw.reqPerSec) * 1000) / 1000,
    budget: { ratio: 0.5 },
  };
  console.log(JSON.stringify(result, null, 2));
}

void main();
