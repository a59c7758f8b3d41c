import { performance } from 'node:perf_hooks';
import { Clock, type ClockOptions, type TimeSource } from '../simulators/core/clock.js';

/**
 * The one place that reads the machine's time. Deterministic parts get a `Clock` built on this
 * (or on a virtual source in tests) and never read time themselves.
 */
export function realTimeSource(): TimeSource {
  let handle: ReturnType<typeof setTimeout> | undefined;
  return {
    kind: 'real',
    wallNow: () => performance.now(),
    wakeAt(atWall, wake) {
      if (handle) clearTimeout(handle);
      handle = setTimeout(
        () => {
          handle = undefined;
          wake();
        },
        Math.max(0, atWall - performance.now()),
      );
    },
    cancelWake() {
      if (handle) clearTimeout(handle);
      handle = undefined;
    },
  };
}

/**
 * A clock that follows the machine's time, compressed by `speed` for scenario time.
 *
 * @example const clock = createRealClock({ startMs: scenario.clock.startMs, speed: 60 });
 */
export function createRealClock(options: ClockOptions): Clock {
  return new Clock(realTimeSource(), options);
}
