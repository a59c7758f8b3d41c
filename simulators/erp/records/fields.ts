import { fail } from '../errors.js';
import { findRecord } from '../store.js';
import { RECORD_TYPES, type ErpState, type RecordType } from '../state.js';

/**
 * Body-field checking shared by every record type. A type lists its plain fields and their
 * kinds; `cust…` custom fields pass through as sent (accounts have their own); other names are
 * ignored, as NetSuite does unless `X-NetSuite-PropertyNameValidation: Error` asks otherwise.
 */
export type FieldKind = 'string' | 'boolean' | 'number' | 'date' | { ref: string };
export type FieldSchema = Readonly<Record<string, FieldKind>>;

/** A stored reference to a record type the simulator does not model (subsidiary, currency…). */
export interface ForeignRef {
  refType: string;
  id: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The body must be a JSON object; anything else is NetSuite's INVALID_CONTENT.
 *
 * @example asObject(ctx.body) // {} for an empty body, 400 for [] or "x"
 */
export function asObject(body: unknown, path = ''): Record<string, unknown> {
  if (body === undefined && path === '') return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    fail(400, `Invalid content: ${path || 'the request body'} must be a JSON object.`, {
      code: 'INVALID_CONTENT',
      path: path || undefined,
    });
  }
  return body as Record<string, unknown>;
}

function invalid(path: string, expected: string): never {
  fail(400, `Invalid value for the field ${path}: expected ${expected}.`, {
    code: 'INVALID_CONTENT',
    path,
  });
}

/**
 * Resolve a reference object (`{ id }`, `{ id: 'eid:X' }` or `{ externalId }`) to a stored
 * record. GUESS: `{ externalId }` inside references is accepted leniently.
 *
 * @example resolveRef(state, 'customer', { id: 3 }, 'entity').id // 3
 */
export function resolveRef(state: ErpState, type: RecordType, value: unknown, path: string) {
  const ref = refKey(value, path);
  const record = findRecord(state, type, ref);
  if (!record) {
    fail(
      400,
      `Error while accessing resource: You have entered an Invalid Field Value ${ref.replace(/^eid:/, '')} for the following field: ${path.split('.').at(-1)}`,
      { code: 'INVALID_CONTENT', path },
    );
  }
  return record;
}

function refKey(value: unknown, path: string): string {
  const obj = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  const v = obj as { id?: unknown; externalId?: unknown } | null;
  if (v && (typeof v.id === 'string' || typeof v.id === 'number') && String(v.id).length > 0)
    return String(v.id);
  if (v && typeof v.externalId === 'string' && v.externalId.length > 0)
    return `eid:${v.externalId}`;
  return invalid(path, 'a reference object like { "id": "123" }');
}

function readOne(state: ErpState, kind: FieldKind, value: unknown, path: string): unknown {
  if (value === null) return null;
  if (kind === 'string') return typeof value === 'string' ? value : invalid(path, 'a string');
  if (kind === 'boolean')
    return typeof value === 'boolean' ? value : invalid(path, 'true or false');
  if (kind === 'number')
    return typeof value === 'number' && Number.isFinite(value) ? value : invalid(path, 'a number');
  if (kind === 'date')
    return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value))
      ? value
      : invalid(path, 'a date like "2026-11-27"');
  if ((RECORD_TYPES as readonly string[]).includes(kind.ref))
    return {
      refType: kind.ref,
      id: String(resolveRef(state, kind.ref as RecordType, value, path).id),
    };
  const ref: ForeignRef = { refType: kind.ref, id: refKey(value, path) };
  return ref;
}

/**
 * Read the plain fields of a body against a schema. `skip` names fields the type handles itself.
 *
 * @example readFields(state, { memo: 'gift' }, { memo: 'string' }, new Set(), false) // { memo: 'gift' }
 */
export function readFields(
  state: ErpState,
  body: Record<string, unknown>,
  schema: FieldSchema,
  skip: ReadonlySet<string>,
  strictNames: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (skip.has(name) || name === 'links' || name === 'id') continue;
    const kind = Object.hasOwn(schema, name) ? schema[name] : undefined;
    if (kind) out[name] = readOne(state, kind, value, name);
    else if (name.startsWith('cust')) out[name] = value;
    else if (strictNames) {
      // GUESS: wording and code of NetSuite's unknown-property error under validation "Error".
      fail(400, `Invalid field name: ${name}. The field does not exist on this record.`, {
        code: 'INVALID_CONTENT',
        path: name,
      });
    }
  }
  return out;
}
