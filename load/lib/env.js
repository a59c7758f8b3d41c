/**
 * Settings from `k6 run -e NAME=value`, read once at init with messages that name the flag.
 * Every script lists its settings at the top and in docs/load.md.
 */

/**
 * A number setting, or `fallback` when unset.
 *
 * @example numberEnv({ RATE: '20' }, 'RATE', 8, { min: 0.001 }) // 20
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {number} fallback
 * @param {{ min?: number, integer?: boolean }} [rule]
 */
export function numberEnv(env, name, fallback, rule = {}) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const { min = 0, integer = false } = rule;
  const value = Number(raw);
  const kind = integer ? 'a whole number' : 'a number';
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value)))
    throw new Error(`[omnichaos:k6] -e ${name}: expected ${kind} >= ${min}, got "${raw}"`);
  return value;
}

/**
 * A comma-separated list setting.
 *
 * @example listEnv({ SIMULATORS: 'erp, pos' }, 'SIMULATORS', []) // ['erp', 'pos']
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {string[]} fallback
 */
export function listEnv(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * A yes/no setting: `1`/`true`/`yes` or `0`/`false`/`no`; `fallback` when unset.
 *
 * @example flagEnv({ ALLOW_FAULTS: '1' }, 'ALLOW_FAULTS', false) // true
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {boolean} fallback
 */
export function flagEnv(env, name, fallback) {
  const raw = (env[name] ?? '').trim();
  if (raw === '') return fallback;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new Error(`[omnichaos:k6] -e ${name}: expected 1/true/yes or 0/false/no, got "${raw}"`);
}
