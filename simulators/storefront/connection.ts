import { GraphQLError } from 'graphql';

/**
 * Cursor pagination (https://shopify.dev/docs/api/usage/pagination-graphql): `first`/`after`
 * forward, `last`/`before` backward, `reverse` flips the order, at most 250 a page, and one of
 * `first` or `last` is required. Cursors are opaque: here base64 of `{ last_id, last_value }`
 * (the shape Shopify's own cursors decode to), so a page boundary holds while records change.
 */
export const MAX_PAGE = 250;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

type Key = [number | string, number];

function encode(key: Key): string {
  return Buffer.from(JSON.stringify({ last_id: key[1], last_value: key[0] })).toString('base64');
}

function decode(cursor: string): Key {
  try {
    const raw = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as {
      last_id?: unknown;
      last_value?: unknown;
    };
    if (
      typeof raw.last_id === 'number' &&
      (typeof raw.last_value === 'number' || typeof raw.last_value === 'string')
    )
      return [raw.last_value, raw.last_id];
  } catch {
    // fall through
  }
  // GUESS: Shopify's message for a cursor it cannot read.
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, {
    extensions: { code: 'BAD_REQUEST' },
  });
}

function cmp(a: Key, b: Key): number {
  if (a[0] < b[0]) return -1;
  if (a[0] > b[0]) return 1;
  return a[1] - b[1];
}

/**
 * One page of `items` sorted by `keyOf` ascending (then reversed if asked).
 *
 * @example paginate(orders, (o) => [o.createdMs, o.id], { first: 50 })
 */
export function paginate<T, V>(
  items: readonly T[],
  keyOf: (item: T) => Key,
  args: PageArgs,
  view: (item: T) => V,
): Connection<V> {
  const { first, last, after, before } = args;
  if ((first === null || first === undefined) && (last === null || last === undefined))
    throw new GraphQLError('you must provide one of first or last', {
      extensions: { code: 'BAD_REQUEST' },
    });
  for (const [name, n] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (n !== null && n !== undefined && (n < 0 || n > MAX_PAGE))
      // GUESS: the wording; the 250 ceiling is Shopify's.
      throw new GraphQLError(`The ${name} argument must be between 0 and ${MAX_PAGE}.`, {
        extensions: { code: 'BAD_REQUEST' },
      });
  }
  const dir = args.reverse ? -1 : 1;
  const keyed = items.map((item) => ({ item, key: keyOf(item) }));
  keyed.sort((a, b) => dir * cmp(a.key, b.key));
  let lo = 0;
  let hi = keyed.length;
  if (after) {
    const k = decode(after);
    while (lo < hi && dir * cmp(keyed[lo]!.key, k) <= 0) lo++;
  }
  if (before) {
    const k = decode(before);
    while (hi > lo && dir * cmp(keyed[hi - 1]!.key, k) >= 0) hi--;
  }
  let from = lo;
  let to = hi;
  if (first !== null && first !== undefined) to = Math.min(to, from + first);
  if (last !== null && last !== undefined) from = Math.max(from, to - last);
  const page = keyed.slice(from, to);
  const edges = page.map((k) => ({ cursor: encode(k.key), node: view(k.item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: to < keyed.length,
      hasPreviousPage: from > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
