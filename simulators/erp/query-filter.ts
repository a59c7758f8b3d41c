import { fail } from './errors.js';
import { totalCents } from './records/lines.js';
import type { ErpRecord } from './state.js';

/**
 * The `q` parameter of record collections (docs/dialects/erp.md): `<field> <OPERATOR> <value>` joined
 * by AND / OR, e.g. `externalId IS "113-0000001-0000001"`. Body fields only, no joins.
 * Supported operators: IS, IS_NOT, CONTAIN, START_WITH, EMPTY, EMPTY_NOT, EQUAL, GREATER,
 * GREATER_OR_EQUAL, LESS, LESS_OR_EQUAL. AND binds tighter than OR; no parentheses.
 */
export type Condition = { field: string; op: string; value: string | undefined };
/** OR of AND-groups. */
export type Filter = Condition[][];

const UNARY = new Set(['EMPTY', 'EMPTY_NOT']);
const BINARY = new Set([
  'IS',
  'IS_NOT',
  'CONTAIN',
  'START_WITH',
  'EQUAL',
  'GREATER',
  'GREATER_OR_EQUAL',
  'LESS',
  'LESS_OR_EQUAL',
]);

function badQuery(detail: string): never {
  // GUESS: code and wording of NetSuite's error for a q it cannot parse.
  fail(400, `Invalid query parameter value: q. ${detail}`, {
    code: 'INVALID_PARAMETER',
    queryParam: 'q',
  });
}

/** Split into words and "quoted strings" (a quoted value keeps spaces; `\"` escapes a quote). */
function tokens(q: string): Array<{ text: string; quoted: boolean }> {
  const out: Array<{ text: string; quoted: boolean }> = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|(\S+))/gy;
  let m: RegExpExecArray | null;
  let end = 0; // a failed sticky match resets lastIndex, so remember where the last token ended
  while ((m = re.exec(q)) !== null) {
    end = re.lastIndex;
    if (m[1] !== undefined) out.push({ text: m[1].replace(/\\(.)/g, '$1'), quoted: true });
    else out.push({ text: m[2]!, quoted: false });
  }
  if (q.slice(end).trim().length > 0) badQuery('A quoted value is not closed.');
  return out;
}

/**
 * @example parseFilter('externalId IS "A-1" AND otherRefNum IS_NOT "x"')
 */
export function parseFilter(q: string): Filter {
  if (q.length > 10_000) badQuery('The query is too long.');
  const t = tokens(q);
  if (t.length === 0) badQuery('The query is empty.');
  const groups: Filter = [[]];
  let i = 0;
  for (;;) {
    const field = t[i++];
    const op = t[i++];
    if (!field || field.quoted || !/^[A-Za-z][A-Za-z0-9_.]*$/.test(field.text))
      badQuery(`Expected a field name at "${field?.text ?? 'end of query'}".`);
    if (!op || !(UNARY.has(op.text) || BINARY.has(op.text)))
      badQuery(
        `Unknown or unsupported operator "${op?.text ?? 'end of query'}". Supported: ${[...BINARY, ...UNARY].join(', ')}.`,
      );
    let value: string | undefined;
    if (BINARY.has(op.text)) {
      const v = t[i++];
      if (!v) badQuery(`Operator ${op.text} needs a value.`);
      value = v.text;
    }
    groups.at(-1)!.push({ field: field.text, op: op.text, value });
    const joiner = t[i++];
    if (!joiner) return groups;
    if (joiner.text === 'OR') groups.push([]);
    else if (joiner.text !== 'AND') badQuery(`Expected AND or OR at "${joiner.text}".`);
  }
}

/**
 * Flat field → value view of a record for filtering (references become their id).
 *
 * @example filterView(salesOrder).otherRefNum // '113-…'
 */
export function filterView(record: ErpRecord): Record<string, unknown> {
  const view: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  Object.assign(view, { id: record.id, externalId: record.externalId });
  for (const [k, v] of Object.entries(record.fields))
    view[k] = typeof v === 'object' && v !== null && 'id' in v ? (v as { id: unknown }).id : v;
  if (record.item)
    Object.assign(view, {
      itemId: record.item.itemId,
      basePrice: record.item.basePriceCents / 100,
    });
  const tx = record.tx;
  if (tx) {
    Object.assign(view, {
      tranId: tx.tranId,
      tranDate: tx.tranDate,
      entity: tx.entityId,
      location: tx.locationId,
      otherRefNum: tx.otherRefNum,
      createdFrom: tx.createdFromId,
      total: totalCents(record) / 100,
    });
  }
  return view;
}

function test(c: Condition, raw: unknown): boolean {
  const empty = raw === undefined || raw === null || raw === '';
  if (c.op === 'EMPTY') return empty;
  if (c.op === 'EMPTY_NOT') return !empty;
  if (empty) return c.op === 'IS_NOT';
  const s = String(raw);
  const v = c.value!;
  switch (c.op) {
    case 'IS':
      return s === v;
    case 'IS_NOT':
      return s !== v;
    case 'CONTAIN':
      return s.toLowerCase().includes(v.toLowerCase());
    case 'START_WITH':
      return s.toLowerCase().startsWith(v.toLowerCase());
    default: {
      const a = Number(raw);
      const b = Number(v);
      if (Number.isNaN(a) || Number.isNaN(b))
        badQuery(`Operator ${c.op} compares numbers; "${v}" is not one.`);
      if (c.op === 'EQUAL') return a === b;
      if (c.op === 'GREATER') return a > b;
      if (c.op === 'GREATER_OR_EQUAL') return a >= b;
      if (c.op === 'LESS') return a < b;
      return a <= b;
    }
  }
}

/**
 * Does a record pass the filter?
 *
 * @example matches(parseFilter('externalId IS "A"'), record)
 */
export function matches(filter: Filter, record: ErpRecord): boolean {
  const view = filterView(record);
  return filter.some((group) => group.every((c) => test(c, view[c.field])));
}
