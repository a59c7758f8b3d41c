import type { RouteContext } from '../core/define-simulator.js';
import { hash53 } from '../../world/rng.js';
import { cursorNum, decodeCursor, encodeCursor } from './cursor.js';
import { fail } from './errors.js';
import type { PaymentRec, PosState, RefundRec } from './state.js';
import { time } from './validate.js';
import { paymentWire, refundWire } from './wire-payments.js';

/**
 * ListPayments (`GET /v2/payments`) and ListPaymentRefunds (`GET /v2/refunds`), the
 * reconciliation reads. Query parameters as the SDK's ListPaymentsRequest / ListRefundsRequest
 * document them: `begin_time` (default now − 1 year) and `end_time` (default now) on
 * `created_at`, inclusive; `updated_at_begin_time` / `updated_at_end_time`; `sort_order` DESC by
 * default; `sort_field` CREATED_AT (or UPDATED_AT); `limit` default and max 100 (a larger value
 * gives the default); ListPayments is limited to `location_id`, by default the main location;
 * ListPaymentRefunds covers all locations by default and filters `status` and `source_type`.
 * Cursors are keyset (sort value, id) and only good for the query that made them.
 */
type Ctx = RouteContext<PosState>;
const YEAR_MS = 365 * 24 * 3600 * 1000;

interface Listed {
  id: string;
  createdAt: number;
  updatedAt: number;
  locationId: string;
  hidden: boolean;
}

function page<T extends Listed>(
  ctx: Ctx,
  kind: string,
  all: Iterable<T>,
  extra: (x: T) => boolean,
) {
  const q = ctx.req.query;
  const now = ctx.clock.now();
  const at = (name: string) => (q[name] === undefined ? undefined : time(q[name], name));
  const begin = at('begin_time') ?? now - YEAR_MS;
  const end = at('end_time') ?? now;
  const updBegin = at('updated_at_begin_time');
  const updEnd = at('updated_at_end_time');
  const order = q.sort_order ?? 'DESC';
  if (order !== 'ASC' && order !== 'DESC')
    fail(400, 'INVALID_SORT_ORDER', 'sort_order must be ASC or DESC.', 'sort_order');
  const field = q.sort_field ?? 'CREATED_AT';
  if (field !== 'CREATED_AT' && field !== 'UPDATED_AT')
    fail(400, 'INVALID_ENUM_VALUE', 'Expected one of CREATED_AT, UPDATED_AT.', 'sort_field');
  let limit = 100;
  if (q.limit !== undefined) {
    const n = Number(q.limit);
    if (!/^\d{1,9}$/.test(q.limit))
      fail(400, 'EXPECTED_INTEGER', 'Expected an integer value.', 'limit');
    // GUESS: 0 is refused; above 100 the default is used, as documented.
    if (n < 1) fail(400, 'VALUE_TOO_LOW', 'Must be greater than or equal to 1.', 'limit');
    limit = n > 100 ? 100 : n;
  }
  const { cursor, ...rest } = q;
  const queryHash = hash53(JSON.stringify(Object.entries(rest).sort()));
  const c = cursor === undefined ? undefined : decodeCursor(cursor, kind);
  if (c && c.q !== queryHash)
    fail(400, 'INVALID_CURSOR', 'The cursor was issued for a different query.', 'cursor');
  const after = c && { v: cursorNum(c, 'v'), i: String(c.i) };
  const dir = order === 'DESC' ? -1 : 1;
  const key = (x: T) => (field === 'UPDATED_AT' ? x.updatedAt : x.createdAt);
  const cmp = (a: number, ai: string, b: number, bi: string) =>
    dir * (a - b || (ai < bi ? -1 : ai > bi ? 1 : 0));
  const found: T[] = [];
  for (const x of all) {
    if (x.hidden || x.createdAt < begin || x.createdAt > end) continue;
    if (updBegin !== undefined && x.updatedAt < updBegin) continue;
    if (updEnd !== undefined && x.updatedAt > updEnd) continue;
    if (!extra(x)) continue;
    if (after && cmp(key(x), x.id, after.v, after.i) <= 0) continue;
    found.push(x);
  }
  found.sort((a, b) => cmp(key(a), a.id, key(b), b.id));
  const out = found.slice(0, limit);
  const last = out.at(-1);
  const next =
    found.length > limit && last
      ? encodeCursor(kind, { q: queryHash, v: key(last), i: last.id })
      : undefined;
  return { out, next };
}

export function listPayments(ctx: Ctx) {
  const q = ctx.req.query;
  const location = q.location_id ?? ctx.state.stores[0]?.squareId;
  const total = q.total === undefined ? undefined : Number(q.total);
  if (q.total !== undefined && !/^\d{1,15}$/.test(q.total))
    fail(400, 'EXPECTED_INTEGER', 'Expected an integer value.', 'total');
  const brand = q.card_brand;
  const last4 = q.last_4;
  const { out, next } = page<PaymentRec>(ctx, 'payments', ctx.state.payments.values(), (p) => {
    if (p.locationId !== location) return false;
    if (total !== undefined && p.amountCents + p.tipCents !== total) return false;
    if ((brand !== undefined || last4 !== undefined) && p.sourceType !== 'CARD') return false;
    if (brand !== undefined && brand !== 'VISA') return false;
    if (last4 !== undefined && last4 !== '1111') return false;
    return true;
  });
  return {
    status: 200,
    body: {
      ...(out.length ? { payments: out.map(paymentWire) } : {}),
      ...(next ? { cursor: next } : {}),
    },
  };
}

export function listRefunds(ctx: Ctx) {
  const q = ctx.req.query;
  const { out, next } = page<RefundRec>(ctx, 'refunds', ctx.state.refunds.values(), (r) => {
    if (q.location_id !== undefined && r.locationId !== q.location_id) return false;
    if (q.status !== undefined && r.status !== q.status) return false;
    if (
      q.source_type !== undefined &&
      ctx.state.payments.get(r.paymentId)?.sourceType !== q.source_type
    )
      return false;
    return true;
  });
  return {
    status: 200,
    body: {
      ...(out.length ? { refunds: out.map(refundWire) } : {}),
      ...(next ? { cursor: next } : {}),
    },
  };
}
