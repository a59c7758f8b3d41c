import type { JournalEvent } from '../journal/journal.js';

/**
 * The target's behaviour as a client (docs/architecture.md), folded from `http:exchange` events as they
 * stream by — nothing per request is kept, only per logical operation and per system.
 *
 * A Retry-After counts seconds of the target's time (docs/decisions/0011-target-clock.md), so
 * compliance is judged on that axis: the journal's wall stamps `w` for a target on the wall clock,
 * its scenario stamps `t` for a target in scenario time. An exchange's stamps are taken when it
 * ended; it started `ms` wall milliseconds — `ms × speed` scenario ones — earlier.
 */

/**
 * Slack for Retry-After, ms of the target's time: clock granularity; for a target in scenario
 * time also 2 wall ms per unit of speed, how far its clock can be from the simulators'.
 */
export const RETRY_AFTER_SLACK_MS = 50;
const SLACK_WALL_MS_PER_SPEED = 2;

export interface SystemTraffic {
  requests: number;
  throttled: number;
  serverErrors: number;
  /** Connection-level failures: reset, refused, hung, truncated. */
  broken: number;
  /** Writes (not reads sent as POST) the system accepted (2xx). */
  writesAccepted: number;
}

interface PendingWait {
  /** When a retry is in time, on the target's axis (wall `w` or scenario `t`). */
  due: number;
  exchangeId: string;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export class TrafficStats {
  readonly systems = new Map<string, SystemTraffic>();
  /** `sys op` → logical key → requests. */
  readonly attempts = new Map<string, Map<string, number>>();
  /**
   * `sys op` → requests (the sum of its `attempts`): judging needs the sum of every operation
   * but the keys of one, and a model read back from its file then parses only that one.
   */
  readonly attemptTotals = new Map<string, number>();
  /**
   * `sys op` → logical writes: a request starts a new one unless the previous request with the
   * same key failed (no answer, 429, 5xx) — then it is a retry of that write. Writing the same
   * object again after a success (a listing quantity patched twice) is a new write, not a retry.
   */
  readonly logicalWrites = new Map<string, number>();
  /** `sys op` → logical keys whose last request failed (a next request is a retry). */
  private readonly failedKeys = new Map<string, Set<string>>();
  retriesAfterWait = 0;
  retriesTooEarly = 0;
  readonly earlyRetryIds: string[] = [];
  readonly unsafe = new Map<string, string>();
  /** Writes sent again for the same object after a failed or unknown outcome (safe or not). */
  retriedWrites = 0;
  private readonly waits = new Map<string, PendingWait>();
  /** The run's clock speed (from `run:started`; 1 when the journal does not say). */
  speed = 1;
  /** The target's time (`target:started`): which stamps Retry-After is judged on. */
  targetTime: 'wall' | 'scenario' = 'wall';
  /**
   * `sys op` → ref → idempotency identity of writes whose last attempt failed. Only failures are
   * kept: after a success there is nothing to judge the next write against, and most writes
   * succeed (memory stays with the failures, not with every object ever written).
   */
  private readonly failedWrites = new Map<string, Map<string, string | undefined>>();
  /** sys → paths of one-shot writes that succeeded. */
  private readonly oneShotDone = new Map<string, Set<string>>();
  /** One-shot writes sent again after they had succeeded: `sys path`. */
  readonly repeatedOneShots: string[] = [];
  private readonly repeatedOneShotSet = new Set<string>();
  /** sys → op → `sys op` (the operation names, made once rather than per request). */
  private readonly opNames = new Map<string, Map<string, string>>();

  add(e: JournalEvent): void {
    const sys = String(e.sys ?? '?');
    const status = typeof e.status === 'number' ? e.status : undefined;
    const s = this.systemOf(sys);
    s.requests++;
    // a 429, or a refusal for a rate limit that the dialect marked on a 200 (Shopify's THROTTLED)
    if (status === 429 || e.throttled === true) s.throttled++;
    else if (status !== undefined && status >= 500) s.serverErrors++;
    if (e.outcome !== undefined && e.outcome !== 'respond') s.broken++;

    const key = typeof e.key === 'string' ? e.key : undefined;
    if (key !== undefined) this.judgeWait(sys, key, e);
    // Amplification is about business writes: a poll — even a search sent with a write method,
    // which the dialect marks `read` — that reads again is not a retry.
    // The chaos engine's logical key (operation + business identity, read from the request) is
    // the write's identity: it is there even when a fault cut the request off before the dialect
    // could annotate it.
    if (!WRITE_METHODS.has(String(e.method))) return;
    if (e.read !== true && status !== undefined && status >= 200 && status < 300)
      s.writesAccepted++;
    const op = this.opName(sys, e.op);
    const writeId = e.read === true ? undefined : (str(e.key) ?? str(e.writeKey) ?? str(e.ref));
    if (writeId !== undefined) this.countAttempt(op, writeId, failedOutcome(status));
    this.judgeWrite(op, e, status);
    if (e.oneShot === true) this.judgeOneShot(sys, e, status);
  }

  /** `sys op`, the name writes are counted under. */
  private opName(sys: string, op: unknown): string {
    const name = String(op ?? '?');
    let bySys = this.opNames.get(sys);
    if (!bySys) this.opNames.set(sys, (bySys = new Map()));
    let full = bySys.get(name);
    if (full === undefined) bySys.set(name, (full = `${sys} ${name}`));
    return full;
  }

  /** A write the dialect marks `oneShot` (once per object): was it sent again after it succeeded? */
  private judgeOneShot(sys: string, e: JournalEvent, status: number | undefined): void {
    const path = String(e.path ?? '');
    let done = this.oneShotDone.get(sys);
    if (!done) this.oneShotDone.set(sys, (done = new Set()));
    if (done.has(path)) {
      const id = `${sys} ${path}`;
      if (!this.repeatedOneShotSet.has(id)) {
        this.repeatedOneShotSet.add(id);
        this.repeatedOneShots.push(id);
      }
    } else if (status !== undefined && status >= 200 && status < 300) done.add(path);
  }

  private systemOf(sys: string): SystemTraffic {
    let s = this.systems.get(sys);
    if (!s)
      this.systems.set(
        sys,
        (s = { requests: 0, throttled: 0, serverErrors: 0, broken: 0, writesAccepted: 0 }),
      );
    return s;
  }

  private countAttempt(op: string, key: string, failed: boolean): void {
    let keys = this.attempts.get(op);
    if (!keys) this.attempts.set(op, (keys = new Map()));
    keys.set(key, (keys.get(key) ?? 0) + 1);
    this.attemptTotals.set(op, (this.attemptTotals.get(op) ?? 0) + 1);
    let failedKeys = this.failedKeys.get(op);
    if (failedKeys?.has(key) !== true)
      this.logicalWrites.set(op, (this.logicalWrites.get(op) ?? 0) + 1);
    if (failed) {
      if (!failedKeys) this.failedKeys.set(op, (failedKeys = new Set()));
      failedKeys.add(key);
    } else failedKeys?.delete(key);
  }

  /** A retry of a request that was told to wait: did it? Then remember this answer's own wait. */
  private judgeWait(sys: string, key: string, e: JournalEvent): void {
    // Most requests were never told to wait: skip building the id when nobody waits.
    const pending = this.waits.size === 0 ? undefined : this.waits.get(`${sys} ${key}`);
    if (pending) {
      const id = `${sys} ${key}`;
      const took = typeof e.ms === 'number' ? e.ms : 0;
      const scenario = this.targetTime === 'scenario';
      const started = scenario ? e.t - took * this.speed : e.w - took;
      const slack = RETRY_AFTER_SLACK_MS + (scenario ? SLACK_WALL_MS_PER_SPEED * this.speed : 0);
      this.waits.delete(id);
      if (started + slack >= pending.due) this.retriesAfterWait++;
      else {
        this.retriesTooEarly++;
        if (this.earlyRetryIds.length < 10) this.earlyRetryIds.push(String(e.id ?? e.seq));
      }
    }
    const retryAfter = typeof e.retryAfter === 'number' ? e.retryAfter : undefined;
    if (retryAfter !== undefined && retryAfter > 0 && (e.status === 429 || e.status === 503))
      this.waits.set(`${sys} ${key}`, {
        due: (this.targetTime === 'scenario' ? e.t : e.w) + retryAfter * 1000,
        exchangeId: String(e.id ?? e.seq),
      });
  }

  /**
   * An unsafe retry: a write for the same business object (sys, operation, `ref`) sent again
   * after a failed or unknown outcome, under a different idempotency identity (`writeKey`) — so the
   * server cannot tell it from a new object (docs/architecture.md). A write with no idempotency identity at
   * all is unsafe to retry by definition.
   */
  private judgeWrite(op: string, e: JournalEvent, status: number | undefined): void {
    const failed = failedOutcome(status);
    let failures = this.failedWrites.get(op);
    // Nothing failed before and nothing fails now: nothing to judge, nothing to remember.
    if (!failed && (failures === undefined || failures.size === 0)) return;
    const ref = str(e.ref);
    if (ref === undefined) return;
    const writeKey = str(e.writeKey);
    if (failures?.has(ref)) {
      this.retriedWrites++;
      const prior = failures.get(ref);
      const id = `${op} ${ref}`;
      if ((writeKey === undefined || prior !== writeKey) && !this.unsafe.has(id))
        this.unsafe.set(id, ref);
    }
    if (failed) {
      if (!failures) this.failedWrites.set(op, (failures = new Map()));
      failures.set(ref, writeKey);
    } else failures?.delete(ref);
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** No answer, throttled or a server error: the client cannot know the write is done. */
function failedOutcome(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500;
}
