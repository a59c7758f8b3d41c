import { fail } from './errors.js';
import type { Link } from './wire.js';

/**
 * NetSuite collection paging (docs/dialects/erp.md): `?limit=&offset=`, default and maximum
 * limit 1000, answered as `{ links, count, hasMore, items, offset, totalResults }`.
 */
export interface Paging {
  limit: number;
  offset: number;
}

const MAX_LIMIT = 1000;

function intParam(
  query: Record<string, string>,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
    // GUESS: code of NetSuite's bad-paging error.
    fail(
      400,
      `Invalid query parameter value: ${name}. Expected an integer from ${min} to ${max}.`,
      {
        code: 'INVALID_PARAMETER',
        queryParam: name,
      },
    );
  }
  return n;
}

/**
 * @example readPaging({ limit: '2', offset: '4' }) // { limit: 2, offset: 4 }
 */
export function readPaging(query: Record<string, string>): Paging {
  return {
    limit: intParam(query, 'limit', 1, MAX_LIMIT, MAX_LIMIT),
    offset: intParam(query, 'offset', 0, Number.MAX_SAFE_INTEGER, 0),
  };
}

/**
 * One page of a collection. `hrefFor(limit, offset)` builds the URL of a page, so links carry
 * the same filters as the request.
 *
 * @example collectionPage(rows, { limit: 2, offset: 0 }, (l, o) => `${url}?limit=${l}&offset=${o}`)
 */
export function collectionPage<T>(
  all: readonly T[],
  paging: Paging,
  hrefFor: (limit: number, offset: number) => string,
  render: (item: T) => unknown,
): Record<string, unknown> {
  const { limit, offset } = paging;
  const items = all.slice(offset, offset + limit).map(render);
  const total = all.length;
  const hasMore = offset + items.length < total;
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links: Link[] = [];
  if (offset > 0) {
    links.push({ rel: 'previous', href: hrefFor(limit, Math.max(0, offset - limit)) });
    links.push({ rel: 'first', href: hrefFor(limit, 0) });
  }
  if (hasMore) {
    links.push({ rel: 'next', href: hrefFor(limit, offset + limit) });
    links.push({ rel: 'last', href: hrefFor(limit, lastOffset) });
  }
  links.push({ rel: 'self', href: hrefFor(limit, offset) });
  return { links, count: items.length, hasMore, items, offset, totalResults: total };
}
