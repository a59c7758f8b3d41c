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
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
/** Interleaved rounds of the rule-cost variants (their median is reported). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 32;
const hasTaskset = existsSync('/usr/bin/taskset');

interface Measured {
  variant: string;
  reqPerSec: number;
  p50LatencyMs: number;
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
  connections = CONNECTIONS,
): Promise<Measured> {
  const { port, child } = await startServer(variant, runDir);
  try {
    const url = `http://127.0.0.1:${port}${path}`;
    await autocannon({ url, headers, connections, duration: 1 }); // warm-up (JIT)
    const r = await autocannon({ url, headers, connections, duration: DURATION_S });
    return {
      variant,
      reqPerSec: Math.round(r.requests.average),
      p50LatencyMs: r.latency.p50,
      p99LatencyMs: r.latency.p99,
      errors: r.errors,
      non2xx: r.non2xx,
    };
  } finally {
    child.kill('SIGKILL');
  }
}

/**
 * Injected-latency accuracy: sequential requests (no queueing) timed with performance.now(),
 * with and without a fixed 50 ms latency fault; the error is the p99 of the difference from
 * 50 ms beyond the server's own p99. Bounded: `n` requests per variant.
 */
/** Requests per latency-accuracy variant: a p99 over 200 samples is the 2nd-worst one, too noisy. */
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 1000);

async function latencyAccuracy(
  runDir: string,
  headers: Record<string, string>,
  n = LATENCY_SAMPLES,
) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const timeAll = async (variant: string) => {
    const { port, child } = await startServer(variant, runDir);
    try {
      const one = () =>
        new Promise<number>((resolve, reject) => {
          const t0 = performance.now();
          const req = request(
            { host: '127.0.0.1', port, path: '/v1/things/1', headers, agent },
            (res) => {
              res.resume();
              res.on('end', () => resolve(performance.now() - t0));
            },
          );
          req.on('error', reject);
          req.end();
        });
      for (let i = 0; i < 20; i++) await one(); // warm-up
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push(await one());
      return out.sort((a, b) => a - b);
    } finally {
      child.kill('SIGKILL');
    }
  };
  const p = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
  const base = await timeAll('engine-no-rules');
  const lat = await timeAll('latency-50ms');
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    targetMs: 50,
    requests: n,
    baselineP50Ms: r2(p(base, 0.5)),
    baselineP99Ms: r2(p(base, 0.99)),
    p50Ms: r2(p(lat, 0.5)),
    p99Ms: r2(p(lat, 0.99)),
    p50ErrorMs: r2(p(lat, 0.5) - 50 - p(base, 0.5)),
    p99ErrorMs: r2(p(lat, 0.99) - 50 - p(base, 0.99)),
  };
}

async function main(): Promise<void> {
  if (hasTaskset) spawnSync('taskset', ['-cp', '1', String(process.pid)]); // load generator on core 1
  const runDir = mkdtempSync(join(tmpdir(), 'omnichaos-bench-'));
  const auth = { authorization: 'Bearer kv-test-token' };
  const raw = await measure('raw', '/v1/things/1', {}, runDir);
  const pipeline = await measure('pipeline', '/v1/things/1', auth, runDir);
  const noJournal = await measure('pipeline-nojournal', '/v1/things/1', auth, runDir);
  // The rule-cost figures compare runs a few percent apart, less than the drift between
  // consecutive runs on a shared machine: interleave them (A B C, A B C, …) and keep each
  // variant's median run, so slow spells hit every variant alike.
  const rounds: Record<string, Measured[]> = {
    'engine-no-rules': [],
    'rules-inactive': [],
    'rules-active': [],
  };
  for (let round = 0; round < ROUNDS; round++)
    for (const variant of Object.keys(rounds))
      rounds[variant]!.push(await measure(variant, '/v1/things/1', auth, runDir));
  const median = (runs: Measured[]) =>
    [...runs].sort((a, b) => a.reqPerSec - b.reqPerSec)[Math.floor(runs.length / 2)]!;
  const engine = median(rounds['engine-no-rules']!);
  const inactive = median(rounds['rules-inactive']!);
  const active = median(rounds['rules-active']!);
  const latencyInjection = await latencyAccuracy(runDir, auth);
  const ratio = (a: Measured, b: Measured) => Math.round((a.reqPerSec / b.reqPerSec) * 1000) / 1000;
  const result = {
    bench: 'pipeline-vs-raw-node-http',
    node: process.version,
    durationSeconds: DURATION_S,
    ruleCostRounds: ROUNDS,
    connections: CONNECTIONS,
    pinned: hasTaskset,
    raw,
    pipeline,
    pipelineNoJournal: noJournal,
    ratio: Math.round((pipeline.reqPerSec / raw.reqPerSec) * 1000) / 1000,
    ratioNoJournal: Math.round((noJournal.reqPerSec / raw.reqPerSec) * 1000) / 1000,
    chaos: {
      engineNoRules: engine,
      rules100Inactive: inactive,
      rules100Active: active,
      costInactive: Math.round((1 - ratio(inactive, engine)) * 1000) / 1000,
      costActive: Math.round((1 - ratio(active, engine)) * 1000) / 1000,
      latencyInjection,
    },
    budget: { ratio: 0.5, chaosCost: 0.1, latencyP99ErrorMs: 2 },
  };
  console.log(JSON.stringify(result, null, 2));
}

void main();
