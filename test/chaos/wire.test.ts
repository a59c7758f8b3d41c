import { describe, expect, it } from 'vitest';
import { chaosHarness, receiver, rule, settled } from '../support/chaos-harness.js';

/**
 * Every fault type, over the wire: a real node:http server, a real fetch client, the effect
 * observed where a target would observe it (status, header, reset, refusal), time driven by the
 * virtual clock.
 */
describe('faults on the wire (node:http)', () => {
  it('latency: the answer arrives only after the sampled delay of wall time', async () => {
    await using h = await chaosHarness([rule('latency', { distribution: 'fixed', ms: 500 })]);
    const res = h.call('/v1/things/1');
    await h.applied();
    await h.clock.advance(499);
    expect(await settled(res)).toBe(false);
    await h.clock.advance(1);
    expect((await res).status).toBe(200);
  });

  it("error: the dialect's own body, status and Retry-After", async () => {
    await using h = await chaosHarness([
      rule('error', { status: 503, retryAfter: 7, code: 'SERVICE_UNAVAILABLE' }),
    ]);
    const res = await h.call('/v1/things/1');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it('throttle: a token bucket empties, answers 429 with Retry-After, and refills on wall time', async () => {
    await using h = await chaosHarness([rule('throttle', { rate: 1, burst: 2 })]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.call('/v1/things/1')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const last = await h.call('/v1/things/1');
    expect(last.headers.get('retry-after')).toBe('1');
    await h.clock.advance(1_000);
    expect((await h.call('/v1/things/1')).status).toBe(200);
  });

  it('throttle: a sliding window admits `limit` per window', async () => {
    await using h = await chaosHarness([
      rule('throttle', { algorithm: 'sliding-window', limit: 2, windowMs: 10_000 }),
    ]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.call('/v1/things/1')).status);
    expect(statuses).toEqual([200, 200, 429]);
    await h.clock.advance(10_000);
    expect((await h.call('/v1/things/1')).status).toBe(200);
  });

  it('concurrency: the request over the cap is rejected while another is in flight', async () => {
    await using h = await chaosHarness([
      rule('concurrency', { limit: 1 }),
      rule('latency', { distribution: 'fixed', ms: 1_000 }, { id: 'slow' }),
    ]);
    const first = h.call('/v1/things/1');
    await h.applied(2);
    const second = await h.call('/v1/things/1');
    expect(second.status).toBe(429);
    await h.clock.advance(1_000);
    expect((await first).status).toBe(200);
  });

  it('outage maintenance: 503 with Retry-After = wall seconds left in the window', async () => {
    await using h = await chaosHarness([
      rule('outage', {}, { window: { fromMs: 0, untilMs: 90_000 } }),
    ]);
    await h.clock.advance(30_000);
    const res = await h.call('/v1/things/1');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('60');
    await h.clock.advance(60_000);
    expect((await h.call('/v1/things/1')).status).toBe(200);
  });

  it('outage refuse: the port really closes for the window, then reopens', async () => {
    await using h = await chaosHarness([
      rule('outage', { mode: 'refuse' }, { window: { fromMs: 10_000, untilMs: 20_000 } }),
    ]);
    expect((await h.call('/v1/things/1')).status).toBe(200);
    await h.clock.advance(10_000);
    const refused = await h
      .call('/v1/things/1')
      .catch((e: Error & { cause?: { code?: string } }) => e.cause?.code);
    expect(refused).toBe('ECONNREFUSED');
    await h.clock.advance(10_000);
    expect((await h.call('/v1/things/1')).status).toBe(200);
  });

  it('outage reset: the connection is reset', async () => {
    await using h = await chaosHarness([rule('outage', { mode: 'reset' })]);
    const err = await h
      .call('/v1/things/1')
      .catch((e: Error & { cause?: { code?: string } }) => e.cause?.code);
    expect(err).toBe('ECONNRESET');
  });

  it('outage hang: nothing answers until the client gives up', async () => {
    await using h = await chaosHarness([rule('outage', { mode: 'hang' })]);
    const abort = new AbortController();
    const res = h.call('/v1/things/1', { signal: abort.signal });
    await h.applied();
    expect(await settled(res)).toBe(false);
    abort.abort();
    await expect(res).rejects.toThrow();
  });

  it('timeout: stalls for afterMs, then 504, and the write never happens', async () => {
    await using h = await chaosHarness([rule('timeout', { afterMs: 2_000 })]);
    const res = h.call('/v1/things', { method: 'POST', body: JSON.stringify({ name: 'desk' }) });
    await h.applied();
    await h.clock.advance(1_999);
    expect(await settled(res)).toBe(false);
    await h.clock.advance(1);
    expect((await res).status).toBe(504);
    expect(h.runtime.state.things.size).toBe(1);
  });

  it('lost-response: the write is committed, the client sees a reset', async () => {
    await using h = await chaosHarness([rule('lost-response', {}, { match: { method: 'POST' } })]);
    const err = await h
      .call('/v1/things', { method: 'POST', body: JSON.stringify({ name: 'desk' }) })
      .catch((e: Error & { cause?: { code?: string } }) => e.cause?.code);
    expect(err).toBe('ECONNRESET');
    expect([...h.runtime.state.things.values()].map((t) => t.name)).toContain('desk');
  });

  it('truncate: the body ends early and the client cannot read it', async () => {
    await using h = await chaosHarness([rule('truncate', { bytes: 5 })]);
    const res = await h.call('/v1/things/1');
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('malformed-body: a complete answer whose JSON does not parse', async () => {
    await using h = await chaosHarness([rule('malformed-body')]);
    const res = await h.call('/v1/things/1');
    const text = await res.text();
    expect(text).toContain('<html>');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('slow-body: the body trickles on wall time', async () => {
    await using h = await chaosHarness([rule('slow-body', { chunkBytes: 20, intervalMs: 100 })]);
    const res = await h.call('/v1/things/1');
    const text = res.text();
    expect(await settled(text)).toBe(false);
    await h.clock.advance(1_000);
    expect(JSON.parse(await text)).toMatchObject({ name: 'lamp' });
  });

  it('schema-drift: a renamed and a dropped field in matched responses', async () => {
    await using h = await chaosHarness([
      rule(
        'schema-drift',
        { rename: [{ path: 'name', to: 'title' }], drop: ['createdAt'] },
        { match: { operation: 'things.get' } },
      ),
    ]);
    expect(await (await h.call('/v1/things/1')).json()).toEqual({ id: '1', title: 'lamp' });
    const list = (await (await h.call('/v1/things')).json()) as { items: { name: string }[] };
    expect(list.items[0]!.name).toBe('lamp'); // other operations untouched
  });

  it('stale-read: a GET answers what it answered lagMs ago', async () => {
    await using h = await chaosHarness([rule('stale-read', { lagMs: 60_000 })]);
    const count = async () =>
      ((await (await h.call('/v1/things')).json()) as { items: unknown[] }).items.length;
    expect(await count()).toBe(1);
    await h.call('/v1/things', { method: 'POST', body: JSON.stringify({ name: 'desk' }) });
    await h.clock.advanceScenario(70_000);
    expect(await count()).toBe(1); // the state as of a minute ago
    expect(h.runtime.state.things.size).toBe(2);
  });

  describe('webhooks (real receiver)', () => {
    const create = (h: Awaited<ReturnType<typeof chaosHarness>>, name: string) =>
      h.call('/v1/things', { method: 'POST', body: JSON.stringify({ name }) });

    it('webhook-duplicate: the same event arrives twice', async () => {
      const r = await receiver();
      await using h = await chaosHarness([rule('webhook-duplicate', { copies: 1 })], {
        webhookUrl: r.url,
      });
      await create(h, 'desk');
      await h.runtime.outbox.settled();
      r.close();
      expect(r.bodies).toHaveLength(2);
      expect(r.bodies[0]).toBe(r.bodies[1]);
    });

    it('webhook-drop: the event never arrives and is not retried', async () => {
      const r = await receiver();
      await using h = await chaosHarness([rule('webhook-drop')], { webhookUrl: r.url });
      await create(h, 'desk');
      await h.clock.advanceScenario(86_400_000);
      r.close();
      expect(r.bodies).toHaveLength(0);
      expect(h.journal.query({ type: 'webhook:dropped' })).toHaveLength(1);
    });

    it('webhook-delay: the event arrives after delayMs of scenario time', async () => {
      const r = await receiver();
      await using h = await chaosHarness([rule('webhook-delay', { delayMs: 30_000 })], {
        webhookUrl: r.url,
      });
      await create(h, 'desk');
      await h.clock.advanceScenario(29_000);
      expect(r.bodies).toHaveLength(0);
      await h.clock.advanceScenario(1_000);
      await h.runtime.outbox.settled();
      r.close();
      expect(r.bodies).toHaveLength(1);
    });

    it('webhook-reorder: a held-back event is overtaken by a later one', async () => {
      const r = await receiver();
      await using h = await chaosHarness(
        [
          rule(
            'webhook-reorder',
            { maxDelayMs: 60_000 },
            { match: { topic: 'thing.created' }, frequency: { kind: 'firstAttempts', n: 1 } },
          ),
        ],
        { webhookUrl: r.url },
      );
      await create(h, 'first');
      h.engine.remove('webhook-reorder-1');
      await create(h, 'second');
      await h.runtime.outbox.settled();
      await h.clock.advanceScenario(60_000);
      await h.runtime.outbox.settled();
      r.close();
      expect(r.bodies.map((b) => (JSON.parse(b) as { name: string }).name)).toEqual([
        'second',
        'first',
      ]);
    });
  });

  it('store-offline: the switch flips on at the window start and off at its end', async () => {
    await using h = await chaosHarness([
      rule('store-offline', {}, { window: { fromMs: 10_000, untilMs: 30_000 } }),
    ]);
    expect(h.runtime.state.offline).toBe(false);
    await h.clock.advanceScenario(15_000);
    expect(h.runtime.state.offline).toBe(true);
    await h.clock.advanceScenario(15_000);
    expect(h.runtime.state.offline).toBe(false);
  });

  it('journals every applied fault with its id, logical key and attempt', async () => {
    await using h = await chaosHarness([
      rule('error', { status: 500 }, { frequency: { kind: 'firstAttempts', n: 2 } }),
    ]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.call('/v1/things/1')).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(
      h.journal.query({ type: 'fault:applied' }).map((e) => [e.fault, e.key, e.attempt]),
    ).toEqual([
      ['error-1', 'things.get:GET /v1/things/1', 0],
      ['error-1', 'things.get:GET /v1/things/1', 1],
    ]);
    expect(h.journal.query({ type: 'http:exchange' }).map((e) => e.faults)).toEqual([
      ['error-1'],
      ['error-1'],
      undefined,
    ]);
  });
});
