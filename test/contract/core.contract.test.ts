import { expect, it } from 'vitest';
import { KV_TOKEN } from '../../simulators/kv/index.js';
import { describeOnEveryTransport } from '../support/transports.js';
import { makeKvRuntime } from '../support/kv-runtime.js';

const auth = { authorization: `Bearer ${KV_TOKEN}` };

describeOnEveryTransport(
  'simulator core contract',
  () => makeKvRuntime().runtime,
  (served) => {
    const call = (path: string, init: RequestInit = {}) =>
      fetch(served().baseUrl + path, {
        ...init,
        headers: { ...auth, ...(init.headers as Record<string, string>) },
      });

    it('rejects a missing token with the dialect 401 shape', async () => {
      const res = await fetch(served().baseUrl + '/v1/things');
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: 'UNAUTHORIZED', message: 'Missing or bad token.' },
      });
    });

    it('creates, reads back and lists a record', async () => {
      const created = await call('/v1/things', {
        method: 'POST',
        body: JSON.stringify({ name: 'lamp' }),
        headers: { 'content-type': 'application/json' },
      });
      expect(created.status).toBe(201);
      const thing = (await created.json()) as { id: string; name: string };
      expect(created.headers.get('location')).toBe(`/v1/things/${thing.id}`);
      const read = await call(`/v1/things/${thing.id}`);
      expect(await read.json()).toMatchObject({
        id: thing.id,
        name: 'lamp',
        createdAt: '2026-11-27T00:00:00.000Z',
      });
      const list = (await (await call('/v1/things')).json()) as { items: unknown[] };
      expect(list.items).toContainEqual(expect.objectContaining({ name: 'lamp' }));
    });

    it('answers malformed JSON with the dialect 400, not a 500', async () => {
      const res = await call('/v1/things', {
        method: 'POST',
        body: '{"name": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'INVALID_JSON' } });
    });

    it('answers a bad field with the dialect validation error', async () => {
      const res = await call('/v1/things', { method: 'POST', body: JSON.stringify({ name: 7 }) });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'INVALID_VALUE' } });
    });

    it('answers unknown paths 404 and wrong methods 405 in the dialect shape', async () => {
      const missing = await call('/v1/nothing-here');
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: 'HTTP_404' } });
      const wrong = await call('/v1/things', { method: 'PUT', body: '{}' });
      expect(wrong.status).toBe(405);
    });

    it('turns a handler bug into the dialect 500 and journals it as sim:crashed', async () => {
      const res = await call('/v1/crash');
      expect(res.status).toBe(500);
      expect(served().runtime.journal.query({ type: 'sim:crashed' })).toHaveLength(1);
    });

    it('journals every exchange with operation, status, logical key and attempt', async () => {
      await call('/v1/things/404-a');
      await call('/v1/things/404-a');
      const lines = served()
        .runtime.journal.query({ type: 'http:exchange' })
        .filter((e) => e.path === '/v1/things/404-a');
      expect(lines.map((e) => [e.op, e.status, e.attempt])).toEqual([
        ['things.get', 404, 0],
        ['things.get', 404, 1],
      ]);
      expect(lines[0]!.key).toBe('things.get:GET /v1/things/404-a');
    });

    it('serves the control plane on the simulator port', async () => {
      const res = await fetch(served().baseUrl + '/_omnichaos/health');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok' });
    });

    it('realises a reset as a network error', async () => {
      await expect(call('/v1/outcomes/reset')).rejects.toThrow();
    });

    it('realises a truncated body that the client cannot parse', async () => {
      const res = await call('/v1/outcomes/truncate').catch((err: unknown) => err);
      if (res instanceof Response) await expect(res.json()).rejects.toThrow();
      else expect(res).toBeInstanceOf(Error);
    });

    it('delivers a dripped body whole', async () => {
      const res = await call('/v1/outcomes/drip');
      expect(((await res.json()) as { message: string }).message).toHaveLength(100);
    });

    it('queues a webhook for each create', async () => {
      const before = served().runtime.journal.query({ type: 'webhook:attempt' }).length;
      await call('/v1/things', { method: 'POST', body: JSON.stringify({ name: 'desk' }) });
      await served().runtime.outbox.settled();
      expect(served().runtime.journal.query({ type: 'webhook:attempt' }).length).toBe(before + 1);
    });
  },
);
