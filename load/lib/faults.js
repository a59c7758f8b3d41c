/**
 * Faults switched on and off from a k6 run through the runtime fault API (chaos/control.ts):
 * `POST /_omnichaos/faults` with `{ id, preset, window }`, `DELETE /_omnichaos/faults/:id`.
 */
import { trimSlash } from './control.js';

/**
 * @typedef {import('./plan.js').Plan} Plan
 * @typedef {{ id: string, type: string }} FaultRule
 */

/**
 * Why `preset` cannot be used against this plan, or undefined.
 *
 * @example presetProblem(plan, 'erp-maintenence') // 'no preset "erp-maintenence"; …'
 * @param {Plan} plan
 * @param {string} preset
 * @returns {string | undefined}
 */
export function presetProblem(plan, preset) {
  if (plan.presets.includes(preset)) return undefined;
  return `-e PRESET: no preset "${preset}"; this omnichaos knows ${plan.presets.join(', ')}`;
}

/**
 * The POST body that switches a preset on now. Windows are in scenario time (they count from
 * now on the scenario clock), so a hold of `holdS` wall seconds is `holdS × speed` scenario
 * seconds. The window is a safety net a little longer than the hold: the script removes the
 * fault itself, and if k6 dies first the fault still ends.
 *
 * @example presetFaultBody('erp-maintenance', { id: 'k6-chaos', holdS: 30, speed: 10 })
 *   // { id: 'k6-chaos', preset: 'erp-maintenance', window: { for: '350000ms' } }
 * @param {string} preset
 * @param {{ id: string, holdS: number, speed: number, marginS?: number }} options
 */
export function presetFaultBody(preset, options) {
  const { id, holdS, speed, marginS = 5 } = options;
  const scenarioMs = Math.ceil((holdS + marginS) * speed * 1000);
  return { id, preset, window: { for: `${scenarioMs}ms` } };
}

/**
 * The rules a POST added under `id`: a one-rule preset keeps the id, a bundle gets `id/1`, `id/2`…
 *
 * @example ownedFaultIds([{ id: 'k6/1', type: 'latency' }, { id: 'other', type: 'error' }], 'k6') // ['k6/1']
 * @param {FaultRule[]} faults `GET /_omnichaos/faults` → `faults`, or a POST's `added`
 * @param {string} id
 */
export function ownedFaultIds(faults, id) {
  return faults.map((f) => f.id).filter((f) => f === id || f.startsWith(`${id}/`));
}

/**
 * The fault API URL, for one rule when `id` is given (ids of bundles contain a `/`).
 *
 * @example faultsUrl('http://127.0.0.1:4000', 'k6-chaos/2') // 'http://127.0.0.1:4000/_omnichaos/faults/k6-chaos%2F2'
 * @param {string} base
 * @param {string} [id]
 */
export function faultsUrl(base, id) {
  const root = `${trimSlash(base)}/_omnichaos/faults`;
  return id === undefined ? root : `${root}/${encodeURIComponent(id)}`;
}

/**
 * Why the run would have no clean baseline: faults already on before the test starts.
 *
 * @example activeFaultsProblem([{ id: 'maint', type: 'outage' }]) // '1 fault already on (maint) …'
 * @param {FaultRule[]} faults
 * @returns {string | undefined}
 */
export function activeFaultsProblem(faults) {
  if (faults.length === 0) return undefined;
  const ids = faults.map((f) => f.id).join(', ');
  return (
    `${faults.length} fault${faults.length === 1 ? '' : 's'} already on (${ids}), so the "before" ` +
    'phase would not be a baseline: "omnichaos chaos clear", or pass -e ALLOW_FAULTS=1'
  );
}
