import type { ErpContext } from '../state.js';
import { SuiteQlError, type Expr, type SelectQuery } from './parse.js';
import { SqlDate, TABLES, type Hint, type Row, type Table, type Value } from './tables.js';

/**
 * Execute a parsed query: resolve names, join, filter, group, sort, project. Paging is the
 * route's (collection.ts). SQL semantics where they matter to clients: NULL never matches a
 * comparison and NOT of an unknown stays unknown; numbers compare as numbers when both sides are
 * numeric, otherwise as strings (case-sensitive, like Oracle); a string compared with a date is
 * read in the account's date format (M/D/YYYY).
 */

/** Refuse scans and join pairings larger than this (huge worlds without a filter). */
const MAX_SCAN = 2_000_000;

type Env = Array<Row | undefined>;

interface Bound {
  name: string;
  table: Table;
  tableName: string;
}

interface ColRef {
  source: number;
  column: string;
}

function numeric(x: Value): number | undefined {
  if (typeof x === 'number') return x;
  if (typeof x !== 'string') return undefined;
  const n = x.trim() === '' ? NaN : Number(x);
  return Number.isNaN(n) ? undefined : n;
}

/** `M/D/YYYY` (NetSuite's default date format) → a date, else an error naming the value. */
function dateOf(v: Value): SqlDate {
  if (v instanceof SqlDate) return v;
  const m = typeof v === 'string' ? /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v.trim()) : null;
  if (!m)
    throw new SuiteQlError(
      `'${String(v)}' is not a date in the account's format (M/D/YYYY); use TO_DATE('…', 'YYYY-MM-DD').`,
    );
  return new SqlDate(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2])));
}

function compare(a: Value, b: Value): number {
  if (a instanceof SqlDate || b instanceof SqlDate) return dateOf(a).ms - dateOf(b).ms;
  if (typeof a === 'number' || typeof b === 'number') {
    const an = numeric(a);
    const bn = numeric(b);
    if (an !== undefined && bn !== undefined) return an - bn;
  }
  const as = String(a);
  const bs = String(b);
  return as < bs ? -1 : as > bs ? 1 : 0;
}

/** Oracle datetime format elements the simulator reads and writes. */
const FORMAT_TOKEN = /YYYY|MM|DD|HH24|MI|SS|"[^"]*"|[^A-Za-z"]|[A-Za-z]+/gi;

function formatParts(fmt: string): string[] {
  return fmt.match(FORMAT_TOKEN) ?? [];
}

const FIELD: Record<string, string> = {
  YYYY: '(\\d{4})',
  MM: '(\\d{1,2})',
  DD: '(\\d{1,2})',
  HH24: '(\\d{1,2})',
  MI: '(\\d{1,2})',
  SS: '(\\d{1,2})',
};

/** TO_DATE(text, format), UTC (GUESS: the account's time zone is taken as UTC). */
function toDate(text: Value, fmt: Value): SqlDate | undefined {
  if (text === undefined) return undefined;
  const parts = formatParts(String(fmt));
  const fields: string[] = [];
  let re = '^';
  for (const p of parts) {
    const up = p.toUpperCase();
    if (FIELD[up]) {
      fields.push(up);
      re += FIELD[up];
    } else if (p.startsWith('"')) re += p.slice(1, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (/^[A-Za-z]+$/.test(p))
      throw new SuiteQlError(`TO_DATE: the format element '${p}' is not supported.`);
    else re += p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`${re}$`).exec(String(text).trim());
  if (!m)
    throw new SuiteQlError(
      `TO_DATE: '${String(text)}' does not match the format '${String(fmt)}'.`,
    );
  const get = (f: string, d: number) => {
    const i = fields.indexOf(f);
    return i === -1 ? d : Number(m[i + 1]);
  };
  const [y, mo, d, h, mi, s] = [
    get('YYYY', 1970),
    get('MM', 1),
    get('DD', 1),
    get('HH24', 0),
    get('MI', 0),
    get('SS', 0),
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
    throw new SuiteQlError(`TO_DATE: '${String(text)}' is not a valid date.`);
  return new SqlDate(Date.UTC(y, mo - 1, d, h, mi, s));
}

function toChar(v: Value, fmt: Value): string | undefined {
  if (v === undefined) return undefined;
  if (!(v instanceof SqlDate) || fmt === undefined) return String(v);
  const d = new Date(v.ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return formatParts(String(fmt))
    .map((p) => {
      switch (p.toUpperCase()) {
        case 'YYYY':
          return pad(d.getUTCFullYear(), 4);
        case 'MM':
          return pad(d.getUTCMonth() + 1);
        case 'DD':
          return pad(d.getUTCDate());
        case 'HH24':
          return pad(d.getUTCHours());
        case 'MI':
          return pad(d.getUTCMinutes());
        case 'SS':
          return pad(d.getUTCSeconds());
        default:
          if (p.startsWith('"')) return p.slice(1, -1);
          if (/^[A-Za-z]+$/.test(p))
            throw new SuiteQlError(`TO_CHAR: the format element '${p}' is not supported.`);
          return p;
      }
    })
    .join('');
}

function likeRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\%_]/g, (ch) =>
    ch === '%' ? '.*' : ch === '_' ? '.' : `\\${ch}`,
  );
  return new RegExp(`^${body}$`, 's');
}

/** The expression without token positions, to compare GROUP BY and SELECT expressions. */
function shape(e: Expr): string {
  return JSON.stringify(e, (k, v: unknown) => (k === 'at' ? undefined : v));
}

function hasAggregate(e: Expr): boolean {
  switch (e.kind) {
    case 'agg':
      return true;
    case 'fn':
      return e.args.some(hasAggregate);
    case 'cmp':
      return hasAggregate(e.left) || hasAggregate(e.right);
    default:
      return false;
  }
}

class Query {
  private readonly sources: Bound[];
  private readonly refs = new Map<Expr, ColRef>();

  constructor(
    private readonly ctx: ErpContext,
    private readonly q: SelectQuery,
  ) {
    this.sources = [q.from, ...q.joins].map((s) => {
      const table = Object.hasOwn(TABLES, s.table) ? TABLES[s.table] : undefined;
      if (!table)
        throw new SuiteQlError(
          `Record '${s.table}' was not found. The simulator serves: ${Object.keys(TABLES).join(', ')}.`,
        );
      return { name: s.alias ?? s.table, table, tableName: s.table };
    });
    const names = new Set<string>();
    for (const s of this.sources) {
      if (names.has(s.name))
        throw new SuiteQlError(`'${s.name}' names two tables of the query; give one an alias.`);
      names.add(s.name);
    }
  }

  /** Resolve a column to its table (qualified, or the one table that has it). */
  ref(e: Expr & { kind: 'col' }, upTo = this.sources.length): ColRef {
    const known = this.refs.get(e);
    if (known) return known;
    let found: number[];
    if (e.table !== undefined) {
      const i = this.sources.findIndex((s) => s.name === e.table || s.tableName === e.table);
      if (i === -1 || i >= upTo)
        throw new SuiteQlError(
          `Unknown table or alias '${e.table}' in '${e.table}.${e.name}' at position ${e.at + 1}.`,
        );
      found = [i];
    } else {
      found = this.sources
        .map((s, i) => (i < upTo && s.table.columns.includes(e.name) ? i : -1))
        .filter((i) => i !== -1);
      if (found.length > 1)
        throw new SuiteQlError(
          `Column '${e.name}' at position ${e.at + 1} is ambiguous; qualify it with a table or alias.`,
        );
      if (found.length === 0) found = [0];
    }
    const src = this.sources[found[0]!]!;
    if (!src.table.columns.includes(e.name))
      throw new SuiteQlError(
        `Field '${e.name}' for record '${src.tableName}' was not found. The simulator's '${src.tableName}' has: ${src.table.columns.join(', ')}.`,
      );
    const r = { source: found[0]!, column: e.name };
    this.refs.set(e, r);
    return r;
  }

  /** Check every name in the query up front, so a typo fails even on an empty table. */
  check(): void {
    const walk = (e: Expr, upTo?: number): void => {
      switch (e.kind) {
        case 'col':
          this.ref(e, upTo);
          return;
        case 'lit':
          return;
        case 'fn':
          e.args.forEach((a) => walk(a, upTo));
          return;
        case 'agg':
          if (e.arg !== '*') walk(e.arg, upTo);
          return;
        case 'cmp':
          walk(e.left, upTo);
          walk(e.right, upTo);
          return;
        case 'in':
          walk(e.operand, upTo);
          e.values.forEach((v) => walk(v, upTo));
          return;
        case 'null':
        case 'not':
          walk(e.operand, upTo);
          return;
        case 'like':
          walk(e.operand, upTo);
          walk(e.pattern, upTo);
          return;
        case 'between':
          walk(e.operand, upTo);
          walk(e.low, upTo);
          walk(e.high, upTo);
          return;
        default:
          e.parts.forEach((p) => walk(p, upTo));
      }
    };
    this.q.joins.forEach((j, i) => walk(j.on, i + 2));
    if (this.q.where) {
      if (hasAggregate(this.q.where))
        throw new SuiteQlError('Aggregates are not allowed in WHERE (use GROUP BY).');
      walk(this.q.where);
    }
    if (this.q.items !== '*') this.q.items.forEach((it) => walk(it.expr));
    this.q.groupBy.forEach((g) => walk(g));
    const outNames = new Set(this.outputNames());
    for (const o of this.q.orderBy)
      if (!(o.expr.kind === 'col' && o.expr.table === undefined && outNames.has(o.expr.name)))
        walk(o.expr);
  }

  value(e: Expr, env: Env, group?: Env[]): Value {
    switch (e.kind) {
      case 'col': {
        const r = this.ref(e);
        return env[r.source]?.[r.column];
      }
      case 'lit':
        return e.value;
      case 'agg':
        return this.aggregate(e, group ?? [env]);
      case 'fn': {
        const a = e.args.map((x) => this.value(x, env, group));
        switch (e.name) {
          case 'SYSDATE':
            return new SqlDate(this.ctx.clock.now());
          case 'TO_DATE':
            return toDate(a[0], a[1]);
          case 'TO_CHAR':
            return toChar(a[0], a[1]);
          case 'UPPER':
            return a[0] === undefined ? undefined : String(a[0]).toUpperCase();
          case 'LOWER':
            return a[0] === undefined ? undefined : String(a[0]).toLowerCase();
          case 'ABS': {
            const n = numeric(a[0]);
            return n === undefined ? undefined : Math.abs(n);
          }
          case 'NVL':
            return a[0] ?? a[1];
          default: {
            const col = e.args[0] as Expr & { kind: 'col' };
            const r = this.ref(col);
            const v = a[0];
            const show = this.sources[r.source]!.table.display?.[r.column];
            return show ? show(this.ctx, v) : v === undefined ? undefined : String(v);
          }
        }
      }
      default: {
        const t = this.test(e, env);
        return t === undefined ? undefined : t ? 'T' : 'F';
      }
    }
  }

  private aggregate(e: Expr & { kind: 'agg' }, group: Env[]): Value {
    if (e.arg === '*') return group.length;
    const arg = e.arg;
    const values = group.map((env) => this.value(arg, env)).filter((v) => v !== undefined);
    switch (e.name) {
      case 'COUNT':
        return values.length;
      case 'SUM': {
        if (values.length === 0) return undefined;
        return values.reduce<number>((s, v) => s + (numeric(v) ?? 0), 0);
      }
      default: {
        if (values.length === 0) return undefined;
        const sign = e.name === 'MIN' ? 1 : -1;
        return values.reduce((best, v) => (sign * compare(v, best) < 0 ? v : best));
      }
    }
  }

  /** Three-valued: undefined is SQL's unknown. */
  test(e: Expr, env: Env): boolean | undefined {
    switch (e.kind) {
      case 'and': {
        let unknown = false;
        for (const p of e.parts) {
          const t = this.test(p, env);
          if (t === false) return false;
          if (t === undefined) unknown = true;
        }
        return unknown ? undefined : true;
      }
      case 'or': {
        let unknown = false;
        for (const p of e.parts) {
          const t = this.test(p, env);
          if (t === true) return true;
          if (t === undefined) unknown = true;
        }
        return unknown ? undefined : false;
      }
      case 'not': {
        const t = this.test(e.operand, env);
        return t === undefined ? undefined : !t;
      }
      case 'null': {
        const isNull = this.value(e.operand, env) === undefined;
        return e.not ? !isNull : isNull;
      }
      case 'cmp': {
        const a = this.value(e.left, env);
        const b = this.value(e.right, env);
        if (a === undefined || b === undefined) return undefined;
        const d = compare(a, b);
        const r =
          e.op === '='
            ? d === 0
            : e.op === '!='
              ? d !== 0
              : e.op === '<'
                ? d < 0
                : e.op === '<='
                  ? d <= 0
                  : e.op === '>'
                    ? d > 0
                    : d >= 0;
        return r;
      }
      case 'in': {
        const a = this.value(e.operand, env);
        if (a === undefined) return undefined;
        const hit = e.values.some((x) => {
          const b = this.value(x, env);
          return b !== undefined && compare(a, b) === 0;
        });
        return e.not ? !hit : hit;
      }
      case 'like': {
        const a = this.value(e.operand, env);
        const p = this.value(e.pattern, env);
        if (a === undefined || p === undefined) return undefined;
        const hit = likeRegex(String(p)).test(String(a));
        return e.not ? !hit : hit;
      }
      case 'between': {
        const a = this.value(e.operand, env);
        const lo = this.value(e.low, env);
        const hi = this.value(e.high, env);
        if (a === undefined || lo === undefined || hi === undefined) return undefined;
        const hit = compare(a, lo) >= 0 && compare(a, hi) <= 0;
        return e.not ? !hit : hit;
      }
      default: {
        const v = this.value(e, env);
        if (v === undefined) return undefined;
        throw new SuiteQlError(`A value (${String(v)}) stands where a condition is expected.`);
      }
    }
  }

  /** Values a column of one source may take by the WHERE's top-level `=` / `IN` conditions. */
  private hint(source: number): Hint {
    const conjuncts =
      this.q.where === undefined
        ? []
        : this.q.where.kind === 'and'
          ? this.q.where.parts
          : [this.q.where];
    return (column) => {
      let allowed: Set<string> | undefined;
      for (const c of conjuncts) {
        let listed: Expr[] | undefined;
        let col: Expr | undefined;
        if (c.kind === 'cmp' && c.op === '=' && c.right.kind === 'lit') {
          col = c.left;
          listed = [c.right];
        } else if (c.kind === 'in' && !c.not && c.values.every((v) => v.kind === 'lit')) {
          col = c.operand;
          listed = c.values;
        }
        if (!listed || col?.kind !== 'col') continue;
        const r = this.ref(col);
        if (r.source !== source || r.column !== column) continue;
        const values = new Set(listed.map((l) => String((l as { value: unknown }).value)));
        allowed = allowed ? new Set([...allowed].filter((v) => values.has(v))) : values;
      }
      return allowed;
    };
  }

  private rowsOf(source: number): Row[] {
    const s = this.sources[source]!;
    const hint = this.hint(source);
    if (s.table.size(this.ctx, hint) > MAX_SCAN)
      throw new SuiteQlError(
        `The query would scan more than ${MAX_SCAN} rows of '${s.tableName}' in the simulator; narrow it with = or IN.`,
      );
    return [...s.table.rows(this.ctx, hint)];
  }

  /** FROM and JOINs: hash join on a column equality, nested loop otherwise (bounded). */
  envs(): Env[] {
    let envs: Env[] = this.rowsOf(0).map((r) => [r]);
    this.q.joins.forEach((join, j) => {
      const source = j + 1;
      const right = this.rowsOf(source);
      const next: Env[] = [];
      const key = (v: Value) =>
        v instanceof SqlDate
          ? `d${v.ms}`
          : numeric(v) !== undefined
            ? `n${numeric(v)}`
            : `s${String(v)}`;
      const on = join.on;
      let probe: ((env: Env) => Row[]) | undefined;
      if (on.kind === 'cmp' && on.op === '=' && on.left.kind === 'col' && on.right.kind === 'col') {
        const a = this.ref(on.left);
        const b = this.ref(on.right);
        const [mine, theirs] = a.source === source ? [a, b] : b.source === source ? [b, a] : [];
        if (mine && theirs && theirs.source < source) {
          const index = new Map<string, Row[]>();
          for (const r of right) {
            const v = r[mine.column];
            if (v === undefined) continue;
            const k = key(v);
            const list = index.get(k);
            if (list) list.push(r);
            else index.set(k, [r]);
          }
          probe = (env) => {
            const v = env[theirs.source]?.[theirs.column];
            return v === undefined ? [] : (index.get(key(v)) ?? []);
          };
        }
      }
      if (!probe && envs.length * right.length > MAX_SCAN)
        throw new SuiteQlError(
          `The join with '${this.sources[source]!.tableName}' would pair more than ${MAX_SCAN} rows in the simulator; join on a column equality or narrow it.`,
        );
      for (const env of envs) {
        const candidates = probe ? probe(env) : right;
        let matched = false;
        for (const r of candidates) {
          const joined = [...env, r];
          if (this.test(on, joined) === true) {
            next.push(joined);
            matched = true;
          }
        }
        if (!matched && join.left) next.push([...env, undefined]);
      }
      envs = next;
    });
    return envs;
  }

  outputNames(): string[] {
    if (this.q.items === '*') {
      const seen = new Set<string>();
      for (const s of this.sources) for (const c of s.table.columns) seen.add(c);
      return [...seen];
    }
    let n = 0;
    // GUESS: unnamed expressions come back as expr1, expr2, … as SuiteQL over REST names them.
    return this.q.items.map(
      (it) => it.alias ?? (it.expr.kind === 'col' ? it.expr.name : `expr${++n}`),
    );
  }

  run(): Row[] {
    this.check();
    const names = this.outputNames();
    const items =
      this.q.items === '*'
        ? names.map((name) => {
            const source = this.sources.findIndex((s) => s.table.columns.includes(name));
            return { name, get: (env: Env) => env[source]?.[name] };
          })
        : this.q.items.map((it, i) => ({
            name: names[i]!,
            get: (env: Env, group?: Env[]) => this.value(it.expr, env, group),
          }));
    const aggregated =
      this.q.groupBy.length > 0 ||
      (this.q.items !== '*' && this.q.items.some((it) => hasAggregate(it.expr)));
    let envs = this.envs();
    if (this.q.where) {
      const where = this.q.where;
      envs = envs.filter((env) => this.test(where, env) === true);
    }
    let results: Array<{ out: Row; env: Env; group: Env[] | undefined }>;
    if (aggregated) {
      if (this.q.items === '*') throw new SuiteQlError('SELECT * cannot be grouped.');
      const groupShapes = new Set(this.q.groupBy.map(shape));
      for (const it of this.q.items)
        if (!hasAggregate(it.expr) && !groupShapes.has(shape(it.expr)))
          throw new SuiteQlError(
            `'${names[this.q.items.indexOf(it)]}' is not a GROUP BY expression (add it to GROUP BY or aggregate it).`,
          );
      const groups = new Map<string, Env[]>();
      for (const env of envs) {
        const k = JSON.stringify(this.q.groupBy.map((g) => String(this.value(g, env))));
        const list = groups.get(k);
        if (list) list.push(env);
        else groups.set(k, [env]);
      }
      if (this.q.groupBy.length === 0 && groups.size === 0) groups.set('[]', []);
      results = [...groups.values()].map((group) => {
        const env = group[0] ?? [];
        const out: Row = {};
        for (const it of items) out[it.name] = it.get(env, group);
        return { out, env, group };
      });
    } else {
      results = envs.map((env) => {
        const out: Row = {};
        for (const it of items) out[it.name] = it.get(env);
        return { out, env, group: undefined };
      });
    }
    if (this.q.orderBy.length > 0) {
      const outNames = new Set(names);
      const keys = this.q.orderBy.map(({ expr, desc }) => ({
        desc,
        get:
          expr.kind === 'col' && expr.table === undefined && outNames.has(expr.name)
            ? (r: (typeof results)[number]) => r.out[expr.name]
            : (r: (typeof results)[number]) => this.value(expr, r.env, r.group),
      }));
      const decorated = results.map((r) => ({ r, k: keys.map((k) => k.get(r)) }));
      decorated.sort((x, y) => {
        for (let i = 0; i < keys.length; i++) {
          const a = x.k[i];
          const b = y.k[i];
          const desc = keys[i]!.desc;
          if (a === b) continue;
          // Oracle: NULLS LAST ascending, NULLS FIRST descending.
          if (a === undefined) return desc ? -1 : 1;
          if (b === undefined) return desc ? 1 : -1;
          const d = compare(a, b);
          if (d !== 0) return desc ? -d : d;
        }
        return 0;
      });
      results = decorated.map((d) => d.r);
    }
    let rows = results.map((r) => r.out);
    if (this.q.distinct) {
      const seen = new Set<string>();
      rows = rows.filter((row) => {
        const k = JSON.stringify(names.map((n) => (row[n] === undefined ? null : String(row[n]))));
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    }
    return rows;
  }
}

/**
 * @example runSuiteQl(ctx, parseSuiteQl('SELECT id FROM item ORDER BY id DESC')) // rows
 */
export function runSuiteQl(ctx: ErpContext, query: SelectQuery): Row[] {
  return new Query(ctx, query).run();
}
