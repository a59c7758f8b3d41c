import { SimError } from '../core/errors.js';
import { invalid, shipbobErrors } from './errors.js';

/**
 * Small readers that turn wire JSON into typed values or throw ShipBob's validation error
 * (`{ "<field path>": ["message"] }`, docs/dialects/wms.md). Messages follow ASP.NET's wording
 * ("The X field is required.") — GUESS: ShipBob's exact sentences are not published.
 */
export type Json = Record<string, unknown>;

/**
 * Collects every validation error of a request, so the 400 names all bad fields at once as
 * ShipBob's model validation does (`{ "reference_id": [...], "recipient.name": [...] }`, the
 * field → messages map of its 400 responses, developer.shipbob.com/api/orders/create-order).
 * `read(fn)` runs one field reader; a field error is recorded and `undefined` returned.
 *
 * @example const issues = new Issues(); issues.read(() => str(b, 'a', 'a', { required: true })); issues.throwIfAny();
 */
export class Issues {
  private readonly fields: Record<string, string[]> = {};

  read<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      const res = err instanceof SimError ? err.response : undefined;
      const body = res?.body as Record<string, unknown> | undefined;
      if (res?.status !== 400 || !body || typeof body.title === 'string') throw err;
      for (const [field, messages] of Object.entries(body))
        (this.fields[field] ??= []).push(...(messages as string[]));
      return undefined;
    }
  }

  add(field: string, message: string): void {
    (this.fields[field] ??= []).push(message);
  }

  get empty(): boolean {
    return Object.keys(this.fields).length === 0;
  }

  /** Throw the 400 with every recorded field, if any. */
  throwIfAny(): void {
    if (this.empty) return;
    const res = shipbobErrors.error(400, '', { field: '$' });
    throw new SimError({ ...res, body: { ...this.fields } });
  }
}

/** The body must be a JSON object. */
export function bodyObject(body: unknown): Json {
  if (body === undefined) invalid('$', 'A non-empty request body is required.');
  if (!body || typeof body !== 'object' || Array.isArray(body))
    invalid('$', 'The JSON value could not be converted to an object.');
  return body as Json;
}

export function obj(parent: Json, key: string, path: string, required = false): Json | undefined {
  const v = parent[key];
  if (v === undefined || v === null) {
    if (required) invalid(path, `The ${key} field is required.`);
    return undefined;
  }
  if (typeof v !== 'object' || Array.isArray(v))
    invalid(path, `The JSON value could not be converted to an object.`);
  return v as Json;
}

/**
 * @example str({ a: 'x' }, 'a', 'a', { required: true }) // 'x'
 */
export function str(
  parent: Json,
  key: string,
  path: string,
  opts: { required?: boolean; max?: number } = {},
): string | undefined {
  const v = parent[key];
  if (v === undefined || v === null || (opts.required && v === '')) {
    if (opts.required) invalid(path, `The ${key} field is required.`);
    return undefined;
  }
  if (typeof v !== 'string')
    invalid(path, `The JSON value could not be converted to System.String.`);
  const max = opts.max ?? 500;
  if (v.length > max)
    invalid(path, `The field ${key} must be a string with a maximum length of ${max}.`);
  return v;
}

/** A positive integer (quantities, ids). */
export function posInt(
  parent: Json,
  key: string,
  path: string,
  required = false,
): number | undefined {
  const v = parent[key];
  if (v === undefined || v === null) {
    if (required) invalid(path, `The ${key} field is required.`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v))
    invalid(path, `The JSON value could not be converted to System.Int32.`);
  if (v < 1 || v > 2_147_483_647)
    invalid(path, `The field ${key} must be between 1 and 2147483647.`);
  return v;
}

/** A non-negative decimal (prices). */
export function money(parent: Json, key: string, path: string): number | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1e9)
    invalid(path, `The JSON value could not be converted to System.Decimal.`);
  return v;
}

/** An ISO-8601 date-time string, as epoch ms. */
export function date(parent: Json, key: string, path: string): number | undefined {
  const v = str(parent, key, path, { max: 64 });
  if (v === undefined) return undefined;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms))
    invalid(path, `The JSON value could not be converted to System.DateTime.`);
  return ms;
}

/**
 * A query-string integer within [min, max], or the default when absent.
 *
 * @example queryInt({ Limit: '20' }, 'Limit', 50, 1, 250) // 20
 */
export function queryInt(
  query: Record<string, string>,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = lowerKeys(query)[key.toLowerCase()];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,10}$/.test(raw))
    invalid(key, `The value '${raw.slice(0, 100)}' is not valid for ${key}.`);
  const n = Number(raw);
  if (n < min || n > max) invalid(key, `The field ${key} must be between ${min} and ${max}.`);
  return n;
}

/**
 * A query-string date-time (ASP.NET `DateTime` binding), as epoch ms; undefined when absent. A
 * value without a zone is read as UTC (GUESS: ShipBob's servers run on UTC).
 *
 * @example queryDate({ StartDate: '2026-11-27T05:00:00Z' }, 'StartDate') // 1795755600000
 */
export function queryDate(query: Record<string, string>, key: string): number | undefined {
  const raw = lowerKeys(query)[key.toLowerCase()];
  if (raw === undefined || raw === '') return undefined;
  const m =
    /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d(?:\.\d{1,7})?)?)([zZ]|[+-]\d\d:?\d\d)?)?$/.exec(
      raw,
    );
  const ms = m ? Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}${m[3] ?? 'Z'}`) : NaN;
  if (!Number.isFinite(ms))
    invalid(key, `The value '${raw.slice(0, 100)}' is not valid for ${key}.`);
  return ms;
}

/**
 * A query-string boolean (`true`/`false`, any case, as ASP.NET binds it); undefined when absent.
 *
 * @example queryBool({ HasTracking: 'true' }, 'HasTracking') // true
 */
export function queryBool(query: Record<string, string>, key: string): boolean | undefined {
  const raw = lowerKeys(query)[key.toLowerCase()];
  if (raw === undefined || raw === '') return undefined;
  const v = raw.toLowerCase();
  if (v !== 'true' && v !== 'false')
    invalid(key, `The value '${raw.slice(0, 100)}' is not valid for ${key}.`);
  return v === 'true';
}

/** A comma-separated query list (`IDs=1,2`, `ReferenceIds=a,b`); empty when absent. */
export function queryList(query: Record<string, string>, key: string): string[] {
  const raw = lowerKeys(query)[key.toLowerCase()];
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * ASP.NET binds query names case-insensitively (`page`, `Page`, `PAGE`), so ShipBob does too.
 *
 * @example lowerKeys({ Page: '2' }) // { page: '2' }
 */
export function lowerKeys(query: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) out[k.toLowerCase()] = v;
  return out;
}
