import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOracleJournal } from '../../bench/oracle-journal.js';
import { reportCommand } from '../../cli/commands/report.js';
import { bufferIo } from '../../cli/io.js';
import {
  LazyMap,
  LazySet,
  MODEL_FILE,
  MODEL_FILE_FORMAT,
  readModelFile,
  writeModelFile,
} from '../../oracle/model-file.js';
import { RunModel } from '../../oracle/model.js';
import { runScenario } from '../../runner/run.js';
import { parseScenario } from '../../scenarios/load.js';
import { ROOT } from '../support/cli.js';

/**
 * The folded model a run leaves beside its journal (`journal.model`): `omnichaos report` judges
 * it instead of folding the journal again, to the same reports; a model file that does not
 * match the journal as it is now, or is damaged, is set aside with a line saying why.
 */

/** A run directory with the oracle bench's synthetic journal (every flow, faults, retries) and its model file. */
function syntheticRun(orders = 600, omnichaos?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'omnichaos-model-file-'));
  const live = new RunModel();
  generateOracleJournal(join(dir, 'journal.ndjson'), orders, 2026, live);
  writeModelFile(join(dir, 'journal.ndjson'), live, omnichaos);
  return dir;
}

const reportFiles = (dir: string) =>
  ['report.json', 'junit.xml', 'report.html'].map((f) => readFileSync(join(dir, f), 'utf8'));

async function reportOutput(dir: string, args: string[] = []) {
  const io = bufferIo();
  const code = await reportCommand.run([...args, dir], io);
  return { code, out: io.stdout.join('\n'), files: reportFiles(dir) };
}

describe('the model file beside the journal', () => {
  it('gives the same reports as folding the journal, and report says which it read', async () => {
    const dir = syntheticRun();
    expect(existsSync(join(dir, MODEL_FILE))).toBe(true);
    const fromModel = await reportOutput(dir);
    expect(fromModel.out).toContain(`read     ${join(dir, MODEL_FILE)} (the folded model`);
    const fromJournal = await reportOutput(dir, ['--journal']);
    expect(fromJournal.out).toContain(`read     ${join(dir, 'journal.ndjson')}`);
    expect(fromJournal.out).not.toContain(MODEL_FILE);
    expect(fromModel.code).toBe(fromJournal.code);
    // report.json, junit.xml and report.html, byte for byte: verdicts, evidence, timeline, integrity
    expect(fromModel.files).toEqual(fromJournal.files);
    const json = JSON.parse(fromModel.files[0]!) as {
      checks: { verdict: string }[];
      integrity: { lines: number };
    };
    // the synthetic run gives the checks work: a comparison of empty verdicts would prove nothing
    expect(json.checks.filter((c) => c.verdict === 'pass').length).toBeGreaterThan(10);
    expect(json.integrity.lines).toBeGreaterThan(10_000);
  });

  it('is not used once the journal has grown: the journal is folded, and report says why', async () => {
    const dir = syntheticRun(200);
    const journal = join(dir, 'journal.ndjson');
    const before = statSync(journal).size;
    const last = JSON.parse(readFileSync(journal, 'utf8').trimEnd().split('\n').at(-1)!) as {
      seq: number;
    };
    appendFileSync(journal, JSON.stringify({ ...last, seq: last.seq + 1 }) + '\n');
    const { out, files } = await reportOutput(dir);
    expect(out).toContain(
      `read     ${journal} (${MODEL_FILE} not used: it was folded from a journal of ${before} bytes ending at seq ${last.seq}; the journal now has`,
    );
    expect(files).toEqual((await reportOutput(dir, ['--journal'])).files);
  });

  it('is not used when the last line changed but size and seq did not', async () => {
    const dir = syntheticRun(200);
    const journal = join(dir, 'journal.ndjson');
    const text = readFileSync(journal, 'utf8');
    // same length, same seq: one digit of the last line's wall time changed
    const i = text.lastIndexOf('"w":') + 5;
    writeFileSync(journal, text.slice(0, i) + (text[i] === '1' ? '2' : '1') + text.slice(i + 1));
    const r = await readModelFile(journal);
    expect(r.model).toBeUndefined();
    expect(r.model ? '' : r.why).toMatch(/ending at seq \d+ with another last line$/);
  });

  it('is not trusted when it is cut short or damaged', async () => {
    const dir = syntheticRun(200);
    const journal = join(dir, 'journal.ndjson');
    const file = join(dir, MODEL_FILE);
    const whole = readFileSync(file, 'utf8');

    truncateSync(file, Math.floor(whole.length / 2));
    let r = await readModelFile(journal);
    expect(r.model ? '' : r.why).toMatch(
      /^it is damaged \((line \d+ does not parse|it is cut short)\)$/,
    );

    // a whole file without its end line
    writeFileSync(file, whole.trimEnd().split('\n').slice(0, -1).join('\n') + '\n');
    r = await readModelFile(journal);
    expect(r.model ? '' : r.why).toBe('it is damaged (it is cut short)');

    // a line in the middle overwritten
    const lines = whole.trimEnd().split('\n');
    lines[1] = '{"$chunk":0,"k":"M","d":[{"$C":"Nope","f":{}},1]}';
    writeFileSync(file, lines.join('\n') + '\n');
    r = await readModelFile(journal);
    expect(r.model ? '' : r.why).toBe('it is damaged (unknown class Nope)');

    const { out, files } = await reportOutput(dir);
    expect(out).toContain(`(${MODEL_FILE} not used: it is damaged (unknown class Nope))`);
    expect(JSON.parse(files[0]!)).toMatchObject({ complete: true });
  });

  it('writes the per-order collections as rows of shared values, and refuses rows that use an undefined one', async () => {
    const dir = syntheticRun(300);
    const journal = join(dir, 'journal.ndjson');
    const file = join(dir, MODEL_FILE);
    const lines = readFileSync(file, 'latin1').trimEnd().split('\n');
    const rows = lines.filter((l) => l.startsWith('{"$chunk":') && l.includes('"r":1,'));
    // orders, store sales, ERP documents, shipments, warehouse orders, confirmations
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const atoms = lines.filter((l) => l.startsWith('{"$atoms":'));
    expect(atoms.length).toBeGreaterThan(0);
    // an order's lines are one shared value: the model read back shares them and keeps them as they were
    const r = await readModelFile(journal);
    const order = [...r.model!.channelOrders.values()].find((o) => o.lines?.length)!;
    const so = [...r.model!.erp.ofKind('sales-order')].find((d) => d.sourceOrderId === order.id)!;
    expect(so.lines).toBe(order.lines);
    expect(Object.isFrozen(order.lines)).toBe(true);

    // a shape naming __proto__ (the writer never writes one) is refused
    writeFileSync(
      file,
      lines
        .map((l) => l.replace(/^\{"\$shapes":\[\["/, '{"$shapes":[["__proto__",0,"'))
        .join('\n') + '\n',
    );
    const proto = await readModelFile(journal);
    expect(proto.model ? '' : proto.why).toBe(
      'it is damaged (a record shape is not a list of names and kinds)',
    );

    // every atom line dropped: the first rows line uses an atom the file never defined
    writeFileSync(file, lines.filter((l) => !l.startsWith('{"$atoms":')).join('\n') + '\n');
    const bad = await readModelFile(journal);
    expect(bad.model ? '' : bad.why).toMatch(
      /^it is damaged \(atom \d+ is used before it is defined\)$/,
    );
  });

  it('reads rows back as they were: undefined fields left out, arrays of records, nested records, shared values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnichaos-model-file-'));
    const journal = join(dir, 'journal.ndjson');
    const live = new RunModel();
    generateOracleJournal(journal, 50, 2026, live);
    // Collections the encoder writes as rows (string keys, flat records), set on the model
    // itself: the file writes every own field of it and reads it back.
    const byKey = new Map<string, unknown>();
    const list: unknown[] = [];
    for (let i = 0; i < 100; i++) {
      byKey.set(`k-${i}`, {
        id: `id-${i}`,
        note: i % 2 ? undefined : 'Zürich "quoted" \\ ✓',
        n: i - 50,
        ok: i % 3 === 0,
        none: null,
        at: { sku: `SKU-${i % 4}`, quantity: i % 4 },
        tags: ['a', 'b'],
      });
      list.push(
        i % 5
          ? { seq: i, by: i % 2 ? 'x' : 'y' }
          : [
              { seq: i, by: 'z', extra: undefined },
              { by: 'z', seq: -i - 1 },
            ],
      );
    }
    byKey.set('empty', []);
    const raw = live as unknown as Record<string, unknown>;
    raw.probeMap = byKey;
    raw.probeList = list;
    writeModelFile(journal, live);
    const lines = readFileSync(join(dir, MODEL_FILE), 'latin1').trimEnd().split('\n');
    // both as rows; written ASCII only
    expect(lines.filter((l) => l.includes('"r":1,')).length).toBeGreaterThanOrEqual(2);
    expect(lines.every((l) => /^[\x20-\x7e]*$/.test(l))).toBe(true);

    const r = await readModelFile(journal);
    expect(r.model ? '' : r.why).toBe('');
    const back = r.model as unknown as Record<string, unknown>;
    // toEqual treats a field holding undefined as absent; the keys below say it is absent
    expect(back.probeMap).toEqual(byKey);
    expect(back.probeList).toEqual(list);
    const m = back.probeMap as Map<string, Record<string, unknown>>;
    expect(Object.keys(m.get('k-1')!)).toEqual(['id', 'n', 'ok', 'none', 'at', 'tags']);
    expect(Object.keys(m.get('k-2')!)).toEqual(['id', 'note', 'n', 'ok', 'none', 'at', 'tags']);
    expect(Object.keys((back.probeList as Record<string, unknown>[][])[0]![0]!)).toEqual([
      'seq',
      'by',
    ]);
    expect(m.get('empty')).toEqual([]);
    // the same content is one frozen value, shared between records
    expect(m.get('k-4')!.at).toBe(m.get('k-8')!.at);
    expect(m.get('k-4')!.at).not.toBe(m.get('k-5')!.at);
    expect(m.get('k-3')!.tags).toBe(m.get('k-7')!.tags);
    expect(Object.isFrozen(m.get('k-4')!.at)).toBe(true);
    expect(Object.isFrozen(m.get('k-3')!.tags)).toBe(true);
    // the records themselves are the model's own: not frozen, not shared
    expect(Object.isFrozen(m.get('k-4'))).toBe(false);
  });

  it('writes collections rows cannot hold in the tagged form, and reads them back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnichaos-model-file-'));
    const journal = join(dir, 'journal.ndjson');
    const live = new RunModel();
    generateOracleJournal(journal, 50, 2026, live);
    const odd = new Map<string, unknown>();
    for (let i = 0; i < 100; i++) odd.set(`k-${i}`, { id: `id-${i}`, ms: i ? i : Infinity });
    const proto = new Map<string, unknown>();
    for (let i = 0; i < 100; i++)
      proto.set(`k-${i}`, JSON.parse(`{"__proto__":{"polluted":${i}},"id":"x"}`) as unknown);
    const raw = live as unknown as Record<string, unknown>;
    raw.probeOdd = odd;
    raw.probeProto = proto;
    writeModelFile(journal, live);
    const r = await readModelFile(journal);
    const back = r.model as unknown as Record<string, unknown>;
    expect(back.probeOdd).toEqual(odd);
    const p = (back.probeProto as Map<string, Record<string, unknown>>).get('k-3')!;
    // an own property named __proto__ stays an own property, never the record's prototype
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(Object.keys(p)).toEqual(['__proto__', 'id']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('is not used when an earlier format wrote it: the journal is folded, and report says why', async () => {
    const dir = syntheticRun(100);
    const file = join(dir, MODEL_FILE);
    const text = readFileSync(file, 'latin1');
    writeFileSync(file, text.replace(/"version":\d+,/, '"version":2,'), 'latin1');
    const r = await readModelFile(join(dir, 'journal.ndjson'));
    expect(r.model ? '' : r.why).toBe(
      `it has format 2, this omnichaos reads format ${MODEL_FILE_FORMAT}`,
    );
    const { out, files } = await reportOutput(dir);
    expect(out).toContain(`(${MODEL_FILE} not used: it has format 2, this omnichaos reads format`);
    expect(files).toEqual((await reportOutput(dir, ['--journal'])).files);
  });

  it('keeps the fold’s big id sets and attempt counts as text until they are used, checked by hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnichaos-model-file-'));
    const journal = join(dir, 'journal.ndjson');
    const live = new RunModel();
    generateOracleJournal(journal, 2000, 2026, live);
    writeModelFile(journal, live);
    const file = join(dir, MODEL_FILE);
    const lines = readFileSync(file, 'latin1').trimEnd().split('\n');
    const lazy = lines.filter((l) => /^\{"\$chunk":\d+,"k":"[MS]","p":1,"h":"/.test(l));
    expect(lazy.length).toBeGreaterThan(0);

    const r = await readModelFile(journal);
    const back = r.model!;
    const sys = [...live.webhookDeliveries.keys()].find(
      (k) => live.webhookDeliveries.get(k)!.size > 1_000,
    )!;
    expect(sys).toBeDefined();
    const ids = back.webhookDeliveries.get(sys)!;
    expect(ids).toBeInstanceOf(LazySet);
    // used: the same members, in the same order
    expect([...ids]).toEqual([...live.webhookDeliveries.get(sys)!]);
    expect(ids.size).toBe(live.webhookDeliveries.get(sys)!.size);
    const [op, keys] = [...live.traffic.attempts].find(([, k]) => k.size > 1_000)!;
    const backKeys = back.traffic.attempts.get(op)!;
    expect(backKeys).toBeInstanceOf(LazyMap);
    expect(backKeys.get([...keys.keys()][7]!)).toBe(keys.get([...keys.keys()][7]!));
    expect([...backKeys]).toEqual([...keys]);

    // a model read back writes the same file again
    back.integrity = undefined;
    const again = mkdtempSync(join(tmpdir(), 'omnichaos-model-file-'));
    writeFileSync(join(again, 'journal.ndjson'), readFileSync(journal));
    writeModelFile(join(again, 'journal.ndjson'), back);
    expect(readFileSync(join(again, MODEL_FILE), 'latin1')).toBe(lines.join('\n') + '\n');

    // one id changed, same length: refused before anything is judged on it
    const i = lines.indexOf(lazy[0]!);
    const at = lazy[0]!.indexOf('"d":["') + 6;
    const c = lazy[0]![at] === 'a' ? 'b' : 'a';
    lines[i] = lazy[0]!.slice(0, at) + c + lazy[0]!.slice(at + 1);
    writeFileSync(file, lines.join('\n') + '\n', 'latin1');
    const bad = await readModelFile(journal);
    expect(bad.model ? '' : bad.why).toMatch(
      /^it is damaged \(collection \d+: a line does not match its hash\)$/,
    );
  });

  it('is not used when another omnichaos version wrote it', async () => {
    const dir = syntheticRun(100, '0.0.0-other');
    const r = await readModelFile(join(dir, 'journal.ndjson'));
    expect(r.model ? '' : r.why).toMatch(
      /^it was written by omnichaos 0\.0\.0-other, this is \S+$/,
    );
  });

  it('is not used when another build of the oracle folded it, whatever the version says', async () => {
    const dir = syntheticRun(100);
    const file = join(dir, MODEL_FILE);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/"fold":"[0-9a-f]+"/, `"fold":"${'0'.repeat(40)}"`));
    const r = await readModelFile(join(dir, 'journal.ndjson'));
    expect(r.model ? '' : r.why).toBe(
      'it was folded by another build of the oracle (its fold code or model differ from this one)',
    );
  });

  it('says where in the model a value it cannot write sits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnichaos-model-file-'));
    const live = new RunModel();
    generateOracleJournal(join(dir, 'journal.ndjson'), 50, 2026, live);
    live.shipments.set('x', (() => 1) as never);
    expect(() => writeModelFile(join(dir, 'journal.ndjson'), live)).toThrow(
      'model.shipments.x: a function cannot be written',
    );
    expect(existsSync(join(dir, MODEL_FILE))).toBe(false);
  });

  it('is not written for a model that did not see every event of the journal', () => {
    const dir = syntheticRun(100);
    expect(() => writeModelFile(join(dir, 'journal.ndjson'), new RunModel())).toThrow(
      /the model folded 0 events, the journal's last seq is \d+/,
    );
  });
});

describe('omnichaos run writes the model file', () => {
  it('at the end of a finished run, and report judges it to the reports the run wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnichaos-model-file-run-'));
    const scenario = parseScenario(
      readFileSync(join(ROOT, 'scenarios/smoke.yaml'), 'utf8'),
      'smoke.yaml',
    );
    const result = await runScenario({
      scenario,
      durationMs: 20_000,
      drainMs: 5_000,
      speed: 20,
      outDir: join(dir, 'run'),
      targetCmd: `node ${join(ROOT, 'examples/minimal-target/server.mjs')}`,
      targetClock: 'wall',
      out: () => {},
    });
    expect(existsSync(join(result.runDir, MODEL_FILE))).toBe(true);
    const written = reportFiles(result.runDir)[0]!;
    const { out, files } = await reportOutput(result.runDir);
    expect(out).toContain(`(the folded model the run saved`);
    const { journal: j1, ...fromRun } = JSON.parse(written) as Record<string, unknown>;
    const {
      journal: j2,
      integrity,
      ...fromReport
    } = JSON.parse(files[0]!) as Record<string, unknown>;
    // the run judged its live model (no file read: no integrity); report judged the saved one
    expect({ ...fromRun, integrity }).toEqual({ ...fromReport, integrity });
    expect(j1).toEqual(j2);
    expect(files).toEqual((await reportOutput(result.runDir, ['--journal'])).files);
  }, 90_000);
});
