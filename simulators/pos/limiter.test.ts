import { describe, expect, it } from 'vitest';
import { takeToken } from './limiter.js';
import { makePosRuntime } from './testing.js';

describe('square token bucket', () => {
  it('spends the burst, then refills at the rate on wall time', () => {
    const bucket = { tokens: 3, atWall: 0 };
    expect([1, 2, 3, 4].map(() => takeToken(bucket, 0, 2, 3).ok)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(takeToken(bucket, 0, 2, 3).retryAfterMs).toBe(500);
    expect(takeToken(bucket, 499, 2, 3).ok).toBe(false);
    expect(takeToken(bucket, 1000, 2, 3).ok).toBe(true);
    expect(takeToken(bucket, 60_000, 2, 3).ok).toBe(true);
    expect(bucket.tokens).toBe(2); // capped at the burst, minus the one just taken
  });

  it('answers 429 RATE_LIMITED without Retry-After (Square sends none) once the bucket is empty, per token', async () => {
    const pos = makePosRuntime({ config: { rateLimit: { ratePerSec: 1, burst: 2 } } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await pos.call('GET', '/v2/locations')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await pos.call('GET', '/v2/locations');
    expect(limited.headers?.['retry-after']).toBeUndefined();
    expect(limited.body).toMatchObject({
      errors: [{ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED' }],
    });
    await pos.clock.advance(1_000);
    expect((await pos.call('GET', '/v2/locations')).status).toBe(200);
  });

  it('can be turned off', async () => {
    const pos = makePosRuntime({ config: { rateLimit: false } });
    for (let i = 0; i < 100; i++) expect((await pos.call('GET', '/v2/locations')).status).toBe(200);
  });
});
