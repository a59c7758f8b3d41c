import type { OrderRec, OrderStatus } from './state.js';
import { invalid } from './errors.js';
import { dateParam, intParam, listParam, oneParam } from './query.js';

/**
 * getOrders' filter rules (docs/dialects/marketplace.md) and keyset paging. The NextToken carries the whole
 * filter (SP-API: "NextToken doesn't affect any filters … only pagination") plus the last
 * (date, seq) returned, so orders that arrive or change between pages neither shift nor repeat.
 */
export const ORDER_STATUSES = [
  'PendingAvailability',
  'Pending',
  'Unshipped',
  'PartiallyShipped',
  'Shipped',
  'InvoiceUnconfirmed',
  'Canceled',
  'Unfulfillable',
] as const;

const TWO_MINUTES_MS = 120_000;

export interface OrderFilter {
  /** Which date the window applies to. */
  by: 'created' | 'updated';
  afterMs: number;
  beforeMs: number;
  statuses?: string[];
  ids?: string[];
  max: number;
  /** Keyset cursor: the last (date, seq) already returned. */
  last?: [number, number];
}

function encodeToken(f: OrderFilter): string {
  return Buffer.from(JSON.stringify(f), 'utf8').toString('base64');
}

function stringsOrAbsent(v: unknown): boolean {
  return v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
}

function decodeToken(token: string): OrderFilter {
  try {
    const f = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as OrderFilter;
    const ok =
      (f.by === 'created' || f.by === 'updated') &&
      Number.isFinite(f.afterMs) &&
      Number.isFinite(f.beforeMs) &&
      Number.isInteger(f.max) &&
      Array.isArray(f.last) &&
      f.last.length === 2 &&
      f.last.every((n) => Number.isFinite(n)) &&
      stringsOrAbsent(f.statuses) &&
      stringsOrAbsent(f.ids);
    if (ok) return f;
  } catch {
    // fall through to the vendor's 400
  }
  return invalid('Invalid NextToken.', 'NextToken');
}

/**
 * Read getOrders' query into a filter, enforcing SP-API's combination rules.
 *
 * @example parseOrderFilter('MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2026-11-27T00:00:00Z', now)
 */
export function parseOrderFilter(
  rawQuery: string,
  nowMs: number,
  settleMs = TWO_MINUTES_MS,
): OrderFilter {
  const token = oneParam(rawQuery, 'NextToken');
  if (token !== undefined) return decodeToken(token);
  const q = (n: string) => oneParam(rawQuery, n);
  const createdAfter = dateParam(q('CreatedAfter'), 'CreatedAfter');
  const createdBefore = dateParam(q('CreatedBefore'), 'CreatedBefore');
  const updatedAfter = dateParam(q('LastUpdatedAfter'), 'LastUpdatedAfter');
  const updatedBefore = dateParam(q('LastUpdatedBefore'), 'LastUpdatedBefore');
  const created = createdAfter !== undefined || createdBefore !== undefined;
  const updated = updatedAfter !== undefined || updatedBefore !== undefined;
  if (created && updated)
    invalid(
      'LastUpdatedAfter and LastUpdatedBefore cannot be used with CreatedAfter or CreatedBefore.',
    );
  const after = created ? createdAfter : updatedAfter;
  const before = created ? createdBefore : updatedBefore;
  const names = created
    ? ['CreatedAfter', 'CreatedBefore']
    : ['LastUpdatedAfter', 'LastUpdatedBefore'];
  if (after === undefined)
    invalid('Either CreatedAfter or LastUpdatedAfter must be specified.', names[0]);
  if (before !== undefined) {
    if (before < after) invalid(`${names[1]} must be later than ${names[0]}.`, names[1]);
    if (before > nowMs - TWO_MINUTES_MS)
      invalid(`${names[1]} must be at least 2 minutes before the time of the request.`, names[1]);
  }
  const statuses = listParam(rawQuery, 'OrderStatuses');
  for (const s of statuses ?? [])
    if (!(ORDER_STATUSES as readonly string[]).includes(s))
      invalid(`Invalid OrderStatuses value: ${s.slice(0, 64)}.`, 'OrderStatuses');
  const ids = listParam(rawQuery, 'AmazonOrderIds');
  if (ids && ids.length > 50) invalid('AmazonOrderIds can hold at most 50 ids.', 'AmazonOrderIds');
  return {
    by: created ? 'created' : 'updated',
    afterMs: after,
    // Unsettled data (younger than settleMs) is not served: the window ends where it settles.
    beforeMs: Math.min(before ?? nowMs, nowMs - settleMs),
    statuses: statuses && statuses.length > 0 ? statuses : undefined,
    ids: ids && ids.length > 0 ? ids : undefined,
    max: intParam(q('MaxResultsPerPage'), 'MaxResultsPerPage', 1, 100) ?? 100,
  };
}

function keyOf(f: OrderFilter, o: OrderRec): [number, number] {
  return [f.by === 'created' ? o.purchaseMs : o.updatedMs, o.seq];
}

function afterKey(k: [number, number], last: [number, number] | undefined): boolean {
  return !last || k[0] > last[0] || (k[0] === last[0] && k[1] > last[1]);
}

/**
 * One page of matching orders, oldest first, and the token for the next page if any.
 *
 * @example searchOrders(state.orders.values(), filter) // { orders, nextToken }
 */
export function searchOrders(
  all: Iterable<OrderRec>,
  f: OrderFilter,
): { orders: OrderRec[]; nextToken?: string } {
  const matching = [...all]
    .filter((o) => {
      const [at] = keyOf(f, o);
      if (at < f.afterMs || at > f.beforeMs) return false;
      if (f.statuses && !f.statuses.includes(o.status as OrderStatus)) return false;
      if (f.ids && !f.ids.includes(o.id)) return false;
      return afterKey(keyOf(f, o), f.last);
    })
    .sort((a, b) => {
      const [ka, kb] = [keyOf(f, a), keyOf(f, b)];
      return ka[0] - kb[0] || ka[1] - kb[1];
    });
  const orders = matching.slice(0, f.max);
  if (matching.length <= f.max) return { orders };
  return { orders, nextToken: encodeToken({ ...f, last: keyOf(f, orders.at(-1)!) }) };
}
