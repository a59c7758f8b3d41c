import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErpDocuments } from './erp-documents.js';
import { HANDLER_OF } from './fold/index.js';
import { InventoryTracker } from './inventory.js';
import { RunModel } from './model.js';
import { PricingModel } from './pricing.js';
import { TrafficStats } from './traffic.js';
import { omnichaosVersion } from '../journal/version.js';

/**
 * The run's folded model, written beside its journal at the end of a run (`journal.model`), so
 * `omnichaos report` can judge a million-order run without reading and folding its 19 M events
 * again (docs/performance.md). The journal stays the record: the model file is keyed to the
 * journal it was folded from — its byte size, its last `seq`, a hash of its last line, the
 * journal's schema, the omnichaos version and this file's own format version — and is used only
 * when every one matches; otherwise (a killed run wrote none, the journal grew or was edited, a
 * damaged file) `report` folds the journal and says why.
 *
 * Format: NDJSON. A header line, then the model as tagged JSON split into lines: a Map or Set
 * with more than `LINES_MIN` entries, or an array with more than `CHUNK`, goes out ahead of its
 * owner in lines of up to `CHUNK` entries (`{"$chunk":id,"d":[…]}`, so no line nears V8's string
 * limit), the owner holding `{"$R":id}`; last the root line and an end line (a file cut short has
 * none and is refused). A Map's or Set's line with no tag inside (`"p":1`) also carries `"h"`, a
 * SHA-1 of its entries' text: the reader checks it and keeps the line as text, parsing it only
 * when the collection is first used (`LazyMap`, `LazySet`).
 * Tags: `$M` Map (keys and values interleaved), `$S` Set, `$C` one of the oracle's classes,
 * `$O` a plain object whose own keys start with `$`, `$u` undefined, `$n` a non-finite number.
 * Anything else (a function, a typed array, an unknown class) is not written: the run then has
 * no model file and `report` folds the journal.
 *
 * The per-order collections (orders, store sales, ERP documents, shipments, …: Maps keyed by
 * string whose values are flat records or arrays of them) are written as rows, which is what
 * makes a million-order model quick to read (docs/performance.md): no object per record in the
 * JSON, and every string and every small leaf value once in the file and once in memory.
 *   - `{"$atoms":[…]}` lines add to a table of shared values, numbered in order across the file:
 *     a string; `[shape, …tokens]` a record whose fields are all strings, numbers, booleans or
 *     null; `{"a":[…atoms]}` an array of atoms (an order's `lines`). The same content is one
 *     atom: the reader builds it once and freezes it (the checks only read the model).
 *   - `{"$shapes":[…]}` lines add record shapes: `[name, kind, name, kind, …]` in the record's
 *     own key order, kind 0 the token is the value itself, 1 the token is an atom's number.
 *   - a rows chunk (`"r":1`) holds, per entry, the key's atom, then the value: a shape number
 *     and its tokens (a record), or `-(n+1)` and n such records (an array of records).
 */
export const MODEL_FILE = 'journal.model';
/** Bump when the encoding changes (the model's own shape is covered by `foldCodeDigest`). */
export const MODEL_FILE_FORMAT = 4;
const CHUNK = 50_000;
/** A Map or array with at least this many entries is tried as rows. */
const ROWS_MIN = 64;
/** A Map or Set with more entries has lines of its own (read lazily when nothing in it is tagged). */
const LINES_MIN = 1_000;

/** What a model file is keyed to: the journal it was folded from. */
export interface JournalKey {
  bytes: number;
  lastSeq: number;
  /** SHA-1 of the journal's last line. */
  lastLine: string;
}

interface Header {
  format: 'omnichaos-model';
  version: number;
  /** `foldCodeDigest()` of the build that folded it. */
  fold: string;
  omnichaos: string | undefined;
  schema: number;
  journal: JournalKey;
}

/** Classes the model is made of, by name; fields not written, and how to restore them. */
const CLASSES: Record<
  string,
  { proto: object; skip?: readonly string[]; restore?: (o: never, extra: unknown) => void }
> = {
  RunModel: {
    proto: RunModel.prototype,
    // `types` holds each type's fold handler (a function): written as counts, handlers looked up again
    skip: ['derived', 'derivedAt', 'types'],
    restore: (m: RunModel, types: unknown) => {
      const raw = m as unknown as Record<string, unknown>;
      raw.derived = new Map();
      raw.derivedAt = -1;
      raw.types = new Map(
        (types as [string, number][]).map(([type, count]) => [
          type,
          { count, handler: HANDLER_OF.get(type) },
        ]),
      );
      // The opening stock of a SKU the fold never saw; judging does not ask, so the world is
      // regenerated only if something does.
      const inventory = m.inventory as unknown as { initial: (sku: string) => number };
      if (m.seed !== undefined)
        inventory.initial = (sku) => {
          m.inventory.useWorld(m.seed!, m.scenario?.world);
          return inventory.initial(sku);
        };
    },
  },
  ErpDocuments: { proto: ErpDocuments.prototype },
  TrafficStats: { proto: TrafficStats.prototype },
  // `initial` is the world's opening stock per SKU (a closure): rebuilt from the seed (RunModel)
  InventoryTracker: {
    proto: InventoryTracker.prototype,
    skip: ['initial'],
    restore: (t: InventoryTracker) => {
      (t as unknown as Record<string, unknown>).initial = () => 0;
    },
  },
  PricingModel: { proto: PricingModel.prototype },
};
const CLASS_OF = new Map(Object.entries(CLASSES).map(([name, c]) => [c.proto, name]));

let foldDigest: string | undefined;

/**
 * A digest of the code that folds a journal into a model (this folder's modules but the checks,
 * which judge and run again anyway): a model file written by another build — a field added to
 * the model, a fold handler changed, even under the same version number — is not read.
 *
 * @example foldCodeDigest() // '5e0c…'
 */
export function foldCodeDigest(): string {
  if (foldDigest !== undefined) return foldDigest;
  const root = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha1');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'checks') walk(path);
      } else if (/\.(js|ts)$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name)) {
        hash
          .update(`${relative(root, path)}\n`)
          .update(readFileSync(path))
          .update('\n');
      }
    }
  };
  walk(root);
  return (foldDigest = hash.digest('hex'));
}

/** Why a model could not be written or read. */
export class ModelFileError extends Error {}

/** Where in the model a value that cannot be written sits, for the message. */
class Unwritable extends ModelFileError {
  constructor(
    readonly what: string,
    readonly path: string[] = [],
  ) {
    super(what);
  }
}

/**
 * Encodes the model as JSON-ready values. A plain object or array that needs no tag anywhere
 * inside is returned as it is (JSON.stringify writes it; nothing is copied), and an object's
 * properties that hold `undefined` are left out, as JSON.stringify leaves them out of a report.
 */
class Encoder {
  private nextId = 0;
  /** Tags written so far: a chunk that added none is read back without being walked. */
  private tags = 0;
  constructor(private readonly emit: (line: string) => void) {}

  enc(v: unknown): unknown {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        if (Number.isFinite(v)) return v;
        this.tags++;
        return { $n: String(v) };
      case 'undefined':
        this.tags++;
        return { $u: 0 };
      case 'object':
        break;
      default:
        throw new Unwritable(`a ${typeof v}`);
    }
    if (v === null) return null;
    if (Array.isArray(v)) {
      if (v.length >= ROWS_MIN && v.every(rowValue)) return this.rows('A', v);
      if (v.length > CHUNK) return this.chunked('A', v);
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        const e =
          typeof x === 'object' || typeof x === 'number' || x === undefined ? this.at(i, x) : x;
        if (e !== x && !out) out = v.slice(0, i);
        if (out) out.push(e);
      }
      return out ?? v;
    }
    const proto = Object.getPrototypeOf(v) as object | null;
    if (proto === Map.prototype || proto === LazyMap.prototype) {
      const m = v as Map<unknown, unknown>;
      if (m.size >= ROWS_MIN && rowMap(m)) return this.rows('M', m);
      if (m.size > LINES_MIN) return this.chunked('M', m);
      const out: unknown[] = [];
      for (const [k, x] of m) out.push(this.enc(k), this.at(k, x));
      this.tags++;
      return { $M: out };
    }
    if (proto === Set.prototype || proto === LazySet.prototype) {
      const s = v as Set<unknown>;
      if (s.size > LINES_MIN) return this.chunked('S', s);
      const out: unknown[] = [];
      for (const x of s) out.push(this.enc(x));
      this.tags++;
      return { $S: out };
    }
    if (proto === Object.prototype || proto === null) {
      const o = v as Record<string, unknown>;
      let out: Record<string, unknown> | undefined;
      let escaped = false;
      for (const k in o) {
        const x = o[k];
        if (k.charCodeAt(0) === 36) escaped = true;
        if (x === undefined) {
          out ??= copyUntil(o, k);
          continue;
        }
        const e = typeof x === 'object' || typeof x === 'number' ? this.at(k, x) : x;
        if (e !== x) out ??= copyUntil(o, k);
        if (out) out[k] = e;
      }
      if (escaped) {
        this.tags++;
        return { $O: out ?? o };
      }
      return out ?? o;
    }
    const name = proto && CLASS_OF.get(proto);
    if (!name) throw new Unwritable(`a ${proto?.constructor?.name ?? 'value'}`);
    const cls = CLASSES[name]!;
    const fields: Record<string, unknown> = {};
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!cls.skip?.includes(k)) fields[k] = this.at(k, o[k]);
    const extra =
      name === 'RunModel'
        ? [...(o.types as Map<string, { count: number }>)].map(([t, tally]) => [t, tally.count])
        : undefined;
    this.tags++;
    return { $C: name, f: fields, ...(extra && { x: extra }) };
  }

  /** `enc` of a member, naming where it sits if it cannot be written. */
  private at(key: unknown, v: unknown): unknown {
    try {
      return this.enc(v);
    } catch (err) {
      if (err instanceof Unwritable) err.path.unshift(String(key));
      throw err;
    }
  }

  /** A big collection: its entries in lines of their own ahead of the owner's line. */
  private chunked(kind: 'A' | 'M' | 'S', c: Iterable<unknown>): unknown {
    const id = this.nextId++;
    let d: unknown[] = [];
    let tagsBefore = this.tags;
    const flush = (): void => {
      // p: no tag inside, the entries are read as they parse; such a Map's or Set's line is read
      // only when the collection is first used, and `h` lets the reader check it without parsing
      if (this.tags === tagsBefore && kind !== 'A') {
        const entries = ascii(JSON.stringify(d));
        this.emit(`{"$chunk":${id},"k":"${kind}","p":1,"h":"${lazyHash(entries)}","d":${entries}}`);
      } else
        this.emit(JSON.stringify({ $chunk: id, k: kind, p: this.tags === tagsBefore ? 1 : 0, d }));
      d = [];
      tagsBefore = this.tags;
    };
    if (kind === 'M')
      for (const [k, x] of c as Map<unknown, unknown>) {
        d.push(this.enc(k), this.at(k, x));
        if (d.length >= CHUNK) flush();
      }
    else
      for (const x of c) {
        d.push(this.enc(x));
        if (d.length >= CHUNK) flush();
      }
    if (d.length) flush();
    this.tags++;
    return { $R: id };
  }

  // ── rows (see the format above) ──
  private readonly stringAtoms = new Map<string, number>();
  /** Record and array atoms by their tokens. */
  private readonly valueAtoms = new Map<string, number>();
  private atomCount = 0;
  private pendingAtoms: unknown[] = [];
  private readonly shapes = new Map<string, number>();
  private pendingShapes: unknown[][] = [];

  /** A collection whose every entry `rowValue` accepted, as rows chunk lines; its reference. */
  private rows(kind: 'M' | 'A', c: Map<unknown, unknown> | unknown[]): unknown {
    const id = this.nextId++;
    let d: unknown[] = [];
    const flush = (): void => {
      // the atoms and shapes a line uses go out ahead of it
      if (this.pendingShapes.length) {
        this.emit(JSON.stringify({ $shapes: this.pendingShapes }));
        this.pendingShapes = [];
      }
      if (this.pendingAtoms.length) {
        this.emit(JSON.stringify({ $atoms: this.pendingAtoms }));
        this.pendingAtoms = [];
      }
      this.emit(JSON.stringify({ $chunk: id, k: kind, r: 1, d }));
      d = [];
    };
    const value = (x: unknown): void => {
      if (Array.isArray(x)) {
        d.push(-(x.length + 1));
        for (const r of x) this.record(r as Record<string, unknown>, d);
      } else this.record(x as Record<string, unknown>, d);
    };
    if (kind === 'M')
      for (const [k, x] of c as Map<string, unknown>) {
        d.push(this.stringAtom(k));
        value(x);
        if (d.length >= CHUNK * 4) flush();
      }
    else
      for (const x of c as unknown[]) {
        value(x);
        if (d.length >= CHUNK * 4) flush();
      }
    flush();
    this.tags++;
    return { $R: id };
  }

  /** A record's shape number and its field tokens, onto `d`. */
  private record(o: Record<string, unknown>, d: unknown[]): void {
    const at = d.length;
    d.push(0);
    let shape = '';
    for (const k in o) {
      const x = o[k];
      if (x === undefined) continue;
      if (typeof x === 'string') {
        d.push(this.stringAtom(x));
        shape += `${k}\u00001\u0000`;
      } else if (typeof x === 'object' && x !== null) {
        d.push(
          Array.isArray(x) ? this.arrayAtom(x) : this.recordAtom(x as Record<string, unknown>),
        );
        shape += `${k}\u00001\u0000`;
      } else {
        d.push(x);
        shape += `${k}\u00000\u0000`;
      }
    }
    d[at] = this.shapeOf(shape);
  }

  private shapeOf(key: string): number {
    let n = this.shapes.get(key);
    if (n === undefined) {
      n = this.shapes.size;
      this.shapes.set(key, n);
      const parts = key.split('\u0000');
      const out: unknown[] = [];
      for (let i = 0; i + 1 < parts.length; i += 2) out.push(parts[i], Number(parts[i + 1]));
      this.pendingShapes.push(out);
    }
    return n;
  }

  private stringAtom(s: string): number {
    let n = this.stringAtoms.get(s);
    if (n === undefined) {
      n = this.atomCount++;
      this.stringAtoms.set(s, n);
      this.pendingAtoms.push(s);
    }
    return n;
  }

  private recordAtom(o: Record<string, unknown>): number {
    const tokens: unknown[] = [];
    this.record(o, tokens);
    // tokens are numbers, booleans and null, and the shape fixes what each one is
    return this.valueAtom(tokens.join(','), tokens);
  }

  private arrayAtom(a: unknown[]): number {
    const ids = a.map((x) =>
      typeof x === 'string' ? this.stringAtom(x) : this.recordAtom(x as Record<string, unknown>),
    );
    return this.valueAtom(`a${ids.join(',')}`, { a: ids });
  }

  private valueAtom(key: string, atom: unknown): number {
    let n = this.valueAtoms.get(key);
    if (n === undefined) {
      n = this.atomCount++;
      this.valueAtoms.set(key, n);
      this.pendingAtoms.push(atom);
    }
    return n;
  }
}

/** A plain object, not null and not an array. */
const plain = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' &&
  x !== null &&
  !Array.isArray(x) &&
  Object.getPrototypeOf(x) === Object.prototype;

/** A string, finite number, boolean, null or undefined. */
const scalar = (x: unknown): boolean =>
  x === null ||
  x === undefined ||
  typeof x === 'string' ||
  typeof x === 'boolean' ||
  (typeof x === 'number' && Number.isFinite(x));

/**
 * A field name a row can carry: the reader assigns fields to a fresh object, where `__proto__`
 * (an own property once JSON.parse made it one) would set the object's prototype instead.
 */
const rowKey = (k: string): boolean => k !== '__proto__';

/** A record of scalars. */
function leafRecord(x: unknown): boolean {
  if (!plain(x)) return false;
  for (const k in x) if (!rowKey(k) || !scalar(x[k])) return false;
  return true;
}

/** A record of scalars, leaf records and arrays of strings and leaf records. */
function rowRecord(x: unknown): boolean {
  if (!plain(x)) return false;
  for (const k in x) {
    if (!rowKey(k)) return false;
    const f = x[k];
    if (scalar(f)) continue;
    if (Array.isArray(f)) {
      for (const e of f) if (typeof e !== 'string' && !leafRecord(e)) return false;
    } else if (!leafRecord(f)) return false;
  }
  return true;
}

/** What a row holds: a record, or an array of records. */
const rowValue = (x: unknown): boolean => (Array.isArray(x) ? x.every(rowRecord) : rowRecord(x));

/** A Map keyed by strings whose values are rows. */
function rowMap(m: Map<unknown, unknown>): boolean {
  for (const [k, x] of m) if (typeof k !== 'string' || !rowValue(x)) return false;
  return true;
}

function copyUntil(o: Record<string, unknown>, stop: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in o) {
    if (k === stop) break;
    if (o[k] !== undefined) out[k] = o[k];
  }
  return out;
}

/**
 * The hash a lazily read line carries of its entries' text. The text is ASCII (see `emit`), so
 * hashing it as Latin-1 hashes the bytes in the file.
 */
const lazyHash = (entries: string): string =>
  createHash('sha1').update(entries, 'latin1').digest('base64');

/** `{"$chunk":id,"k":"M"|"S","p":1,"h":hash,"d":` — a line read when its collection is used. */
const LAZY_LINE = /^\{"\$chunk":(\d+),"k":"([MS])","p":1,"h":"([A-Za-z0-9+/=]+)","d":/;

/** The entries of lazily read lines, parsed. */
function* lazyEntries(lines: string[]): Generator<unknown[]> {
  for (const line of lines) {
    const start = line.indexOf('"d":') + 4;
    yield JSON.parse(line.slice(start, line.length - 1)) as unknown[];
  }
}

/**
 * A Map whose entries stay as the model file's text until it is first used: state the fold
 * keeps to go on folding (webhook ids seen, one-shot paths done, every write's attempt count)
 * is most of a big model's strings, and judging reads little of it (docs/performance.md).
 */
export class LazyMap<K, V> extends Map<K, V> {
  private pending: string[] | undefined;
  /** Entries (text of a model file line) to add when the map is first used. */
  addLine(line: string): void {
    (this.pending ??= []).push(line);
  }
  private load(): void {
    const lines = this.pending;
    if (!lines) return;
    this.pending = undefined;
    for (const d of lazyEntries(lines))
      for (let i = 0; i < d.length; i += 2) super.set(d[i] as K, d[i + 1] as V);
  }
  override get size(): number {
    this.load();
    return super.size;
  }
  override get(k: K): V | undefined {
    this.load();
    return super.get(k);
  }
  override has(k: K): boolean {
    this.load();
    return super.has(k);
  }
  override set(k: K, v: V): this {
    this.load();
    return super.set(k, v);
  }
  override delete(k: K): boolean {
    this.load();
    return super.delete(k);
  }
  override clear(): void {
    this.pending = undefined;
    super.clear();
  }
  override forEach(fn: (v: V, k: K, m: Map<K, V>) => void, self?: unknown): void {
    this.load();
    super.forEach(fn, self);
  }
  override keys(): MapIterator<K> {
    this.load();
    return super.keys();
  }
  override values(): MapIterator<V> {
    this.load();
    return super.values();
  }
  override entries(): MapIterator<[K, V]> {
    this.load();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

/** A Set whose members stay as the model file's text until it is first used (as `LazyMap`). */
export class LazySet<T> extends Set<T> {
  private pending: string[] | undefined;
  addLine(line: string): void {
    (this.pending ??= []).push(line);
  }
  private load(): void {
    const lines = this.pending;
    if (!lines) return;
    this.pending = undefined;
    for (const d of lazyEntries(lines)) for (const x of d) super.add(x as T);
  }
  override get size(): number {
    this.load();
    return super.size;
  }
  override has(x: T): boolean {
    this.load();
    return super.has(x);
  }
  override add(x: T): this {
    this.load();
    return super.add(x);
  }
  override delete(x: T): boolean {
    this.load();
    return super.delete(x);
  }
  override clear(): void {
    this.pending = undefined;
    super.clear();
  }
  override forEach(fn: (v: T, k: T, s: Set<T>) => void, self?: unknown): void {
    this.load();
    super.forEach(fn, self);
  }
  override keys(): SetIterator<T> {
    this.load();
    return super.keys();
  }
  override values(): SetIterator<T> {
    this.load();
    return super.values();
  }
  override entries(): SetIterator<[T, T]> {
    this.load();
    return super.entries();
  }
  override [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }
}

/** Builds a record of one shape from its tokens `d[p…]`; `n`: how many atoms are defined. */
type BuildRecord = (
  d: unknown[],
  p: number,
  atoms: unknown[],
  n: number,
) => Record<string, unknown>;

function atomMissing(n: unknown): never {
  throw new ModelFileError(`atom ${String(n)} is used before it is defined`);
}

/**
 * The function that builds a record of a shape: one object literal, so every record of a shape
 * gets the same hidden class at once — a million-order model's records build about three times
 * faster than assigning their fields one by one (docs/performance.md). The names enter the code
 * as JSON string literals, which are JavaScript string literals: no text from the file is code.
 */
function recordBuilder(names: string[], atom: boolean[]): BuildRecord {
  const fields = names.map(
    (name, i) =>
      `${JSON.stringify(name)}: ${atom[i] ? `(t = d[p + ${i}]) < n ? atoms[t] : missing(t)` : `d[p + ${i}]`}`,
  );
  return new Function(
    'missing',
    `return (d, p, atoms, n) => { let t; return { ${fields.join(', ')} }; };`,
  )(atomMissing) as BuildRecord;
}

class Decoder {
  private readonly collections = new Map<
    number,
    unknown[] | Map<unknown, unknown> | Set<unknown>
  >();

  /** The shared values of rows, in the order the file defines them. */
  private readonly atoms: unknown[] = [];
  private readonly shapes: { size: number; build: BuildRecord }[] = [];

  addShapes(list: unknown[][]): void {
    for (const flat of list) {
      const names: string[] = [];
      const atom: boolean[] = [];
      for (let i = 0; i < flat.length; i += 2) {
        const name = flat[i];
        // a literal's `__proto__:` would set the record's prototype (the writer never names one)
        if (typeof name !== 'string' || name === '__proto__' || ![0, 1].includes(flat[i + 1] as 0))
          throw new ModelFileError(`a record shape is not a list of names and kinds`);
        names.push(name);
        atom.push(flat[i + 1] === 1);
      }
      this.shapes.push({ size: names.length, build: recordBuilder(names, atom) });
    }
  }

  addAtoms(list: unknown[]): void {
    const atoms = this.atoms;
    for (const x of list) {
      if (typeof x === 'string') atoms.push(x);
      else if (Array.isArray(x)) {
        this.p = 0;
        atoms.push(Object.freeze(this.record(x)));
      } else {
        const ids = (x as { a: number[] }).a;
        const out = new Array<unknown>(ids.length);
        for (let i = 0; i < ids.length; i++) out[i] = this.atom(ids[i]!);
        atoms.push(Object.freeze(out));
      }
    }
  }

  private atom(n: number): unknown {
    if (!(n < this.atoms.length)) atomMissing(n);
    return this.atoms[n];
  }

  /** Where `record` reads next in the tokens it is given. */
  private p = 0;

  /** The record at `d[this.p]` (its shape number, then its tokens); moves `p` past it. */
  private record(d: unknown[]): Record<string, unknown> {
    const p = this.p;
    const shape = this.shapes[d[p] as number];
    if (!shape) throw new ModelFileError(`shape ${String(d[p])} is used before it is defined`);
    this.p = p + 1 + shape.size;
    return shape.build(d, p + 1, this.atoms, this.atoms.length);
  }

  /** A rows chunk: per entry the key's atom (Maps), then a record or `-(n+1)` and n records. */
  private rows(c: unknown[] | Map<unknown, unknown>, d: unknown[]): void {
    const map = c instanceof Map ? c : undefined;
    const list = map ? undefined : (c as unknown[]);
    this.p = 0;
    while (this.p < d.length) {
      const key = map ? this.atom(d[this.p++] as number) : undefined;
      let value: unknown;
      const head = d[this.p] as number;
      if (head < 0) {
        this.p++;
        const arr = new Array<unknown>(-head - 1);
        for (let i = 0; i < arr.length; i++) arr[i] = this.record(d);
        value = arr;
      } else value = this.record(d);
      if (map) map.set(key, value);
      else list!.push(value);
    }
  }

  /**
   * A line `LAZY_LINE` matched: kept as text for its collection, once its hash says it is the
   * line that was written (it is parsed only if the collection is used, after the file was
   * accepted).
   */
  lazy(text: string, m: RegExpExecArray): void {
    const id = Number(m[1]);
    const start = m[0].length;
    if (text.charCodeAt(text.length - 1) !== 125 || lazyHash(text.slice(start, -1)) !== m[3])
      throw new ModelFileError(`collection ${id}: a line does not match its hash`);
    let c = this.collections.get(id);
    if (!c) this.collections.set(id, (c = m[2] === 'M' ? new LazyMap() : new LazySet()));
    if (!(c instanceof LazyMap || c instanceof LazySet))
      throw new ModelFileError(`collection ${id} is written in two ways`);
    c.addLine(text);
  }

  chunk(line: { $chunk: number; k: 'A' | 'M' | 'S'; p?: number; r?: number; d: unknown[] }): void {
    let c = this.collections.get(line.$chunk);
    if (!c)
      this.collections.set(
        line.$chunk,
        (c = line.k === 'M' ? new Map() : line.k === 'S' ? new Set() : []),
      );
    const d = line.d;
    if (line.r === 1) {
      if (c instanceof Set) throw new ModelFileError('a set written as rows');
      this.rows(c, d);
    } else if (line.p === 1) {
      if (c instanceof Map) for (let i = 0; i < d.length; i += 2) c.set(d[i], d[i + 1]);
      else if (c instanceof Set) for (const x of d) c.add(x);
      else for (const x of d) c.push(x);
    } else if (c instanceof Map)
      for (let i = 0; i < d.length; i += 2) c.set(this.dec(d[i]), this.dec(d[i + 1]));
    else if (c instanceof Set) for (const x of d) c.add(this.dec(x));
    else for (const x of d) c.push(this.dec(x));
  }

  dec(v: unknown): unknown {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'object' && x !== null) v[i] = this.dec(x);
      }
      return v;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (k.charCodeAt(0) === 36) return this.tag(k, o);
      break;
    }
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'object' && x !== null) o[k] = this.dec(x);
    }
    return o;
  }

  private tag(k: string, o: Record<string, unknown>): unknown {
    switch (k) {
      case '$u':
        return undefined;
      case '$n':
        return Number(o.$n);
      case '$M': {
        const d = o.$M as unknown[];
        const m = new Map();
        for (let i = 0; i < d.length; i += 2) m.set(this.dec(d[i]), this.dec(d[i + 1]));
        return m;
      }
      case '$S':
        return new Set((o.$S as unknown[]).map((x) => this.dec(x)));
      case '$O': {
        const inner = o.$O as Record<string, unknown>;
        for (const key in inner) inner[key] = this.dec(inner[key]);
        return inner;
      }
      case '$R': {
        const c = this.collections.get(o.$R as number);
        if (!c)
          throw new ModelFileError(
            `collection ${String(o.$R)} is referred to before it is written`,
          );
        this.collections.delete(o.$R as number);
        return c;
      }
      case '$C': {
        const cls = CLASSES[o.$C as string];
        if (!cls) throw new ModelFileError(`unknown class ${String(o.$C)}`);
        const out = Object.create(cls.proto) as Record<string, unknown>;
        const f = o.f as Record<string, unknown>;
        for (const key in f) out[key] = this.dec(f[key]);
        cls.restore?.(out as never, o.x);
        return out;
      }
      default:
        throw new ModelFileError(`unknown tag ${k}`);
    }
  }
}

/**
 * What a journal file's model file must be keyed to: its size, its last line's `seq` and hash.
 * Reads only the file's tail.
 *
 * @example journalKey('runs/x/journal.ndjson') // { bytes: 5071234567, lastSeq: 18900000, lastLine: '3f…' }
 */
export function journalKey(file: string): JournalKey {
  const bytes = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    let tail = '';
    for (let size = 65_536; ; size *= 4) {
      const n = Math.min(size, bytes);
      const buf = Buffer.alloc(n);
      readSync(fd, buf, 0, n, bytes - n);
      tail = buf.toString('utf8');
      const body = tail.endsWith('\n') ? tail.slice(0, -1) : tail;
      if (body.lastIndexOf('\n') >= 0 || n === bytes) {
        const line = body.slice(body.lastIndexOf('\n') + 1);
        const m = /^\{"seq":(\d+),/.exec(line);
        return {
          bytes,
          lastSeq: m ? Number(m[1]) : -1,
          lastLine: createHash('sha1').update(line).digest('hex'),
        };
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Write `model` (folded from the whole of `journalFile`, now closed) beside the journal. Written
 * to a temporary name and renamed, so a kill mid-write leaves no model file. Throws a
 * `ModelFileError` when the model holds something it cannot write, or when the model has not
 * seen every event of the journal.
 *
 * @example writeModelFile('runs/x/journal.ndjson', live)
 */
export function writeModelFile(
  journalFile: string,
  model: RunModel,
  omnichaos: string | undefined = omnichaosVersion(),
): string {
  const key = journalKey(journalFile);
  if (key.lastSeq !== model.events)
    throw new ModelFileError(
      `the model folded ${model.events} events, the journal's last seq is ${key.lastSeq}`,
    );
  const target = modelFileOf(journalFile);
  const tmp = `${target}.tmp`;
  rmSync(target, { force: true }); // an older run's, in a reused directory
  const fd = openSync(tmp, 'w');
  let written = false;
  try {
    const header: Header = {
      format: 'omnichaos-model',
      version: MODEL_FILE_FORMAT,
      fold: foldCodeDigest(),
      omnichaos,
      schema: model.schema,
      journal: key,
    };
    let pending: string[] = [];
    let pendingBytes = 0;
    const emit = (json: string): void => {
      // ASCII only (\uXXXX escapes): read back as Latin-1, which decodes at memcpy speed
      const line = ascii(json);
      pending.push(line);
      pendingBytes += line.length;
      if (pendingBytes > 8 << 20) {
        writeSync(fd, pending.join('\n') + '\n');
        pending = [];
        pendingBytes = 0;
      }
    };
    emit(JSON.stringify(header));
    let root: unknown;
    try {
      root = new Encoder(emit).enc(model);
    } catch (err) {
      if (err instanceof Unwritable)
        throw new ModelFileError(`model.${err.path.join('.')}: ${err.what} cannot be written`);
      throw err;
    }
    emit(JSON.stringify({ root }));
    emit(JSON.stringify({ end: true }));
    writeSync(fd, pending.join('\n') + '\n');
    written = true;
  } finally {
    closeSync(fd);
    if (!written) rmSync(tmp, { force: true });
  }
  renameSync(tmp, target);
  return target;
}

const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_ALL = /[\u0080-\uffff]/g;
const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
/** JSON text with every non-ASCII character escaped (`\uXXXX`). */
const ascii = (json: string): string =>
  NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, escapeChar) : json;

export const modelFileOf = (journalFile: string): string =>
  journalFile.replace(/journal\.ndjson$/, MODEL_FILE);

/** The model file's answer: the model, or why it was not used. */
export type ModelFileRead =
  | { model: RunModel; file: string; key: JournalKey }
  | { model?: undefined; file: string; why: string };

/**
 * Read the model file beside `journalFile` if it is there, whole, and keyed to that journal as
 * it is now (and to this omnichaos); else say why not. Never throws for a bad model file.
 *
 * @example const r = await readModelFile('runs/x/journal.ndjson'); if (r.model) judge(r.model)
 */
export async function readModelFile(
  journalFile: string,
  omnichaos: string | undefined = omnichaosVersion(),
): Promise<ModelFileRead> {
  const file = modelFileOf(journalFile);
  if (file === journalFile || !existsSync(file))
    return { file, why: 'there is none (the run did not finish, or predates model files)' };
  try {
    const key = journalKey(journalFile);
    const decoder = new Decoder();
    let header: Header | undefined;
    let root: unknown;
    let ended = false;
    let lineNo = 0;
    for await (const batch of readRawLines(file)) {
      for (const text of batch) {
        lineNo++;
        if (ended) throw new ModelFileError(`line ${lineNo}: text after the end line`);
        const lazy = header ? LAZY_LINE.exec(text) : null;
        if (lazy) {
          decoder.lazy(text, lazy);
          continue;
        }
        let line: Record<string, unknown>;
        try {
          line = JSON.parse(text) as Record<string, unknown>;
        } catch {
          throw new ModelFileError(`line ${lineNo} does not parse`);
        }
        if (!header) {
          header = line as unknown as Header;
          const stale = staleness(header, key, omnichaos);
          if (stale) return { file, why: stale };
        } else if ('$chunk' in line) decoder.chunk(line as never);
        else if ('$atoms' in line) decoder.addAtoms(line.$atoms as unknown[]);
        else if ('$shapes' in line) decoder.addShapes(line.$shapes as unknown[][]);
        else if ('root' in line) root = decoder.dec(line.root);
        else if (line.end === true) ended = true;
        else throw new ModelFileError(`line ${lineNo}: not a model line`);
      }
    }
    if (!header) throw new ModelFileError('it is empty');
    if (!ended || !(root instanceof RunModel)) throw new ModelFileError('it is cut short');
    // What reading the journal finds when it is whole: every seq from 1 to the last, in order
    // (the key says the journal is the one the run wrote and closed).
    root.integrity = {
      lines: key.lastSeq,
      corrupt: { count: 0, lines: [], examples: [] },
      tornLastLine: undefined,
      gaps: { count: 0, missing: 0, examples: [] },
      outOfOrder: { count: 0, examples: [] },
      damaged: false,
    };
    return { model: root, file, key };
  } catch (err) {
    if (err instanceof ModelFileError || err instanceof TypeError || err instanceof RangeError)
      return { file, why: `it is damaged (${err.message})` };
    throw err;
  }
}

function staleness(h: Header, key: JournalKey, omnichaos: string | undefined): string | undefined {
  if (h.format !== 'omnichaos-model') return 'it is not an omnichaos model file';
  if (h.version !== MODEL_FILE_FORMAT)
    return `it has format ${h.version}, this omnichaos reads format ${MODEL_FILE_FORMAT}`;
  if (h.fold !== foldCodeDigest())
    return 'it was folded by another build of the oracle (its fold code or model differ from this one)';
  if (h.omnichaos !== omnichaos)
    return `it was written by omnichaos ${h.omnichaos ?? 'unknown'}, this is ${omnichaos ?? 'unknown'}`;
  const j = h.journal;
  if (j.bytes !== key.bytes || j.lastSeq !== key.lastSeq || j.lastLine !== key.lastLine)
    return `it was folded from a journal of ${j.bytes} bytes ending at seq ${j.lastSeq}; the journal now has ${key.bytes} bytes ending at seq ${key.lastSeq}${j.bytes === key.bytes && j.lastSeq === key.lastSeq ? ' with another last line' : ''}`;
  return undefined;
}

/**
 * The file's lines, a batch at a time, as text. Read as bytes and cut at line breaks before
 * decoding: one string per line, never the whole file (a million-order model is ~1 GB).
 */
async function* readRawLines(file: string): AsyncGenerator<string[]> {
  const fd = openSync(file, 'r');
  try {
    let buf = Buffer.alloc(16 << 20);
    let filled = 0;
    for (;;) {
      if (filled === buf.length) {
        const bigger = Buffer.alloc(buf.length * 2); // a line longer than the buffer
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const n = readSync(fd, buf, filled, buf.length - filled, null);
      filled += n;
      const lines: string[] = [];
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl >= 0 && nl < filled; nl = buf.indexOf(10, start)) {
        if (nl > start) lines.push(buf.toString('latin1', start, nl));
        start = nl + 1;
      }
      if (n === 0) {
        if (start < filled) lines.push(buf.toString('latin1', start, filled));
        if (lines.length) yield lines;
        return;
      }
      buf.copy(buf, 0, start, filled);
      filled -= start;
      if (lines.length) yield lines;
    }
  } finally {
    closeSync(fd);
  }
}
