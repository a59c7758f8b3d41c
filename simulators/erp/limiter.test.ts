import { describe, expect, it } from 'vitest';
import type { Stage } from '../core/pipeline.js';
import type { Outcome } from '../core/types.js';
import { ConcurrencyGate } from './limiter.js';
import type { ErpState } from './state.js';
import { makeErpRuntime } from './testing.js';

describe('ConcurrencyGate', () => {
  it('admits up to the limit, then refuses until a slot is left', () => {
    const gate = new ConcurrencyGate(2);
    expect([gate.tryEnter(), gate.tryEnter(), gate.tryEnter()]).toEqual([true, true, false]);
    gate.leave();
    expect(gate.tryEnter()).toBe(true);
    expect(gate.active).toBe(2);
  });

  it('never goes below zero and a limit of 0 refuses everything', () => {
    const gate = new ConcurrencyGate(0);
    gate.leave();
    expect(gate.active).toBe(0);
    expect(gate.tryEnter()).toBe(false);
  });
});

/** A request-fault stage that holds every request until released (occupies a slot). */
function holdAll(): { stage: Stage<ErpState>; release(): void } {
  const waiting: Array<() => void> = [];
  return {
    stage: async (_ex, next) => {
      await new Promise<void>((resolve) => waiting.push(resolve));
      return next();
    },
    release: () => waiting.splice(0).forEach((r) => r()),
  };
}

describe('concurrency limiter stage', () => {
  it('answers 429 in NetSuite shape while the account has N requests in flight', async () => {
    const { runtime, call } = makeErpRuntime({ config: { concurrencyLimit: 2 } });
    const hold = holdAll();
    runtime.slots.requestFaults = hold.stage;
    const inFlight = [
      call('GET', '/services/rest/record/v1/location'),
      call('GET', '/services/rest/record/v1/location'),
    ];
    await new Promise((r) => setImmediate(r));
    const third = await call('GET', '/services/rest/record/v1/location');
    expect(third.status).toBe(429);
    expect(third.headers?.['retry-after']).toBeUndefined();
    expect(third.body).toMatchObject({
      title: 'Too Many Requests',
      status: 429,
      'o:errorDetails': [{ 'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED' }],
    });
    hold.release();
    expect((await Promise.all(inFlight)).map((r) => r.status)).toEqual([200, 200]);
    runtime.slots.requestFaults = undefined;
    expect((await call('GET', '/services/rest/record/v1/location')).status).toBe(200);
  });

  it('frees the slot when the inner stage throws or ends in a network outcome', async () => {
    const { runtime, call } = makeErpRuntime({ config: { concurrencyLimit: 1 } });
    runtime.slots.requestFaults = async (): Promise<Outcome> => ({ kind: 'reset' });
    const out = await runtime.handle({
      method: 'GET',
      path: '/services/rest/record/v1/location',
      query: {},
      rawQuery: '',
      headers: { authorization: `Bearer ${runtime.context.world.credentials.erp.accessToken}` },
      rawBody: '',
    });
    expect(out.kind).toBe('reset');
    runtime.slots.requestFaults = undefined;
    expect((await call('GET', '/services/rest/record/v1/location')).status).toBe(200);
  });

  it('adds Retry-After only when configured', async () => {
    const { call } = makeErpRuntime({
      config: { concurrencyLimit: 0, concurrencyRetryAfterSeconds: 2 },
    });
    const res = await call('GET', '/services/rest/record/v1/location');
    expect(res.status).toBe(429);
    expect(res.headers?.['retry-after']).toBe('2');
  });
});
