import { z } from 'zod';
import { defineFault } from '../fault.js';
import type { Rng } from '../../world/rng.js';

/**
 * Delays a request by a sampled wall-time latency before it reaches the handler. Distributions:
 * fixed `ms`; uniform `min..max`; normal `mean ± stddev`; lognormal from `median` and `p99` (how
 * latency is usually quoted); pareto tail from `scale` (minimum) and `shape` (smaller = heavier).
 */
const params = z.discriminatedUnion('distribution', [
  z.object({ distribution: z.literal('fixed'), ms: z.number().nonnegative() }).strict(),
  z
    .object({
      distribution: z.literal('uniform'),
      min: z.number().nonnegative(),
      max: z.number().nonnegative(),
    })
    .strict(),
  z
    .object({
      distribution: z.literal('normal'),
      mean: z.number().nonnegative(),
      stddev: z.number().nonnegative(),
    })
    .strict(),
  z
    .object({
      distribution: z.literal('lognormal'),
      median: z.number().positive(),
      p99: z.number().positive(),
    })
    .strict(),
  z
    .object({
      distribution: z.literal('pareto'),
      scale: z.number().positive(),
      shape: z.number().positive(),
    })
    .strict(),
]);
export type LatencyParams = z.infer<typeof params>;

/** z-score of the 99th percentile of a standard normal. */
const Z99 = 2.326347874;

function standardNormal(rng: Rng): number {
  // Box–Muller; 1 − u keeps the log argument in (0, 1].
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * @example sampleLatency({ distribution: 'lognormal', median: 200, p99: 2000 }, rng) // ≈ 200 typically
 */
export function sampleLatency(p: LatencyParams, rng: Rng): number {
  switch (p.distribution) {
    case 'fixed':
      return p.ms;
    case 'uniform':
      return p.min + rng.next() * (p.max - p.min);
    case 'normal':
      return Math.max(0, p.mean + p.stddev * standardNormal(rng));
    case 'lognormal': {
      const mu = Math.log(p.median);
      const sigma = Math.max(0, (Math.log(p.p99) - mu) / Z99);
      return Math.exp(mu + sigma * standardNormal(rng));
    }
    case 'pareto':
      return p.scale * Math.pow(1 - rng.next(), -1 / p.shape);
  }
}

export const latency = defineFault({
  type: 'latency',
  kind: 'latency',
  summary: 'delay requests by a sampled latency (fixed, uniform, normal, lognormal, pareto)',
  params: z.preprocess(
    (v) =>
      v && typeof v === 'object' && !('distribution' in v) && 'ms' in v
        ? { distribution: 'fixed', ...v }
        : v,
    params,
  ),
  async onRequest(call, next) {
    await call.clock.delay(sampleLatency(call.params, call.rng));
    return next();
  },
});
