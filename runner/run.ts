import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { mountDashboard } from '../dashboard/index.js';
import { createRealClock } from '../runtime/real-time.js';
import { startSimulators, type StartedSimulators } from '../runtime/start-simulators.js';
import type { Clock } from '../simulators/core/clock.js';
import type { SimulatorDefinition } from '../simulators/core/define-simulator.js';
import type { Scenario } from '../scenarios/types.js';
import { closest } from '../scenarios/suggest.js';
import { CHECKS } from '../oracle/checks/index.js';
import { unknownExpectations, type Verdict } from '../oracle/judge.js';
import { RunModel } from '../oracle/model.js';
import { renderTerminal, writeReports, type WrittenReports } from '../report/index.js';
import { startDemand } from './driver.js';
import { compilePlan, mountPlan } from './plan.js';
import { quotaConfig } from './quotas.js';
import { startStatus } from './status.js';
import { startTarget, waitHealthy, type TargetProcess } from './target.js';
import { ev } from '../journal/events.js';

/**
 * `omnichaos run` as a library: one scenario against one target, from world to verdict.
 *
 *   validate → world + simulators (clock paused) → target started with env vars → healthy →
 *   clock runs: demand on schedule + fault timeline → demand ends → drain → target stopped →
 *   journal closed → oracle → report.json, junit.xml, report.html
 */

export interface RunOptions {
  scenario: Scenario;
  /** The file it came from (copied into the run directory). */
  scenarioFile?: string;
  /** Overrides `target.command`. */
  targetCmd?: string;
  /** Overrides `clock.speed`. */
  speed?: number;
  /** Overrides `seed`. */
  seed?: number;
  /** The run directory; default `runs/<scenario>-<seed>-<time>`. */
  outDir?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous state types
  simulators?: SimulatorDefinition<any>[];
  /** Extra env for the target (tests). */
  env?: Record<string, string>;
  out: (line: string) => void;
  /** Rewrites one live status line (TTY); absent → plain progress lines. */
  status?: (line: string) => void;
  color?: boolean;
  /**
   * Keep the control port (and so the dashboard, with the final verdict) open after the reports
   * are written, until the promise this returns settles (the CLI: Ctrl-C).
   */
  linger?: () => Promise<void>;
}

export interface RunResult {
  exitCode: 0 | 1 | 2;
  runDir: string;
  verdict?: Verdict;
  reports?: WrittenReports;
  /** Why the run could not be judged (exit 2). */
  error?: string;
}

/** Bad input found before anything starts: an exit-2 error with a fix in its message. */
export class RunInputError extends Error {}

function checkExpectations(scenario: Scenario): void {
  const ids = CHECKS.map((c) => c.id);
  const unknown = unknownExpectations(scenario.expectations);
  if (unknown.length === 0) return;
  const hints = unknown.map((id) => {
    const near = closest(id, ids);
    return near ? `"${id}" (did you mean "${near}"?)` : `"${id}"`;
  });
  throw new RunInputError(
    `expectations: no check named ${hints.join(', ')}. Checks: ${ids.join(', ')}`,
  );
}

function defaultRunDir(scenario: Scenario): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return join('runs', `${scenario.name}-${scenario.seed}-${stamp}`);
}

/** Wait for a scenario instant on the clock. */
function until(clock: Clock, t: number): Promise<void> {
  return new Promise((done) => {
    if (clock.now() >= t) done();
    else clock.at(t, done);
  });
}

/**
 * @example const result = await runScenario({ scenario, targetCmd: 'node server.js', out: console.log })
 */
export async function runScenario(options: RunOptions): Promise<RunResult> {
  const scenario: Scenario = {
    ...options.scenario,
    seed: options.seed ?? options.scenario.seed,
    clock: { ...options.scenario.clock, speed: options.speed ?? options.scenario.clock.speed },
    target: {
      ...options.scenario.target,
      command: options.targetCmd ?? options.scenario.target.command,
    },
  };
  checkExpectations(scenario);
  const runDir = resolve(options.outDir ?? defaultRunDir(scenario));
  // A second run appending to a first run's journal would be judged as one: refuse.
  if (existsSync(join(runDir, 'journal.ndjson')))
    throw new RunInputError(
      `${runDir} already holds a run (journal.ndjson); choose another --out, or remove it`,
    );
  mkdirSync(runDir, { recursive: true });
  if (options.scenarioFile)
    copyFileSync(options.scenarioFile, join(runDir, basename(options.scenarioFile)));
  writeFileSync(join(runDir, 'scenario.json'), JSON.stringify(scenario, null, 2) + '\n');

  const clock = createRealClock({ startMs: scenario.clock.startMs, speed: scenario.clock.speed });
  clock.pause(); // scenario time starts when the target is ready, not while it boots
  const sims = await startSimulators({
    seed: scenario.seed,
    worldSize: { ...scenario.world, returns: scenario.demand.pos?.returns as number | undefined },
    clock,
    port: 0,
    runDir,
    webhooks: scenario.target.webhooks,
    faults: scenario.faults,
    config: quotaConfig(scenario),
    simulators: options.simulators,
    announce: { scenario },
  });
  mountPlan(sims.controlPlane, () =>
    compilePlan(scenario, sims.endpoints(), {
      driver: 'built-in',
      startMs: sims.startMs,
      seed: scenario.seed,
      speed: scenario.clock.speed,
    }),
  );
  options.out(
    `omnichaos run — scenario ${scenario.name}, seed ${scenario.seed}, speed ${scenario.clock.speed}×`,
  );
  // The oracle's model, fed as events are journaled from the first one on: the verdict at the
  // end judges it directly instead of re-reading the journal file (docs/decisions/0009). The
  // live status line and the dashboard read the same model.
  const live = new RunModel();
  for (const e of sims.journal.query({ limit: Number.MAX_SAFE_INTEGER })) live.add(e);
  const unsubscribe = sims.journal.subscribe((e) => live.add(e));
  const dashboard = mountDashboard(sims, { model: live }); // closes itself with the control port
  options.out(`  run directory  ${runDir}`);
  options.out(`  dashboard      ${dashboard.url}`);
  for (const [name, url] of Object.entries(sims.urls)) options.out(`  ${name.padEnd(13)}  ${url}`);

  let target: TargetProcess | undefined;
  try {
    const env = { ...scenario.target.env, ...sims.endpoints().env, ...options.env };
    if (scenario.target.command) {
      target = startTarget(scenario.target.command, {
        cwd: scenario.target.cwd,
        env,
        logFile: join(runDir, 'target.log'),
      });
      sims.journal.append(ev.targetStarted({ pid: target.pid, command: scenario.target.command }));
    }
    if (scenario.target.health) {
      const health = await waitHealthy(
        scenario.target.health,
        scenario.target.healthTimeoutMs,
        target,
      );
      if (!health.ok) {
        sims.journal.append(ev.targetUnhealthy({ why: health.why }));
        const tail = target?.tail() ?? '';
        return await abort(
          sims,
          target,
          runDir,
          `the target never became healthy: ${health.why}${tail ? `\n--- last lines of target.log ---\n${tail}` : ''}`,
        );
      }
      sims.journal.append(ev.targetHealthy({ afterMs: health.afterMs }));
    }
    return await drive(scenario, sims, target, runDir, options, live);
  } catch (err) {
    await target?.stop();
    await sims.close();
    throw err;
  } finally {
    unsubscribe();
  }
}

async function abort(
  sims: StartedSimulators,
  target: TargetProcess | undefined,
  runDir: string,
  error: string,
): Promise<RunResult> {
  await target?.stop();
  await sims.close();
  return { exitCode: 2, runDir, error };
}

async function drive(
  scenario: Scenario,
  sims: StartedSimulators,
  target: TargetProcess | undefined,
  runDir: string,
  options: RunOptions,
  live: RunModel,
): Promise<RunResult> {
  const { clock, journal } = sims;
  const demandEnd = sims.startMs + scenario.clock.durationMs;
  const end = demandEnd + scenario.clock.drainMs;
  const driver = startDemand({
    scenario,
    clock,
    journal,
    simulators: sims.simulators,
    startMs: sims.startMs,
  });
  const status = startStatus({
    clock,
    startMs: sims.startMs,
    endMs: end,
    live,
    chaos: sims.chaos,
    out: options.out,
    status: options.status,
  });
  journal.append(ev.runPhase({ phase: 'demand' }));
  clock.resume();
  try {
    await until(clock, demandEnd);
    driver.stop();
    journal.append(ev.runPhase({ phase: 'drain' }));
    await until(clock, end);
  } finally {
    driver.stop();
    status.stop();
  }
  const exit = target ? await target.stop() : undefined;
  journal.append(ev.runFinished({ targetExit: exit, arrivals: driver.counts }));
  // The journal is flushed and closed: `live` has seen its last event.
  await sims.close({ keepControl: options.linger !== undefined });

  const reports = writeReports(runDir, live);
  options.out('');
  options.out(renderTerminal(reports.verdict, { color: options.color ?? false }));
  options.out('');
  options.out(`  report   ${reports.files.html}`);
  options.out(`  junit    ${reports.files.junit}`);
  options.out(`  journal  ${join(runDir, 'journal.ndjson')}`);
  if (options.linger) {
    clock.pause(); // the page's scenario clock stops where the run ended
    options.out('');
    options.out(
      `  the dashboard stays up with this verdict: ${sims.controlUrl}/_omnichaos/dashboard`,
    );
    await options.linger();
    await sims.close();
  }
  return { exitCode: reports.verdict.passed ? 0 : 1, runDir, verdict: reports.verdict, reports };
}
