import { parseArgs } from 'node:util';
import { mountDashboard } from '../../dashboard/index.js';
import { startSimulators, type Endpoints } from '../../runtime/start-simulators.js';
import { loadScenarioFile } from '../../scenarios/load.js';
import { startDemand, type DemandDriver } from '../../runner/driver.js';
import { compilePlan, mountPlan } from '../../runner/plan.js';
import { quotaConfig } from '../../runner/quotas.js';
import type { Scenario } from '../../scenarios/schema.js';
import { untilInterrupted, UsageError, type Io } from '../io.js';
import type { Command } from '../main.js';

export const upCommand: Command = {
  name: 'up',
  summary: 'start the simulators and the control plane on 127.0.0.1 until Ctrl-C',
  usage:
    "omnichaos up [--port 4000] [--seed 42] [--scenario file.yaml [--demand]] [--speed 1] [--run-dir DIR] [--host 127.0.0.1 --token SECRET]\n  e.g.  omnichaos up --seed 7\n        omnichaos up --scenario scenarios/black-friday.yaml --demand   (the scenario's demand and faults, live)",
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string', default: '4000' },
        host: { type: 'string', default: '127.0.0.1' },
        seed: { type: 'string' },
        scenario: { type: 'string' },
        speed: { type: 'string' },
        'run-dir': { type: 'string' },
        token: { type: 'string' },
        demand: { type: 'boolean', default: false },
      },
    });
    if (values.demand && !values.scenario)
      throw new UsageError('--demand places the demand a scenario describes: add --scenario FILE');
    const scenario: Scenario | undefined = values.scenario
      ? await loadScenarioFile(values.scenario)
      : undefined;
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_000)
      throw new UsageError(`--port expects a port number, got "${values.port}"`);
    if (values.host !== '127.0.0.1' && values.host !== 'localhost' && !values.token) {
      throw new UsageError('binding beyond loopback exposes the control plane: add --token SECRET');
    }
    const seed = values.seed !== undefined ? Number(values.seed) : (scenario?.seed ?? 42);
    if (!Number.isInteger(seed) || seed < 0)
      throw new UsageError(`--seed expects a non-negative integer, got "${values.seed}"`);
    const speed = values.speed !== undefined ? Number(values.speed) : (scenario?.clock.speed ?? 1);
    if (!(speed > 0)) throw new UsageError(`--speed expects a number > 0, got "${values.speed}"`);

    const sims = await startSimulators({
      seed,
      port,
      host: values.host,
      speed,
      startMs: scenario?.clock.startMs,
      worldSize: scenario?.world,
      webhooks: scenario?.target?.webhooks,
      runDir: values['run-dir'],
      controlToken: values.token,
      // A scenario brings its fault timeline (windows count from now) and its simulator settings.
      faults: scenario?.faults,
      config: scenario
        ? quotaConfig({ ...scenario, clock: { ...scenario.clock, speed } })
        : undefined,
      announce: scenario ? { scenario: { ...scenario, seed } } : undefined,
    });
    mountPlan(sims.controlPlane, () =>
      compilePlan(scenario, sims.endpoints(), {
        driver: values.demand ? 'built-in' : 'external',
        startMs: sims.startMs,
        seed,
        speed,
      }),
    );
    const dashboard = mountDashboard(sims);
    let driver: DemandDriver | undefined;
    if (scenario && values.demand)
      driver = startDemand({
        scenario: { ...scenario, seed },
        clock: sims.clock,
        journal: sims.journal,
        simulators: sims.simulators,
        startMs: sims.startMs,
      });
    printBanner(
      io,
      seed,
      sims.endpoints(),
      // The browser's way in behind a token: once with ?token=, then a cookie (control-plane.ts).
      values.token ? `${dashboard.url}?token=<your --token>` : dashboard.url,
    );
    if (driver) io.out(`Demand: the built-in driver places ${scenario!.name}'s arrivals now.`);
    await untilInterrupted();
    io.out('stopping…');
    driver?.stop();
    await sims.close();
    return 0;
  },
};

function printBanner(io: Io, seed: number, endpoints: Endpoints, dashboardUrl: string): void {
  const lines = [
    `omnichaos up — seed ${seed}`,
    `  control   ${endpoints.control}/_omnichaos/health`,
    `  dashboard ${dashboardUrl}`,
  ];
  for (const [name, sim] of Object.entries(endpoints.simulators)) {
    lines.push(`  ${name.padEnd(9)} ${sim.url}  (${sim.dialect})`);
    for (const [k, v] of Object.entries(sim.credentials)) lines.push(`    ${k}: ${v}`);
  }
  lines.push('', 'Target env vars (also at /_omnichaos/endpoints):');
  for (const [k, v] of Object.entries(endpoints.env)) lines.push(`  ${k}=${v}`);
  lines.push('', 'Ctrl-C to stop.');
  io.out(lines.join('\n'));
}
