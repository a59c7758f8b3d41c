import { invalid } from './errors.js';

/**
 * Query-string reading for SP-API: array parameters arrive comma-separated or repeated
 * (docs/dialects/marketplace.md marks the wire form UNVERIFIED, so both are accepted), dates are ISO 8601.
 */

/**
 * All values of a parameter, comma lists flattened, blanks dropped.
 *
 * @example listParam('MarketplaceIds=A,B&MarketplaceIds=C', 'MarketplaceIds') // ['A', 'B', 'C']
 */
export function listParam(rawQuery: string, name: string): string[] | undefined {
  const params = new URLSearchParams(rawQuery);
  if (!params.has(name)) return undefined;
  return params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** One parameter's value (the last if repeated), undefined when absent. */
export function oneParam(rawQuery: string, name: string): string | undefined {
  const all = new URLSearchParams(rawQuery).getAll(name);
  return all.length > 0 ? all[all.length - 1] : undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO 8601 date parameter as epoch ms; 400 InvalidInput when it is not one.
 *
 * @example dateParam('2026-11-27T05:00:00Z', 'CreatedAfter') // 1795064400000
 */
export function dateParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = ISO.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) invalid(`${name} must be a date in ISO 8601 format.`, name);
  return ms;
}

/**
 * An integer parameter within bounds; 400 InvalidInput otherwise.
 *
 * @example intParam('50', 'MaxResultsPerPage', 1, 100) // 50
 */
export function intParam(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    invalid(`${name} must be an integer between ${min} and ${max}.`, name);
  return n;
}
