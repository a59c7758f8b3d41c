/**
 * The SuiteQL subset the simulator understands — honestly small (docs/dialects/erp.md):
 *
 *   SELECT * | col [, col…] FROM table [alias]
 *     [WHERE cond [AND cond…]]
 *     [ORDER BY col [ASC|DESC] [, …]]
 *
 *   cond := col (= | != | <> | < | <= | > | >=) literal
 *         | col IN (literal [, literal…])
 *         | col IS [NOT] NULL
 *
 * Identifiers are case-insensitive and may be qualified by the table's alias (`t.tranid`);
 * literals are 'strings' (with '' for a quote) or numbers. Everything else (OR, joins,
 * functions, GROUP BY, LIKE, sub-queries…) is refused with an error naming it.
 */
import { Cursor, SuiteQlError, tokenize } from './tokens.js';

export { SuiteQlError } from './tokens.js';

export type Literal = string | number;

export type Condition =
  | { column: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Literal }
  | { column: string; op: 'IN'; values: Literal[] }
  | { column: string; op: 'IS NULL' | 'IS NOT NULL' };

export interface SelectQuery {
  columns: string[] | '*';
  table: string;
  where: Condition[];
  orderBy: Array<{ column: string; desc: boolean }>;
}

const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'IN',
  'IS',
  'NOT',
  'NULL',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'JOIN',
  'LEFT',
  'RIGHT',
  'INNER',
  'OUTER',
  'ON',
  'GROUP',
  'HAVING',
  'UNION',
  'LIKE',
  'BETWEEN',
  'AS',
  'DISTINCT',
  'FETCH',
  'OFFSET',
  'CASE',
]);

function identifier(c: Cursor, what: string): string {
  const t = c.peek();
  if (t?.kind !== 'word' || RESERVED.has(t.text.toUpperCase())) c.unexpected(what);
  c.next();
  return t.text.toLowerCase();
}

function literal(c: Cursor): Literal {
  const t = c.next();
  if (t?.kind === 'string') return t.text;
  if (t?.kind === 'number') return Number(t.text);
  throw new SuiteQlError(
    t
      ? `Unsupported value '${t.text}' at position ${t.at + 1}; expected a 'string' or a number.`
      : 'Unexpected end of query; expected a value.',
  );
}

function condition(c: Cursor): Condition {
  const column = identifier(c, 'a column name');
  if (c.isWord('IN')) {
    c.next();
    c.expectSymbol('(');
    const values = [literal(c)];
    while (c.peek()?.text === ',') {
      c.next();
      values.push(literal(c));
    }
    c.expectSymbol(')');
    return { column, op: 'IN', values };
  }
  if (c.isWord('IS')) {
    c.next();
    const not = c.isWord('NOT');
    if (not) c.next();
    c.expectWord('NULL');
    return { column, op: not ? 'IS NOT NULL' : 'IS NULL' };
  }
  const t = c.peek();
  if (t?.kind !== 'symbol' || !['=', '!=', '<>', '<', '<=', '>', '>='].includes(t.text))
    c.unexpected('a comparison (=, !=, <>, <, <=, >, >=, IN, IS NULL)');
  c.next();
  const op = t.text === '<>' ? '!=' : (t.text as '=' | '!=' | '<' | '<=' | '>' | '>=');
  return { column, op, value: literal(c) };
}

/**
 * @example parseSuiteQl("SELECT id, tranid FROM transaction WHERE type = 'SalesOrd' ORDER BY id")
 */
export function parseSuiteQl(q: string): SelectQuery {
  const c = new Cursor(tokenize(q));
  c.expectWord('SELECT');
  let columns: string[] | '*';
  if (c.peek()?.text === '*') {
    c.next();
    columns = '*';
  } else {
    columns = [identifier(c, 'a column name or *')];
    while (c.peek()?.text === ',') {
      c.next();
      columns.push(identifier(c, 'a column name'));
    }
  }
  c.expectWord('FROM');
  const table = identifier(c, 'a table name');
  const alias =
    c.peek()?.kind === 'word' && !RESERVED.has(c.peek()!.text.toUpperCase())
      ? identifier(c, 'an alias')
      : undefined;
  const where: Condition[] = [];
  if (c.isWord('WHERE')) {
    c.next();
    where.push(condition(c));
    while (c.isWord('AND')) {
      c.next();
      where.push(condition(c));
    }
  }
  const orderBy: SelectQuery['orderBy'] = [];
  if (c.isWord('ORDER')) {
    c.next();
    c.expectWord('BY');
    do {
      if (orderBy.length > 0) c.next();
      const column = identifier(c, 'a column name');
      const desc = c.isWord('DESC');
      if (desc || c.isWord('ASC')) c.next();
      orderBy.push({ column, desc });
    } while (c.peek()?.text === ',');
  }
  if (c.peek()) c.unexpected('the end of the query');
  const unqualify = (col: string) => unqualified(col, table, alias);
  return {
    columns: columns === '*' ? '*' : columns.map(unqualify),
    table,
    where: where.map((w) => ({ ...w, column: unqualify(w.column) })),
    orderBy: orderBy.map((o) => ({ ...o, column: unqualify(o.column) })),
  };
}

/** `t.tranid` → `tranid` when `t` is the table or its alias; any other qualifier is a join. */
function unqualified(column: string, table: string, alias: string | undefined): string {
  const dot = column.indexOf('.');
  if (dot === -1) return column;
  const q = column.slice(0, dot);
  if (q !== table && q !== alias)
    throw new SuiteQlError(
      `Unsupported qualifier '${q}' in '${column}': joins are not supported by the simulator.`,
    );
  return column.slice(dot + 1);
}
