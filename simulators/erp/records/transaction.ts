import { fail } from '../errors.js';
import {
  allocateId,
  assertExternalIdFree,
  checkExternalId,
  insertRecord,
  setExternalId,
} from '../store.js';
import type { ErpRecord, RecordType, TxLine } from '../state.js';
import { isoDate } from '../wire.js';
import { readFields, resolveRef, type FieldSchema } from './fields.js';
import type { RecordOps } from './kind.js';
import { parseLines } from './lines.js';

/** Body fields every transaction type keeps as sent. */
const COMMON_SCHEMA: FieldSchema = {
  memo: 'string',
  email: 'string',
  subsidiary: { ref: 'subsidiary' },
  currency: { ref: 'currency' },
  department: { ref: 'department' },
  class: { ref: 'classification' },
  salesRep: { ref: 'employee' },
};

/** Fields the transaction code handles itself (never copied into `fields`). */
const MANAGED = new Set([
  'externalId',
  'entity',
  'location',
  'item',
  'otherRefNum',
  'tranId',
  'tranDate',
  'createdFrom',
  'total',
  'subtotal',
  'status',
  'createdDate',
  'lastModifiedDate',
]);

export interface TxSpec {
  type: RecordType;
  /** Document-number prefix: `SO` → SO1, SO2… */
  prefix: string;
  /** Type-specific plain fields. */
  schema?: FieldSchema;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    fail(400, `Invalid value for the field ${name}: expected a string.`, {
      code: 'INVALID_CONTENT',
      path: name,
    });
  return v;
}

function readTranDate(op: RecordOps, body: Record<string, unknown>): string {
  const v = body.tranDate;
  if (v === undefined || v === null) return isoDate(op.ctx.clock.now());
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))
    fail(400, 'Invalid value for the field tranDate: expected a date like "2026-11-27".', {
      code: 'INVALID_CONTENT',
      path: 'tranDate',
    });
  return v;
}

/**
 * Validate and store a new transaction. `lines` come from a transform; otherwise the body's
 * item sublist is parsed. Business effects are the caller's (after this returns).
 *
 * @example buildTransaction(op, { type: 'salesOrder', prefix: 'SO' }, body)
 */
export function buildTransaction(
  op: RecordOps,
  spec: TxSpec,
  body: Record<string, unknown>,
  from?: { source: ErpRecord; lines: TxLine[] },
): ErpRecord {
  const { state } = op.ctx;
  const externalId = checkExternalId(body.externalId);
  if (externalId !== undefined) assertExternalIdFree(state, spec.type, externalId);
  const sourceTx = from?.source.tx;
  if (body.entity === undefined && !sourceTx)
    fail(400, 'Please enter value(s) for: Customer.', { code: 'USER_ERROR', path: 'entity' });
  const entityId =
    body.entity === undefined
      ? sourceTx!.entityId
      : resolveRef(state, 'customer', body.entity, 'entity').id;
  const locationId =
    body.location === undefined
      ? sourceTx?.locationId
      : resolveRef(state, 'location', body.location, 'location').id;
  const otherRefNum = optionalString(body, 'otherRefNum') ?? sourceTx?.otherRefNum;
  const tranDate = readTranDate(op, body);
  const fields = readFields(
    state,
    body,
    { ...COMMON_SCHEMA, ...spec.schema },
    MANAGED,
    op.strictNames,
  );
  const lines = from?.lines ?? parseLines(op, body, locationId);
  const seq = (state.tranSeq.get(spec.type) ?? 0) + 1;
  const tranId = optionalString(body, 'tranId') ?? `${spec.prefix}${seq}`;
  state.tranSeq.set(spec.type, seq);
  const now = op.ctx.clock.now();
  const record: ErpRecord = {
    type: spec.type,
    id: allocateId(state, 'transaction'),
    externalId,
    createdMs: now,
    modifiedMs: now,
    fields,
    tx: {
      tranId,
      tranDate,
      entityId,
      locationId,
      otherRefNum,
      createdFromId: from?.source.id,
      lines,
    },
  };
  insertRecord(state, record);
  return record;
}

/**
 * PATCH of a transaction: plain fields, externalId, otherRefNum, tranDate, entity. Lines and
 * location are not re-planned by the simulator (they would move stock), so they are refused.
 *
 * @example updateTransaction(op, so, { otherRefNum: 'PO-7' }, SALES_ORDER)
 */
export function updateTransaction(
  op: RecordOps,
  record: ErpRecord,
  body: Record<string, unknown>,
  spec: TxSpec,
): void {
  const { state } = op.ctx;
  for (const name of ['item', 'location'] as const) {
    if (body[name] !== undefined)
      fail(400, `Changing ${name} on an existing ${record.type} is not simulated by omnichaos.`, {
        code: 'USER_ERROR',
        path: name,
      });
  }
  const tx = record.tx!;
  const fields = readFields(
    state,
    body,
    { ...COMMON_SCHEMA, ...spec.schema },
    MANAGED,
    op.strictNames,
  );
  const entityId =
    body.entity === undefined
      ? tx.entityId
      : resolveRef(state, 'customer', body.entity, 'entity').id;
  const otherRefNum =
    body.otherRefNum === undefined ? tx.otherRefNum : optionalString(body, 'otherRefNum');
  const tranDate = body.tranDate === undefined ? tx.tranDate : readTranDate(op, body);
  if (body.externalId !== undefined) setExternalId(state, record, checkExternalId(body.externalId));
  Object.assign(tx, { entityId, otherRefNum, tranDate });
  Object.assign(record.fields, fields);
}
