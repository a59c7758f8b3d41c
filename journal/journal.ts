import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventInit, JournalEvent } from './events.js';

export type { JournalEvent } from './events.js';

/** The two clocks the journal stamps with (the simulators' Clock has both). */
export interface JournalClock {
  /** Scenario time, epoch ms. */
  now(): number;
  /** Wall time, ms. */
  wallNow(): number;
}

export interface JournalQuery {
  type?: string;
  sys?: string;
  /** Only events with seq greater than this. */
  afterSeq?: number;
  limit?: number;
}

export interface JournalOptions {
  clock: JournalClock;
  /** NDJSON file to append to; omit for an in-memory journal (tests, msw). */
  file?: string;
  /** How many recent events to keep in memory for queries; default 10,000. */
  keepInMemory?: number;
  /**
   * A file-backed journal also keeps no more than this many bytes of recent lines (default
   * 8 MiB), whichever limit is reached first: a run with large events (feeds, reports) keeps
   * fewer of them (docs/performance.md).
   */
  keepBytes?: number;
  flushIntervalMs?: number;
}

type Listener = (event: JournalEvent) => void;

const FLUSH_BYTES = 64 * 1024;

/** The sequence number of a journal line: `append` always writes `seq` first. */
const seqOfLine = (line: string): number => Number.parseInt(line.slice(7, 24), 10);

/**
 * The append-only record of a run (docs/journal.md). Every request/response (metadata), state
 * change, webhook attempt and applied fault becomes one NDJSON line. The oracle reads only this.
 *
 * Durability: lines are written with `writeSync` at most `flushIntervalMs` (wall) after they were
 * appended, or as soon as 64 KiB are pending, and always whole lines — so a run killed with
 * SIGKILL leaves a file that parses up to its last complete line.
 * Memory: only the last `keepInMemory` events stay in RAM (for the control plane's queries).
 */
export class Journal {
  private readonly clock: JournalClock;
  private readonly wallStart: number;
  /**
   * Recent events for queries. A file-backed journal keeps each event's line (the string it
   * writes anyway) rather than the object: one flat string per entry is far cheaper for the
   * garbage collector to carry than an object graph, and queries are rare (docs/decisions/0010).
   */
  private ring: (JournalEvent | string | undefined)[];
  private readonly keep: number;
  private readonly keepBytes: number;
  /** Index of the oldest entry still kept; entries before it are dropped (undefined). */
  private ringStart = 0;
  private ringBytes = 0;
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly flushIntervalMs: number;
  private readonly listeners = new Set<Listener>();
  private seq = 0;
  readonly file: string | undefined;

  constructor(options: JournalOptions) {
    this.clock = options.clock;
    this.wallStart = options.clock.wallNow();
    this.keep = options.keepInMemory ?? 10_000;
    this.keepBytes = options.keepBytes ?? 8 * 1024 * 1024;
    this.ring = [];
    this.flushIntervalMs = options.flushIntervalMs ?? 20;
    this.file = options.file;
    if (options.file) {
      mkdirSync(dirname(options.file), { recursive: true });
      this.fd = openSync(options.file, 'a');
    }
  }

  /** Number of events appended so far. */
  get count(): number {
    return this.seq;
  }

  /**
   * Record one event, stamped with sequence, scenario and wall time. Events are made with the
   * typed constructors of journal/events.ts, so a misspelt field does not compile.
   *
   * @example journal.append(ev.channelOrderVisible({ sys: 'marketplace', orderId: '113-…', lines, totalCents }))
   */
  append(init: EventInit): JournalEvent {
    const event = {
      seq: ++this.seq,
      t: Math.round(this.clock.now()),
      w: Math.round((this.clock.wallNow() - this.wallStart) * 1000) / 1000,
      ...init,
    } as JournalEvent;
    if (this.fd !== undefined) {
      const line = JSON.stringify(event) + '\n';
      this.remember(line);
      this.enqueue(line);
    } else this.remember(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Recent events (from memory) matching the query, oldest first. */
  query(q: JournalQuery = {}): JournalEvent[] {
    const out: JournalEvent[] = [];
    const limit = q.limit ?? 1000;
    for (let i = this.ringStart; i < this.ring.length && out.length < limit; i++) {
      const entry = this.ring[i]!;
      // Lines start with `{"seq":N,` — skip old ones before parsing them.
      if (q.afterSeq !== undefined && typeof entry === 'string' && seqOfLine(entry) <= q.afterSeq)
        continue;
      const e = typeof entry === 'string' ? (JSON.parse(entry) as JournalEvent) : entry;
      if (q.afterSeq !== undefined && e.seq <= q.afterSeq) continue;
      if (q.type !== undefined && e.type !== q.type) continue;
      if (q.sys !== undefined && e.sys !== q.sys) continue;
      out.push(e);
    }
    return out;
  }

  /** Be told of every new event (the dashboard's feed). Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Write everything pending to disk now. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.fd === undefined || this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    writeSync(this.fd, chunk);
  }

  /** Flush and close the file. Appends after close stay in memory only. */
  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Number of events (and bytes of lines) the ring holds now, for tests and the memory bench. */
  get kept(): { events: number; bytes: number } {
    return { events: this.ring.length - this.ringStart, bytes: this.ringBytes };
  }

  private remember(event: JournalEvent | string): void {
    this.ring.push(event);
    if (typeof event === 'string') this.ringBytes += event.length;
    while (
      this.ring.length - this.ringStart > this.keep ||
      (this.ringBytes > this.keepBytes && this.ring.length - this.ringStart > 1)
    ) {
      const old = this.ring[this.ringStart];
      if (typeof old === 'string') this.ringBytes -= old.length;
      this.ring[this.ringStart++] = undefined;
    }
    // Compact once the dropped head is as long as what is kept (amortised O(1) per event).
    if (this.ringStart > 1024 && this.ringStart * 2 > this.ring.length) {
      this.ring = this.ring.slice(this.ringStart);
      this.ringStart = 0;
    }
  }

  private enqueue(line: string): void {
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), this.flushIntervalMs);
      this.flushTimer.unref();
    }
  }
}
