/**
 * The capacity staircase: an arrival rate that climbs in equal steps and holds each one, so
 * every request can be tagged with the rate offered when it started and each step judged on
 * its own (a ramp judged as a whole mixes the calm start into the percentiles of the end).
 *
 *   rate ▲            ┌────  maxPerSec
 *        │       ┌────┘
 *        │  ┌────┘
 *        └──┘ startPerSec            each step holds holdS seconds
 */

/**
 * @typedef {{ rates: number[], holdS: number, startRate: number, timeUnit: string, stages: { duration: string, target: number }[] }} Ladder
 */

/**
 * @example capacityLadder({ startPerSec: 50, maxPerSec: 200, steps: 4, holdS: 20 }).rates // [50, 100, 150, 200]
 * @param {{ startPerSec: number, maxPerSec: number, steps: number, holdS: number }} spec
 * @returns {Ladder}
 */
export function capacityLadder(spec) {
  const { startPerSec, maxPerSec, steps, holdS } = spec;
  if (!(startPerSec >= 1) || !(maxPerSec >= startPerSec))
    throw new Error(
      `[omnichaos:k6] -e START_RATE / MAX_RATE: need 1 <= START_RATE <= MAX_RATE, got ${startPerSec} and ${maxPerSec}`,
    );
  if (!Number.isInteger(steps) || steps < 1 || !(holdS > 0))
    throw new Error(
      `[omnichaos:k6] -e STEPS / HOLD: need STEPS >= 1 and HOLD > 0, got ${steps} and ${holdS}`,
    );
  /** @type {number[]} */
  const rates = [];
  for (let k = 0; k < steps; k++) {
    const r = steps === 1 ? maxPerSec : startPerSec + ((maxPerSec - startPerSec) * k) / (steps - 1);
    // k6 wants whole iterations per timeUnit (1s here); steps that round together merge, so
    // each rate names one step (requests are tagged `offered: <rate>`).
    const whole = Math.round(r);
    if (rates[rates.length - 1] !== whole) rates.push(whole);
  }
  const hold = `${Math.round(holdS * 1000)}ms`;
  // Each step: jump (a zero-length stage) to its rate, then hold it.
  const stages = rates.flatMap((r, k) =>
    k === 0
      ? [{ duration: hold, target: r }]
      : [
          { duration: '0s', target: r },
          { duration: hold, target: r },
        ],
  );
  return { rates, holdS, startRate: rates[0] ?? 0, timeUnit: '1s', stages };
}

/**
 * The step a request started `elapsedS` into the ladder belongs to (the last one after the end).
 *
 * @example stepAt(capacityLadder({ startPerSec: 50, maxPerSec: 200, steps: 4, holdS: 20 }), 45) // 2
 * @param {Ladder} ladder
 * @param {number} elapsedS
 */
export function stepAt(ladder, elapsedS) {
  const k = Math.floor(Math.max(0, elapsedS) / ladder.holdS);
  return Math.min(k, ladder.rates.length - 1);
}
