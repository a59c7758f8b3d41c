/**
 * `omnichaos`: the package's root API. Start the simulators in your own process, run a scenario
 * against your integration, judge a journal. The CLI (`npx omnichaos`) is built on the same code.
 * Other entry points: `omnichaos/msw` (in-process handlers on the vendors' real hostnames),
 * `omnichaos/vitest` (`expect(verdict).toHold()`), `omnichaos/express`, `omnichaos/testcontainers`.
 *
 * @example
 * import { Simulators } from 'omnichaos';
 * await using sims = await new Simulators().withSeed(1).start();
 * console.log(sims.urls.erp, sims.env.OMNICHAOS_POS_ACCESS_TOKEN);
 *
 * @packageDocumentation
 */
export {
  Simulators,
  RunningSimulators,
  type FaultControl,
  type FaultEntry,
  type SystemName,
} from './api/simulators.js';
export { ScenarioRun, judgeJournal, type RunOutcome, type TargetOptions } from './api/run.js';
export type { Endpoints } from './runtime/start-simulators.js';
export type { Verdict } from './oracle/judge.js';
export type { CheckResult, CheckVerdict } from './oracle/types.js';
export type { FaultRule, Scenario, ScenarioTarget } from './scenarios/types.js';
export type { JournalEvent, JournalQuery } from './journal/journal.js';
export type { WorldSize } from './world/index.js';
export type { WrittenReports } from './report/index.js';
/**
 * Parse a scenario file; a mistake throws a `ScenarioError` naming file:line:column.
 *
 * @example const scenario = await loadScenarioFile('omnichaos/smoke.yaml'); scenario.seed
 */
export { loadScenarioFile } from './scenarios/load.js';
/**
 * The error a broken scenario throws; `formatScenarioError(err)` prints it as the CLI does.
 *
 * @example try { await loadScenarioFile(f) } catch (e) { if (e instanceof ScenarioError) console.error(formatScenarioError(e)) }
 */
export { ScenarioError, formatScenarioError } from './scenarios/errors.js';
/**
 * Every check the oracle judges (id, title, description, default threshold).
 *
 * @example CHECKS.map((c) => c.id) // ['order-to-erp.exactly-once', …]
 */
export { CHECKS } from './oracle/checks/index.js';
