import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.js';
import { ControlPlane } from './control-plane.js';
import { Journal } from './journal.js';
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
      req('POST', '/_omnichaos/reset', { headers: { cookie: `theme=dark; ${pair}` } }),
    );
    expect(later.status).toBe(200);
    expect(later.headers?.['set-cookie']).toBeUndefined();
  });

  it('never accepts the query token on a write, nor a wrong cookie', async () => {
    const cp = plane('s3cret');
    const viaQuery = await cp.handle(
      req('POST', '/_omnichaos/reset', { query: { token: 's3cret' } }),
    );
    expect(viaQuery.status).toBe(401);
    const badCookie = { headers: { cookie: 'omnichaos_token=other' } };
    expect((await cp.handle(req('GET', '/_omnichaos/health', badCookie))).status).toBe(401);
    const broken = { headers: { cookie: 'omnichaos_token=%E0%A4%A' } };
    expect((await cp.handle(req('GET', '/_omnichaos/health', broken))).status).toBe(401);
  });
});
