import type { StorefrontState, ThrottleBucket } from './state.js';

/**
 * The cost bucket (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): a leaky
 * bucket of points per app and store that refills continuously at `restoreRate` points per second
 * of wall time (docs/architecture.md#time). A query's requested cost is taken before it runs and the
 * difference to its actual cost is given back after; a query whose requested cost the bucket
 * cannot cover is THROTTLED and costs nothing.
 */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export function bucketFor(
  state: StorefrontState,
  credential: string,
  nowWall: number,
): ThrottleBucket {
  let b = state.buckets.get(credential);
  if (!b) {
    b = { available: state.config.bucketSize, atWall: nowWall };
    state.buckets.set(credential, b);
  }
  const elapsed = Math.max(0, nowWall - b.atWall);
  b.available = Math.min(
    state.config.bucketSize,
    b.available + (elapsed * state.config.restoreRate) / 1000,
  );
  b.atWall = nowWall;
  return b;
}

/** As Shopify reports it: floats for the bucket and rate, whole points currently available. */
export function throttleStatus(state: StorefrontState, b: ThrottleBucket): ThrottleStatus {
  return {
    maximumAvailable: state.config.bucketSize,
    currentlyAvailable: Math.floor(b.available),
    restoreRate: state.config.restoreRate,
  };
}

/** Seconds until the bucket holds `cost` points (for a Retry-After when answering 429). */
export function secondsUntil(state: StorefrontState, b: ThrottleBucket, cost: number): number {
  return Math.max(0, (cost - b.available) / state.config.restoreRate);
}
