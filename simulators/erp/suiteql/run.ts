import type { ErpContext } from '../state.js';
import { SuiteQlError, type Condition, type Literal, type SelectQuery } from './parse.js';
import { TABLES, type Hint, type Row, type Table } from './tables.js';

/**
 * Execute a parsed query: check names, filter, sort. Paging is the route's (collection.ts).
 * Comparison follows SQL: NULL never matches a comparison; numbers compare as numbers when both
 * sides are numeric, otherwise as strings (case-sensitive, like Oracle).
 */

/** Refuse pair scans larger than this (inventoryBalance of a huge world without a filter). */
const MAX_SCAN = 2_000_000;

function numeric(x: string | number): number | undefined {
  if (typeof x === 'number') return x;
  const n = x.trim() === '' ? NaN : Number(x);
  return Number.isNaN(n) ? undefined : n;
}

function compare(a: string | number, b: Literal): number {
  if (typeof a === 'number' || typeof b === 'number') {
    const an = numeric(a);
    const bn = numeric(b);
    if (an !== undefined && bn !== undefined) return an - bn;
  }
  const as = String(a);
  const bs = String(b);
  return as < bs ? -1 : as > bs ? 1 : 0;
}

function test(c: Condition, row: Row): boolean {
  const v = row[c.column];
  if (!('value' in c) && !('values' in c))
    return c.op === 'IS NULL' ? v === undefined : v !== undefined;
  if (v === undefined) return false;
  if ('values' in c) return c.values.some((x) => compare(v, x) === 0);
  const d = compare(v, c.value);
  switch (c.op) {
    case '=':
      return d === 0;
    case '!=':
      return d !== 0;
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '>':
      return d > 0;
    default:
      return d >= 0;
  }
}

/** Values a column may take according to its `=` / `IN` conditions (ANDed: intersect). */
function hintFrom(where: Condition[]): Hint {
  return (column) => {
    let allowed: Set<string> | undefined;
    for (const c of where) {
      if (c.column !== column) continue;
      const listed =
        'values' in c ? c.values : 'value' in c && c.op === '=' ? [c.value] : undefined;
      if (!listed) continue;
      const values = new Set(listed.map(String));
      allowed = allowed ? new Set([...allowed].filter((v) => values.has(v))) : values;
    }
    return allowed;
  };
}

function checkColumns(table: Table, name: string, query: SelectQuery): void {
  const known = new Set(table.columns);
  const used = [
    ...(query.columns === '*' ? [] : query.columns),
    ...query.where.map((w) => w.column),
    ...query.orderBy.map((o) => o.column),
  ];
  for (const col of used) {
    if (!known.has(col))
      throw new SuiteQlError(
        `Field '${col}' for record '${name}' was not found. The simulator's '${name}' has: ${table.columns.join(', ')}.`,
      );
  }
}

function sortRows(rows: Row[], orderBy: SelectQuery['orderBy']): Row[] {
  if (orderBy.length === 0) return rows;
  return rows.sort((x, y) => {
    for (const { column, desc } of orderBy) {
      const a = x[column];
      const b = y[column];
      if (a === b) continue;
      // Oracle: NULLS LAST ascending, NULLS FIRST descending.
      if (a === undefined) return desc ? -1 : 1;
      if (b === undefined) return desc ? 1 : -1;
      const d = compare(a, b);
      if (d !== 0) return desc ? -d : d;
    }
    return 0;
  });
}

/**
 * @example runSuiteQl(ctx, parseSuiteQl('SELECT id FROM item ORDER BY id DESC')) // rows
 */
export function runSuiteQl(ctx: ErpContext, query: SelectQuery): Row[] {
  const table = Object.hasOwn(TABLES, query.table) ? TABLES[query.table] : undefined;
  if (!table)
    throw new SuiteQlError(
      `Record '${query.table}' was not found. The simulator serves: item, inventoryBalance, transaction.`,
    );
  checkColumns(table, query.table, query);
  const hint = hintFrom(query.where);
  if (table.size(ctx, hint) > MAX_SCAN)
    throw new SuiteQlError(
      `The query would scan more than ${MAX_SCAN} rows of '${query.table}' in the simulator; filter by item or location with = or IN.`,
    );
  const rows: Row[] = [];
  for (const row of table.rows(ctx, hint))
    if (query.where.every((c) => test(c, row))) rows.push(row);
  const sorted = sortRows(rows, query.orderBy);
  const columns = query.columns === '*' ? table.columns : query.columns;
  return sorted.map((row) => {
    const out: Row = {};
    for (const col of columns) out[col] = row[col];
    return out;
  });
}
