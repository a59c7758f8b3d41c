import { fail } from '../errors.js';
import {
  allocateId,
  assertExternalIdFree,
  checkExternalId,
  insertRecord,
  setExternalId,
} from '../store.js';
import type { ErpRecord } from '../state.js';
import { readFields, type FieldSchema } from './fields.js';
import type { RecordKind, RecordOps } from './kind.js';
import { renderFields } from './render.js';

/**
 * Customers (`/record/v1/customer`): companies or persons (`isPerson`). Minimal fields
 * integrations use (docs/dialects/erp.md); anything else `cust…` passes through.
 */
const SCHEMA: FieldSchema = {
  entityId: 'string',
  companyName: 'string',
  isPerson: 'boolean',
  firstName: 'string',
  lastName: 'string',
  email: 'string',
  phone: 'string',
  comments: 'string',
  isInactive: 'boolean',
  subsidiary: { ref: 'subsidiary' },
  currency: { ref: 'currency' },
  terms: { ref: 'term' },
  category: { ref: 'customerCategory' },
};

const MANAGED = new Set(['externalId', 'dateCreated', 'lastModifiedDate']);

/** NetSuite requires a name: the company's, or a person's first/last name. */
function requireName(fields: Record<string, unknown>): void {
  const named = [fields.companyName, fields.firstName, fields.lastName].some(
    (v) => typeof v === 'string' && v.trim().length > 0,
  );
  if (named) return;
  const person = fields.isPerson === true;
  fail(400, `Please enter value(s) for: ${person ? 'Last Name' : 'Company Name'}.`, {
    code: 'USER_ERROR',
    path: person ? 'lastName' : 'companyName',
  });
}

function create(op: RecordOps, body: Record<string, unknown>): ErpRecord {
  const { state } = op.ctx;
  const externalId = checkExternalId(body.externalId);
  if (externalId !== undefined) assertExternalIdFree(state, 'customer', externalId);
  const fields = readFields(state, body, SCHEMA, MANAGED, op.strictNames);
  requireName(fields);
  const now = op.ctx.clock.now();
  const id = allocateId(state, 'entity');
  // NetSuite fills entityId (the customer "name/number") when the client leaves it out.
  if (typeof fields.entityId !== 'string') fields.entityId = `CUS${id}`;
  const record: ErpRecord = {
    type: 'customer',
    id,
    externalId,
    createdMs: now,
    modifiedMs: now,
    fields,
  };
  insertRecord(state, record);
  return record;
}

function update(op: RecordOps, record: ErpRecord, body: Record<string, unknown>): void {
  const fields = readFields(op.ctx.state, body, SCHEMA, MANAGED, op.strictNames);
  const merged = { ...record.fields, ...fields };
  requireName(merged);
  if (body.externalId !== undefined)
    setExternalId(op.ctx.state, record, checkExternalId(body.externalId));
  record.fields = merged;
}

function remove(op: RecordOps, record: ErpRecord): void {
  for (const byId of op.ctx.state.records.values()) {
    for (const r of byId.values()) {
      if (r.tx?.entityId === record.id) {
        fail(400, 'This record cannot be deleted because it has dependent records.', {
          code: 'USER_ERROR',
        });
      }
    }
  }
}

export const customerKind: RecordKind = {
  type: 'customer',
  family: 'entity',
  create,
  update,
  remove,
  render: (op, record) => renderFields(op, record.fields),
  sublists: {},
};
