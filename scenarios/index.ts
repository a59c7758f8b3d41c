/**
 * The scenario format: load a file, get a normalized `Scenario`, or a `ScenarioError` that says
 * where and why.
 *
 * @example
 * import { loadScenarioFile } from './scenarios/index.js';
 * const scenario = await loadScenarioFile('scenarios/smoke.yaml');
 */
export { FAULT_TYPES, FLOWS, HTTP_METHODS, PRESET_NAMES } from './catalog.js';
export type { FaultType, Flow, HttpMethod, PresetName, SystemName } from './catalog.js';
export { ScenarioError, formatPath, formatScenarioError, type ScenarioIssue } from './errors.js';
export { parseExpectation } from './expectations.js';
export { loadScenarioFile, parseScenario } from './load.js';
export { DEFAULT_SCENARIO_START, scenarioSchema } from './schema.js';
export type * from './types.js';
export { formatDuration, parseDuration, parseRate } from './units.js';
