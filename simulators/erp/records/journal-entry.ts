import { fail } from '../errors.js';
import {
  allocateId,
  assertExternalIdFree,
  checkExternalId,
  insertRecord,
  setExternalId,
} from '../store.js';
import type { ErpRecord, JeLine } from '../state.js';
import { centsOf, dollars, isoDate } from '../wire.js';
import { asObject, readFields, resolveRef, type FieldSchema } from './fields.js';
import type { RecordOps, RecordKind } from './kind.js';
import { renderFields, renderRecordRef, renderSublist } from './render.js';

/**
 * Journal entries: debits and credits to ledger accounts, the record an integration books a
 * marketplace payout with (docs/dialects/erp.md#journal-entries). Body: `tranDate`, `memo`,
 * `externalId`, `custbody…` fields, and the `line` sublist `{ items: [{ account, debit | credit,
 * memo?, entity? }] }`. NetSuite refuses an entry whose debit lines do not add up to its credit
 * lines ("The total amount of debit lines must equal the total amount of credit lines", NetSuite
 * help, Journal Entries Overview), and one with no lines. GUESS: the wording of both errors, and
 * that a line carries a debit or a credit, never both, nor neither.
 */
const SCHEMA: FieldSchema = {
  memo: 'string',
  subsidiary: { ref: 'subsidiary' },
  currency: { ref: 'currency' },
  approved: 'boolean',
};
const MANAGED = new Set([
  'externalId',
  'line',
  'tranId',
  'tranDate',
  'createdDate',
  'lastModifiedDate',
]);
const MAX_LINES = 1000;

function lineError(i: number, field: string, message: string): never {
  return fail(400, message, { code: 'USER_ERROR', path: `line.items[${i}].${field}` });
}

function readLine(op: RecordOps, raw: unknown, i: number): JeLine {
  const o = asObject(raw, `line.items[${i}]`);
  if (o.account === undefined || o.account === null)
    lineError(i, 'account', 'Please enter value(s) for: Account.');
  const account = resolveRef(op.ctx.state, 'account', o.account, `line.items[${i}].account`);
  const amount = (name: 'debit' | 'credit'): number => {
    const v = o[name];
    if (v === undefined || v === null) return 0;
    const cents = centsOf(v);
    if (cents === undefined || Math.abs(cents / 100 - (v as number)) > 1e-9)
      fail(
        400,
        `Invalid value for the field ${name}: expected an amount of 0 or more with at most two decimals.`,
        {
          code: 'INVALID_CONTENT',
          path: `line.items[${i}].${name}`,
        },
      );
    return cents;
  };
  const debitCents = amount('debit');
  const creditCents = amount('credit');
  if (debitCents > 0 === creditCents > 0)
    lineError(i, 'debit', 'Each journal entry line needs a debit or a credit amount, not both.');
  const memo = o.memo;
  if (memo !== undefined && memo !== null && typeof memo !== 'string')
    fail(400, 'Invalid value for the field memo: expected a string.', {
      code: 'INVALID_CONTENT',
      path: `line.items[${i}].memo`,
    });
  const entityId =
    o.entity === undefined || o.entity === null
      ? undefined
      : resolveRef(op.ctx.state, 'customer', o.entity, `line.items[${i}].entity`).id;
  return {
    line: i + 1,
    accountId: account.id,
    debitCents,
    creditCents,
    memo: (memo as string | undefined) ?? undefined,
    entityId,
  };
}

function readTranDate(op: RecordOps, v: unknown): string {
  if (v === undefined || v === null) return isoDate(op.ctx.clock.now());
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))
    fail(400, 'Invalid value for the field tranDate: expected a date like "2026-11-27".', {
      code: 'INVALID_CONTENT',
      path: 'tranDate',
    });
  return v;
}

/** Debit and credit totals of an entry, cents. */
export function jeTotals(record: ErpRecord): { debitCents: number; creditCents: number } {
  let debitCents = 0;
  let creditCents = 0;
  for (const l of record.je?.lines ?? []) {
    debitCents += l.debitCents;
    creditCents += l.creditCents;
  }
  return { debitCents, creditCents };
}

function create(op: RecordOps, body: Record<string, unknown>): ErpRecord {
  const { state } = op.ctx;
  const externalId = checkExternalId(body.externalId);
  if (externalId !== undefined) assertExternalIdFree(state, 'journalEntry', externalId);
  const raw =
    body.line === undefined || body.line === null ? { items: [] } : asObject(body.line, 'line');
  const items = raw.items;
  if (!Array.isArray(items))
    fail(400, 'Invalid value for the field line: expected an object with an "items" array.', {
      code: 'INVALID_CONTENT',
      path: 'line.items',
    });
  if (items.length === 0)
    fail(400, 'You must enter at least one line item for this transaction.', {
      code: 'USER_ERROR',
      path: 'line',
    });
  if (items.length > MAX_LINES)
    fail(400, `A transaction may carry at most ${MAX_LINES} lines in the simulator.`, {
      code: 'INVALID_CONTENT',
      path: 'line.items',
    });
  const lines = items.map((l, i) => readLine(op, l, i));
  const debit = lines.reduce((n, l) => n + l.debitCents, 0);
  const credit = lines.reduce((n, l) => n + l.creditCents, 0);
  if (debit !== credit)
    fail(
      400,
      `The transaction is out of balance: debits ${dollars(debit).toFixed(2)}, credits ${dollars(credit).toFixed(2)}. The total of the debit lines must equal the total of the credit lines.`,
      { code: 'USER_ERROR', path: 'line' },
    );
  const tranDate = readTranDate(op, body.tranDate);
  const fields = readFields(state, body, SCHEMA, MANAGED, op.strictNames);
  const seq = (state.tranSeq.get('journalEntry') ?? 0) + 1;
  state.tranSeq.set('journalEntry', seq);
  const now = op.ctx.clock.now();
  const record: ErpRecord = {
    type: 'journalEntry',
    id: allocateId(state, 'transaction'),
    externalId,
    createdMs: now,
    modifiedMs: now,
    fields,
    je: { tranId: typeof body.tranId === 'string' ? body.tranId : `JE${seq}`, tranDate, lines },
  };
  insertRecord(state, record);
  return record;
}

function renderLines(op: RecordOps, record: ErpRecord): Record<string, unknown>[] {
  return record.je!.lines.map((l) => ({
    line: l.line,
    account: renderRecordRef(op, 'account', l.accountId),
    ...(l.debitCents > 0 ? { debit: dollars(l.debitCents) } : {}),
    ...(l.creditCents > 0 ? { credit: dollars(l.creditCents) } : {}),
    ...(l.memo === undefined ? {} : { memo: l.memo }),
    ...(l.entityId === undefined ? {} : { entity: renderRecordRef(op, 'customer', l.entityId) }),
  }));
}

export const journalEntryKind: RecordKind = {
  type: 'journalEntry',
  family: 'transaction',
  create,
  update: (op, record, body) => {
    if (body.line !== undefined)
      fail(400, 'Changing line on an existing journalEntry is not simulated by omnichaos.', {
        code: 'USER_ERROR',
        path: 'line',
      });
    const fields = readFields(op.ctx.state, body, SCHEMA, MANAGED, op.strictNames);
    if (body.externalId !== undefined)
      setExternalId(op.ctx.state, record, checkExternalId(body.externalId));
    if (body.tranDate !== undefined) record.je!.tranDate = readTranDate(op, body.tranDate);
    Object.assign(record.fields, fields);
  },
  remove: () => undefined,
  render: (op, record, expand) => {
    const { debitCents } = jeTotals(record);
    return {
      tranId: record.je!.tranId,
      tranDate: record.je!.tranDate,
      total: dollars(debitCents),
      ...renderFields(op, record.fields),
      line: renderSublist(op, record, 'line', expand ? renderLines(op, record) : undefined),
    };
  },
  sublists: { line: renderLines },
};
