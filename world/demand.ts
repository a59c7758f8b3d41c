import { unitHash } from './rng.js';

/** Arrivals per second move linearly from `fromPerSec` to `toPerSec` over the stage. */
export interface RateStage {
  durationMs: number;
  fromPerSec: number;
  toPerSec: number;
}

export interface ArrivalSchedule {
  readonly total: number;
  readonly durationMs: number;
  /** Ms from the scenario start when arrival `i` happens; undefined when i >= total. */
  arrivalAt(i: number): number | undefined;
  /** Arrivals with time < offsetMs. */
  countUntil(offsetMs: number): number;
}

/**
 * Addressable arrivals: arrival i happens at Λ⁻¹(i + uᵢ), where Λ is the cumulative intensity of
 * the rate curve and uᵢ = hash(seed, channel, i) ∈ [0, 1). Monotone (i + uᵢ < i + 1 + uᵢ₊₁), the
 * right mean rate, and O(stages) per lookup — arrival 5,000,000 needs none of the others.
 *
 * @example createArrivalSchedule([{ durationMs: 60_000, fromPerSec: 1, toPerSec: 1 }], 42, 'pos').total // ≈ 60
 */
export function createArrivalSchedule(
  stages: readonly RateStage[],
  seed: number,
  channel: string,
): ArrivalSchedule {
  // Cumulative expected arrivals at each stage start.
  const starts: number[] = [];
  const tStarts: number[] = [];
  let area = 0;
  let t = 0;
  for (const s of stages) {
    starts.push(area);
    tStarts.push(t);
    area += ((s.fromPerSec + s.toPerSec) / 2) * (s.durationMs / 1000);
    t += s.durationMs;
  }
  const totalArea = area;
  const durationMs = t;
  const u = (i: number) => unitHash(seed, 'arrival', channel, i);
  const total = (() => {
    const whole = Math.floor(totalArea);
    return whole + (u(whole) < totalArea - whole ? 1 : 0);
  })();

  /** Time (ms) where the cumulative intensity reaches `x` (0 ≤ x < totalArea). */
  function inverse(x: number): number {
    let k = stages.length - 1;
    while (k > 0 && starts[k]! > x) k--;
    const s = stages[k]!;
    const need = x - starts[k]!;
    const T = s.durationMs / 1000;
    const a = (s.toPerSec - s.fromPerSec) / T; // rate slope per second
    let sec: number;
    if (Math.abs(a) < 1e-12) sec = s.fromPerSec > 0 ? need / s.fromPerSec : 0;
    else {
      // need = r0·τ + a·τ²/2  →  τ = (−r0 + √(r0² + 2a·need)) / a
      const disc = Math.max(0, s.fromPerSec ** 2 + 2 * a * need);
      sec = (-s.fromPerSec + Math.sqrt(disc)) / a;
    }
    return tStarts[k]! + Math.min(s.durationMs, Math.max(0, sec * 1000));
  }

  const arrivalAt = (i: number): number | undefined =>
    Number.isInteger(i) && i >= 0 && i < total ? inverse(i + u(i)) : undefined;

  return {
    total,
    durationMs,
    arrivalAt,
    countUntil(offsetMs) {
      let lo = 0;
      let hi = total;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (arrivalAt(mid)! < offsetMs) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}
