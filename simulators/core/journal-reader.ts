import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { JournalEvent } from './journal.js';

/**
 * Reads a journal file back in bounded memory. A torn last line (a run killed in the middle of a
 * write) is reported, not thrown.
 *
 * Lines are split by hand from 64 KiB chunks and handed out a chunk at a time: the oracle folds
 * millions of events, and one `await` per line (readline's async iterator, then one generator
 * step per event) cost as much as parsing them. A line break is `\n` or `\r\n`, as NDJSON has it
 * (readline also broke lines at a lone `\r`; the journal escapes every `\r` it writes).
 *
 * The next chunk is read while the current one is parsed (one read always in flight), so the
 * disk and the parser overlap instead of taking turns. Chunks stay at 64 KiB on purpose: a
 * chunk's text lives only while it is parsed, and strings past ~128 KiB are allocated straight
 * into the old generation — 1 MiB chunks made splitting the file several times slower.
 */

/** A line that did not parse: 1-based line number and its first 200 characters. */
export type JournalProblem = { line: number; text: string };

const CHUNK_BYTES = 1 << 16;

/**
 * The events of a journal, one array per chunk read (a few thousand at a time), in file order.
 *
 * @example for await (const batch of readJournalBatches(file)) for (const e of batch) model.add(e)
 */
export async function* readJournalBatches(
  file: string,
  onProblem?: (problem: JournalProblem) => void,
): AsyncGenerator<JournalEvent[]> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let n = 0;
  const parseInto = (out: JournalEvent[], text: string) => {
    n++;
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1); // \r\n
    if (text.length === 0) return;
    try {
      out.push(JSON.parse(text) as JournalEvent);
    } catch {
      onProblem?.({ line: n, text: text.slice(0, 200) });
    }
  };
  const handle = await open(file, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let reading = handle.read(buffer, 0, CHUNK_BYTES, null);
  try {
    for (;;) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) break;
      // Decoding copies the bytes out, so the buffer can take the next chunk right away.
      const text = carry + decoder.write(buffer.subarray(0, bytesRead));
      reading = handle.read(buffer, 0, CHUNK_BYTES, null);
      const out: JournalEvent[] = [];
      let from = 0;
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', from)) {
        parseInto(out, text.slice(from, at));
        from = at + 1;
      }
      carry = text.slice(from);
      if (out.length > 0) yield out;
    }
  } finally {
    // A reader left early (or a failed read) still has a read in flight: let it settle first.
    await reading.catch(() => undefined);
    await handle.close();
  }
  const last: JournalEvent[] = [];
  parseInto(last, carry + decoder.end());
  if (last.length > 0) yield last;
}

/**
 * The events of a journal one by one (see `readJournalBatches` for bulk reading).
 *
 * @example for await (const e of readJournal('runs/x/journal.ndjson')) count[e.type]++
 */
export async function* readJournal(
  file: string,
  onProblem?: (problem: JournalProblem) => void,
): AsyncGenerator<JournalEvent> {
  for await (const batch of readJournalBatches(file, onProblem)) yield* batch;
}

/** What `indexJournal` rebuilds from a file. */
export interface JournalIndex {
  events: number;
  firstT: number | undefined;
  lastT: number | undefined;
  lastSeq: number;
  byType: Map<string, number>;
  bySys: Map<string, number>;
  /** Sequence numbers of events per `key` field (a logical operation), for evidence lookups. */
  byKey: Map<string, number[]>;
  /** Lines that did not parse (a torn tail after a kill). */
  unreadable: JournalProblem[];
  /** True when the journal has a `run:finished` event. */
  complete: boolean;
}

/**
 * Rebuild counts and key indexes by streaming the file once.
 *
 * @example const idx = await indexJournal(file); idx.byType.get('http:exchange')
 */
export async function indexJournal(file: string): Promise<JournalIndex> {
  const index: JournalIndex = {
    events: 0,
    firstT: undefined,
    lastT: undefined,
    lastSeq: 0,
    byType: new Map(),
    bySys: new Map(),
    byKey: new Map(),
    unreadable: [],
    complete: false,
  };
  const onProblem = (p: JournalProblem) => index.unreadable.push(p);
  for await (const batch of readJournalBatches(file, onProblem))
    for (const e of batch) indexOne(index, e);
  return index;
}

function indexOne(index: JournalIndex, e: JournalEvent): void {
  index.events++;
  index.firstT ??= e.t;
  index.lastT = e.t;
  index.lastSeq = e.seq;
  index.byType.set(e.type, (index.byType.get(e.type) ?? 0) + 1);
  if (e.sys) index.bySys.set(e.sys, (index.bySys.get(e.sys) ?? 0) + 1);
  if (typeof e.key === 'string') {
    const list = index.byKey.get(e.key) ?? [];
    list.push(e.seq);
    index.byKey.set(e.key, list);
  }
  if (e.type === 'run:finished') index.complete = true;
}
