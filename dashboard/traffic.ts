import type { JournalEvent } from '../journal/journal.js';
import { SlidingCount } from './rates.js';

/**
 * What the tiles and the timeline count, folded from the journal as it is written: per system,
 * requests, failures (no usable answer) and 429s over a recent wall-time window and in total;
 * and, for the timeline, what happened since the last sample.
 */
export interface SystemCounts {
  requests: SlidingCount;
  failures: SlidingCount;
  throttled: SlidingCount;
  totals: { requests: number; failures: number; throttled: number };
}

/** Counts since the previous timeline sample. */
export interface Interval {
  demand: number;
  requests: number;
  failures: number;
  throttled: number;
}

/** The recent window the tiles and the health decision read. */
export const RECENT_MS = 10_000;

/**
 * No usable answer: a 5xx, or a socket outcome (reset, refused, hung, truncated).
 *
 * @example failed({ ...event, status: 503, outcome: 'respond' }) // true
 */
export function failed(e: JournalEvent): boolean {
  const status = typeof e.status === 'number' ? e.status : undefined;
  return (
    status === undefined || status >= 500 || (e.outcome !== undefined && e.outcome !== 'respond')
  );
}

/**
 * @example
 * const traffic = new LiveTraffic(() => clock.wallNow());
 * journal.subscribe((e) => traffic.add(e));
 * traffic.system('erp').requests.perSecond(clock.wallNow())
 */
export class LiveTraffic {
  private readonly systems = new Map<string, SystemCounts>();
  private interval: Interval = { demand: 0, requests: 0, failures: 0, throttled: 0 };

  constructor(private readonly wallNow: () => number) {}

  add(e: JournalEvent): void {
    if (e.type === 'demand:arrival') this.interval.demand++;
    if (e.type !== 'http:exchange') return;
    const now = this.wallNow();
    const s = this.system(String(e.sys ?? '?'));
    s.requests.add(now);
    s.totals.requests++;
    this.interval.requests++;
    if (failed(e)) {
      s.failures.add(now);
      s.totals.failures++;
      this.interval.failures++;
    } else if (e.status === 429) {
      s.throttled.add(now);
      s.totals.throttled++;
      this.interval.throttled++;
    }
  }

  system(name: string): SystemCounts {
    let s = this.systems.get(name);
    if (!s)
      this.systems.set(
        name,
        (s = {
          requests: new SlidingCount(RECENT_MS),
          failures: new SlidingCount(RECENT_MS),
          throttled: new SlidingCount(RECENT_MS),
          totals: { requests: 0, failures: 0, throttled: 0 },
        }),
      );
    return s;
  }

  /** The counts since the last call, and start a new interval. */
  takeInterval(): Interval {
    const out = this.interval;
    this.interval = { demand: 0, requests: 0, failures: 0, throttled: 0 };
    return out;
  }
}
