/**
 * The SuiteQL the simulator understands (docs/dialects/erp.md):
 *
 *   SELECT [DISTINCT] * | item [, item…]
 *     FROM table [alias] { [INNER | LEFT [OUTER]] JOIN table [alias] ON expr }
 *     [WHERE expr] [GROUP BY expr [, …]] [ORDER BY expr [ASC|DESC] [, …]]
 *
 *   item := expr [[AS] alias]      expr := disjunctions of conjunctions of [NOT] predicates
 *   predicate := (expr) | operand (= != <> < <= > >=) operand | operand [NOT] IN (operand, …)
 *              | operand IS [NOT] NULL | operand [NOT] LIKE operand
 *              | operand [NOT] BETWEEN operand AND operand
 *   operand := column | 'string' | number | COUNT(*) | COUNT(expr) | SUM/MIN/MAX(expr)
 *            | TO_DATE(s, fmt) | TO_CHAR(x [, fmt]) | BUILTIN.DF(column) | UPPER/LOWER/ABS(x)
 *            | NVL(x, y) | SYSDATE
 *
 * SuiteQL takes Oracle SQL and a list of supported functions (Oracle, "SuiteQL",
 * ns-online-help section_156257770590; "SuiteQL Supported and Unsupported Functions",
 * section_158513731864; built-ins need the `BUILTIN.` prefix, article_161950565221).
 *
 * Hand-written rather than a general SQL parser package: the subset is small, every refusal must
 * name the token and its position in NetSuite's 400, and a general parser would accept far more
 * than the simulator can run (and no maintained JavaScript parser has Oracle's dialect, which
 * SuiteQL follows). Identifiers are case-insensitive; `''` escapes a quote.
 */
import { Cursor, SuiteQlError, tokenize, type Token } from './tokens.js';

export { SuiteQlError } from './tokens.js';

export type Literal = string | number;

export type CmpOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type FnName =
  'TO_DATE' | 'TO_CHAR' | 'BUILTIN.DF' | 'UPPER' | 'LOWER' | 'ABS' | 'NVL' | 'SYSDATE';

export type AggName = 'COUNT' | 'SUM' | 'MIN' | 'MAX';

export type Expr =
  | { kind: 'col'; table: string | undefined; name: string; at: number }
  | { kind: 'lit'; value: Literal }
  | { kind: 'fn'; name: FnName; args: Expr[] }
  | { kind: 'agg'; name: AggName; arg: Expr | '*' }
  | { kind: 'cmp'; op: CmpOp; left: Expr; right: Expr }
  | { kind: 'in'; not: boolean; operand: Expr; values: Expr[] }
  | { kind: 'null'; not: boolean; operand: Expr }
  | { kind: 'like'; not: boolean; operand: Expr; pattern: Expr }
  | { kind: 'between'; not: boolean; operand: Expr; low: Expr; high: Expr }
  | { kind: 'and' | 'or'; parts: Expr[] }
  | { kind: 'not'; operand: Expr };

export interface Source {
  table: string;
  alias: string | undefined;
}

export interface Join extends Source {
  left: boolean;
  on: Expr;
}

export interface SelectQuery {
  distinct: boolean;
  items: Array<{ expr: Expr; alias: string | undefined }> | '*';
  from: Source;
  joins: Join[];
  where: Expr | undefined;
  groupBy: Expr[];
  orderBy: Array<{ expr: Expr; desc: boolean }>;
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
  'FULL',
  'INNER',
  'OUTER',
  'CROSS',
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

const FUNCTIONS: ReadonlySet<string> = new Set([
  'TO_DATE',
  'TO_CHAR',
  'BUILTIN.DF',
  'UPPER',
  'LOWER',
  'ABS',
  'NVL',
]);
const AGGREGATES: ReadonlySet<string> = new Set(['COUNT', 'SUM', 'MIN', 'MAX']);
const ARITY: Record<string, [number, number]> = {
  TO_DATE: [2, 2],
  TO_CHAR: [1, 2],
  'BUILTIN.DF': [1, 1],
  UPPER: [1, 1],
  LOWER: [1, 1],
  ABS: [1, 1],
  NVL: [2, 2],
};

function plainWord(t: Token | undefined): t is Token & { kind: 'word' } {
  return t?.kind === 'word' && !RESERVED.has(t.text.toUpperCase());
}

function name(c: Cursor, what: string): string {
  const t = c.peek();
  if (!plainWord(t) || t.text.includes('.')) c.unexpected(what);
  c.next();
  return t.text.toLowerCase();
}

class Parser {
  constructor(private readonly c: Cursor) {}

  expr(): Expr {
    const parts = [this.conjunction()];
    while (this.c.isWord('OR')) {
      this.c.next();
      parts.push(this.conjunction());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
  }

  private conjunction(): Expr {
    const parts = [this.negation()];
    while (this.c.isWord('AND')) {
      this.c.next();
      parts.push(this.negation());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts };
  }

  private negation(): Expr {
    if (this.c.isWord('NOT')) {
      this.c.next();
      return { kind: 'not', operand: this.negation() };
    }
    return this.predicate();
  }

  private predicate(): Expr {
    const c: Cursor = this.c;
    const operand = this.operand();
    if (operand.kind === 'cond') return operand.expr;
    const left = operand.expr;
    if (c.isWord('IS')) {
      c.next();
      const not = c.isWord('NOT');
      if (not) c.next();
      c.expectWord('NULL');
      return { kind: 'null', not, operand: left };
    }
    const not = c.isWord('NOT');
    if (not) c.next();
    if (c.isWord('IN')) {
      c.next();
      c.expectSymbol('(');
      const values = [this.value()];
      while (c.peek()?.text === ',') {
        c.next();
        values.push(this.value());
      }
      c.expectSymbol(')');
      return { kind: 'in', not, operand: left, values };
    }
    if (c.isWord('LIKE')) {
      c.next();
      return { kind: 'like', not, operand: left, pattern: this.value() };
    }
    if (c.isWord('BETWEEN')) {
      c.next();
      const low = this.value();
      c.expectWord('AND');
      return { kind: 'between', not, operand: left, low, high: this.value() };
    }
    if (not) c.unexpected('IN, LIKE or BETWEEN after NOT');
    const t = c.peek();
    if (t?.kind !== 'symbol' || !['=', '!=', '<>', '<', '<=', '>', '>='].includes(t.text))
      return c.unexpected('a comparison (=, !=, <>, <, <=, >, >=, IN, LIKE, BETWEEN, IS NULL)');
    c.next();
    const op = t.text === '<>' ? '!=' : (t.text as CmpOp);
    return { kind: 'cmp', op, left, right: this.value() };
  }

  /** An operand where only a value may stand (no parenthesised condition). */
  value(): Expr {
    const o = this.operand();
    if (o.kind === 'cond') this.c.unexpected('a value');
    return o.expr;
  }

  /** A value, or a parenthesised condition (told apart by what it holds). */
  private operand(): { kind: 'value' | 'cond'; expr: Expr } {
    const c: Cursor = this.c;
    const t = c.peek();
    if (!t) return c.unexpected('a value');
    if (t.kind === 'string') {
      c.next();
      return { kind: 'value', expr: { kind: 'lit', value: t.text } };
    }
    if (t.kind === 'number') {
      c.next();
      return { kind: 'value', expr: { kind: 'lit', value: Number(t.text) } };
    }
    if (t.kind === 'symbol' && t.text === '(') {
      c.next();
      const inner = this.expr();
      c.expectSymbol(')');
      const isValue = !['cmp', 'in', 'null', 'like', 'between', 'and', 'or', 'not'].includes(
        inner.kind,
      );
      return { kind: isValue ? 'value' : 'cond', expr: inner };
    }
    if (!plainWord(t)) return c.unexpected('a column, a value or a function');
    const upper = t.text.toUpperCase();
    c.next();
    if (upper === 'SYSDATE')
      return { kind: 'value', expr: { kind: 'fn', name: 'SYSDATE', args: [] } };
    if (c.peek()?.text === '(') {
      if (AGGREGATES.has(upper)) return { kind: 'value', expr: this.aggregate(upper as AggName) };
      if (!FUNCTIONS.has(upper))
        throw new SuiteQlError(
          `Unsupported function '${t.text}' at position ${t.at + 1}. The simulator knows ${[...FUNCTIONS, ...AGGREGATES, 'SYSDATE'].join(', ')}.`,
        );
      c.next();
      const args: Expr[] = [];
      if (c.peek()?.text !== ')') {
        args.push(this.value());
        while (c.peek()?.text === ',') {
          c.next();
          args.push(this.value());
        }
      }
      c.expectSymbol(')');
      const [min, max] = ARITY[upper]!;
      if (args.length < min || args.length > max)
        throw new SuiteQlError(
          `${upper} at position ${t.at + 1} takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${args.length}.`,
        );
      if (upper === 'BUILTIN.DF' && args[0]!.kind !== 'col')
        throw new SuiteQlError(`BUILTIN.DF at position ${t.at + 1} takes a column.`);
      return { kind: 'value', expr: { kind: 'fn', name: upper as FnName, args } };
    }
    const dot = t.text.indexOf('.');
    const col: Expr =
      dot === -1
        ? { kind: 'col', table: undefined, name: t.text.toLowerCase(), at: t.at }
        : {
            kind: 'col',
            table: t.text.slice(0, dot).toLowerCase(),
            name: t.text.slice(dot + 1).toLowerCase(),
            at: t.at,
          };
    return { kind: 'value', expr: col };
  }

  private aggregate(fn: AggName): Expr {
    const c: Cursor = this.c;
    c.expectSymbol('(');
    if (c.peek()?.text === '*') {
      if (fn !== 'COUNT') c.unexpected('a value');
      c.next();
      c.expectSymbol(')');
      return { kind: 'agg', name: fn, arg: '*' };
    }
    const arg = this.value();
    c.expectSymbol(')');
    return { kind: 'agg', name: fn, arg };
  }
}

function source(c: Cursor): Source {
  const table = name(c, 'a table name');
  let alias: string | undefined;
  if (c.isWord('AS')) c.unexpected('an alias without AS (Oracle takes none for tables)');
  if (plainWord(c.peek())) alias = name(c, 'an alias');
  return { table, alias };
}

/**
 * @example parseSuiteQl("SELECT id, tranid FROM transaction WHERE type = 'SalesOrd' ORDER BY id")
 */
export function parseSuiteQl(q: string): SelectQuery {
  const c = new Cursor(tokenize(q));
  const p = new Parser(c);
  c.expectWord('SELECT');
  const distinct = c.isWord('DISTINCT');
  if (distinct) c.next();
  let items: SelectQuery['items'];
  if (c.peek()?.text === '*') {
    c.next();
    items = '*';
  } else {
    items = [];
    do {
      if (items.length > 0) c.next();
      const expr = p.value();
      let alias: string | undefined;
      if (c.isWord('AS')) {
        c.next();
        alias = name(c, 'an alias');
      } else if (plainWord(c.peek()) && !c.peek()!.text.includes('.')) alias = name(c, 'an alias');
      items.push({ expr, alias });
    } while (c.peek()?.text === ',');
  }
  c.expectWord('FROM');
  const from = source(c);
  const joins: Join[] = [];
  for (;;) {
    let left = false;
    if (c.isWord('LEFT')) {
      c.next();
      left = true;
      if (c.isWord('OUTER')) c.next();
    } else if (c.isWord('INNER')) c.next();
    else if (!c.isWord('JOIN')) break;
    c.expectWord('JOIN');
    const s = source(c);
    c.expectWord('ON');
    joins.push({ ...s, left, on: p.expr() });
  }
  const where = c.isWord('WHERE') ? (c.next(), p.expr()) : undefined;
  const groupBy: Expr[] = [];
  if (c.isWord('GROUP')) {
    c.next();
    c.expectWord('BY');
    do {
      if (groupBy.length > 0) c.next();
      groupBy.push(p.value());
    } while (c.peek()?.text === ',');
  }
  const orderBy: SelectQuery['orderBy'] = [];
  if (c.isWord('ORDER')) {
    c.next();
    c.expectWord('BY');
    do {
      if (orderBy.length > 0) c.next();
      const expr = p.value();
      const desc = c.isWord('DESC');
      if (desc || c.isWord('ASC')) c.next();
      orderBy.push({ expr, desc });
    } while (c.peek()?.text === ',');
  }
  if (c.peek()) c.unexpected('the end of the query');
  return { distinct, items, from, joins, where, groupBy, orderBy };
}
