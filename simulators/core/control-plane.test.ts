import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.js';
import { ControlPlane } from './control-plane.js';
import { Journal } from '../../journal/journal.js';
import type { SimRequest } from './types.js';

function plane(token?: string): ControlPlane {
  const journal = new Journal({ clock: new VirtualClock({ startMs: Date.UTC(2026, 10, 27) }) });
  return new ControlPlane(
    {
      health: () => ({ systems: 4 }),
      world: () => ({ seed: 1, size: {}, digest: 'd' }),
      endpoints: () => ({}),
      reset: () => undefined,
      journal,
    },
    token,
  );
}

function req(
  method: string,
  path: string,
  extra: { query?: Record<string, string>; headers?: Record<string, string> } = {},
): SimRequest {
  return {
    method,
    path,
    query: extra.query ?? {},
    rawQuery: new URLSearchParams(extra.query).toString(),
    headers: extra.headers ?? {},
    rawBody: '',
  };
}

describe('ControlPlane token', () => {
  it('is open without a token', async () => {
    const res = await plane().handle(req('GET', '/_omnichaos/health'));
    expect(res.status).toBe(200);
    expect(res.headers?.['set-cookie']).toBeUndefined();
  });

  it('takes the token as a bearer header or x-omnichaos-token, and refuses without it', async () => {
    const cp = plane('s3cret');
    expect((await cp.handle(req('GET', '/_omnichaos/health'))).status).toBe(401);
    const wrong = { headers: { authorization: 'Bearer nope' } };
    expect((await cp.handle(req('GET', '/_omnichaos/health', wrong))).status).toBe(401);
    const bearer = { headers: { authorization: 'Bearer s3cret' } };
    expect((await cp.handle(req('GET', '/_omnichaos/health', bearer))).status).toBe(200);
    const custom = { headers: { 'x-omnichaos-token': 's3cret' } };
    expect((await cp.handle(req('GET', '/_omnichaos/health', custom))).status).toBe(200);
  });

  it('lets a browser in: ?token= on a GET sets an HttpOnly cookie that later requests carry', async () => {
    const cp = plane('a b;c');
    const first = await cp.handle(req('GET', '/_omnichaos/health', { query: { token: 'a b;c' } }));
    expect(first.status).toBe(200);
    const cookie = first.headers?.['set-cookie'] ?? '';
    expect(cookie).toMatch(
      /^omnichaos_token=a%20b%3Bc; Path=\/_omnichaos; HttpOnly; SameSite=Strict$/,
    );

    const pair = cookie.split(';')[0]!;
    const later = await cp.handle(
      req('GET', '/_omnichaos/health', { headers: { cookie: `theme=dark; ${pair}` } }),
    );
    expect(later.status).toBe(200);
    expect(later.headers?.['set-cookie']).toBeUndefined();
  });

  it('never lets the cookie alone write: the page must send its CSRF token too', async () => {
    const cp = plane('s3cret');
    const json = { 'content-type': 'application/json' };
    const cookie = 'omnichaos_token=s3cret';
    const alone = await cp.handle(
      req('POST', '/_omnichaos/reset', { headers: { ...json, cookie } }),
    );
    expect(alone.status).toBe(401);
    const wrong = { ...json, cookie, 'x-omnichaos-csrf': 'guess' };
    expect((await cp.handle(req('POST', '/_omnichaos/reset', { headers: wrong }))).status).toBe(
      401,
    );
    const csrfOnly = { ...json, 'x-omnichaos-csrf': cp.csrfToken };
    expect((await cp.handle(req('POST', '/_omnichaos/reset', { headers: csrfOnly }))).status).toBe(
      401,
    );
    const both = { ...json, cookie, 'x-omnichaos-csrf': cp.csrfToken };
    expect((await cp.handle(req('POST', '/_omnichaos/reset', { headers: both }))).status).toBe(200);
    const bearer = { ...json, authorization: 'Bearer s3cret' };
    expect((await cp.handle(req('POST', '/_omnichaos/reset', { headers: bearer }))).status).toBe(
      200,
    );
  });

  it('never accepts the query token on a write, nor a wrong cookie', async () => {
    const cp = plane('s3cret');
    const viaQuery = await cp.handle(
      req('POST', '/_omnichaos/reset', {
        query: { token: 's3cret' },
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(viaQuery.status).toBe(401);
    const badCookie = { headers: { cookie: 'omnichaos_token=other' } };
    expect((await cp.handle(req('GET', '/_omnichaos/health', badCookie))).status).toBe(401);
    const broken = { headers: { cookie: 'omnichaos_token=%E0%A4%A' } };
    expect((await cp.handle(req('GET', '/_omnichaos/health', broken))).status).toBe(401);
  });
});

describe('ControlPlane requests from browsers and rebound names', () => {
  const json = { 'content-type': 'application/json' };

  it('answers 421 to a Host that is not its own, before any route or token', async () => {
    for (const token of [undefined, 's3cret']) {
      const cp = plane(token);
      cp.listeningOn('127.0.0.1', 4100);
      const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      for (const host of ['evil.example', 'evil.example:4100', '127.0.0.1:4999', 'localhost']) {
        const res = await cp.handle(
          req('GET', '/_omnichaos/endpoints', { headers: { host, ...auth } }),
        );
        expect(res.status, host).toBe(421);
        expect(JSON.stringify(res.body)).toContain('not this control plane');
      }
      for (const host of ['127.0.0.1:4100', 'localhost:4100', 'LOCALHOST:4100', '[::1]:4100']) {
        const res = await cp.handle(
          req('GET', '/_omnichaos/endpoints', { headers: { host, ...auth } }),
        );
        expect(res.status, host).toBe(200);
      }
    }
  });

  it('takes extra names from its allow-list, with or without a port', async () => {
    const journal = new Journal({ clock: new VirtualClock({ startMs: 0 }) });
    const cp = new ControlPlane(
      {
        health: () => ({}),
        world: () => ({ seed: 1, size: {}, digest: 'd' }),
        endpoints: () => ({}),
        reset: () => undefined,
        journal,
      },
      { allowHosts: ['omnichaos', 'proxy.test:8080'] },
    );
    cp.listeningOn('0.0.0.0', 4000);
    const status = async (host: string) =>
      (await cp.handle(req('GET', '/_omnichaos/health', { headers: { host } }))).status;
    expect(await status('omnichaos:4000')).toBe(200);
    expect(await status('omnichaos:9')).toBe(200);
    expect(await status('proxy.test:8080')).toBe(200);
    expect(await status('proxy.test:8081')).toBe(421);
    expect(await status('0.0.0.0:4000')).toBe(200);
    expect(await status('ci-box:4000')).toBe(421);
    expect(await status('127.0.0.1:4000')).toBe(200);
  });

  it('refuses a foreign Origin and a cross-site fetch on every method', async () => {
    const cp = plane();
    cp.listeningOn('127.0.0.1', 4100);
    const host = '127.0.0.1:4100';
    for (const origin of ['http://127.0.0.1:5555', 'http://evil.example', 'null']) {
      const read = await cp.handle(req('GET', '/_omnichaos/health', { headers: { host, origin } }));
      expect(read.status, origin).toBe(403);
      const write = await cp.handle(
        req('POST', '/_omnichaos/reset', { headers: { host, origin, ...json } }),
      );
      expect(write.status, origin).toBe(403);
    }
    const own = { host, origin: 'http://127.0.0.1:4100', ...json };
    expect((await cp.handle(req('POST', '/_omnichaos/reset', { headers: own }))).status).toBe(200);
    for (const site of ['same-site', 'cross-site']) {
      const res = await cp.handle(
        req('POST', '/_omnichaos/reset', { headers: { host, 'sec-fetch-site': site, ...json } }),
      );
      expect(res.status, site).toBe(403);
    }
  });

  it('takes writes only as application/json, whatever the body', async () => {
    const cp = plane();
    for (const type of [
      undefined,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      const res = await cp.handle(req('POST', '/_omnichaos/reset', { headers }));
      expect(res.status, type).toBe(415);
      const del = await cp.handle(req('DELETE', '/_omnichaos/reset', { headers }));
      expect(del.status, type).toBe(415);
    }
    const ok = { 'content-type': 'Application/JSON; charset=utf-8' };
    expect((await cp.handle(req('POST', '/_omnichaos/reset', { headers: ok }))).status).toBe(200);
  });

  it('answers 413 naming the cap for a body over it', async () => {
    const cp = plane();
    const big = req('POST', '/_omnichaos/reset', { headers: json });
    big.bodyTooLarge = true;
    big.bodyLimitBytes = 5 * 1024 * 1024;
    const res = await cp.handle(big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ limitBytes: 5242880 });
    expect(JSON.stringify(res.body)).toContain('5 MiB');
  });

  it('never echoes an internal error: a generic 500 with an id, the message to the journal', async () => {
    const journal = new Journal({ clock: new VirtualClock({ startMs: 0 }) });
    const cp = new ControlPlane({
      health: () => ({}),
      world: () => ({ seed: 1, size: {}, digest: 'd' }),
      endpoints: () => ({}),
      reset: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
      journal,
    });
    const res = await cp.handle(req('POST', '/_omnichaos/reset', { headers: json }));
    expect(res.status).toBe(500);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('Maximum call stack');
    expect(text).not.toContain('RangeError');
    const [logged] = journal.query({ type: 'control:error' });
    expect(logged).toMatchObject({
      route: 'POST /_omnichaos/reset',
      error: 'RangeError: Maximum call stack size exceeded',
    });
    expect(res.body).toMatchObject({ id: `control-error-${logged!.seq}` });
  });

  it('sends the security headers on every answer, refusals included', async () => {
    const cp = plane('s3cret');
    for (const res of [
      await cp.handle(req('GET', '/_omnichaos/health')),
      await cp.handle(
        req('GET', '/_omnichaos/health', { headers: { authorization: 'Bearer s3cret' } }),
      ),
    ]) {
      expect(res.headers?.['x-content-type-options']).toBe('nosniff');
      expect(res.headers?.['x-frame-options']).toBe('DENY');
      const csp = res.headers?.['content-security-policy'] ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
    }
  });
});
