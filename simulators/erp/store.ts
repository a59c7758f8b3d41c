import { fail, notFound } from './errors.js';
import type { ErpRecord, ErpState, Family, RecordType } from './state.js';

/**
 * Record storage: internal ids, the per-type externalId index, `eid:` lookups. No business
 * rules here (see records/) — only what every type shares.
 */

/**
 * GUESS: how NetSuite REST words a duplicate externalId. The code DUP_RCRD ("This record already
 * exists") is the SOAP status code for the same case; the REST wording is not in the corpora.
 */
export const DUPLICATE_CODE = 'DUP_RCRD';

/**
 * Check an externalId from a body; throws NetSuite's 400 for a bad one. Any characters pass:
 * NetSuite documents letters, digits, `_` and `-` for `eid:` URLs, and shows a `|` id that
 * only `?q=externalId IS "…"` can address (docs/dialects/erp.md).
 *
 * @example checkExternalId('AMZ-113-0001') // 'AMZ-113-0001'
 */
export function checkExternalId(value: unknown, path = 'externalId'): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 255) {
    fail(400, `Invalid value for field ${path}: expected a string of 1 to 255 characters.`, {
      code: 'INVALID_CONTENT',
      path,
    });
  }
  return value;
}

/**
 * Internal id or `eid:<externalId>` from a URL or a reference, resolved to a stored record.
 *
 * @example findRecord(state, 'customer', 'eid:CUST-1')?.id
 */
export function findRecord(state: ErpState, type: RecordType, ref: string): ErpRecord | undefined {
  if (ref.startsWith('eid:')) {
    const id = state.externalIds.get(type)!.get(ref.slice(4));
    return id === undefined ? undefined : state.records.get(type)!.get(id);
  }
  if (!/^[1-9][0-9]{0,14}$/.test(ref)) return undefined;
  return state.records.get(type)!.get(Number(ref));
}

/**
 * @example const so = getRecord(state, 'salesOrder', 'eid:113-0000001-0000001')
 */
export function getRecord(state: ErpState, type: RecordType, ref: string): ErpRecord {
  const record = findRecord(state, type, ref);
  if (!record) throw notFound(type, ref);
  return record;
}

/**
 * Refuse an externalId another record of the type already holds.
 *
 * @example assertExternalIdFree(state, 'salesOrder', 'AMZ-1') // throws DUP_RCRD when taken
 */
export function assertExternalIdFree(
  state: ErpState,
  type: RecordType,
  externalId: string,
  exceptId?: number,
): void {
  const holder = state.externalIds.get(type)!.get(externalId);
  if (holder !== undefined && holder !== exceptId) {
    fail(
      400,
      `Error while accessing a resource. This record already exists. A ${type} record with external ID '${externalId}' already exists (internal ID ${holder}).`,
      { code: DUPLICATE_CODE, path: 'externalId' },
    );
  }
}

/**
 * Take the next internal id of a family.
 *
 * @example allocateId(state, 'transaction') // 12
 */
export function allocateId(state: ErpState, family: Family): number {
  return state.nextId[family]++;
}

/**
 * Store a new record (its externalId must be free).
 *
 * @example insertRecord(state, record)
 */
export function insertRecord(state: ErpState, record: ErpRecord): void {
  if (record.externalId !== undefined) assertExternalIdFree(state, record.type, record.externalId);
  state.records.get(record.type)!.set(record.id, record);
  if (record.externalId !== undefined)
    state.externalIds.get(record.type)!.set(record.externalId, record.id);
}

/**
 * Change a record's externalId, keeping the index in step.
 *
 * @example setExternalId(state, record, 'NEW-ID')
 */
export function setExternalId(state: ErpState, record: ErpRecord, next: string | undefined): void {
  if (next === record.externalId) return;
  if (next !== undefined) assertExternalIdFree(state, record.type, next, record.id);
  const index = state.externalIds.get(record.type)!;
  if (record.externalId !== undefined) index.delete(record.externalId);
  if (next !== undefined) index.set(next, record.id);
  record.externalId = next;
}

/**
 * Forget a record and its externalId.
 *
 * @example removeRecord(state, record)
 */
export function removeRecord(state: ErpState, record: ErpRecord): void {
  state.records.get(record.type)!.delete(record.id);
  if (record.externalId !== undefined)
    state.externalIds.get(record.type)!.delete(record.externalId);
}

/**
 * Records of a type in internal-id order (the order NetSuite lists them in).
 *
 * @example recordsOf(state, 'location').map((l) => l.externalId) // ['WH-1', 'ST-001', …]
 */
export function recordsOf(state: ErpState, type: RecordType): ErpRecord[] {
  return [...state.records.get(type)!.values()].sort((a, b) => a.id - b.id);
}

/**
 * Transactions of any type created from `sourceId` (fulfillments, invoices, refunds).
 *
 * @example childrenOf(state, so.id).map((r) => r.type) // ['itemFulfillment', 'invoice']
 */
export function childrenOf(state: ErpState, sourceId: number): ErpRecord[] {
  const out: ErpRecord[] = [];
  for (const byId of state.records.values()) {
    for (const r of byId.values()) if (r.tx?.createdFromId === sourceId) out.push(r);
  }
  return out;
}
