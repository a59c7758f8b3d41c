import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { JournalEvent } from './journal.js';

/**
 * Reads a journal file back, line by line, in bounded memory. A torn last line (a run killed in
 * the middle of a write) is reported, not thrown.
 *
 * @example for await (const e of readJournal('runs/x/journal.ndjson')) count[e.type]++
 */
export async function* readJournal(
  file: string,
  onProblem?: (problem: { line: number; text: string }) => void,
): AsyncGenerator<JournalEvent> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.length === 0) continue;
    try {
      yield JSON.parse(text) as JournalEvent;
    } catch {
      onProblem?.({ line: n, text: text.slice(0, 200) });
    }
  }
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
  unreadable: { line: number; text: string }[];
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
  for await (const e of readJournal(file, (p) => index.unreadable.push(p))) {
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
  return index;
}
