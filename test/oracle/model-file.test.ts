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
import { MODEL_FILE, readModelFile, writeModelFile } from '../../oracle/model-file.js';
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
