import { describe, expect, it } from 'vitest';
import { makeErpRuntime } from './testing.js';

const R = '/services/rest/record/v1';
const ASYNC = { prefer: 'respond-async' };

describe('Prefer: respond-async', () => {
  it('accepts with 202 and a job that completes after the configured scenario delay', async () => {
    const t = makeErpRuntime({ config: { asyncJobDelayMs: 10_000 } });
    const res = await t.call(
      'POST',
      `${R}/customer`,
      { companyName: 'Later', externalId: 'L-1' },
      ASYNC,
    );
    expect(res).toMatchObject({ status: 202, headers: { 'preference-applied': 'respond-async' } });
    expect(res.body).toBeUndefined();
    const job = res.headers!.location!.replace('http://erp.test', '');
    expect(job).toBe('/services/rest/async/v1/job/1');
    expect((await t.call('GET', `${R}/customer/eid:L-1`)).status).toBe(404);
    await t.clock.advanceScenario(9_000);
    expect((await t.call('GET', job)).body).toMatchObject({
      completed: false,
      progress: 'pending',
    });
    await t.clock.advanceScenario(1_000);
    expect((await t.call('GET', job)).body).toMatchObject({
      completed: true,
      progress: 'succeeded',
      id: '1',
    });
    expect((await t.call('GET', `${R}/customer/eid:L-1`)).status).toBe(200);
    const task = await t.call('GET', `${job}/task/1`);
    expect(task.body).toMatchObject({ completed: true, progress: 'succeeded', id: '1' });
    const result = await t.call('GET', `${job}/task/1/result`);
    expect(result.status).toBe(204);
    expect(result.headers?.location).toMatch(/\/customer\/\d+$/);
  });

  it('a failed task keeps the error as its result', async () => {
    const t = makeErpRuntime();
    await t.call('POST', `${R}/customer`, { email: 'no-name@example.com' }, ASYNC);
    await t.clock.advanceScenario(5_000);
    expect((await t.call('GET', '/services/rest/async/v1/job/1')).body).toMatchObject({
      progress: 'failed',
    });
    const result = await t.call('GET', '/services/rest/async/v1/job/1/task/1/result');
    expect(result.status).toBe(400);
  });

  it('honours X-NetSuite-Idempotency-Key for async requests: a duplicate gets the documented 400 Conflict', async () => {
    const t = makeErpRuntime();
    const key = { ...ASYNC, 'x-netsuite-idempotency-key': '0b8c8a2e-4a8f-4f4e-9a55-1f2b3c4d5e6f' };
    const first = await t.call('POST', `${R}/customer`, { companyName: 'Once' }, key);
    const again = await t.call('POST', `${R}/customer`, { companyName: 'Once' }, key);
    expect(again.status).toBe(400);
    expect(again.headers).toMatchObject({
      'preference-applied': 'respond-async',
      location: first.headers!.location,
    });
    expect(again.body).toMatchObject({
      type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.10',
      title: 'Conflict',
      status: 400,
      'o:errorDetails': [{ 'o:errorCode': 'IDEMPOTENCY_ERROR' }],
    });
    await t.clock.advanceScenario(5_000);
    expect(t.journal.query({ type: 'erp:document-recorded' })).toHaveLength(1);
  });

  it('ignores the idempotency key on synchronous requests', async () => {
    const t = makeErpRuntime();
    const key = { 'x-netsuite-idempotency-key': 'k-1' };
    await t.call('POST', `${R}/customer`, { companyName: 'A' }, key);
    expect((await t.call('POST', `${R}/customer`, { companyName: 'A' }, key)).status).toBe(204);
  });

  it('never runs the jobs of a state that was reset', async () => {
    const t = makeErpRuntime();
    await t.call('POST', `${R}/customer`, { companyName: 'Ghost' }, ASYNC);
    t.runtime.reset();
    await t.clock.advanceScenario(10_000);
    expect(t.journal.query({ type: 'erp:document-recorded' })).toHaveLength(0);
    expect((await t.call('GET', '/services/rest/async/v1/job/1')).status).toBe(404);
  });

  it('answers unknown jobs and tasks with 404, an unfinished result with 400', async () => {
    const t = makeErpRuntime();
    expect((await t.call('GET', '/services/rest/async/v1/job/77')).status).toBe(404);
    await t.call('DELETE', `${R}/customer/1`, undefined, ASYNC);
    expect((await t.call('GET', '/services/rest/async/v1/job/1/task/2')).status).toBe(404);
    expect((await t.call('GET', '/services/rest/async/v1/job/1/task/1/result')).status).toBe(400);
    expect((await t.call('GET', '/services/rest/async/v1/job/1/task')).body).toMatchObject({
      totalResults: 1,
    });
  });
});
