import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../runner/run.js';
import {
  faketimeSpec,
  findLibfaketime,
  LIBFAKETIME_ENV,
  resolveTargetClock,
} from '../../runner/target-clock.js';
import { parseScenario } from '../../scenarios/load.js';
import { havePython, PYTHON } from '../support/python-target.js';

/**
 * The target in scenario time (docs/decisions/0011-target-clock.md): a Node and a Python target
 * started by `run` at speed 20 read a clock within a second of scenario time. Each target asks the
 * control plane for the simulators' clock and writes down its own clock around the request; the
 * round trip bounds how far apart the two readings can be.
 */

const lib = findLibfaketime();
if (!lib.path && process.env.CI)
  throw new Error(
    `libfaketime not found (${lib.why}): .ci/run installs it (apt-get install faketime)`,
  );
if (!lib.path)
  console.warn(
    `[target clock] the scenario-time runs are skipped: ${lib.why}. To run them: apt-get install faketime (or set ${LIBFAKETIME_ENV}).`,
  );

/** Every 2 s of its own time: { mine: its clock mid-request, rtt, sim: the simulators' clock }. */
const NODE_TARGET = `
import { createServer } from 'node:http';
import { appendFileSync } from 'node:fs';
createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
const sample = async () => {
  const t0 = Date.now();
  const h = await (await fetch(process.env.OMNICHAOS_CONTROL_URL + '/_omnichaos/health')).json();
  const t1 = Date.now();
  appendFileSync(process.env.CLOCK_LOG, JSON.stringify({ mine: (t0 + t1) / 2, rtt: t1 - t0, sim: h.clock.now, paused: h.clock.paused }) + '\\n');
};
setInterval(() => sample().catch(() => undefined), 2000);
`;

const PYTHON_TARGET = `
import json, os, threading, time, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args):
        pass

def sample():
    while True:
        time.sleep(2)
        try:
            t0 = time.time()
            with urllib.request.urlopen(os.environ["OMNICHAOS_CONTROL_URL"] + "/_omnichaos/health") as r:
                h = json.load(r)
            t1 = time.time()
            with open(os.environ["CLOCK_LOG"], "a") as f:
                f.write(json.dumps({"mine": (t0 + t1) / 2 * 1000, "rtt": (t1 - t0) * 1000,
                                    "sim": h["clock"]["now"], "paused": h["clock"]["paused"]}) + "\\n")
        except OSError:
            pass

threading.Thread(target=sample, daemon=True).start()
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Health).serve_forever()
`;

interface Sample {
  mine: number;
  rtt: number;
  sim: string;
  paused: boolean;
}

async function samplesOf(command: (dir: string) => string, tag: string) {
  const dir = mkdtempSync(join(tmpdir(), `omnichaos-clock-${tag}-`));
  const log = join(dir, 'clock.ndjson');
  writeFileSync(log, '');
  const scenario = parseScenario(
    [
      'version: 1',
      `name: target-clock-${tag}`,
      'seed: 1',
      'clock: { duration: 2m, speed: 20 }',
      'world: { skus: 5, warehouses: 1, stores: 1, customers: 10 }',
    ].join('\n'),
    'target-clock.yaml',
  );
  const out: string[] = [];
  const result = await runScenario({
    scenario,
    targetCmd: command(dir),
    targetEnv: { CLOCK_LOG: log },
    targetClock: 'scenario',
    outDir: join(dir, 'run'),
    out: (line) => out.push(line),
  });
  expect(result.error, out.join('\n')).toBeUndefined();
  const started = readFileSync(join(dir, 'run', 'journal.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; clock?: string })
    .find((e) => e.type === 'target:started');
  expect(started?.clock).toBe('scenario');
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Sample)
    .filter((s) => !s.paused);
}

function expectWithinASecond(samples: Sample[]): void {
  // Two minutes of scenario time, a sample every two: dozens, unless the target never ran.
  expect(samples.length).toBeGreaterThanOrEqual(10);
  for (const s of samples) {
    const apart = Math.abs(s.mine - Date.parse(s.sim));
    // The simulators' clock was read somewhere inside the target's round trip.
    expect(apart - s.rtt / 2, JSON.stringify(s)).toBeLessThanOrEqual(1000);
  }
}

describe.skipIf(!lib.path)('a target started by run reads scenario time (libfaketime)', () => {
  it('Node: Date.now() and its timers follow scenario time at speed 20, within a second', async () => {
    const samples = await samplesOf((dir) => {
      writeFileSync(join(dir, 'target.mjs'), NODE_TARGET);
      return `node "${join(dir, 'target.mjs')}"`;
    }, 'node');
    expectWithinASecond(samples);
    // Its 2-second interval is 2 s of scenario time: ~60 samples in two scenario minutes (a wall
    // clock interval would give 3).
    expect(samples.length).toBeGreaterThan(30);
  }, 60_000);

  it.skipIf(!havePython)(
    'Python: time.time() and time.sleep follow scenario time at speed 20, within a second',
    async () => {
      const samples = await samplesOf((dir) => {
        writeFileSync(join(dir, 'target.py'), PYTHON_TARGET);
        return `"${PYTHON}" "${join(dir, 'target.py')}"`;
      }, 'python');
      expectWithinASecond(samples);
      expect(samples.length).toBeGreaterThan(30);
    },
    60_000,
  );
});

describe('--target-clock: which clock, and when it cannot be had', () => {
  const none = { [LIBFAKETIME_ENV]: '/nonexistent/libfaketime.so.1' };

  it('scenario without libfaketime fails loudly with the fix', () => {
    expect(() => resolveTargetClock('scenario', true, none)).toThrow(
      /does not exist; install libfaketime \(Debian\/Ubuntu: apt-get install faketime.*--target-clock wall/,
    );
  });

  it('auto without libfaketime falls back to the wall clock with a one-line warning', () => {
    const r = resolveTargetClock('auto', true, none);
    expect(r.mode).toBe('wall');
    expect(r.warning).toMatch(/^the target runs on the wall clock \(.*apt-get install faketime/);
    expect(r.warning).not.toContain('\n');
  });

  it('an external target keeps its own clock; asking for scenario time for it is an error', () => {
    expect(resolveTargetClock('auto', false).mode).toBe('wall');
    expect(() => resolveTargetClock('scenario', false)).toThrow(/needs a target the runner starts/);
  });

  it('wall is wall', () => expect(resolveTargetClock('wall', true)).toEqual({ mode: 'wall' }));

  it('writes the settings libfaketime parses: a sign, a decimal point, no exponent', () => {
    expect(faketimeSpec(-661048.39709, 20)).toBe('-661048.397090 x20');
    expect(faketimeSpec(12.5, 1)).toBe('+12.500000 x1');
    expect(faketimeSpec(0, 0.5)).toBe('+0.000000 x0.5');
  });
});
