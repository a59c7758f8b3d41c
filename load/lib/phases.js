/**
 * The timeline of a chaos-under-load run, in wall seconds from the start of the load:
 *
 *   0 ──── before ────┤ fault on ├──── during ────┤ fault off ├──── after ────┤ end
 *                     └ guard ┘                   └ guard ┘
 *
 * Each request is tagged with the phase it started in, and thresholds hold per phase. A few
 * seconds around each switch belong to no phase ('transition'): the switch is one HTTP call
 * racing the load, so requests near it may see either state.
 */

/**
 * @typedef {'before' | 'during' | 'after' | 'transition'} Phase
 * @typedef {{ faultOnS: number, faultOffS: number, endS: number, guardS: number }} Timeline
 */

/**
 * @example chaosTimeline({ beforeS: 30, faultS: 30, afterS: 30 }) // { faultOnS: 30, faultOffS: 60, endS: 90, guardS: 2 }
 * @param {{ beforeS: number, faultS: number, afterS: number, guardS?: number }} spans
 * @returns {Timeline}
 */
export function chaosTimeline(spans) {
  const { beforeS, faultS, afterS, guardS = 2 } = spans;
  for (const [name, s] of Object.entries({ BEFORE_S: beforeS, FAULT_S: faultS, AFTER_S: afterS }))
    if (!(s > 2 * guardS))
      throw new Error(
        `[omnichaos:k6] -e ${name}: each phase must be longer than twice the ${guardS}s guard around a switch, got ${s}s`,
      );
  return {
    faultOnS: beforeS,
    faultOffS: beforeS + faultS,
    endS: beforeS + faultS + afterS,
    guardS,
  };
}

/**
 * The phase a request started `elapsedS` into the load belongs to.
 *
 * @example phaseAt(chaosTimeline({ beforeS: 30, faultS: 30, afterS: 30 }), 45) // 'during'
 * @param {Timeline} t
 * @param {number} elapsedS
 * @returns {Phase}
 */
export function phaseAt(t, elapsedS) {
  const near = (/** @type {number} */ at) => Math.abs(elapsedS - at) < t.guardS;
  if (near(t.faultOnS) || near(t.faultOffS)) return 'transition';
  if (elapsedS < t.faultOnS) return 'before';
  if (elapsedS < t.faultOffS) return 'during';
  return 'after';
}
