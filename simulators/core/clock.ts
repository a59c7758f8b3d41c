import { TimerHeap, type HeapEntry } from './heap.js';

/**
 * Scenario time and wall time behind one interface (docs/architecture.md "clock").
 *
 * - **Scenario time** (`now()`, `at()`) is business time, compressed by `speed`: arrivals,
 *   lifecycles (a WMS order ships after 2 scenario hours), fault windows, webhook retry schedules.
 * - **Wall time** (`wallNow()`, `after()`, `delay()`) is what the target measures itself and stays
 *   unscaled: injected latency, `Retry-After`, limiter refill.
 *
 * The same class serves a real clock (driven by a real time source, see runtime/real-time.ts) and
 * a virtual clock that tests advance by hand. Nothing here reads ambient time.
 *
 *   scenario(w) = anchorScenario + speed × (w − anchorWall)   while running
 *   scenario(w) = anchorScenario                               while paused
 */
export interface Timer {
  cancel(): void;
}

/** Where wall time comes from, and how to be woken up at a wall instant. */
export interface TimeSource {
  readonly kind: 'real' | 'virtual';
  /** Monotonic milliseconds. */
  wallNow(): number;
  /**
   * The machine's epoch ms, for what a receiver checks against its own clock (webhook
   * timestamps). Absent on virtual sources, where scenario time stands in.
   */
  epochNow?(): number;
  /** Call `wake` at (or soon after) wall instant `atWall`; replaces any earlier request. */
  wakeAt(atWall: number, wake: () => void): void;
  /** Forget the pending wake-up. */
  cancelWake(): void;
}

export interface ClockOptions {
  /** Scenario time at start, epoch ms. */
  startMs: number;
  /** Scenario seconds per wall second; default 1. */
  speed?: number;
}

let clockSeq = 0;

export class Clock {
  private readonly scenarioTimers = new TimerHeap();
  private readonly wallTimers = new TimerHeap();
  private anchorWall: number;
  private anchorScenario: number;
  private timerSeq = 0;
  private _speed: number;
  private _paused = false;
  /** Distinguishes clocks in debug output. */
  readonly id = ++clockSeq;
  /**
   * The time the target lives in, which vendor durations it measures (Retry-After, a throttle
   * fault's refill) are stated in: the wall clock by default, scenario time when the runner
   * started it under libfaketime (docs/decisions/0011-target-clock.md).
   */
  targetTime: 'wall' | 'scenario' = 'wall';

  constructor(
    protected readonly source: TimeSource,
    options: ClockOptions,
  ) {
    this._speed = options.speed ?? 1;
    if (!(this._speed > 0))
      throw new Error(`[omnichaos:clock] speed must be > 0, got ${this._speed}`);
    this.anchorWall = source.wallNow();
    this.anchorScenario = options.startMs;
  }

  get kind(): 'real' | 'virtual' {
    return this.source.kind;
  }
  get speed(): number {
    return this._speed;
  }
  get paused(): boolean {
    return this._paused;
  }

  /** Scenario time, epoch ms. */
  now(): number {
    return this.scenarioAtWall(this.source.wallNow());
  }

  /** Epoch ms as the receiving machine sees it (real source), else scenario time. */
  epochNow(): number {
    return this.source.epochNow ? this.source.epochNow() : this.now();
  }

  /** Wall time, monotonic ms (unscaled). */
  wallNow(): number {
    return this.source.wallNow();
  }

  /** Now on the target's time axis, ms: `now()` for a target in scenario time, else `wallNow()`. */
  targetNow(): number {
    return this.targetTime === 'scenario' ? this.now() : this.wallNow();
  }

  /** A span of scenario time as the target measures it, ms. */
  scenarioToTarget(scenarioMs: number): number {
    return this.targetTime === 'scenario' ? scenarioMs : scenarioMs / this._speed;
  }

  /** A span of wall time as the target measures it, ms. */
  wallToTarget(wallMs: number): number {
    return this.targetTime === 'scenario' ? wallMs * this._speed : wallMs;
  }

  /** Run `fire` once scenario time reaches `scenarioMs` (at once, on the next turn, if it has). */
  at(scenarioMs: number, fire: () => void): Timer {
    return this.add(this.scenarioTimers, scenarioMs, fire);
  }

  /** Run `fire` after `scenarioMs` of scenario time. */
  afterScenario(scenarioMs: number, fire: () => void): Timer {
    return this.at(this.now() + scenarioMs, fire);
  }

  /** Run `fire` after `wallMs` of wall time, whatever the speed or pause state. */
  after(wallMs: number, fire: () => void): Timer {
    return this.add(this.wallTimers, this.source.wallNow() + Math.max(0, wallMs), fire);
  }

  /** Wait `wallMs` of wall time; rejects with the signal's reason when aborted. */
  delay(wallMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = this.after(wallMs, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = (): void => {
        timer.cancel();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Freeze scenario time; wall timers keep running. */
  pause(): void {
    if (this._paused) return;
    this.reanchor();
    this._paused = true;
    this.rearm();
  }

  resume(): void {
    if (!this._paused) return;
    this.anchorWall = this.source.wallNow();
    this._paused = false;
    this.rearm();
  }

  /** Change the compression from now on; scenario time stays continuous. */
  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new Error(`[omnichaos:clock] speed must be > 0, got ${speed}`);
    this.reanchor();
    this._speed = speed;
    this.rearm();
  }

  /** Drop every pending timer (used by reset and shutdown). */
  cancelAll(): void {
    this.scenarioTimers.clear();
    this.wallTimers.clear();
    this.source.cancelWake();
  }

  /** Number of live timers, for tests and the control plane. */
  pendingTimers(): number {
    return this.scenarioTimers.size + this.wallTimers.size;
  }

  /** The wall instant of the next due timer, if any. */
  protected nextDueWall(): number | undefined {
    const w = this.wallTimers.peek();
    const s = this._paused ? undefined : this.scenarioTimers.peek();
    const sWall = s === undefined ? undefined : this.wallAtScenario(s.dueAt);
    if (w === undefined) return sWall;
    if (sWall === undefined) return w.dueAt;
    return Math.min(w.dueAt, sWall);
  }

  /** Fire every timer due at the current wall instant, earliest first. */
  protected fireDue(): number {
    const wallNow = this.source.wallNow();
    let fired = 0;
    for (;;) {
      const next = this.takeDue(wallNow);
      if (!next) break;
      fired++;
      next.fire();
    }
    this.rearm();
    return fired;
  }

  private takeDue(wallNow: number): HeapEntry | undefined {
    const w = this.wallTimers.peek();
    const s = this._paused ? undefined : this.scenarioTimers.peek();
    const wDue = w !== undefined && w.dueAt <= wallNow;
    const sDue = s !== undefined && s.dueAt <= this.scenarioAtWall(wallNow);
    if (wDue && sDue) {
      // Both due: take the one that fell due first in wall terms.
      return this.wallAtScenario(s.dueAt) < w.dueAt
        ? this.scenarioTimers.pop()
        : this.wallTimers.pop();
    }
    if (wDue) return this.wallTimers.pop();
    if (sDue) return this.scenarioTimers.pop();
    return undefined;
  }

  private add(heap: TimerHeap, dueAt: number, fire: () => void): Timer {
    const entry: HeapEntry = { dueAt, seq: ++this.timerSeq, cancelled: false, fire };
    heap.push(entry);
    this.rearm();
    return { cancel: () => void (entry.cancelled = true) };
  }

  private scenarioAtWall(wall: number): number {
    if (this._paused) return this.anchorScenario;
    return this.anchorScenario + (wall - this.anchorWall) * this._speed;
  }

  private wallAtScenario(scenario: number): number {
    return this.anchorWall + (scenario - this.anchorScenario) / this._speed;
  }

  private reanchor(): void {
    const wall = this.source.wallNow();
    this.anchorScenario = this.scenarioAtWall(wall);
    this.anchorWall = wall;
  }

  protected rearm(): void {
    const due = this.nextDueWall();
    if (due === undefined) this.source.cancelWake();
    else this.source.wakeAt(due, () => this.fireDue());
  }
}

/** Wall time that only moves when a test says so. */
class ManualTimeSource implements TimeSource {
  readonly kind = 'virtual' as const;
  wall = 0;
  wallNow(): number {
    return this.wall;
  }
  wakeAt(): void {}
  cancelWake(): void {}
}

/** Lets pending promise chains and I/O callbacks run before the next timer fires. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A clock that moves only when told to. Tests advance it instead of sleeping.
 *
 * @example
 * const clock = new VirtualClock({ startMs: Date.UTC(2026, 10, 27), speed: 60 });
 * clock.afterScenario(60_000, () => console.log('one scenario minute'));
 * await clock.advance(1_000); // one wall second = one scenario minute at speed 60
 */
export class VirtualClock extends Clock {
  private readonly manual: ManualTimeSource;

  constructor(options: ClockOptions) {
    const source = new ManualTimeSource();
    super(source, options);
    this.manual = source;
  }

  /** Move wall time forward by `wallMs`, firing due timers in order and letting promises settle. */
  async advance(wallMs: number): Promise<void> {
    const target = this.manual.wall + Math.max(0, wallMs);
    await settle();
    for (;;) {
      const due = this.nextDueWall();
      if (due === undefined || due > target) break;
      this.manual.wall = Math.max(this.manual.wall, due);
      this.fireDue();
      await settle();
    }
    this.manual.wall = target;
    await settle();
  }

  /** Move scenario time forward by `scenarioMs` (converted with the current speed). */
  advanceScenario(scenarioMs: number): Promise<void> {
    return this.advance(scenarioMs / this.speed);
  }

  /** Advance until no timer is due within `maxWallMs`; returns the wall ms advanced. */
  async runAll(maxWallMs = 86_400_000): Promise<number> {
    const start = this.manual.wall;
    for (;;) {
      await settle(); // let in-flight promise chains schedule their timers first
      const due = this.nextDueWall();
      if (due === undefined || due - start > maxWallMs) break;
      await this.advance(Math.max(0, due - this.manual.wall));
    }
    return this.manual.wall - start;
  }
}
