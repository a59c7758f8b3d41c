import { unitHash } from './rng.js';

/**
 * Arrivals per second over one stage: constant when `fromPerSec === toPerSec`, else a linear ramp.
 *
 * @example { durationMs: 600_000, fromPerSec: 2, toPerSec: 20 } // ramp 2/s → 20/s over 10 minutes
 */
export interface RateStage {
  durationMs: number;
  fromPerSec: number;
  toPerSec: number;
}

/**
 * When each arrival of one channel happens. Addressable: any arrival is computed on its own.
 *
 * @example schedule.arrivalAt(0) // ms after scenario start, or undefined past the end
 */
export interface ArrivalSchedule {
  readonly total: number;
  readonly durationMs: number;
  /** Ms from the scenario start when arrival `i` happens; undefined when i >= total. */
  arrivalAt(i: number): number | undefined;
  /** Arrivals with time < offsetMs. */
  countUntil(offsetMs: number): number;
}

/** A stage with where it starts, in time (ms) and in expected arrivals. */
interface PlacedStage extends RateStage {
  startMs: number;
  startArrivals: number;
  arrivals: number;
}

function place(stages: readonly RateStage[], channel: string): PlacedStage[] {
  const placed: PlacedStage[] = [];
  let startMs = 0;
  let startArrivals = 0;
  stages.forEach((stage, k) => {
    for (const field of ['durationMs', 'fromPerSec', 'toPerSec'] as const) {
      const v = stage[field];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new Error(
          `[omnichaos:world] demand ${channel} stage ${k}: ${field} must be a finite number ≥ 0, got ${String(v)}`,
        );
    }
    // Area under the rate line (a trapezoid): the expected arrivals in the stage.
    const arrivals = ((stage.fromPerSec + stage.toPerSec) / 2) * (stage.durationMs / 1000);
    placed.push({ ...stage, startMs, startArrivals, arrivals });
    startMs += stage.durationMs;
    startArrivals += arrivals;
  });
  return placed;
}

/**
 * Seconds into a stage until `need` expected arrivals have accumulated. With rate r(τ) = r0 + aτ,
 * need = r0·τ + aτ²/2, so τ = 2·need / (r0 + √(r0² + 2a·need)): the rationalised root, which
 * stays exact for constant rates (a = 0), ramps from 0 (r0 = 0) and ramps down to 0.
 */
function secondsToReach(stage: PlacedStage, need: number): number {
  if (need <= 0) return 0;
  const a = (stage.toPerSec - stage.fromPerSec) / (stage.durationMs / 1000);
  const root = Math.sqrt(Math.max(0, stage.fromPerSec ** 2 + 2 * a * need));
  return (2 * need) / (stage.fromPerSec + root);
}

/**
 * Addressable arrivals: arrival i happens at Λ⁻¹(i + uᵢ), where Λ is the cumulative intensity of
 * the rate curve and uᵢ = unitHash(seed, 'arrival', channel, i) ∈ [0, 1). Monotone
 * (i + uᵢ < i + 1 + uᵢ₊₁), the right mean rate, and O(stages) per lookup: arrival 5,000,000 needs
 * none of the others. Spacing is more regular than a Poisson process (one arrival per unit of Λ),
 * which keeps load shapes predictable.
 *
 * @example createArrivalSchedule([{ durationMs: 60_000, fromPerSec: 1, toPerSec: 1 }], 42, 'pos').total // ≈ 60
 */
export function createArrivalSchedule(
  stages: readonly RateStage[],
  seed: number,
  channel: string,
): ArrivalSchedule {
  const placed = place(stages, channel);
  const last = placed.at(-1);
  const durationMs = last ? last.startMs + last.durationMs : 0;
  const area = last ? last.startArrivals + last.arrivals : 0;
  const u = (i: number) => unitHash(seed, 'arrival', channel, i);
  // Arrival i exists iff i + uᵢ < Λ(end): all below floor(area), and the next one by chance.
  const whole = Math.floor(area);
  const total = whole + (u(whole) < area - whole ? 1 : 0);

  /** Time (ms) where Λ reaches x, for 0 ≤ x < area. */
  function inverse(x: number): number {
    // The last stage starting at or before x; zero-area stages share their start with the next
    // stage, so they are never chosen for an x inside the curve.
    let k = placed.length - 1;
    while (k > 0 && placed[k]!.startArrivals > x) k--;
    const stage = placed[k]!;
    const ms = secondsToReach(stage, x - stage.startArrivals) * 1000;
    return stage.startMs + Math.min(stage.durationMs, ms);
  }

  const arrivalAt = (i: number): number | undefined =>
    Number.isSafeInteger(i) && i >= 0 && i < total ? inverse(i + u(i)) : undefined;

  return {
    total,
    durationMs,
    arrivalAt,
    countUntil(offsetMs) {
      // Binary search on arrivalAt itself, so the two can never disagree at a boundary.
      let lo = 0;
      let hi = total;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (arrivalAt(mid)! < offsetMs) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}
