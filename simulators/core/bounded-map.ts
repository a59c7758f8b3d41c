/**
 * A map that forgets: entries older than `ttlMs` (by the `at` each value carries, in whatever
 * time `now()` returns — scenario ms for the simulators) and, past `maxEntries`, the least
 * recently stored ones. Used for the state that would otherwise grow with every request:
 * idempotency keys (kept as long as each vendor keeps them, docs/performance.md) and the
 * per-key attempt counts the chaos engine reads.
 *
 * Entries are kept in the order they were last stored (a Map's insertion order; `set` on an
 * existing key moves it to the end), so the oldest is always first and pruning stops at the
 * first entry still young enough. Each `set` prunes what it finds expired at the front; `get`
 * treats an expired entry as absent. Time must not run backwards between calls (scenario clocks
 * don't).
 *
 * @example
 * const keys = new BoundedMap<{ at: number; id: string }>({ ttlMs: 86_400_000, maxEntries: 1e5, now: () => clock.now() });
 * keys.set('k1', { at: clock.now(), id: 'o1' });
 */
export interface BoundedMapOptions {
  /** How long an entry lives after it was stored (same unit as `now()`). */
  ttlMs: number;
  /** Past this many entries the least recently stored are dropped. */
  maxEntries: number;
  now: () => number;
}

export class BoundedMap<V extends { at: number }> {
  private readonly map = new Map<string, V>();
  /** Entries dropped so far (expired or over the cap), for the memory bench. */
  dropped = 0;

  constructor(readonly options: BoundedMapOptions) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    if (v.at <= this.options.now() - this.options.ttlMs) {
      this.map.delete(key);
      this.dropped++;
      return undefined;
    }
    return v;
  }

  /** Store (or refresh: the entry moves to the young end) and prune the old end. */
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    this.prune();
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  private prune(): void {
    const oldest = this.options.now() - this.options.ttlMs;
    for (const [key, v] of this.map) {
      if (this.map.size <= this.options.maxEntries && v.at > oldest) return;
      this.map.delete(key);
      this.dropped++;
    }
  }
}
