import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../simulators/core/clock.js';
import { ev } from './events.js';
import { Journal } from './journal.js';
import { indexJournal, JournalIntegrity, readJournal, readJournalBatches } from './reader.js';

const START = Date.UTC(2026, 10, 27);

/** Event `i`: an exchange when `i` is even, another type when odd; both carry `i`. */
const event = (i: number, sys: string) =>
  i % 2
    ? ev.listingBatchProcessed({ sys, batchId: `b${i}`, status: 'DONE', i })
    : ev.httpExchange({ sys, i });
const tmp = () => mkdtempSync(join(tmpdir(), 'omnichaos-journal-'));

describe('Journal', () => {
  it('stamps events with sequence, scenario time and wall time', async () => {
    const clock = new VirtualClock({ startMs: START, speed: 60 });
    const journal = new Journal({ clock });
    journal.append(ev.storeOffline({ sys: 'pos', locationId: 'L1' }));
    await clock.advance(1_000);
    const e = journal.append(ev.storeOnline({ sys: 'pos', locationId: 'L1' }));
    expect(e).toMatchObject({ seq: 2, t: START + 60_000, w: 1_000, type: 'store:online' });
  });

  it('keeps only the last N events in memory and filters queries', () => {
    const clock = new VirtualClock({ startMs: START });
    const journal = new Journal({ clock, keepInMemory: 3 });
    for (let i = 0; i < 5; i++) journal.append(event(i, 'erp'));
    expect(journal.query().map((e) => e.i)).toEqual([2, 3, 4]);
    expect(journal.query({ type: 'http:exchange' }).map((e) => e.i)).toEqual([2, 4]);
    expect(journal.query({ afterSeq: 4 }).map((e) => e.seq)).toEqual([5]);
    expect(journal.count).toBe(5);
  });

  it('answers the same queries when it keeps lines for a file (the ring holds strings then)', () => {
    const clock = new VirtualClock({ startMs: START });
    const file = join(tmp(), 'ring.ndjson');
    const onDisk = new Journal({ clock, file, keepInMemory: 3 });
    const inMemory = new Journal({ clock, keepInMemory: 3 });
    for (const j of [onDisk, inMemory])
      for (let i = 0; i < 12; i++) j.append(event(i, i % 3 ? 'erp' : 'pos'));
    const queries = [
      {},
      { type: 'http:exchange' },
      { sys: 'pos' },
      { afterSeq: 10 },
      { afterSeq: 99 },
    ];
    for (const q of queries) expect(onDisk.query(q)).toEqual(inMemory.query(q));
    expect(onDisk.query({ afterSeq: 10 }).map((e) => e.seq)).toEqual([11, 12]);
    onDisk.close();
  });

  it('bounds the ring of a file-backed journal by bytes as well as by count', () => {
    const clock = new VirtualClock({ startMs: START });
    const file = join(tmp(), 'bytes.ndjson');
    const journal = new Journal({ clock, file, keepInMemory: 10_000, keepBytes: 2_000 });
    for (let i = 0; i < 5_000; i++)
      journal.append(ev.httpExchange({ sys: 'pos', i, pad: 'x'.repeat(i % 50) }));
    const kept = journal.kept;
    expect(kept.bytes).toBeLessThanOrEqual(2_000);
    expect(kept.events).toBeGreaterThan(5);
    const recent = journal.query({ limit: 10_000 });
    expect(recent).toHaveLength(kept.events);
    expect(recent.at(-1)!.seq).toBe(5_000);
    expect(recent.map((e) => e.seq)).toEqual(
      Array.from({ length: kept.events }, (_, k) => 5_001 - kept.events + k),
    );
    journal.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(5_000);
  });

  it('writes whole NDJSON lines that read back in order', async () => {
    const file = join(tmp(), 'journal.ndjson');
    const clock = new VirtualClock({ startMs: START });
    const journal = new Journal({ clock, file });
    for (let i = 0; i < 2_000; i++)
      journal.append(ev.httpExchange({ sys: 'pos', key: `k${i % 10}` }));
    journal.close();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2_000);
    const seqs: number[] = [];
    for await (const e of readJournal(file)) seqs.push(e.seq);
    expect(seqs).toEqual(Array.from({ length: 2_000 }, (_, i) => i + 1));
  });

  it('rebuilds indexes from the file and tolerates a torn last line', async () => {
    const file = join(tmp(), 'journal.ndjson');
    const clock = new VirtualClock({ startMs: START });
    const journal = new Journal({ clock, file });
    journal.append(ev.runStarted({}));
    for (let i = 0; i < 10; i++)
      journal.append(ev.httpExchange({ sys: i < 4 ? 'erp' : 'wms', key: `op:${i % 3}` }));
    journal.close();
    appendFileSync(file, '{"seq":12,"t":1,"type":"http:exch'); // what SIGKILL mid-write leaves
    const index = await indexJournal(file);
    expect(index.events).toBe(11);
    expect(index.byType.get('http:exchange')).toBe(10);
    expect(index.bySys.get('erp')).toBe(4);
    expect(index.byKey.get('op:0')).toEqual([2, 5, 8, 11]);
    expect(index.unreadable).toHaveLength(1);
    expect(index.complete).toBe(false);
  });

  it('reads CRLF lines, blank lines and characters split across chunks', async () => {
    const file = join(tmp(), 'journal.ndjson');
    // 70,000 characters of multi-byte text put a chunk boundary (64 KiB) inside a character.
    const note = 'é€😀'.repeat(10_000);
    const lines = [
      JSON.stringify({ seq: 1, t: 1, w: 0, type: 'a', note }),
      '',
      JSON.stringify({ seq: 2, t: 2, w: 0, type: 'b' }),
      '{"seq":3,"t":3,"type":"tor',
      JSON.stringify({ seq: 4, t: 4, w: 0, type: 'c', note }),
    ];
    writeFileSync(file, lines.join('\r\n')); // no line break after the last line
    const problems: { line: number; text: string }[] = [];
    const events = [];
    for await (const e of readJournal(file, (p) => problems.push(p))) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['a', 'b', 'c']);
    expect(events[0]?.note).toBe(note);
    expect(events[2]?.note).toBe(note);
    expect(problems).toEqual([{ line: 4, text: '{"seq":3,"t":3,"type":"tor' }]);
    let batches = 0;
    for await (const batch of readJournalBatches(file)) batches += batch.length > 0 ? 1 : 0;
    expect(batches).toBeGreaterThan(0);
  });

  // The reader keeps one read in flight while a chunk is parsed: stopping early must still
  // let that read settle and close the file.
  it.skipIf(!existsSync('/proc/self/fd'))('closes the file when a reader stops early', async () => {
    const file = join(tmp(), 'journal.ndjson');
    const line = (seq: number) =>
      JSON.stringify({ seq, t: seq, w: 0, type: 'a', pad: 'x'.repeat(200) });
    writeFileSync(file, Array.from({ length: 2_000 }, (_, i) => line(i + 1)).join('\n')); // > 64 KiB
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    for await (const batch of readJournalBatches(file)) {
      expect(batch[0]?.seq).toBe(1);
      break;
    }
    expect(openFiles()).toBe(before);
  });

  it('notifies subscribers until they unsubscribe', () => {
    const journal = new Journal({ clock: new VirtualClock({ startMs: START }) });
    const seen: string[] = [];
    const off = journal.subscribe((e) => seen.push(e.type));
    journal.append(ev.runReset({}));
    off();
    journal.append(ev.runFinished({}));
    expect(seen).toEqual(['run:reset']);
  });
});

describe('JournalIntegrity', () => {
  const line = (seq: number) => JSON.stringify({ seq, t: seq, w: 0, type: 'a' });
  /** Read a file written from `lines` and return what integrity found. */
  async function check(text: string) {
    const file = join(tmp(), 'journal.ndjson');
    writeFileSync(file, text);
    const integrity = new JournalIntegrity();
    const seqs: number[] = [];
    for await (const e of readJournal(file, undefined, integrity)) seqs.push(e.seq);
    return { seqs, found: integrity.summary() };
  }

  it('finds nothing wrong in a whole journal', async () => {
    const { seqs, found } = await check([1, 2, 3].map(line).join('\n') + '\n');
    expect(seqs).toEqual([1, 2, 3]);
    expect(found).toMatchObject({
      lines: 3,
      damaged: false,
      tornLastLine: undefined,
      corrupt: { count: 0 },
      gaps: { count: 0, missing: 0 },
      outOfOrder: { count: 0 },
    });
  });

  it('calls an unterminated unparseable last line torn, and nothing else', async () => {
    const { found } = await check([1, 2].map(line).join('\n') + '\n{"seq":3,"t":3,"ty');
    expect(found.tornLastLine).toEqual({ line: 3, text: '{"seq":3,"t":3,"ty' });
    expect(found.corrupt.count).toBe(0);
    expect(found.gaps.count).toBe(0);
    expect(found.damaged).toBe(false);
  });

  it('names a corrupt line in the middle, and the gap its lost event leaves', async () => {
    const text =
      [line(1), line(2), '{"seq":3,"t":3,"type":"a"\u0000garbage', line(4), line(5)].join('\n') +
      '\n';
    const { seqs, found } = await check(text);
    expect(seqs).toEqual([1, 2, 4, 5]);
    expect(found.corrupt).toEqual({
      count: 1,
      lines: [3],
      examples: [{ line: 3, text: '{"seq":3,"t":3,"type":"a"\u0000garbage' }],
    });
    expect(found.gaps).toEqual({ count: 1, missing: 1, examples: [{ from: 3, to: 3, line: 4 }] });
    expect(found.tornLastLine).toBeUndefined();
    expect(found.damaged).toBe(true);
  });

  it('calls an unparseable last line corrupt when the file goes on to a line break', async () => {
    const { found } = await check([line(1), line(2), 'not json'].join('\n') + '\n');
    expect(found.corrupt).toMatchObject({ count: 1, lines: [3] });
    expect(found.tornLastLine).toBeUndefined();
  });

  it('names gaps in seq without any corrupt line: missing lines, counted and located', async () => {
    const seqs = [1, 2, 3, 7, 8, 20, 21];
    const { found } = await check(seqs.map(line).join('\n') + '\n');
    expect(found.corrupt.count).toBe(0);
    expect(found.gaps).toEqual({
      count: 2,
      missing: 3 + 11,
      examples: [
        { from: 4, to: 6, line: 4 },
        { from: 9, to: 19, line: 6 },
      ],
    });
    expect(found.damaged).toBe(true);
  });

  it('names a journal whose head is gone, and lines out of sequence', async () => {
    const { found } = await check([5, 6, 6, 7, 3, 8].map(line).join('\n') + '\n');
    expect(found.gaps.examples[0]).toEqual({ from: 1, to: 4, line: 1 });
    expect(found.outOfOrder).toEqual({
      count: 2,
      examples: [
        { line: 3, seq: 6, after: 6 },
        { line: 5, seq: 3, after: 7 },
      ],
    });
  });

  it('counts every corrupt line but keeps only a few examples, across chunk boundaries', async () => {
    const lines: string[] = [];
    for (let seq = 1; seq <= 3_000; seq++)
      lines.push(seq % 500 === 0 ? `{"seq":${seq},"pad":"${'x'.repeat(100)}` : line(seq));
    const { seqs, found } = await check(lines.join('\n') + '\n' + line(3_001) + '\n');
    expect(seqs).toHaveLength(3_001 - 6);
    expect(found.corrupt.count).toBe(6);
    expect(found.corrupt.lines).toEqual([500, 1000, 1500, 2000, 2500, 3000]);
    expect(found.corrupt.examples).toHaveLength(5);
    expect(found.gaps).toMatchObject({ count: 6, missing: 6 });
    expect(found.lines).toBe(3_001);
  });
});
