import { cursorNum, decodeCursor, encodeCursor } from './cursor.js';
import { fail } from './errors.js';
import type { SearchSpec } from './search-orders.js';
import type { OrderRec, PosState } from './state.js';

/**
 * Running a checked SearchOrders query: filters ANDed, sorted on the sort field with the order
 * id as tie-break, paged by keyset so orders arriving between pages neither repeat nor shift.
 */

function matches(o: OrderRec, spec: SearchSpec, end: number | undefined): boolean {
  if (o.hidden || spec.noneMatch) return false;
  if (spec.states && !spec.states.has(o.state)) return false;
  if (spec.customerIds && (o.customerId === undefined || !spec.customerIds.has(o.customerId)))
    return false;
  if (spec.sourceNames && (o.sourceName === undefined || !spec.sourceNames.has(o.sourceName)))
    return false;
  if (o[spec.sortField] === undefined) return false; // nothing to sort it by (no closed_at yet)
  if (spec.range) {
    const v = o[spec.range.field];
    if (v === undefined) return false;
    if (spec.range.start !== undefined && v < spec.range.start) return false;
    if (end !== undefined && v > end) return false;
  }
  return true;
}

/**
 * Run a search page. Keyset paging on (sort value, id), so orders arriving between pages neither
 * repeat nor shift the rest.
 *
 * @example runSearch(state, spec, body.cursor, clock.now())
 */
export function runSearch(state: PosState, spec: SearchSpec, rawCursor: unknown, now: number) {
  const cursor = rawCursor == null ? undefined : decodeCursor(rawCursor, 'orders');
  // GUESS: Square says to resend the original query; we refuse a cursor used with another.
  if (cursor && cursor.q !== spec.queryHash)
    fail(400, 'INVALID_CURSOR', 'The cursor was issued for a different query.', 'cursor');
  const end = spec.range ? (spec.range.end ?? (cursor ? cursorNum(cursor, 'e') : now)) : undefined;
  const after = cursor && { v: cursorNum(cursor, 'v'), i: String(cursor.i) };
  const dir = spec.desc ? -1 : 1;
  const key = (o: OrderRec) => o[spec.sortField]!;
  const found: OrderRec[] = [];
  for (const loc of spec.locationIds)
    for (const id of state.orderIdsByLocation.get(loc) ?? []) {
      const o = state.orders.get(id)!;
      if (!matches(o, spec, end)) continue;
      if (after && dir * (key(o) - after.v || (o.id < after.i ? -1 : o.id > after.i ? 1 : 0)) <= 0)
        continue;
      found.push(o);
    }
  found.sort((a, b) => dir * (key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  const page = found.slice(0, spec.limit);
  const last = page.at(-1);
  const next =
    found.length > spec.limit && last
      ? encodeCursor('orders', {
          q: spec.queryHash,
          v: key(last),
          i: last.id,
          ...(end !== undefined ? { e: end } : {}),
        })
      : undefined;
  return { page, next };
}
