import { performance } from 'node:perf_hooks';
import { Clock, type ClockOptions, type TimeSource } from '../simulators/core/clock.js';

/**
 * The one place that reads the machine's time. Deterministic parts get a `Clock` built on this
 * (or on a virtual source in tests) and never read time themselves.
 */
/** How long before a due instant the real source wakes to finish the wait precisely. */
const EARLY_MS = 2;

export function realTimeSource(): TimeSource {
  let handle: ReturnType<typeof setTimeout> | undefined;
  let spin: ReturnType<typeof setImmediate> | undefined;
  return {
    kind: 'real',
    wallNow: () => performance.now(),
    epochNow: () => performance.timeOrigin + performance.now(),
    wakeAt(atWall, wake) {
      if (handle) clearTimeout(handle);
      if (spin) clearImmediate(spin);
      // setTimeout fires 1–2 ms late; wake up early and finish on setImmediate turns, so an
      // injected 50 ms latency is 50 ms, not 51.5 (bench: latencyInjection).
      const check = (): void => {
        if (performance.now() >= atWall) {
          handle = undefined;
          wake();
        } else spin = setImmediate(check);
      };
      const early = atWall - performance.now() - EARLY_MS;
      handle = setTimeout(check, Math.max(0, early));
      // Scenario timers never keep the process alive by themselves: while a run or `up` lasts,
      // its servers do. Without this, a retry scheduled hours of scenario time ahead by a
      // delivery that finished after the simulators closed held `omnichaos run` open.
      handle.unref();
    },
    cancelWake() {
      if (handle) clearTimeout(handle);
      if (spin) clearImmediate(spin);
      handle = undefined;
    },
  };
}

/**
 * The machine's calendar clock, epoch ms: what an HTTP `Date` header says. `up` anchors scenario
 * time here when neither `--start` nor the scenario's `clock.start` pins it.
 *
 * @example startSimulators({ seed: 42, startMs: wallClockMs() })
 */
export function wallClockMs(): number {
  return Date.now();
}

/**
 * A clock that follows the machine's time, compressed by `speed` for scenario time.
 *
 * @example const clock = createRealClock({ startMs: scenario.clock.startMs, speed: 60 });
 */
export function createRealClock(options: ClockOptions): Clock {
  return new Clock(realTimeSource(), options);
}
