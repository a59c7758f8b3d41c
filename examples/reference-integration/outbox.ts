import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrokenCircuitError } from 'cockatiel';
import { HttpFailure, isServerError } from './resilience.js';

/**
 * The durable outbox: every write to another system is a job here first, so a crash, an outage
 * or an open circuit delays work but never loses it. Jobs that can never succeed (a 4xx other
 * than "already done") go to the dead-letter queue, where `POST /replay` finds them again.
 * State (jobs, DLQ, poll cursors, done ids) lives in one JSON file, replaced atomically.
 */

export interface Job {
  /** Stable business id, e.g. `cashSale:<square order id>`; enqueuing it twice is a no-op. */
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  /** Wall ms before which the job is not tried again. */
  notBefore: number;
  lastError?: string;
}

interface Durable {
  cursors: Record<string, string>;
  done: string[];
  jobs: Job[];
  dlq: Job[];
}

export type Handler = (job: Job) => Promise<void>;

/** How a handler says "nothing to do: the other system already has this". */
export class AlreadyDone extends Error {}

export interface OutboxOptions {
  stateDir: string;
  /** Jobs in flight per kind: one slow system must not starve the others' work. */
  concurrency: number;
  /** `drop-on-5xx`: forget a job on a server error instead of keeping it. */
  dropOnServerError: boolean;
  /** `slow-retry-sweep`: a job of these kinds that failed three times waits `ms` for the sweep. */
  slowRetrySweep?: { ms: number; kinds: ReadonlySet<string> };
  log: (line: string) => void;
}

/** @example const box = new Outbox(opts); box.on('cashSale', post); box.enqueue('cashSale:1', 'cashSale', order) */
export class Outbox {
  private readonly file: string;
  private readonly state: Durable;
  private readonly done: Set<string>;
  private readonly handlers = new Map<string, Handler>();
  /** Job id → kind of the jobs in flight. */
  private readonly running = new Map<string, string>();
  private readonly perKind = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(private readonly options: OutboxOptions) {
    mkdirSync(options.stateDir, { recursive: true });
    this.file = join(options.stateDir, 'state.json');
    this.state = load(this.file);
    this.done = new Set(this.state.done);
  }

  on(kind: string, handler: Handler): void {
    this.handlers.set(kind, handler);
  }

  cursor(name: string): string | undefined {
    return this.state.cursors[name];
  }

  setCursor(name: string, value: string): void {
    this.state.cursors[name] = value;
    this.save();
  }

  /** The job with this id has been done. */
  isDone(id: string): boolean {
    return this.done.has(id);
  }

  isKnown(id: string): boolean {
    return this.done.has(id) || this.state.jobs.some((j) => j.id === id) || this.inDlq(id);
  }

  /** Queue a job once per id; `notBefore` (wall ms) holds it back until then. */
  enqueue(id: string, kind: string, payload: unknown, notBefore = 0): boolean {
    if (this.isKnown(id)) return false;
    this.state.jobs.push({ id, kind, payload, attempts: 0, notBefore });
    this.save();
    this.pump();
    return true;
  }

  /** Dead letters back into the queue; returns how many. */
  replay(): number {
    const n = this.state.dlq.length;
    for (const job of this.state.dlq.splice(0)) this.state.jobs.push({ ...job, notBefore: 0 });
    this.save();
    this.pump();
    return n;
  }

  /** Jobs of this kind not done yet (queued, parked or in flight). */
  pending(kind: string): number {
    return this.state.jobs.filter((j) => j.kind === kind).length;
  }

  stats() {
    return {
      pending: this.state.jobs.length,
      running: this.running.size,
      dlq: this.state.dlq.length,
      done: this.done.size,
      dead: this.state.dlq.map((j) => ({ id: j.id, error: j.lastError })),
    };
  }

  start(): void {
    this.timer = setInterval(() => this.pump(), 100);
    this.pump();
  }

  stop(): void {
    clearInterval(this.timer);
    this.flush();
  }

  private inDlq(id: string): boolean {
    return this.state.dlq.some((j) => j.id === id);
  }

  private pump(): void {
    const now = Date.now();
    for (const job of this.state.jobs) {
      if (job.notBefore > now || this.running.has(job.id)) continue;
      const busy = this.perKind.get(job.kind) ?? 0;
      if (busy >= this.options.concurrency) continue;
      this.running.set(job.id, job.kind);
      this.perKind.set(job.kind, busy + 1);
      void this.attempt(job).finally(() => {
        this.running.delete(job.id);
        this.perKind.set(job.kind, (this.perKind.get(job.kind) ?? 1) - 1);
        this.pump();
      });
    }
  }

  private async attempt(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind);
    job.attempts++;
    try {
      if (!handler) throw new HttpFailure(400, `no handler for ${job.kind}`);
      await handler(job);
      this.finish(job);
    } catch (err) {
      if (err instanceof AlreadyDone) return this.finish(job);
      const message = err instanceof Error ? err.message : String(err);
      job.lastError = message;
      if (this.options.dropOnServerError && isServerError(err)) {
        this.options.log(`dropped ${job.id} after a server error: ${message}`);
        this.remove(job);
      } else if (permanent(err)) {
        this.options.log(`dead-lettered ${job.id}: ${message}`);
        this.remove(job);
        this.state.dlq.push(job);
      } else {
        // Outage, open circuit, throttling that outlasted the retries: park and come back.
        // The system's gate and breaker already pace the calls; a short park keeps the backlog
        // moving as soon as the system is back.
        const wait = err instanceof BrokenCircuitError ? 500 : 250 * 2 ** Math.min(job.attempts, 3);
        // `slow-retry-sweep`: after three attempts that met a down system (5xx, no answer, open
        // circuit) a job waits for the sweep that retries failed work, so an outage's backlog
        // clears long after the system is back (throttling keeps the short park)
        const sweep = this.options.slowRetrySweep;
        const down = isServerError(err) || err instanceof BrokenCircuitError;
        const swept = sweep?.kinds.has(job.kind) && down && job.attempts >= 3;
        job.notBefore = Date.now() + (swept ? sweep!.ms : wait);
      }
      this.save();
    }
  }

  private finish(job: Job): void {
    this.remove(job);
    this.done.add(job.id);
    this.state.done.push(job.id);
    this.save();
  }

  private remove(job: Job): void {
    const i = this.state.jobs.indexOf(job);
    if (i >= 0) this.state.jobs.splice(i, 1);
  }

  /** Coalesce writes: at most one file replace per 50 ms. */
  private save(): void {
    if (this.dirty) return;
    this.dirty = true;
    setTimeout(() => this.flush(), 50).unref();
  }

  private flush(): void {
    this.dirty = false;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.file);
  }
}

/** A client error that retrying cannot fix (429 and 408 are not that). */
function permanent(err: unknown): boolean {
  return (
    err instanceof HttpFailure &&
    err.status !== undefined &&
    err.status >= 400 &&
    err.status < 500 &&
    err.status !== 429 &&
    err.status !== 408
  );
}

function load(file: string): Durable {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Durable;
  } catch {
    return { cursors: {}, done: [], jobs: [], dlq: [] };
  }
}
