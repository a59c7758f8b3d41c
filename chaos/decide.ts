import { unitHash } from '../world/rng.js';
import type { FaultFrequency, FaultWindow, ProbabilityRamp } from '../scenarios/types.js';

/**
 * Does a fault fire for this logical request? A pure function (docs/architecture.md):
 * `u = hash(seed, faultId, logicalKey, attempt)` compared with the frequency — so the same
 * logical operation meets the same fate however requests interleave.
 *
 * - `always`: every matching request in the window.
 * - `probability p` (optionally ramped across the window): fires when u < p.
 * - `firstAttempts n`: attempts 0..n−1 of each logical key fail, then it succeeds.
 * - `everyNth n`: the n-th, 2n-th, … attempt of each logical key (per key, so it stays
 *   independent of interleaving).
 *
 * @example fires({ kind: 'firstAttempts', n: 2 }, undefined, 0.5, 1, 42, 'erp-down', 'order:1') // true
 */
export function fires(
  frequency: FaultFrequency,
  ramp: ProbabilityRamp | undefined,
  progress: number,
  attempt: number,
  seed: number,
  faultId: string,
  logicalKey: string,
): boolean {
  switch (frequency.kind) {
    case 'firstAttempts':
      return attempt < frequency.n;
    case 'everyNth':
      return (attempt + 1) % frequency.n === 0;
    case 'always':
      if (!ramp) return true;
      return unitHash(seed, faultId, logicalKey, attempt) < rampAt(ramp, progress);
    case 'probability': {
      const p = ramp ? rampAt(ramp, progress) : frequency.p;
      // Certain outcomes need no hash (u ∈ [0, 1)): keeps idle rules cheap.
      if (p <= 0) return false;
      if (p >= 1) return true;
      return unitHash(seed, faultId, logicalKey, attempt) < p;
    }
  }
}

function rampAt(ramp: ProbabilityRamp, progress: number): number {
  return ramp.from + (ramp.to - ramp.from) * Math.min(1, Math.max(0, progress));
}

/** Where a window stands at `elapsedMs` of scenario time since the run started. */
export interface WindowState {
  active: boolean;
  /** 0..1 through the current window (0 for open-ended windows). */
  progress: number;
  /** Scenario ms until the current window closes (Infinity when open-ended). */
  remainingMs: number;
  /** Scenario ms (since start) of the next open/close edge, if any. */
  nextEdgeMs: number | undefined;
}

/**
 * @example windowAt({ fromMs: 60_000, untilMs: 120_000 }, 90_000) // { active: true, progress: 0.5, … }
 */
export function windowAt(window: FaultWindow, elapsedMs: number): WindowState {
  const { fromMs, untilMs, everyMs } = window;
  if (elapsedMs < fromMs) return { active: false, progress: 0, remainingMs: 0, nextEdgeMs: fromMs };
  if (untilMs === undefined)
    return { active: true, progress: 0, remainingMs: Infinity, nextEdgeMs: undefined };
  const length = untilMs - fromMs;
  if (everyMs === undefined) {
    if (elapsedMs >= untilMs)
      return { active: false, progress: 1, remainingMs: 0, nextEdgeMs: undefined };
    return {
      active: true,
      progress: (elapsedMs - fromMs) / length,
      remainingMs: untilMs - elapsedMs,
      nextEdgeMs: untilMs,
    };
  }
  const cycleStart = fromMs + Math.floor((elapsedMs - fromMs) / everyMs) * everyMs;
  const into = elapsedMs - cycleStart;
  if (into < length)
    return {
      active: true,
      progress: into / length,
      remainingMs: length - into,
      nextEdgeMs: cycleStart + length,
    };
  return { active: false, progress: 1, remainingMs: 0, nextEdgeMs: cycleStart + everyMs };
}
