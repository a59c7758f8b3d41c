import { describe, expect, it } from 'vitest';
import { ATTEMPT_KEYS_MAX, ATTEMPT_TTL_MS } from '../core/simulator-runtime.js';
import { IDEMPOTENCY_TTL_MS } from './idempotency.js';
import { makePosRuntime } from './testing.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON in tests

/**
 * The structures that grow with traffic stay bounded (docs/performance.md): 100,000 CreateOrders
 * with distinct idempotency keys, two scenario seconds apart (~55 scenario hours), leave at most a
 * day's worth of keys and an hour's worth of attempt counts; a reset empties them. No timing:
 * the virtual clock stands still between the steps it is told to take.
 */
describe('pos bounded state', () => {
  it('keeps idempotency keys for a day and attempt counts for an hour, and reset empties both', async () => {
    const pos = makePosRuntime({ config: { rateLimit: false } });
    const loc = ((await pos.call('GET', '/v2/locations')).body as Body).locations[0].id as string;
    const order = (i: number) => ({
      idempotency_key: `key-${i}`,
      order: {
        location_id: loc,
        line_items: [
          { name: 'thing', quantity: '1', base_price_money: { amount: 100 + i, currency: 'USD' } },
        ],
      },
    });
    const STEP_MS = 2_000;
    const N = 100_000;
    let peakKeys = 0;
    let peakAttempts = 0;
    const first = await pos.call('POST', '/v2/orders', order(0));
    expect(first.status).toBe(200);
    for (let i = 1; i < N; i++) {
      await pos.clock.advanceScenario(STEP_MS);
      const res = await pos.call('POST', '/v2/orders', order(i));
      if (res.status !== 200) throw new Error(`order ${i}: ${res.status}`);
      if (i % 1000 === 0) {
        const s = pos.runtime.sizes();
        peakKeys = Math.max(peakKeys, s.idempotencyKeys!);
        peakAttempts = Math.max(peakAttempts, s.attempts!);
      }
      // A retry a minute later is still a replay: same answer, no new order.
      if (i === 500) {
        await pos.clock.advanceScenario(60_000);
        const again = await pos.call('POST', '/v2/orders', order(i));
        expect(again.body).toEqual(res.body);
      }
    }
    const sizes = pos.runtime.sizes();
    expect(sizes.orders).toBe(N); // orders are state: kept
    // Keys: only those stored in the last 24 h survive (plus the one being stored).
    const perWindow = IDEMPOTENCY_TTL_MS / STEP_MS;
    expect(sizes.idempotencyKeys).toBeLessThanOrEqual(perWindow + 1);
    expect(peakKeys).toBeLessThanOrEqual(perWindow + 1);
    expect(sizes.idempotencyKeys).toBeGreaterThan(perWindow / 2);
    expect(peakAttempts).toBeLessThanOrEqual(ATTEMPT_TTL_MS / STEP_MS + 2);
    expect(sizes.attempts).toBeLessThanOrEqual(ATTEMPT_TTL_MS / STEP_MS + 2);

    // A key older than the window is forgotten: a different body with it is a new order, not 400.
    const reused = await pos.call('POST', '/v2/orders', {
      ...order(1),
      order: { ...order(1).order, reference_id: 'changed' },
    });
    expect(reused.status).toBe(200);
    expect(pos.runtime.sizes().orders).toBe(N + 1);
    // A key inside the window still refuses a different body.
    const refused = await pos.call('POST', '/v2/orders', {
      ...order(N - 1),
      order: { ...order(N - 1).order, reference_id: 'changed' },
    });
    expect(refused.status).toBe(400);
    expect((refused.body as Body).errors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');

    pos.runtime.reset();
    expect(pos.runtime.sizes()).toMatchObject({
      attempts: 0,
      orders: 0,
      idempotencyKeys: 0,
      paymentKeys: 0,
    });
  }, 600_000);

  it('caps attempt counts at ATTEMPT_KEYS_MAX keys when they all arrive at once', () => {
    const pos = makePosRuntime();
    for (let i = 0; i < 100_000; i++) pos.runtime.countAttempt(`CreateOrder:k-${i}`);
    expect(pos.runtime.sizes().attempts).toBe(ATTEMPT_KEYS_MAX);
    // The most recent keys are the ones kept.
    expect(pos.runtime.countAttempt('CreateOrder:k-99999')).toBe(1);
    expect(pos.runtime.countAttempt('CreateOrder:k-0')).toBe(0);
    pos.runtime.reset();
    expect(pos.runtime.sizes().attempts).toBe(0);
  });
});
