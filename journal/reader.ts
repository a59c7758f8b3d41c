import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { JournalEvent } from './events.js';

/**
 * Reads a journal file back in bounded memory. A torn last line (a run killed in the middle of a
 * write) is reported, not thrown; a `JournalIntegrity` passed along also names corrupt lines in
 * the middle and gaps in the sequence numbers (docs/journal.md).
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

/** Missing sequence numbers between two events (or before the first): `from`–`to` inclusive. */
export type JournalGap = { from: number; to: number; line: number };

/** How many examples of each kind of damage a summary keeps. */
const EXAMPLES = 5;

/** What `JournalIntegrity` found, as plain data for reports. */
export interface IntegritySummary {
  /** Lines read, blank ones included. */
  lines: number;
  /** Unparseable lines with more lines after them: damage, not a kill. */
  corrupt: { count: number; lines: number[]; examples: JournalProblem[] };
  /** The last line did not parse and has no line break: a write cut off by a kill. */
  tornLastLine: JournalProblem | undefined;
  /** Sequence numbers that never appear: `missing` in all, over `count` gaps. */
  gaps: { count: number; missing: number; examples: JournalGap[] };
  /** Events whose `seq` is not above the one before (duplicated or reordered lines). */
  outOfOrder: { count: number; examples: { line: number; seq: number; after: number }[] };
  /** True when events are missing or damaged in the middle (a torn last line alone is not). */
  damaged: boolean;
}

/**
 * Checks a journal as it is read: every line carries `seq` (1, 2, 3, … in append order), so a
 * gap in the numbers names events that are missing, and an unparseable line is corrupt unless it
 * is the very last one and unterminated (a torn write after a kill, which the journal's
 * whole-line writes make the only expected damage).
 *
 * @example const integrity = new JournalIntegrity(); for await (const b of readJournalBatches(file, undefined, integrity)) …; integrity.summary()
 */
export class JournalIntegrity {
  private lines = 0;
  private lastSeq = 0;
  private corruptCount = 0;
  private readonly corruptLines: number[] = [];
  private readonly corruptExamples: JournalProblem[] = [];
  /** The latest unparseable line: corrupt if anything follows it, else decided at the end. */
  private pending: JournalProblem | undefined;
  private torn: JournalProblem | undefined;
  private gapCount = 0;
  private missing = 0;
  private readonly gapExamples: JournalGap[] = [];
  private disorder = 0;
  private readonly disorderExamples: { line: number; seq: number; after: number }[] = [];

  /** A line was read (any line, blank ones included). */
  line(n: number): void {
    this.lines = n;
    if (this.pending && this.pending.line < n) this.settleCorrupt();
  }

  /** A line that parsed to an event. */
  event(seq: unknown, line: number): void {
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
      this.unparseable({ line, text: `(no seq) line ${line}` });
      return;
    }
    if (seq > this.lastSeq + 1) {
      this.gapCount++;
      this.missing += seq - this.lastSeq - 1;
      if (this.gapExamples.length < EXAMPLES)
        this.gapExamples.push({ from: this.lastSeq + 1, to: seq - 1, line });
    } else if (seq <= this.lastSeq) {
      this.disorder++;
      if (this.disorderExamples.length < EXAMPLES)
        this.disorderExamples.push({ line, seq, after: this.lastSeq });
      return;
    }
    this.lastSeq = seq;
  }

  /** A line that did not parse. */
  unparseable(problem: JournalProblem): void {
    if (this.pending) this.settleCorrupt();
    this.pending = problem;
  }

  /** The file ended; `terminated`: its last byte was a line break. */
  end(terminated: boolean): void {
    if (!this.pending) return;
    if (!terminated && this.pending.line === this.lines) {
      this.torn = this.pending;
      this.pending = undefined;
    } else this.settleCorrupt();
  }

  summary(): IntegritySummary {
    return {
      lines: this.lines,
      corrupt: {
        count: this.corruptCount,
        lines: [...this.corruptLines],
        examples: [...this.corruptExamples],
      },
      tornLastLine: this.torn,
      gaps: { count: this.gapCount, missing: this.missing, examples: [...this.gapExamples] },
      outOfOrder: { count: this.disorder, examples: [...this.disorderExamples] },
      damaged: this.corruptCount > 0 || this.gapCount > 0 || this.disorder > 0,
    };
  }

  private settleCorrupt(): void {
    const p = this.pending!;
    this.pending = undefined;
    this.corruptCount++;
    // Line numbers of the first hundred, the text of the first few: enough to find them.
    if (this.corruptLines.length < 100) this.corruptLines.push(p.line);
    if (this.corruptExamples.length < EXAMPLES) this.corruptExamples.push(p);
  }
}

const CHUNK_BYTES = 1 << 16;

/**
 * The events of a journal, one array per chunk read (a few thousand at a time), in file order.
 *
 * @example for await (const batch of readJournalBatches(file)) for (const e of batch) model.add(e)
 */
export async function* readJournalBatches(
  file: string,
  onProblem?: (problem: JournalProblem) => void,
  integrity?: JournalIntegrity,
): AsyncGenerator<JournalEvent[]> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let n = 0;
  const parseInto = (out: JournalEvent[], text: string) => {
    n++;
    integrity?.line(n);
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1); // \r\n
    if (text.length === 0) return;
    let e: JournalEvent;
    try {
      e = JSON.parse(text) as JournalEvent;
    } catch {
      const problem = { line: n, text: text.slice(0, 200) };
      onProblem?.(problem);
      integrity?.unparseable(problem);
      return;
    }
    integrity?.event(e.seq, n);
    out.push(e);
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
  const tail = carry + decoder.end();
  // A file that ends in a line break has nothing left over: its last line was parsed above.
  if (tail.length > 0) parseInto(last, tail);
  integrity?.end(tail.length === 0);
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
  integrity?: JournalIntegrity,
): AsyncGenerator<JournalEvent> {
  for await (const batch of readJournalBatches(file, onProblem, integrity)) yield* batch;
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
