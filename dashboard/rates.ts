/**
 * A sliding count over the last `windowMs` of wall time, in one-second buckets — what a tile's
 * "requests/s" and "error rate" read. Wall time, not scenario time: request rates are what the
 * target experiences, and they do not speed up with the scenario clock (docs/architecture.md).
 *
 * @example
 * const w = new SlidingCount(10_000);
 * w.add(clock.wallNow());
 * w.total(clock.wallNow()) // 1
 */
export class SlidingCount {
  private readonly buckets: number[];
  /** Which second each bucket currently holds. */
  private readonly seconds: number[];

  constructor(readonly windowMs = 10_000) {
    const n = Math.max(1, Math.ceil(windowMs / 1000));
    this.buckets = new Array<number>(n).fill(0);
    this.seconds = new Array<number>(n).fill(-1);
  }

  add(nowWallMs: number, n = 1): void {
    const second = Math.floor(nowWallMs / 1000);
    const i = second % this.buckets.length;
    if (this.seconds[i] !== second) {
      this.seconds[i] = second;
      this.buckets[i] = 0;
    }
    this.buckets[i]! += n;
  }

  /** Events in the window that ends now. */
  total(nowWallMs: number): number {
    const oldest = Math.floor(nowWallMs / 1000) - this.buckets.length + 1;
    let sum = 0;
    for (let i = 0; i < this.buckets.length; i++)
      if (this.seconds[i]! >= oldest) sum += this.buckets[i]!;
    return sum;
  }

  /** Events per second over the window. */
  perSecond(nowWallMs: number): number {
    return this.total(nowWallMs) / (this.buckets.length || 1);
  }
}
