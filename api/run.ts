import { join, resolve } from 'node:path';
import { foldJournal, judge, verdictExitCode, type Verdict } from '../oracle/judge.js';
import { freePort, referenceTarget } from '../runner/reference.js';
import { runScenario, RunInputError } from '../runner/run.js';
import { loadScenarioFile } from '../scenarios/load.js';
import type { Scenario, ScenarioTarget } from '../scenarios/types.js';
import type { WrittenReports } from '../report/index.js';

/**
 * `omnichaos run` from code: one scenario against your integration, to a verdict object. It runs
 * the runner itself (runner/run.ts): world and simulators, the target started with the
 * `OMNICHAOS_*` env vars, demand and faults on the scenario's clock, then the oracle.
 */

/**
 * The integration under test, as in a scenario's `target:` section (any key left out keeps the
 * scenario's value).
 *
 * @example { command: 'node server.js', health: 'http://127.0.0.1:8080/health', webhooks: { pos: 'http://127.0.0.1:8080/webhooks/square' } }
 */
export interface TargetOptions {
  command?: string;
  cwd?: string;
  env?: Record<string, string>;
  health?: string;
  healthTimeoutMs?: number;
  webhooks?: ScenarioTarget['webhooks'];
}

/**
 * What a run produced: the verdict, the exit code the CLI would give, and where the reports are.
 *
 * @example const { verdict, runDir } = await new ScenarioRun('smoke.yaml').withTarget('node server.js').run()
 */
export interface RunOutcome {
  /** `verdict.passed`: every check held (none failed) and the run finished. */
  verdict: Verdict;
  /** 0 passed, 1 a check failed, 3 inconclusive (timing checks failed on an overloaded machine). */
  exitCode: 0 | 1 | 3;
  /** The run directory: journal.ndjson, report.json, junit.xml, report.html. */
  runDir: string;
  reports: WrittenReports | undefined;
}

/**
 * Builds one run of a scenario against a target.
 *
 * @example
 * import { ScenarioRun } from 'omnichaos';
 * const { verdict } = await new ScenarioRun('omnichaos/smoke.yaml')
 *   .withTarget({ command: 'node dist/server.js', health: 'http://127.0.0.1:8080/health' })
 *   .withSpeed(20)
 *   .run();
 * if (!verdict.passed) console.log(verdict.checks.filter((c) => c.verdict === 'fail'));
 */
export class ScenarioRun {
  private target: TargetOptions = {};
  private reference: { defects: string[] } | undefined;
  private seed: number | undefined;
  private speed: number | undefined;
  private outDir: string | undefined;
  private log: (line: string) => void = () => {};

  /** @param scenario a scenario file or a parsed `Scenario` */
  constructor(private readonly scenario: string | Scenario) {}

  /**
   * The integration under test: a command line, or the `target:` keys to override.
   *
   * @example new ScenarioRun('smoke.yaml').withTarget('node server.js')
   */
  withTarget(target: string | TargetOptions): this {
    this.target = typeof target === 'string' ? { command: target } : { ...target };
    this.reference = undefined;
    return this;
  }

  /**
   * Run against the bundled reference integration (what `omnichaos demo` runs), optionally with
   * planted defects such as `retry-storm`.
   *
   * @example new ScenarioRun('smoke.yaml').withReferenceIntegration()
   */
  withReferenceIntegration(defects: string[] = []): this {
    this.reference = { defects };
    return this;
  }

  /** Override the scenario's seed. @example new ScenarioRun('smoke.yaml').withSeed(7) */
  withSeed(seed: number): this {
    this.seed = seed;
    return this;
  }

  /** Override the scenario's clock speed. @example new ScenarioRun('smoke.yaml').withSpeed(20) */
  withSpeed(speed: number): this {
    this.speed = speed;
    return this;
  }

  /**
   * The run directory (default `runs/<scenario>-<seed>-<time>`); it must not hold a run yet.
   *
   * @example new ScenarioRun('smoke.yaml').withOutDir('test-output/smoke')
   */
  withOutDir(dir: string): this {
    this.outDir = dir;
    return this;
  }

  /**
   * Where progress lines go (default: nowhere).
   *
   * @example new ScenarioRun('smoke.yaml').withOutput(console.log)
   */
  withOutput(out: (line: string) => void): this {
    this.log = out;
    return this;
  }

  /**
   * Run to the verdict. Throws when the run cannot be judged (a bad scenario, a target that
   * never got healthy); a failing verdict is a result, not an error.
   *
   * @example const { verdict } = await new ScenarioRun('smoke.yaml').withTarget('node server.js').run()
   */
  async run(): Promise<RunOutcome> {
    const file = typeof this.scenario === 'string' ? this.scenario : undefined;
    const loaded = file ? await loadScenarioFile(file) : (this.scenario as Scenario);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const seed = this.seed ?? loaded.seed;
    const outDir = resolve(this.outDir ?? join('runs', `${loaded.name}-${seed}-${stamp}`));
    const target: ScenarioTarget = this.reference
      ? referenceTarget({
          port: await freePort(),
          stateDir: join(outDir, 'reference-state'),
          defects: this.reference.defects,
        })
      : {
          ...loaded.target,
          ...this.target,
          env: { ...loaded.target.env, ...this.target.env },
          healthTimeoutMs: this.target.healthTimeoutMs ?? loaded.target.healthTimeoutMs,
          webhooks: { ...loaded.target.webhooks, ...this.target.webhooks },
        };
    let result;
    try {
      result = await runScenario({
        scenario: { ...loaded, target },
        scenarioFile: file,
        seed,
        speed: this.speed,
        outDir,
        out: this.log,
      });
    } catch (err) {
      if (err instanceof RunInputError) throw new Error(`[omnichaos] ${err.message}`);
      throw err;
    }
    if (!result.verdict || result.exitCode === 2)
      throw new Error(`[omnichaos] the run could not be judged: ${result.error ?? 'no verdict'}`);
    return {
      verdict: result.verdict,
      exitCode: verdictExitCode(result.verdict),
      runDir: result.runDir,
      reports: result.reports,
    };
  }
}

/**
 * Judge a run's journal (`journal.ndjson`) again, e.g. one a killed run left behind or one kept
 * from CI. A journal without `run:finished` gives `complete: false` and does not pass.
 *
 * @example
 * import { judgeJournal } from 'omnichaos';
 * const verdict = await judgeJournal('runs/smoke-42-2026-11-27T05-00-00/journal.ndjson');
 * console.log(verdict.passed, verdict.counts);
 */
export async function judgeJournal(file: string): Promise<Verdict> {
  return judge(await foldJournal(file));
}
