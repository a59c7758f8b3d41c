import { fail } from './errors.js';

/**
 * Field readers that answer bad input with Square's own 400s (docs/dialects/pos.md codes:
 * MISSING_REQUIRED_PARAMETER, EXPECTED_STRING, VALUE_TOO_LONG, INVALID_ENUM_VALUE, …). `field`
 * is the wire path Square puts in `errors[].field`, e.g. `order.line_items[0].quantity`.
 */
export type Json = Record<string, unknown>;

/**
 * The request body as an object; a missing or non-object body is Square's EXPECTED_JSON_BODY.
 *
 * @example const body = bodyObject(ctx.body)
 */
export function bodyObject(body: unknown): Json {
  if (body === undefined)
    fail(400, 'EXPECTED_JSON_BODY', 'The request body must be a JSON object.');
  if (!isObject(body)) fail(400, 'EXPECTED_JSON_BODY', 'The request body must be a JSON object.');
  return body;
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function missing(field: string): never {
  return fail(400, 'MISSING_REQUIRED_PARAMETER', `Field must be set`, field);
}

/** @example str(body, 'note', 'note', { max: 500 }) */
export function str(
  o: Json,
  key: string,
  field: string,
  opts: { required?: boolean; max?: number; min?: number } = {},
): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return opts.required ? missing(field) : undefined;
  if (typeof v !== 'string') fail(400, 'EXPECTED_STRING', 'Expected a string value.', field);
  if (opts.required && v.length === 0 && opts.min === undefined) missing(field);
  if (opts.min !== undefined && v.length < opts.min)
    fail(400, 'VALUE_TOO_SHORT', `Must be at least ${opts.min} characters long.`, field);
  if (opts.max !== undefined && v.length > opts.max)
    fail(400, 'VALUE_TOO_LONG', `Must be at most ${opts.max} characters long.`, field);
  return v;
}

/** A required string (narrowed). @example reqStr(body, 'source_id', 'source_id') */
export function reqStr(o: Json, key: string, field: string, max?: number): string {
  return str(o, key, field, { required: true, max }) as string;
}

/** @example int(body, 'limit', 'limit', { min: 1, max: 1000 }) */
export function int(
  o: Json,
  key: string,
  field: string,
  opts: { min?: number; max?: number } = {},
): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v))
    fail(400, 'EXPECTED_INTEGER', 'Expected an integer value.', field);
  if (opts.min !== undefined && v < opts.min)
    fail(400, 'VALUE_TOO_LOW', `Must be greater than or equal to ${opts.min}.`, field);
  if (opts.max !== undefined && v > opts.max)
    fail(400, 'VALUE_TOO_HIGH', `Must be less than or equal to ${opts.max}.`, field);
  return v;
}

/** @example bool(body, 'autocomplete', 'autocomplete') ?? true */
export function bool(o: Json, key: string, field: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') fail(400, 'EXPECTED_BOOLEAN', 'Expected a boolean value.', field);
  return v;
}

/** @example obj(body, 'order', 'order', true) */
export function obj(o: Json, key: string, field: string, required = false): Json | undefined {
  const v = o[key];
  if (v === undefined || v === null) return required ? missing(field) : undefined;
  if (!isObject(v)) fail(400, 'EXPECTED_OBJECT', 'Expected an object value.', field);
  return v;
}

/** @example arr(body, 'order_ids', 'order_ids', { required: true, max: 100 }) */
export function arr(
  o: Json,
  key: string,
  field: string,
  opts: { required?: boolean; max?: number } = {},
): unknown[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return opts.required ? missing(field) : undefined;
  if (!Array.isArray(v)) fail(400, 'EXPECTED_ARRAY', 'Expected an array value.', field);
  if (opts.required && v.length === 0) fail(400, 'ARRAY_EMPTY', 'Must not be empty.', field);
  if (opts.max !== undefined && v.length > opts.max)
    fail(400, 'ARRAY_LENGTH_TOO_LONG', `Must contain at most ${opts.max} elements.`, field);
  return v;
}

/** An array of strings. @example strings(body, 'location_ids', 'location_ids', 10) */
export function strings(o: Json, key: string, field: string, max?: number): string[] | undefined {
  const list = arr(o, key, field, { max });
  list?.forEach((v, i) => {
    if (typeof v !== 'string')
      fail(400, 'EXPECTED_STRING', 'Expected a string value.', `${field}[${i}]`);
  });
  return list as string[] | undefined;
}

/**
 * A Money object in USD cents. GUESS: a non-USD currency answers CURRENCY_MISMATCH, since every
 * simulated location trades in USD.
 *
 * @example moneyCents(body, 'amount_money', 'amount_money', true) // 1999
 */
export function moneyCents(
  o: Json,
  key: string,
  field: string,
  required = false,
): number | undefined {
  const m = obj(o, key, field, required);
  if (!m) return undefined;
  const amount = int(m, 'amount', `${field}.amount`, { min: 0 });
  if (amount === undefined) missing(`${field}.amount`);
  const currency = str(m, 'currency', `${field}.currency`, { required: true });
  if (currency !== 'USD')
    fail(
      400,
      'CURRENCY_MISMATCH',
      `This location only accepts USD, not \`${currency}\`.`,
      `${field}.currency`,
    );
  return amount;
}

/** @example oneOf(v, ['ASC', 'DESC'], 'query.sort.sort_order') */
export function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
    fail(400, 'INVALID_ENUM_VALUE', `Expected one of ${allowed.join(', ')}.`, field);
  return v as T;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** An RFC 3339 timestamp as epoch ms. @example time('2026-11-27T00:00:00Z', 'occurred_at') */
export function time(v: unknown, field: string): number {
  if (typeof v !== 'string') fail(400, 'EXPECTED_STRING', 'Expected a string value.', field);
  const ms = RFC3339.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms))
    fail(400, 'INVALID_TIME', `Invalid RFC 3339 timestamp \`${v}\`.`, field);
  return ms;
}

const DECIMAL = /^\d{1,12}(\.\d{1,5})?$/;

/** A Square quantity string (decimal, ≤ 5 places). @example quantity('2', 'order.line_items[0].quantity') // 2 */
export function quantity(v: unknown, field: string, opts: { allowZero?: boolean } = {}): number {
  if (v === undefined || v === null) missing(field);
  if (typeof v !== 'string') fail(400, 'EXPECTED_STRING', 'Expected a string value.', field);
  const n = DECIMAL.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || (!opts.allowZero && n <= 0))
    fail(400, 'INVALID_VALUE', `Invalid quantity \`${v.slice(0, 40)}\`.`, field);
  return n;
}
