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
import { VirtualClock } from './clock.js';
import { Journal } from './journal.js';
import { indexJournal, readJournal, readJournalBatches } from './journal-reader.js';

const START = Date.UTC(2026, 10, 27);
const tmp = () => mkdtempSync(join(tmpdir(), 'omnichaos-journal-'));

describe('Journal', () => {
  it('stamps events with sequence, scenario time and wall time', async () => {
    const clock = new VirtualClock({ startMs: START, speed: 60 });
    const journal = new Journal({ clock });
    journal.append('order:created', { sys: 'marketplace', orderId: 'A' });
    await clock.advance(1_000);
    const e = journal.append('order:shipped', { sys: 'wms', orderId: 'A' });
    expect(e).toMatchObject({ seq: 2, t: START + 60_000, w: 1_000, type: 'order:shipped' });
  });

  it('keeps only the last N events in memory and filters queries', () => {
    const clock = new VirtualClock({ startMs: START });
    const journal = new Journal({ clock, keepInMemory: 3 });
    for (let i = 0; i < 5; i++) journal.append(i % 2 ? 'b' : 'a', { sys: 'erp', i });
    expect(journal.query().map((e) => e.i)).toEqual([2, 3, 4]);
    expect(journal.query({ type: 'a' }).map((e) => e.i)).toEqual([2, 4]);
    expect(journal.query({ afterSeq: 4 }).map((e) => e.seq)).toEqual([5]);
    expect(journal.count).toBe(5);
  });

  it('answers the same queries when it keeps lines for a file (the ring holds strings then)', () => {
    const clock = new VirtualClock({ startMs: START });
    const file = join(tmp(), 'ring.ndjson');
    const onDisk = new Journal({ clock, file, keepInMemory: 3 });
    const inMemory = new Journal({ clock, keepInMemory: 3 });
    for (const j of [onDisk, inMemory])
      for (let i = 0; i < 12; i++) j.append(i % 2 ? 'b' : 'a', { sys: i % 3 ? 'erp' : 'pos', i });
    const queries = [{}, { type: 'a' }, { sys: 'pos' }, { afterSeq: 10 }, { afterSeq: 99 }];
    for (const q of queries) expect(onDisk.query(q)).toEqual(inMemory.query(q));
    expect(onDisk.query({ afterSeq: 10 }).map((e) => e.seq)).toEqual([11, 12]);
    onDisk.close();
  });

  it('writes whole NDJSON lines that read back in order', async () => {
    const file = join(tmp(), 'journal.ndjson');
    const clock = new VirtualClock({ startMs: START });
    const journal = new Journal({ clock, file });
    for (let i = 0; i < 2_000; i++)
      journal.append('http:exchange', { sys: 'pos', key: `k${i % 10}` });
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
    journal.append('run:started', { sys: 'runner' });
    for (let i = 0; i < 10; i++)
      journal.append('http:exchange', { sys: i < 4 ? 'erp' : 'wms', key: `op:${i % 3}` });
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
    journal.append('a');
    off();
    journal.append('b');
    expect(seen).toEqual(['a']);
  });
});
