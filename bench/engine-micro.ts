/**
 * The chaos engine's own cost per request, without sockets: the pipeline is called in-process
 * (`runtime.handle`) for four variants — no engine, engine with no rules, 100 inactive rules,
 * 100 active non-firing rules — in small interleaved batches (A B C D, A B C D, …), so a slow
 * spell of the machine hits every variant alike. Socket throughput runs minutes apart drift by
 * more than the effect (see the #5 notes); batches milliseconds apart do not.
 *
 * The cost is reported two ways:
 * - `inProcessCost`: extra time per request over the engine with no rules, as a fraction of the
 *   in-process request time. An upper bound — no socket work in the denominator.
 * - `costAtSocketRate(reqPerSec)`: the same extra time as a fraction of one request's share of a
 *   core at the given node:http throughput (what the ≤ 10% budget is about).
 */
import { performance } from 'node:perf_hooks';
import { Journal } from '../journal/journal.js';
import { simRequest } from '../simulators/core/in-process.js';
import { createSimulatorRuntime } from '../simulators/core/simulator-runtime.js';
import { kvSimulator, KV_TOKEN } from '../simulators/kv/index.js';
import { createRealClock } from '../runtime/real-time.js';
import { createWorld } from '../world/index.js';
import { idleRules, withRules } from './rules.js';

export type EngineVariant = 'no-engine' | 'engine-no-rules' | 'rules-inactive' | 'rules-active';
const VARIANTS: EngineVariant[] = [
  'no-engine',
  'engine-no-rules',
  'rules-inactive',
  'rules-active',
];

function build(variant: EngineVariant) {
  const clock = createRealClock({ startMs: Date.UTC(2026, 10, 27, 10), speed: 1 });
  const journal = new Journal({ clock, keepInMemory: 1_000 });
  const runtime = createSimulatorRuntime(kvSimulator, {
    world: createWorld(1, { skus: 5, stores: 1, customers: 10 }),
    clock,
    journal,
  });
  runtime.state.things.set('1', { id: '1', name: 'bench item', createdAt: '2026-11-27' });
  if (variant !== 'no-engine') {
    const rules =
      variant === 'rules-inactive'
        ? idleRules('inactive')
        : variant === 'rules-active'
          ? idleRules('active')
          : [];
    withRules(runtime, clock, journal, rules);
  }
  return runtime;
}

export interface EngineMicroResult {
  batch: number;
  rounds: number;
  /** Median µs per request of each variant's batches. */
  usPerRequest: Record<EngineVariant, number>;
  /** Extra µs per request over `engine-no-rules`. */
  extraUs: { inactive: number; active: number };
  inProcessCost: { inactive: number; active: number };
}

/**
 * @example const r = await engineMicro({ batch: 500, rounds: 60 })
 */
export async function engineMicro(options: {
  batch: number;
  rounds: number;
}): Promise<EngineMicroResult> {
  const runtimes = Object.fromEntries(VARIANTS.map((v) => [v, build(v)])) as Record<
    EngineVariant,
    ReturnType<typeof build>
  >;
  const headers = { authorization: `Bearer ${KV_TOKEN}` };
  const samples: Record<EngineVariant, number[]> = {
    'no-engine': [],
    'engine-no-rules': [],
    'rules-inactive': [],
    'rules-active': [],
  };
  const runBatch = async (variant: EngineVariant): Promise<number> => {
    const rt = runtimes[variant];
    const t0 = performance.now();
    for (let i = 0; i < options.batch; i++) {
      const out = await rt.handle(simRequest('GET', '/v1/things/1', undefined, headers));
      if (out.kind !== 'respond' || out.response.status !== 200)
        throw new Error(`bench request failed in ${variant}`);
    }
    return ((performance.now() - t0) * 1000) / options.batch;
  };
  for (let w = 0; w < 3; w++) for (const v of VARIANTS) await runBatch(v); // JIT warm-up
  for (let round = 0; round < options.rounds; round++) {
    // Rotate the order each round so no variant always runs right after another.
    for (let k = 0; k < VARIANTS.length; k++) {
      const v = VARIANTS[(round + k) % VARIANTS.length]!;
      samples[v].push(await runBatch(v));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const us = Object.fromEntries(VARIANTS.map((v) => [v, round3(median(samples[v]))])) as Record<
    EngineVariant,
    number
  >;
  const base = us['engine-no-rules'];
  const extra = {
    inactive: round3(us['rules-inactive'] - base),
    active: round3(us['rules-active'] - base),
  };
  return {
    batch: options.batch,
    rounds: options.rounds,
    usPerRequest: us,
    extraUs: extra,
    inProcessCost: { inactive: round3(extra.inactive / base), active: round3(extra.active / base) },
  };
}

/** Extra µs per request as a fraction of a request's share of a core at `reqPerSec`. */
export function costAtSocketRate(extraUs: number, reqPerSec: number): number {
  return round3((extraUs * reqPerSec) / 1e6);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

// `node dist/bench/engine-micro.js` on its own prints the in-process figures.
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await engineMicro({
    batch: Number(process.env.BENCH_BATCH ?? 500),
    rounds: Number(process.env.BENCH_MICRO_ROUNDS ?? 60),
  });
  console.log(JSON.stringify(r, null, 2));
}
