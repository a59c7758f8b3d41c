import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mountDashboard } from '../../dashboard/index.js';
import { PortInUseError, startSimulators, type Endpoints } from '../../runtime/start-simulators.js';
import { loadScenarioFile } from '../../scenarios/load.js';
import { instant } from '../../scenarios/time-fields.js';
import { wallClockMs } from '../../runtime/real-time.js';
import { startDemand, type DemandDriver } from '../../runner/driver.js';
import { freePort, referenceTarget } from '../../runner/reference.js';
import { startTarget, waitHealthy, type TargetProcess } from '../../runner/target.js';
import { compilePlan, mountPlan } from '../../runner/plan.js';
import { quotaConfig } from '../../runner/quotas.js';
import type { Scenario } from '../../scenarios/schema.js';
import { worldOptionsOf } from '../../world/index.js';
import { exportLines, untilInterrupted, UsageError, type Io } from '../io.js';
import { parseOptions, type OptionSpecs } from '../options.js';
import type { Command } from '../main.js';

const options = {
  port: {
    type: 'string',
    value: 'N',
    default: '4000',
    description:
      'the control port (health, dashboard, faults); the simulators listen on the next ports.',
    example: '--port 4100',
  },
  host: {
    type: 'string',
    value: 'ADDR',
    default: '127.0.0.1',
    description: 'the address to bind; anything beyond loopback needs --token.',
    example: '--host 0.0.0.0 --token s3cret',
  },
  seed: {
    type: 'string',
    value: 'N',
    description: 'the world seed (catalog, stock, customers, credentials).',
    defaultText: "the scenario's seed, else 42",
    example: '--seed 7',
  },
  scenario: {
    type: 'string',
    value: 'FILE',
    description: "apply a scenario's world size, simulator settings and fault timeline.",
    example: '--scenario scenarios/black-friday.yaml',
  },
  'with-reference': {
    type: 'boolean',
    default: false,
    description:
      'also start the bundled reference integration against these simulators (webhooks wired), so live demand is really processed and a fault you inject shows in backlog and lag.',
    example: '--scenario scenarios/black-friday.yaml --demand --with-reference',
  },
  demand: {
    type: 'boolean',
    default: false,
    description: "place the scenario's demand with the built-in driver (needs --scenario).",
    example: '--scenario scenarios/smoke.yaml --demand',
  },
  speed: {
    type: 'string',
    value: 'X',
    description: 'compress business time X times.',
    defaultText: "the scenario's clock.speed, else 1",
    example: '--speed 10',
  },
  start: {
    type: 'string',
    value: 'INSTANT',
    description:
      'scenario time at start, an ISO instant with a zone (pins e.g. Black Friday; the world digest never depends on it, timestamps do).',
    defaultText: "the scenario's clock.start, else now on this machine's clock",
    example: '--start 2026-11-27T05:00:00Z',
  },
  'run-dir': {
    type: 'string',
    value: 'DIR',
    description: 'write the journal to DIR/journal.ndjson (kept in memory otherwise).',
    example: '--run-dir runs/live',
  },
  token: {
    type: 'string',
    value: 'SECRET',
    description:
      'require this bearer token on the control plane (open the dashboard once with ?token=SECRET).',
    example: '--token s3cret',
  },
  'allow-host': {
    type: 'string',
    value: 'NAME[:PORT]',
    multiple: true,
    description:
      'another name clients may send as Host (besides 127.0.0.1, localhost and --host): a container or proxy name; comma-separated or repeated (docs/control-plane.md).',
    example: '--host 0.0.0.0 --token s3cret --allow-host ci-box',
  },
  env: {
    type: 'boolean',
    default: false,
    description:
      'print only the target env vars as shell-safe export lines, for eval "$(omnichaos up --env)" in another shell — the simulators keep running.',
    example: '--env',
  },
  json: {
    type: 'boolean',
    default: false,
    description: 'print the endpoints, credentials and env vars as one JSON object.',
    example: '--json',
  },
} satisfies OptionSpecs;

export const upCommand: Command = {
  name: 'up',
  summary: 'start the simulators and the control plane on 127.0.0.1 until Ctrl-C',
  usage: 'omnichaos up [options]',
  options,
  examples: [
    'omnichaos up --seed 7',
    'omnichaos up --scenario scenarios/black-friday.yaml --demand',
    'omnichaos up --scenario scenarios/black-friday.yaml --demand --with-reference',
  ],
  async run(args, io) {
    const { values } = parseOptions(args, options);
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
    const startMs = startOf(values.start, scenario);

    // The reference integration's port is known first, so the simulators' webhooks point at it.
    const reference = values['with-reference']
      ? referenceTarget({
          port: await freePort(),
          stateDir: values['run-dir']
            ? join(values['run-dir'], 'reference-state')
            : mkdtempSync(join(tmpdir(), 'omnichaos-reference-')),
        })
      : undefined;
    const starting = startSimulators({
      seed,
      port,
      host: values.host,
      speed,
      startMs,
      worldSize: scenario && worldOptionsOf(scenario),
      webhooks: reference?.webhooks ?? scenario?.target?.webhooks,
      runDir: values['run-dir'],
      controlToken: values.token,
      allowHosts: (values['allow-host'] ?? []).flatMap((h) => h.split(',')).filter(Boolean),
      // A scenario brings its fault timeline (windows count from now) and its simulator settings.
      faults: scenario?.faults,
      config: scenario
        ? quotaConfig({ ...scenario, clock: { ...scenario.clock, speed } })
        : undefined,
      announce: scenario
        ? { scenario: { ...scenario, seed, clock: { ...scenario.clock, startMs } } }
        : undefined,
    });
    let sims: Awaited<typeof starting>;
    try {
      sims = await starting;
    } catch (err) {
      if (!(err instanceof PortInUseError)) throw err;
      io.err(`[omnichaos:up] ${err.message}; choose another with --port`);
      return 2;
    }
    mountPlan(sims.controlPlane, () =>
      compilePlan(scenario, sims.endpoints(), {
        driver: values.demand ? 'built-in' : 'external',
        startMs: sims.startMs,
        seed,
        speed,
      }),
    );
    const dashboard = mountDashboard(sims);
    let target: TargetProcess | undefined;
    if (reference) {
      const logFile = join(reference.env!.STATE_DIR!, '..', 'reference.log');
      mkdirSync(reference.env!.STATE_DIR!, { recursive: true });
      target = startTarget(reference.command!, {
        env: { ...sims.endpoints().env, ...reference.env },
        logFile,
      });
      const healthy = await waitHealthy(
        reference.health!,
        reference.healthTimeoutMs ?? 30_000,
        target,
      );
      if (!healthy.ok) {
        io.err(
          `[omnichaos:up] the reference integration did not start: ${healthy.why}\n${target.tail()}`,
        );
        await target.stop();
        await sims.close();
        return 2;
      }
    }
    let driver: DemandDriver | undefined;
    if (scenario && values.demand)
      driver = startDemand({
        scenario: { ...scenario, seed },
        clock: sims.clock,
        journal: sims.journal,
        simulators: sims.simulators,
        startMs: sims.startMs,
      });
    // The browser's way in behind a token: once with ?token=, then a cookie (control-plane.ts).
    const dashboardUrl = values.token ? `${dashboard.url}?token=<your --token>` : dashboard.url;
    if (values.env) io.out(exportLines(sims.endpoints().env).join('\n'));
    else if (values.json)
      io.out(JSON.stringify({ seed, dashboard: dashboardUrl, ...sims.endpoints() }, null, 2));
    else printBanner(io, seed, sims.endpoints(), dashboardUrl);
    if (driver && !values.env && !values.json)
      io.out(`Demand: the built-in driver places ${scenario!.name}'s arrivals now.`);
    if (target && !values.env && !values.json)
      io.out(
        `Reference integration: pid ${target.pid}, ${reference!.health} — it processes the demand; inject a fault on the dashboard and watch backlog and lag.`,
      );
    if (values.demand && !target && !values.env && !values.json)
      io.out(
        'No integration is attached: orders pile up unprocessed. Start yours with the env vars above, or add --with-reference.',
      );
    await untilInterrupted();
    if (!values.env && !values.json) io.out('stopping…');
    driver?.stop();
    await target?.stop();
    await sims.close();
    return 0;
  },
};

/**
 * Where `up` starts scenario time: `--start`, else the scenario's own `clock.start`, else now on
 * the wall clock — so at speed 1 every timestamp the simulators write agrees with the HTTP `Date`
 * header and with the client's own clock (docs/cli.md).
 */
function startOf(start: string | undefined, scenario: Scenario | undefined): number {
  if (start !== undefined) {
    const parsed = instant().safeParse(start);
    if (!parsed.success)
      throw new UsageError(
        `--start expects an ISO instant with a zone, like 2026-11-27T05:00:00Z; got "${start}"`,
      );
    return parsed.data;
  }
  if (scenario?.clock.startPinned) return scenario.clock.startMs;
  return wallClockMs();
}

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
  lines.push('', 'Target env vars (paste into a shell; also at /_omnichaos/endpoints):');
  for (const line of exportLines(endpoints.env)) lines.push(`  ${line}`);
  lines.push('', 'Ctrl-C to stop.');
  io.out(lines.join('\n'));
}
