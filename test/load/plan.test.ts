import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  arrivalRequest,
  demandProblem,
  parsePlan,
  planDriftProblem,
  type Plan,
  type WallStage,
} from '../../load/lib/plan.js';
import {
  curveArea,
  demandScenarios,
  timeUnitFor,
  toArrivalRate,
  vusFor,
  type ArrivalRate,
} from '../../load/lib/stages.js';
import { minArrivals } from '../../load/lib/thresholds.js';
import { compilePlan, mountPlan, type CompiledPlan } from '../../runner/plan.js';
import { startSimulators, type StartedSimulators } from '../../runtime/start-simulators.js';
import { loadScenarioFile } from '../../scenarios/load.js';
import type { Scenario } from '../../scenarios/types.js';

/**
 * k6's arrival rate at wall second `t` for `ramping-arrival-rate` settings, as k6 computes it
 * (grafana/k6 lib/executor/ramping_arrival_rate.go, `cal`): linear from the previous target
 * (`startRate` first) to each stage's target over its duration, all divided by `timeUnit`; a
 * zero-length stage moves the rate at once.
 */
function k6RateAt(r: ArrivalRate, t: number): number {
  let from = r.startRate / r.timeUnitS;
  let start = 0;
  for (const s of r.stages) {
    const d = durationS(s.duration);
    const to = s.target / r.timeUnitS;
    if (d > 0 && t < start + d) return from + ((to - from) * (t - start)) / d;
    start += d;
    from = to;
  }
  return from;
}

/** The plan's own rate at wall second `t`. */
function planRateAt(stages: WallStage[], t: number): number {
  let start = 0;
  for (const s of stages) {
    if (t < start + s.durationS)
      return s.fromPerSec + ((s.toPerSec - s.fromPerSec) * (t - start)) / s.durationS;
    start += s.durationS;
  }
  return stages.at(-1)?.toPerSec ?? 0;
}

function durationS(text: string): number {
  const m = /^(\d+)(ms|s)$/.exec(text);
  if (!m) throw new Error(`not a k6 duration this module writes: ${text}`);
  return m[2] === 'ms' ? Number(m[1]) / 1000 : Number(m[1]);
}

/** k6 would start this many iterations: one each time the area under the curve crosses 1, 2, … */
function k6Area(r: ArrivalRate): number {
  let from = r.startRate / r.timeUnitS;
  let area = 0;
  for (const s of r.stages) {
    const to = s.target / r.timeUnitS;
    area += ((from + to) / 2) * durationS(s.duration);
    from = to;
  }
  return area;
}

describe('toArrivalRate: the plan curve as k6 ramping-arrival-rate settings', () => {
  it('holds a constant fractional rate with a timeUnit that makes it whole', () => {
    expect(toArrivalRate([{ durationS: 12, fromPerSec: 0.3, toPerSec: 0.3 }])).toEqual({
      timeUnitS: 10,
      startRate: 3,
      stages: [{ duration: '12000ms', target: 3 }],
    });
  });

  it('ramps from startRate to each stage end, and jumps with a zero-length stage at a step', () => {
    const r = toArrivalRate([
      { durationS: 24, fromPerSec: 4, toPerSec: 16 },
      { durationS: 18, fromPerSec: 20, toPerSec: 20 },
      { durationS: 30, fromPerSec: 16, toPerSec: 6 },
    ]);
    expect(r).toEqual({
      timeUnitS: 1,
      startRate: 4,
      stages: [
        { duration: '24000ms', target: 16 },
        { duration: '0s', target: 20 },
        { duration: '18000ms', target: 20 },
        { duration: '0s', target: 16 },
        { duration: '30000ms', target: 6 },
      ],
    });
  });

  it('picks the smallest whole-second timeUnit for all rates together (at most 1000 s)', () => {
    expect(timeUnitFor([0.3, 0.5])).toBe(10);
    expect(timeUnitFor([0.3, 0.25])).toBe(20);
    expect(timeUnitFor([0.001])).toBe(1000);
    expect(timeUnitFor([0, 2, 7])).toBe(1);
    // more than three decimals: rounded to 1/1000 per second first
    expect(toArrivalRate([{ durationS: 1, fromPerSec: 0.33333, toPerSec: 0.33333 }])).toMatchObject(
      { timeUnitS: 1000, startRate: 333 },
    );
    expect(() => timeUnitFor([-1])).toThrow('an arrival rate must be a number >= 0, got -1');
    expect(() => toArrivalRate([])).toThrow('a channel needs at least one stage');
  });
});

describe('against a real compiled plan', () => {
  let sims: StartedSimulators;
  let scenario: Scenario;
  let compiled: CompiledPlan;

  beforeAll(async () => {
    scenario = await loadScenarioFile('scenarios/black-friday.yaml');
    sims = await startSimulators({ seed: scenario.seed, port: 0, worldSize: scenario.world });
    compiled = compilePlan(scenario, sims.endpoints(), {
      driver: 'external',
      startMs: sims.startMs,
      seed: scenario.seed,
      speed: scenario.clock.speed,
    });
    mountPlan(sims.controlPlane, () => compiled);
  });
  afterAll(() => sims.close());

  it('a CompiledPlan is a Plan (the k6 typedef cannot drift from runner/plan.ts)', () => {
    const plan: Plan = compiled; // checked by `npm run typecheck`
    expect(plan.demand.map((c) => c.channel)).toEqual(['marketplace-order', 'pos-sale']);
  });

  it('k6 offers the plan rate at every moment, and the same arrivals in total', () => {
    for (const channel of compiled.demand) {
      const r = toArrivalRate(channel.wallStages);
      const total = channel.wallStages.reduce((s, x) => s + x.durationS, 0);
      for (let t = 0.05; t < total; t += 0.25)
        expect(k6RateAt(r, t)).toBeCloseTo(planRateAt(channel.wallStages, t), 9);
      expect(k6Area(r)).toBeCloseTo(curveArea(channel.wallStages), 6);
      expect(Math.round(curveArea(channel.wallStages))).toBe(channel.expectedArrivals);
      // what channel-demand.js requires of one instance, and of each of four
      expect(minArrivals(channel.wallStages, 1)).toBe(
        Math.floor(curveArea(channel.wallStages)) - 1,
      );
      expect(minArrivals(channel.wallStages, 4)).toBeLessThan(channel.expectedArrivals / 4);
    }
  });

  it('builds one ramping-arrival-rate scenario per channel, with VUs for its peak', () => {
    const scenarios = demandScenarios(compiled, 'arrive');
    expect(Object.keys(scenarios)).toEqual(['marketplace-order', 'pos-sale']);
    expect(scenarios['pos-sale']).toMatchObject({
      executor: 'ramping-arrival-rate',
      exec: 'arrive',
      startRate: 6, // 0.3/s × speed 20
      timeUnit: '1s',
      tags: { channel: 'pos-sale' },
      ...vusFor(40), // the 2/s spike × 20
    });
  });

  it('reads the plan as served over HTTP, and finds no drift against itself', async () => {
    const res = await fetch(`${sims.controlUrl}/_omnichaos/plan`);
    const plan = parsePlan(await res.text(), 'GET /_omnichaos/plan');
    expect(demandProblem(plan)).toBeUndefined();
    expect(planDriftProblem(compiled, plan)).toBeUndefined();
    const sped = { ...plan, clock: { ...plan.clock, speed: 10 } };
    expect(planDriftProblem(compiled, sped)).toContain('save it again with "curl -fsS');
    const { url, name } = arrivalRequest(sims.controlUrl, plan.demand[0]!.path, 41);
    expect(url).toBe(`${sims.controlUrl}/_omnichaos/demand/marketplace-order/41`);
    expect(name).toBe('/_omnichaos/demand/marketplace-order/{index}');
  });

  it('refuses to double the demand when omnichaos places it itself (up --demand)', () => {
    const builtIn = compilePlan(scenario, sims.endpoints(), {
      driver: 'built-in',
      startMs: sims.startMs,
      seed: scenario.seed,
      speed: scenario.clock.speed,
    });
    expect(demandProblem(builtIn)).toMatch(
      /already placing scenario "black-friday"'s demand .* without --demand/,
    );
    const none = compilePlan(undefined, sims.endpoints(), {
      driver: 'external',
      startMs: sims.startMs,
      seed: 1,
      speed: 1,
    });
    expect(demandProblem(none)).toContain('started without a scenario');
  });
});

describe('parsePlan and arrivalRequest', () => {
  it('says how to save a plan when the file is not one', () => {
    expect(() => parsePlan('<html>', 'plan.json')).toThrow(
      /plan.json: not JSON; save it with "curl/,
    );
    expect(() => parsePlan('{"version":2}', 'plan.json')).toThrow('not a version 1 omnichaos plan');
  });

  it('wants a non-negative whole index', () => {
    expect(() => arrivalRequest('http://x', '/d/{index}', -1)).toThrow('non-negative integer');
    expect(arrivalRequest('http://x/', '/d/{index}', 0).url).toBe('http://x/d/0');
  });
});
