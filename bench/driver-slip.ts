/**
 * Schedule slippage of the built-in demand driver (docs/architecture.md: open model, arrivals on time
 * whatever the target does). A marketplace channel at `rate` arrivals per second, real clock at
 * speed 1, simulators in this process (each arrival creates an SP-API order, as in a run); the
 * driver journals each arrival's slip (how late, in wall ms, it got to it). Run as a child:
 *   node dist/bench/driver-slip.js [rate] [seconds]   → prints one JSON line
 */
import { performance } from 'node:perf_hooks';
import { startSimulators } from '../runtime/start-simulators.js';
import { startDemand } from '../runner/driver.js';
import { parseScenario } from '../scenarios/load.js';

export interface DriverSlip {
  ratePerSec: number;
  seconds: number;
  arrivals: number;
  expected: number;
  achievedPerSec: number;
  slipP50Ms: number;
  slipP99Ms: number;
  slipMaxMs: number;
}

async function main(): Promise<void> {
  const rate = Number(process.argv[2] ?? 2000);
  const seconds = Number(process.argv[3] ?? 10);
  const scenario = parseScenario(
    [
      'version: 1',
      'name: driver-slip',
      'seed: 1',
      `clock: { duration: ${seconds}s, speed: 1 }`,
      'world: { skus: 200, warehouses: 1, stores: 1, customers: 1000 }',
      `demand: { marketplace: { stages: [ { for: ${seconds}s, rate: ${rate}/s } ] } }`,
    ].join('\n'),
    'driver-slip.yaml',
  );
  await using sims = await startSimulators({
    seed: scenario.seed,
    worldSize: scenario.world,
    port: 0,
    speed: 1,
    startMs: scenario.clock.startMs,
  });
  const slips: number[] = [];
  sims.journal.subscribe((e) => {
    if (e.type === 'demand:arrival') slips.push(e.slipMs as number);
  });
  const t0 = performance.now();
  const driver = startDemand({
    scenario,
    clock: sims.clock,
    journal: sims.journal,
    simulators: sims.simulators,
    startMs: sims.clock.now(),
  });
  await new Promise((done) => setTimeout(done, seconds * 1000 + 500));
  driver.stop();
  const wall = (performance.now() - t0) / 1000;
  slips.sort((a, b) => a - b);
  const p = (q: number) => slips[Math.min(slips.length - 1, Math.floor(q * slips.length))] ?? NaN;
  const result: DriverSlip = {
    ratePerSec: rate,
    seconds,
    arrivals: slips.length,
    expected: rate * seconds,
    achievedPerSec: Math.round(slips.length / Math.min(wall, seconds)),
    slipP50Ms: p(0.5),
    slipP99Ms: p(0.99),
    slipMaxMs: slips.at(-1) ?? NaN,
  };
  console.log(JSON.stringify(result));
}

void main().then(() => process.exit(0));
