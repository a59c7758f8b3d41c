import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChaosEngine } from '../../chaos/engine.js';
import type { FaultRule } from '../../scenarios/types.js';
import { VirtualClock } from '../../simulators/core/clock.js';
import { Journal } from '../../journal/journal.js';
import { createSimulatorRuntime, fetchDeliver } from '../../simulators/core/simulator-runtime.js';
import { serveNodeHttp } from '../../simulators/transports/node-http.js';
import { KV_TOKEN, kvSimulator } from '../../simulators/kv/index.js';
import { createWorld } from '../../world/index.js';

export const START = Date.UTC(2026, 10, 27, 10);
export const auth = { authorization: `Bearer ${KV_TOKEN}` };

/** Build a fault rule with defaults, as a scenario would normalise it. */
export function rule(
  type: FaultRule['type'],
  params: Record<string, unknown> = {},
  extra: Partial<FaultRule> = {},
): FaultRule {
  return {
    kind: 'fault',
    id: `${type}-1`,
    type,
    match: {},
    window: { fromMs: 0 },
    frequency: { kind: 'always' },
    params,
    ...extra,
  };
}

/** A webhook receiver on 127.0.0.1 that records bodies in arrival order. */
export async function receiver(): Promise<{ url: string; bodies: string[]; close: () => void }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => server.close(),
  };
}

/**
 * The KV simulator on a real node:http port, a virtual clock, and a chaos engine with `rules`.
 *
 * @example await using h = await chaosHarness([rule('error', { status: 503 })]);
 */
export async function chaosHarness(
  rules: FaultRule[],
  options: { seed?: number; webhookUrl?: string } = {},
) {
  const clock = new VirtualClock({ startMs: START, speed: 1 });
  const journal = new Journal({ clock });
  const runtime = createSimulatorRuntime(kvSimulator, {
    world: createWorld(1, { skus: 3, stores: 1, customers: 3 }),
    clock,
    journal,
    deliver: fetchDeliver,
    webhookUrl: options.webhookUrl,
  });
  runtime.state.things.set('1', { id: '1', name: 'lamp', createdAt: '2026-11-27T10:00:00.000Z' });
  runtime.state.nextId = 2;
  const server = await serveNodeHttp(runtime.handle, { delay: (ms) => clock.delay(ms) });
  const engine = new ChaosEngine({
    seed: options.seed ?? 42,
    clock,
    journal,
    startMs: START,
    simulators: { kv: runtime },
    refusers: { kv: (on) => server.setRefusing(on) },
  });
  for (const r of rules) engine.add(r);
  const call = (path: string, init: RequestInit = {}) =>
    fetch(server.url + path, {
      ...init,
      headers: { ...auth, ...(init.headers as Record<string, string>) },
    });
  /** Wait (real I/O turns, not time) until the journal shows `n` applied faults. */
  const applied = async (n = 1) => {
    for (let i = 0; i < 2_000 && journal.query({ type: 'fault:applied' }).length < n; i++)
      await new Promise((r) => setImmediate(r));
    return journal.query({ type: 'fault:applied' });
  };
  const close = async () => {
    engine.clear();
    await server.close();
  };
  return {
    clock,
    journal,
    runtime,
    server,
    engine,
    call,
    applied,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** True if the promise has settled within a few I/O turns. */
export async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
  return done;
}
