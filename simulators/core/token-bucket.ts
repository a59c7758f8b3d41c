/**
 * A token bucket on wall time — the shape of most vendors' normal rate limits (Square, SP-API
 * usage plans). Plain data, so a dialect keeps its buckets in its own state.
 */
export interface Bucket {
  tokens: number;
  atWall: number;
}

/**
 * Refill for the elapsed wall time, then take one token if there is one; otherwise say how long
 * until there will be.
 *
 * @example takeToken({ tokens: 0, atWall: 0 }, 2000, 0.5, 30) // { ok: true, retryAfterMs: 0 }
 */
export function takeToken(
  bucket: Bucket,
  nowWall: number,
  ratePerSec: number,
  burst: number,
): { ok: boolean; retryAfterMs: number } {
  const elapsed = Math.max(0, nowWall - bucket.atWall);
  bucket.tokens = Math.min(burst, bucket.tokens + (elapsed * ratePerSec) / 1000);
  bucket.atWall = nowWall;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return { ok: true, retryAfterMs: 0 };
  }
  return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) * 1000) / ratePerSec) };
}
