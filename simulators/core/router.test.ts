import { describe, expect, it } from 'vitest';
import { Router } from './router.js';

const routes = [
  { method: 'GET', pattern: '/record/v1/salesOrder/:id', name: 'get' },
  { method: 'PATCH', pattern: '/record/v1/salesOrder/:id', name: 'patch' },
  { method: 'GET', pattern: '/record/v1/salesOrder', name: 'list' },
  { method: 'POST', pattern: '/uploads/*', name: 'upload' },
];

describe('Router', () => {
  const router = new Router(routes);

  it('matches literal and parameter segments, decoding parameters', () => {
    const m = router.match('GET', '/record/v1/salesOrder/eid%3AA-1');
    expect(m).toMatchObject({ kind: 'match', route: { name: 'get' }, params: { id: 'eid:A-1' } });
  });

  it('tells a wrong method apart from an unknown path', () => {
    expect(router.match('DELETE', '/record/v1/salesOrder/1')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['GET', 'PATCH'],
    });
    expect(router.match('GET', '/record/v1/nothing')).toEqual({ kind: 'none' });
  });

  it('captures the rest of the path for a trailing *', () => {
    expect(router.match('POST', '/uploads/a/b%20c')).toMatchObject({ params: { '*': 'a/b c' } });
  });

  it('leaves malformed escapes raw instead of throwing', () => {
    expect(router.match('GET', '/record/v1/salesOrder/%E0%A4%A')).toMatchObject({
      params: { id: '%E0%A4%A' },
    });
  });

  it('refuses duplicate routes at construction', () => {
    expect(
      () =>
        new Router([
          ...routes,
          { method: 'GET', pattern: '/record/v1/salesOrder/:other', name: 'dup' },
        ]),
    ).toThrow('duplicate route');
  });
});
