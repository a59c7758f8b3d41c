import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { mountDashboard } from '../dashboard/index.js';
import { createRealClock } from '../runtime/real-time.js';
import {
  PortInUseError,
  startSimulators,
  type StartedSimulators,
} from '../runtime/start-simulators.js';
import type { Clock } from '../simulators/core/clock.js';
import type { SimulatorDefinition } from '../simulators/core/define-simulator.js';
import type { Scenario } from '../scenarios/types.js';
import { closest } from '../scenarios/suggest.js';
import { CHECKS } from '../oracle/checks/index.js';
import { unknownExpectations, verdictExitCode, type Verdict } from '../oracle/judge.js';
import { RunModel } from '../oracle/model.js';
import { MODEL_FILE, ModelFileError, writeModelFile } from '../oracle/model-file.js';
import { renderTerminal, writeReports, type WrittenReports } from '../report/index.js';
import { startDemand } from './driver.js';
import { compilePlan, mountPlan } from './plan.js';
import { quotaConfig } from './quotas.js';
import { startStatus } from './status.js';
import { startTarget, waitHealthy, type TargetProcess } from './target.js';
import { startLoadMonitor } from './load-monitor.js';
import {
  resolveTargetClock,
  ScenarioTimeForTarget,
  TargetClockError,
  type TargetClockMode,
} from './target-clock.js';
import { freePort } from './reference.js';
import { worldOptionsOf } from '../world/index.js';
import {
  resolveTarget,
  TargetConfigError,
  type ResolvedTarget,
  type TargetFlags,
} from './target-config.js';
import { portHolders, portTaken } from './ports.js';
import { BUILTIN_SIMULATORS } from '../simulators/index.js';
import { ev } from '../journal/events.js';

/**
 * `omnichaos run` as a library: one scenario against one target, from world to verdict.
 *
 *   validate → world + simulators (clock paused) → target started with env vars → healthy →
 *   clock runs: demand on schedule + fault timeline → demand ends → drain → target stopped →
 *   journal closed → oracle → report.json, junit.xml, report.html
 */

export interface RunOptions extends TargetFlags {
  scenario: Scenario;
  /** The file it came from (copied into the run directory). */
  scenarioFile?: string;
  /** Overrides `clock.speed`. */
  speed?: number;
  /** Overrides `clock.duration` (demand stops then; later stages and fault windows never come). */
  durationMs?: number;
  /** Overrides `clock.drain`. */
  drainMs?: number;
  /** The control plane's port, the simulators on the ports after it; default: free ports. */
  port?: number;
  /** Overrides `seed`. */
  seed?: number;
  /** The run directory; default `runs/<scenario>-<seed>-<time>`. */
  outDir?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous state types
  simulators?: SimulatorDefinition<any>[];
  /** Extra env for the target (tests). */
  env?: Record<string, string>;
  /**
   * The target's clock: scenario time under libfaketime, the machine's, or (`auto`, the default)
   * scenario time when libfaketime is installed (docs/decisions/0011-target-clock.md).
   */
  targetClock?: TargetClockMode;
  out: (line: string) => void;
  /** Rewrites one live status line (TTY); absent → plain progress lines. */
  status?: (line: string) => void;
  color?: boolean;
  /**
   * Stop cleanly on SIGINT/SIGTERM: target stopped, journal flushed, reports written INCOMPLETE,
   * exit code 130/143 (the CLI sets it; a library caller keeps its own signal handling).
   */
  handleSignals?: boolean;
  /**
   * Keep the control port (and so the dashboard, with the final verdict) open after the reports
   * are written, until the promise this returns settles (the CLI: Ctrl-C).
   */
  linger?: () => Promise<void>;
}

export interface RunResult {
  exitCode: 0 | 1 | 2 | 3 | 130 | 143;
  runDir: string;
  verdict?: Verdict;
  reports?: WrittenReports;
  /**
   * Why the run could not be judged (exit 2), why it was cut short (the target died: exit 1), or
   * the signal that stopped it (130/143).
   */
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

/** Env vars that tell the target the scenario's start, speed and which clock it reads. */
export const RUN_CLOCK_ENV = [
  'OMNICHAOS_SCENARIO_START',
  'OMNICHAOS_SPEED',
  'OMNICHAOS_TARGET_CLOCK',
] as const;

function runClockEnv(
  scenario: Scenario,
  mode: 'wall' | 'scenario',
): Record<(typeof RUN_CLOCK_ENV)[number], string> {
  return {
    OMNICHAOS_SCENARIO_START: new Date(scenario.clock.startMs).toISOString(),
    OMNICHAOS_SPEED: String(scenario.clock.speed),
    OMNICHAOS_TARGET_CLOCK: mode,
  };
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
  const base = options.scenario;
  let target: Scenario['target'];
  try {
    target = await resolveTarget(
      base.target,
      options,
      (options.simulators ?? BUILTIN_SIMULATORS).map((d) => d.name),
      freePort,
    );
  } catch (err) {
    if (err instanceof TargetConfigError) throw new RunInputError(err.message);
    throw err;
  }
  const scenario: Scenario = {
    ...base,
    seed: options.seed ?? base.seed,
    clock: {
      ...base.clock,
      speed: options.speed ?? base.clock.speed,
      durationMs: options.durationMs ?? base.clock.durationMs,
      drainMs: options.drainMs ?? base.clock.drainMs,
    },
    target,
  };
  checkExpectations(scenario);
  let targetClock: ReturnType<typeof resolveTargetClock>;
  try {
    targetClock = resolveTargetClock(
      options.targetClock ?? target.clock ?? 'auto',
      Boolean(target.command),
    );
  } catch (err) {
    if (err instanceof TargetClockError) throw new RunInputError(err.message);
    throw err;
  }
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
  // Vendor durations (Retry-After, a throttle fault's refill) are stated in the target's time.
  clock.targetTime = targetClock.mode;
  clock.pause(); // scenario time starts when the target is ready, not while it boots
  const starting = startSimulators({
    seed: scenario.seed,
    worldSize: worldOptionsOf(scenario),
    clock,
    port: options.port ?? 0,
    runDir,
    webhooks: scenario.target.webhooks,
    faults: scenario.faults,
    config: quotaConfig(scenario),
    simulators: options.simulators,
    announce: { scenario },
  });
  let sims: StartedSimulators;
  try {
    sims = await starting;
  } catch (err) {
    if (err instanceof PortInUseError)
      throw new RunInputError(`${err.message}; choose another --port`);
    throw err;
  }
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

  const health = scenario.target.health!;
  options.out(`  target health  ${health}${scenario.target.command ? '' : ' (external target)'}`);
  if (scenario.target.command)
    options.out(
      `  target clock   ${targetClock.mode === 'scenario' ? `scenario time (libfaketime, ${scenario.clock.speed}×)` : 'wall clock'}`,
    );
  if (targetClock.warning) options.out(`  warning: ${targetClock.warning}`);
  const scenarioTime =
    targetClock.mode === 'scenario'
      ? new ScenarioTimeForTarget(
          targetClock.lib!,
          runDir,
          scenario.clock.startMs,
          scenario.clock.speed,
          scenario.target.healthTimeoutMs,
        )
      : undefined;
  const signals = options.handleSignals ? watchSignals() : undefined;
  const stopped = signals?.received ?? new Promise<never>(() => undefined);
  let child: TargetProcess | undefined;
  try {
    const env = {
      ...scenario.target.env,
      ...sims.endpoints().env,
      // Where each system's webhooks go: what a signature over the notification URL covers.
      ...Object.fromEntries(
        Object.entries(scenario.target.webhooks).map(([sys, url]) => [
          `OMNICHAOS_${sys.toUpperCase()}_WEBHOOK_URL`,
          url,
        ]),
      ),
      OMNICHAOS_RUN_ID: basename(runDir),
      ...runClockEnv(scenario, targetClock.mode),
      ...options.env,
    };
    if (scenario.target.command) {
      // An old target still holding the port would answer the health check in our target's
      // place: refuse before starting anything, naming it.
      const port = (scenario.target as ResolvedTarget).port;
      const taken = port !== undefined ? await portTaken(port) : undefined;
      if (taken)
        return await abort(
          sims,
          undefined,
          runDir,
          `${taken}: the target could not listen there. Stop that process, or choose another --target-port`,
        );
      child = startTarget(scenario.target.command, {
        cwd: scenario.target.cwd,
        env,
        logFile: join(runDir, 'target.log'),
        clock: scenarioTime,
      });
      sims.journal.append(
        ev.targetStarted({
          pid: child.pid,
          command: scenario.target.command,
          health,
          webhooks: scenario.target.webhooks,
          clock: targetClock.mode,
        }),
      );
    }
    // Scenario time starts only once the target answers its health URL.
    const ready = await Promise.race([
      waitHealthy(health, scenario.target.healthTimeoutMs, child),
      stopped,
    ]);
    if (typeof ready === 'string')
      return await interrupted(ready, sims, child, runDir, options, live);
    if (!ready.ok) {
      sims.journal.append(ev.targetUnhealthy({ why: ready.why }));
      await child?.stop(); // its log is complete once it is stopped
      const tail = child?.tail() ?? '';
      const log = !child
        ? ''
        : tail
          ? `\n--- last lines of ${join(runDir, 'target.log')} ---\n${tail}`
          : '\n(target.log is empty: the target printed nothing)';
      return await abort(
        sims,
        child,
        runDir,
        `the target never became healthy: ${ready.why}${log}`,
      );
    }
    const impostor = child ? answeredBySomeoneElse(health, child) : undefined;
    if (impostor) {
      sims.journal.append(ev.targetUnhealthy({ why: impostor }));
      return await abort(sims, child, runDir, impostor);
    }
    sims.journal.append(
      ev.targetHealthy({
        afterMs: ready.afterMs,
        // Whether /proc showed the health port held by the target's own process group.
        ...(child && { ownerVerified: healthOwnerVerified(health, child) }),
      }),
    );
    return await drive(scenario, sims, child, runDir, options, live, stopped, scenarioTime);
  } catch (err) {
    await child?.stop();
    await sims.close();
    throw err;
  } finally {
    signals?.dispose();
    unsubscribe();
  }
}

/** The loopback port of a health URL, if it is one this machine's /proc can tell about. */
function loopbackPort(url: string): number | undefined {
  const u = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) return undefined;
  return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
}

function healthOwnerVerified(health: string, child: TargetProcess): boolean {
  const port = loopbackPort(health);
  if (port === undefined || child.pid === undefined) return false;
  return portHolders(port).some((h) => h.pgid === child.pid);
}

/**
 * The health check must have been answered by the target omnichaos started: the process that
 * listens on the health port must be in the target's process group. Where /proc shows no owner
 * (another OS, another user), the answer is taken as is (journaled `ownerVerified: false`).
 */
function answeredBySomeoneElse(health: string, child: TargetProcess): string | undefined {
  const port = loopbackPort(health);
  if (port === undefined || child.pid === undefined) return undefined;
  const holders = portHolders(port);
  if (holders.length === 0 || holders.some((h) => h.pgid === child.pid)) return undefined;
  const who = holders.map((h) => `pid ${h.pid} (${h.command})`).join(', ');
  return `${health} was answered by ${who}, not by the target omnichaos started (process group ${child.pid}): stop that process, or choose another --target-port`;
}

/** SIGINT/SIGTERM while a run goes: the first one stops it cleanly, a second one kills as usual. */
function watchSignals(): { received: Promise<NodeJS.Signals>; dispose(): void } {
  let onSignal: (sig: NodeJS.Signals) => void = () => undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => (onSignal = resolve));
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((sig) => {
    const handler = () => {
      dispose();
      onSignal(sig);
    };
    process.once(sig, handler);
    return [sig, handler] as const;
  });
  const dispose = () => {
    for (const [sig, handler] of handlers) process.off(sig, handler);
  };
  return { received, dispose };
}

/** Exit codes of a run stopped by a signal: 128 + the signal's number, as shells report it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Stopped by SIGINT/SIGTERM: demand stops, the target's process group is stopped, the journal is
 * flushed without `run:finished`, and the reports are written — INCOMPLETE.
 */
async function interrupted(
  signal: NodeJS.Signals,
  sims: StartedSimulators,
  target: TargetProcess | undefined,
  runDir: string,
  options: RunOptions,
  live: RunModel,
): Promise<RunResult> {
  options.out('');
  options.out(
    `  ${signal}: stopping the run (demand, target, simulators); the reports say INCOMPLETE`,
  );
  sims.journal.append(ev.runInterrupted({ signal }));
  if (target) {
    const code = await target.stop();
    sims.journal.append(
      ev.targetExited({
        pid: target.pid,
        code,
        stoppedByRunner: true,
      }),
    );
  }
  await sims.close();
  const reports = writeReports(runDir, live);
  options.out('');
  options.out(renderTerminal(reports.verdict, { color: options.color ?? false }));
  options.out('');
  options.out(`  report   ${reports.files.html}`);
  options.out(`  junit    ${reports.files.junit}`);
  options.out(`  journal  ${join(runDir, 'journal.ndjson')}`);
  return {
    exitCode: SIGNAL_EXIT[signal as keyof typeof SIGNAL_EXIT] ?? 130,
    runDir,
    verdict: reports.verdict,
    reports,
    error: `stopped by ${signal}: the run did not finish; the reports cover what happened until then`,
  };
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
  stopped: Promise<NodeJS.Signals>,
  scenarioTime?: ScenarioTimeForTarget,
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
  // A target in scenario time switches at a whole second: scenario time starts then, for it and
  // for the simulators alike.
  if (scenarioTime) await scenarioTime.switchToScenarioTime();
  journal.append(ev.runPhase({ phase: 'demand' }));
  // from the first arrival to the end of the drain: what the oracle's durations were measured in
  const load = startLoadMonitor({ pgid: () => target?.pid });
  clock.resume();
  // A target that dies mid-run ends the run early: nothing it owes can arrive any more. A signal
  // ends it too, without a verdict.
  const never = new Promise<never>(() => undefined);
  const died = target ? target.exited.then((code) => ({ code })) : never;
  const signal = stopped.then((sig) => ({ signal: sig }));
  const wait = (t: number) => Promise.race([until(clock, t).then(() => undefined), died, signal]);
  let outcome: Awaited<ReturnType<typeof wait>>;
  try {
    outcome = await wait(demandEnd);
    driver.stop();
    if (!outcome) {
      journal.append(ev.runPhase({ phase: 'drain' }));
      outcome = await wait(end);
    }
  } finally {
    driver.stop();
    status.stop();
  }
  journal.append(ev.runLoad(load.stop()));
  if (outcome && 'signal' in outcome)
    return interrupted(outcome.signal, sims, target, runDir, options, live);
  const death = outcome;
  if (death && target) {
    journal.append(
      ev.targetExited({
        pid: target.pid,
        code: death.code,
        stoppedByRunner: false,
      }),
    );
    options.out(
      `  the target exited (${String(death.code)}) before the run ended; the run stops here`,
    );
  }
  const tail = death && target ? (await target.stop(), target.tail()) : '';
  const exit = target ? await target.stop() : undefined;
  if (target && !death)
    journal.append(
      ev.targetExited({
        pid: target.pid,
        code: exit,
        stoppedByRunner: true,
      }),
    );
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
  // The folded model beside the journal: `omnichaos report` judges it instead of folding the
  // journal again while the two match (oracle/model-file.ts).
  try {
    writeModelFile(join(runDir, 'journal.ndjson'), live);
  } catch (err) {
    if (!(err instanceof ModelFileError)) throw err;
    options.out(
      `  note     no ${MODEL_FILE} (${err.message}): "omnichaos report" folds the journal`,
    );
  }
  if (options.linger) {
    clock.pause(); // the page's scenario clock stops where the run ended
    options.out('');
    options.out(
      `  the dashboard stays up with this verdict: ${sims.controlUrl}/_omnichaos/dashboard`,
    );
    await options.linger();
    await sims.close();
  }
  const error = death
    ? `the target exited (${String(death.code)}) in the middle of the run${tail ? `\n--- last lines of ${join(runDir, 'target.log')} ---\n${tail}` : ''}`
    : undefined;
  return {
    exitCode: verdictExitCode(reports.verdict),
    runDir,
    verdict: reports.verdict,
    reports,
    ...(error && { error }),
  };
}
