/**
 * The compiled plan (`GET /_omnichaos/plan`, runner/plan.ts) as the k6 scripts read it: what it
 * looks like, whether k6 may place its demand, where arrival i goes. Its curves as k6 stages:
 * stages.js.
 *
 * Plain ES module with no k6 imports: k6 runs it, and Node (vitest) tests it.
 * test/load/plan.test.ts assigns a real `CompiledPlan` to `Plan`, so the two cannot drift apart.
 */
import { trimSlash } from './control.js';

/**
 * @typedef {{ durationS: number, fromPerSec: number, toPerSec: number }} WallStage
 *   Arrivals per wall second, ramping linearly from `fromPerSec` to `toPerSec`.
 * @typedef {{ key: string, channel: string, path: string, expectedArrivals: number, wallStages: WallStage[] }} PlannedChannel
 * @typedef {{ url: string, dialect: string, credentials: Record<string, string> }} PlannedSimulator
 * @typedef {{
 *   version: 1,
 *   scenario: string | null,
 *   seed: number,
 *   clock: { speed: number, wallDurationS: number },
 *   driver: 'built-in' | 'external',
 *   control: string,
 *   demand: PlannedChannel[],
 *   presets: string[],
 *   simulators: Record<string, PlannedSimulator>,
 * }} Plan
 */

/**
 * Parse a saved plan (`curl …/_omnichaos/plan -o plan.json`), failing with what to do.
 *
 * @example parsePlan(open(__ENV.OMNICHAOS_PLAN), __ENV.OMNICHAOS_PLAN)
 * @param {string} text
 * @param {string} source where it came from, for the message
 * @returns {Plan}
 */
export function parsePlan(text, source) {
  /** @type {unknown} */
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`[omnichaos:k6] ${source}: not JSON; save it with ${saveHint()}`);
  }
  const plan = /** @type {Partial<Plan> | null} */ (data);
  if (!plan || plan.version !== 1 || !Array.isArray(plan.demand) || !plan.simulators)
    throw new Error(
      `[omnichaos:k6] ${source}: not a version 1 omnichaos plan; save it with ${saveHint()}`,
    );
  return /** @type {Plan} */ (plan);
}

/**
 * Why k6 must not place this plan's demand, or undefined when it may.
 *
 * @example demandProblem({ ...plan, driver: 'built-in' }) // 'omnichaos is already placing …'
 * @param {Plan} plan
 * @returns {string | undefined}
 */
export function demandProblem(plan) {
  if (plan.driver === 'built-in')
    return (
      `omnichaos is already placing scenario "${plan.scenario}"'s demand (it was started with ` +
      `--demand), so k6 would double it. Restart it as "omnichaos up --scenario FILE" without ` +
      `--demand and run this script again.`
    );
  if (plan.scenario === null)
    return 'omnichaos was started without a scenario, so there is no arrival curve to drive: start "omnichaos up --scenario FILE".';
  if (plan.demand.length === 0)
    return `scenario "${plan.scenario}" has no demand: add a demand: section, or pick another scenario.`;
  return undefined;
}

/**
 * Why the saved plan (which shaped the k6 scenarios at init) no longer describes the running
 * omnichaos, or undefined when it still does.
 *
 * @example planDriftProblem(saved, live) // undefined
 * @param {Plan} saved
 * @param {Plan} live
 * @returns {string | undefined}
 */
export function planDriftProblem(saved, live) {
  const shape = (/** @type {Plan} */ p) =>
    JSON.stringify({
      scenario: p.scenario,
      seed: p.seed,
      speed: p.clock.speed,
      demand: p.demand.map((c) => [c.channel, c.path, c.wallStages]),
    });
  if (shape(saved) === shape(live)) return undefined;
  return (
    `the saved plan (scenario "${saved.scenario}", seed ${saved.seed}, speed ${saved.clock.speed}) ` +
    `is not what omnichaos at ${live.control} runs (scenario "${live.scenario}", seed ${live.seed}, ` +
    `speed ${live.clock.speed}): save it again with ${saveHint(live.control)}`
  );
}

/**
 * The URL that admits arrival `index` of a channel; `name` groups every index under one k6
 * `name` tag (one URL per arrival would make a metric series per arrival).
 *
 * @example arrivalRequest('http://127.0.0.1:4000', '/_omnichaos/demand/pos-sale/{index}', 7)
 *   // { url: 'http://127.0.0.1:4000/_omnichaos/demand/pos-sale/7', name: '/_omnichaos/demand/pos-sale/{index}' }
 * @param {string} base the control plane URL
 * @param {string} path the plan's path, with `{index}`
 * @param {number} index unique per run: k6's `exec.scenario.iterationInTest`
 */
export function arrivalRequest(base, path, index) {
  if (!Number.isSafeInteger(index) || index < 0)
    throw new Error(`[omnichaos:k6] arrival index must be a non-negative integer, got ${index}`);
  return { url: `${trimSlash(base)}${path.replace('{index}', String(index))}`, name: path };
}

/** @param {string} [control] */
function saveHint(control = 'http://127.0.0.1:4000') {
  return `"curl -fsS ${control}/_omnichaos/plan -o plan.json" and pass -e OMNICHAOS_PLAN=$PWD/plan.json`;
}
