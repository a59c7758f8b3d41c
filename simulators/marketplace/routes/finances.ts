import { route, type RouteContext } from '../../core/define-simulator.js';
import { fail, invalid } from '../errors.js';
import { accountTailFor, type FinanceEventRec } from '../finances.js';
import { dateParam, intParam, oneParam } from '../query.js';
import type { MarketplaceState } from '../state.js';
import { financialEventsWire, groupWire } from '../wire-finances.js';

/**
 * Finances v0 (docs/dialects/marketplace.md#finances; selling-partner-api-models
 * financesV0.json): listFinancialEventGroups, listFinancialEventsByGroupId,
 * listFinancialEventsByOrderId, listFinancialEvents. Bodies are wrapped in `{ payload }`.
 *
 * Date rules from the model: a `…After` date must be more than two minutes before the request;
 * a `…Before` date must be later than the `…After` date and more than two minutes before the
 * request; `PostedBefore` needs `PostedAfter` and defaults to two minutes before the request;
 * dates more than 180 days apart give an empty answer. Breaking a rule is a 400 `InvalidInput`
 * with the model's sandbox message "Date range is invalid." (GUESS: one message for every date
 * rule; `details` names the parameter). `MaxResultsPerPage` is 1..100.
 */
type Ctx = RouteContext<MarketplaceState>;

const TWO_MINUTES_MS = 120_000;
const DAYS_180_MS = 180 * 86_400_000;
const ORDER_ID = /^\d{3}-\d{7}-\d{7}$/;

/** What a page continues: the query it was made for and the last key returned. */
interface Cursor {
  op: string;
  scope?: string;
  afterMs?: number;
  beforeMs?: number;
  max: number;
  /** The last key returned: [sort date, sequence]. */
  last: [number, number];
}

function encode(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64');
}

/**
 * The NextToken's cursor; a token from another operation, another group/order or garbage is a
 * 400 (GUESS: Amazon's tokens are opaque and refused when they do not fit the call).
 */
function decode(token: string, op: string, scope?: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Cursor;
    const ok =
      c.op === op &&
      c.scope === scope &&
      Number.isInteger(c.max) &&
      Array.isArray(c.last) &&
      c.last.length === 2 &&
      c.last.every((n) => Number.isFinite(n)) &&
      (c.afterMs === undefined || Number.isFinite(c.afterMs)) &&
      (c.beforeMs === undefined || Number.isFinite(c.beforeMs));
    if (ok) return c;
  } catch {
    // the vendor's 400 below
  }
  return invalid('Invalid NextToken.', 'NextToken');
}

const badRange = (field: string): never => invalid('Date range is invalid.', field);

/** An `…After`/`…Before` pair checked as the model says. */
function window(
  ctx: Ctx,
  afterName: string,
  beforeName: string,
  beforeNeedsAfter: boolean,
): { afterMs?: number; beforeMs?: number } {
  const now = ctx.clock.now();
  const afterMs = dateParam(oneParam(ctx.req.rawQuery, afterName), afterName);
  const beforeMs = dateParam(oneParam(ctx.req.rawQuery, beforeName), beforeName);
  if (afterMs !== undefined && afterMs > now - TWO_MINUTES_MS) badRange(afterName);
  if (beforeMs !== undefined) {
    if (beforeNeedsAfter && afterMs === undefined) badRange(afterName);
    if (afterMs !== undefined && beforeMs <= afterMs) badRange(beforeName);
    if (beforeMs > now - TWO_MINUTES_MS) badRange(beforeName);
  }
  return { afterMs, beforeMs };
}

/** `MaxResultsPerPage`: 1..100; the model's default is 10 for groups and 100 for events. */
function pageSize(ctx: Ctx, fallback = 100): number {
  return (
    intParam(oneParam(ctx.req.rawQuery, 'MaxResultsPerPage'), 'MaxResultsPerPage', 1, 100) ??
    fallback
  );
}

function afterKey(k: [number, number], last?: [number, number]): boolean {
  return !last || k[0] > last[0] || (k[0] === last[0] && k[1] > last[1]);
}

/** One page of keyed items and the token for the rest. */
function page<T>(
  items: readonly T[],
  key: (t: T) => [number, number],
  cursor: Omit<Cursor, 'last'> & { last?: [number, number] },
): { items: T[]; nextToken?: string } {
  const rest = items
    .filter((t) => afterKey(key(t), cursor.last))
    .sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
  const out = rest.slice(0, cursor.max);
  if (rest.length <= cursor.max) return { items: out };
  return { items: out, nextToken: encode({ ...cursor, last: key(out.at(-1)!) }) };
}

/** Read the query (or the token's copy of it) for an events listing. */
function eventsQuery(ctx: Ctx, op: string, scope: string | undefined, posted: boolean) {
  const token = oneParam(ctx.req.rawQuery, 'NextToken');
  if (token !== undefined) return decode(token, op, scope);
  const max = pageSize(ctx);
  if (!posted) return { op, scope, max };
  const w = window(ctx, 'PostedAfter', 'PostedBefore', true);
  // PostedBefore defaults to two minutes before the request.
  return {
    op,
    scope,
    max,
    afterMs: w.afterMs,
    beforeMs: w.beforeMs ?? ctx.clock.now() - TWO_MINUTES_MS,
  };
}

function tooWide(c: { afterMs?: number; beforeMs?: number }): boolean {
  return (
    c.afterMs !== undefined && c.beforeMs !== undefined && c.beforeMs - c.afterMs > DAYS_180_MS
  );
}

function postedIn(e: FinanceEventRec, c: { afterMs?: number; beforeMs?: number }): boolean {
  return (
    (c.afterMs === undefined || e.postedMs >= c.afterMs) &&
    (c.beforeMs === undefined || e.postedMs < c.beforeMs)
  );
}

function released(ctx: Ctx): FinanceEventRec[] {
  return [...ctx.state.finance.events.values()].filter((e) => e.groupId !== undefined);
}

function eventsAnswer(page: { items: FinanceEventRec[]; nextToken?: string }) {
  const payload: Record<string, unknown> = { FinancialEvents: financialEventsWire(page.items) };
  if (page.nextToken) payload.NextToken = page.nextToken;
  return { status: 200, body: { payload } };
}

const byRelease = (e: FinanceEventRec): [number, number] => [e.releaseSeq!, 0];
const byPosted = (e: FinanceEventRec): [number, number] => [e.postedMs, e.releaseSeq!];

function listFinancialEventGroups(ctx: Ctx) {
  const op = 'listFinancialEventGroups';
  const token = oneParam(ctx.req.rawQuery, 'NextToken');
  let cursor: Omit<Cursor, 'last'> & { last?: [number, number] };
  if (token !== undefined) cursor = decode(token, op);
  else {
    const max = pageSize(ctx, 10);
    const w = window(
      ctx,
      'FinancialEventGroupStartedAfter',
      'FinancialEventGroupStartedBefore',
      false,
    );
    cursor = { op, max, ...w };
  }
  const groups = tooWide(cursor)
    ? []
    : ctx.state.finance.groups.filter(
        (g) =>
          (cursor.afterMs === undefined || g.startMs >= cursor.afterMs) &&
          (cursor.beforeMs === undefined || g.startMs < cursor.beforeMs),
      );
  const p = page(groups, (g) => [g.startMs, g.seq], cursor);
  const tail = accountTailFor(ctx.world.seed);
  const payload: Record<string, unknown> = {
    FinancialEventGroupList: p.items.map((g) => groupWire(ctx.state, g, tail)),
  };
  if (p.nextToken) payload.NextToken = p.nextToken;
  return { status: 200, body: { payload } };
}

function listFinancialEventsByGroupId(ctx: Ctx) {
  const op = 'listFinancialEventsByGroupId';
  const id = ctx.params.eventGroupId ?? '';
  ctx.annotate({ groupId: id });
  const group = ctx.state.finance.groups.find((g) => g.id === id);
  // GUESS: an id that names no group is a 404 NotFound (the model lists a 404 for this call).
  if (!group)
    fail(
      404,
      'NotFound',
      `Financial event group ${id.slice(0, 64)} was not found.`,
      'eventGroupId',
    );
  const q = eventsQuery(ctx, op, id, true);
  // The posted-date window applies only when the caller gave PostedAfter (or its token did).
  const filter = q.afterMs === undefined ? {} : q;
  const events = tooWide(q)
    ? []
    : group.eventIds
        .map((e) => ctx.state.finance.events.get(e)!)
        .filter((e) => postedIn(e, filter));
  return eventsAnswer(page(events, byRelease, q));
}

function listFinancialEventsByOrderId(ctx: Ctx) {
  const op = 'listFinancialEventsByOrderId';
  const id = ctx.params.orderId ?? '';
  ctx.annotate({ orderId: id });
  if (!ORDER_ID.test(id)) invalid('Invalid AmazonOrderId.', 'orderId');
  const q = eventsQuery(ctx, op, id, false);
  // GUESS: an order with no released events (or unknown) answers empty lists, not 404.
  const events = released(ctx).filter((e) => e.orderId === id);
  return eventsAnswer(page(events, byRelease, q));
}

function listFinancialEvents(ctx: Ctx) {
  const op = 'listFinancialEvents';
  const q = eventsQuery(ctx, op, undefined, true);
  const events = tooWide(q) ? [] : released(ctx).filter((e) => postedIn(e, q));
  return eventsAnswer(page(events, byPosted, q));
}

export const financeRoutes = [
  route<MarketplaceState>(
    'GET',
    '/finances/v0/financialEventGroups',
    'listFinancialEventGroups',
    listFinancialEventGroups,
  ),
  route<MarketplaceState>(
    'GET',
    '/finances/v0/financialEventGroups/:eventGroupId/financialEvents',
    'listFinancialEventsByGroupId',
    listFinancialEventsByGroupId,
  ),
  route<MarketplaceState>(
    'GET',
    '/finances/v0/orders/:orderId/financialEvents',
    'listFinancialEventsByOrderId',
    listFinancialEventsByOrderId,
  ),
  route<MarketplaceState>(
    'GET',
    '/finances/v0/financialEvents',
    'listFinancialEvents',
    listFinancialEvents,
  ),
];
