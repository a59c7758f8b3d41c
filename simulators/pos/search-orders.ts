import { hash53 } from '../../world/rng.js';
import { fail } from './errors.js';
import { canonical } from './idempotency.js';
import type { OrderState, PosState } from './state.js';
import { arr, bool, int, obj, oneOf, strings, time, type Json } from './validate.js';

/**
 * SearchOrders semantics (docs/dialects/pos.md, SearchOrdersDateTimeFilter docs):
 * - at least one and at most 10 `location_ids`;
 * - filters are ANDed; one time range at a time, start and end inclusive; an absent `end_at`
 *   is fixed at the time of the cursor's first request;
 * - a time range on a field requires sorting on that field (the default sort is CREATED_AT),
 *   and CLOSED_AT cannot sort OPEN orders — otherwise a 400;
 * - `limit` default 500, max 1000; paging must resend the original query.
 */
export type Field = 'createdAt' | 'updatedAt' | 'closedAt';
const FIELD_BY_WIRE = {
  CREATED_AT: 'createdAt',
  UPDATED_AT: 'updatedAt',
  CLOSED_AT: 'closedAt',
} as const;
const WIRE_BY_RANGE = {
  created_at: 'CREATED_AT',
  updated_at: 'UPDATED_AT',
  closed_at: 'CLOSED_AT',
} as const;
const STATES = ['OPEN', 'COMPLETED', 'CANCELED', 'DRAFT'] as const;

export interface SearchSpec {
  locationIds: string[];
  states?: Set<OrderState>;
  range?: { field: Field; start?: number; end?: number };
  customerIds?: Set<string>;
  sourceNames?: Set<string>;
  /** A fulfillment filter matches nothing: simulated orders carry no fulfillments. */
  noneMatch: boolean;
  sortField: Field;
  desc: boolean;
  limit: number;
  returnEntries: boolean;
  /** Hash of the query, so a cursor is only good for the query that made it. */
  queryHash: number;
}

function readRange(
  filter: Json,
): { wire: keyof typeof WIRE_BY_RANGE; start?: number; end?: number } | undefined {
  const dt = obj(filter, 'date_time_filter', 'query.filter.date_time_filter');
  if (!dt) return undefined;
  const set = (Object.keys(WIRE_BY_RANGE) as (keyof typeof WIRE_BY_RANGE)[]).filter(
    (k) => dt[k] !== undefined && dt[k] !== null,
  );
  // GUESS: the code for more than one range; Square documents "only one time range at a time".
  if (set.length > 1)
    fail(
      400,
      'BAD_REQUEST',
      'Only one time range may be set in a date_time_filter.',
      'query.filter.date_time_filter',
    );
  const wire = set[0];
  if (!wire) return undefined;
  const field = `query.filter.date_time_filter.${wire}`;
  const r = obj(dt, wire, field)!;
  const start = r.start_at == null ? undefined : time(r.start_at, `${field}.start_at`);
  const end = r.end_at == null ? undefined : time(r.end_at, `${field}.end_at`);
  if (start !== undefined && end !== undefined && start > end)
    fail(
      400,
      'INVALID_TIME_RANGE',
      'The start of the time range must not be after its end.',
      field,
    );
  return { wire, start, end };
}

function readFilter(query: Json | undefined) {
  const filter = query && obj(query, 'filter', 'query.filter');
  if (!filter) return { noneMatch: false };
  const sf = obj(filter, 'state_filter', 'query.filter.state_filter');
  const states = sf
    ? new Set(
        (arr(sf, 'states', 'query.filter.state_filter.states', { required: true }) ?? []).map(
          (s, i) => oneOf(s, STATES, `query.filter.state_filter.states[${i}]`),
        ),
      )
    : undefined;
  const cf = obj(filter, 'customer_filter', 'query.filter.customer_filter');
  const customers =
    cf && strings(cf, 'customer_ids', 'query.filter.customer_filter.customer_ids', 10);
  const src = obj(filter, 'source_filter', 'query.filter.source_filter');
  const sources =
    src && strings(src, 'source_names', 'query.filter.source_filter.source_names', 10);
  const ff = obj(filter, 'fulfillment_filter', 'query.filter.fulfillment_filter');
  const types =
    ff && arr(ff, 'fulfillment_types', 'query.filter.fulfillment_filter.fulfillment_types');
  return {
    states,
    range: readRange(filter),
    customerIds: customers?.length ? new Set(customers) : undefined,
    sourceNames: sources?.length ? new Set(sources) : undefined,
    noneMatch: (types?.length ?? 0) > 0,
  };
}

/**
 * Read and check a SearchOrders body.
 *
 * @example parseSearch(state, { location_ids: [id], query: { sort: { sort_field: 'UPDATED_AT' } } })
 */
export function parseSearch(state: PosState, body: Json): SearchSpec {
  const ids = strings(body, 'location_ids', 'location_ids', 10);
  // GUESS: the code when none is given ("your request must specify at least one location").
  if (!ids || ids.length === 0)
    fail(
      400,
      'MISSING_REQUIRED_PARAMETER',
      'At least one location_id must be specified.',
      'location_ids',
    );
  // GUESS: a location of another merchant (or none) is INVALID_VALUE.
  ids.forEach((id, i) => {
    if (!state.storeBySquareId.has(id))
      fail(
        400,
        'INVALID_VALUE',
        `Location \`${id.slice(0, 60)}\` does not belong to this merchant.`,
        `location_ids[${i}]`,
      );
  });
  const query = obj(body, 'query', 'query');
  const f = readFilter(query);
  const sort = query && obj(query, 'sort', 'query.sort');
  const sortWire = sort
    ? oneOf(
        sort.sort_field,
        ['CREATED_AT', 'UPDATED_AT', 'CLOSED_AT'] as const,
        'query.sort.sort_field',
      )
    : 'CREATED_AT';
  const desc =
    (sort?.sort_order == null
      ? 'DESC'
      : oneOf(sort.sort_order, ['ASC', 'DESC'] as const, 'query.sort.sort_order')) === 'DESC';
  // GUESS: Square's exact code and wording for these two documented refusals.
  if (f.range && WIRE_BY_RANGE[f.range.wire] !== sortWire)
    fail(
      400,
      'BAD_REQUEST',
      `When filtering by ${f.range.wire}, query.sort.sort_field must be ${WIRE_BY_RANGE[f.range.wire]}.`,
      'query.sort.sort_field',
    );
  if (sortWire === 'CLOSED_AT' && f.states && (f.states.has('OPEN') || f.states.has('DRAFT')))
    fail(
      400,
      'BAD_REQUEST',
      'Orders in the OPEN or DRAFT state cannot be sorted by CLOSED_AT.',
      'query.sort.sort_field',
    );
  // GUESS: out-of-range limits are refused (VALUE_TOO_LOW/HIGH) rather than clamped.
  const limit = int(body, 'limit', 'limit', { min: 1, max: 1000 }) ?? 500;
  const returnEntries = bool(body, 'return_entries', 'return_entries') ?? false;
  const sortField = FIELD_BY_WIRE[sortWire];
  return {
    locationIds: [...new Set(ids)],
    states: f.states,
    range: f.range && {
      field: FIELD_BY_WIRE[WIRE_BY_RANGE[f.range.wire]],
      start: f.range.start,
      end: f.range.end,
    },
    customerIds: f.customerIds,
    sourceNames: f.sourceNames,
    noneMatch: f.noneMatch,
    sortField,
    desc,
    limit,
    returnEntries,
    queryHash: hash53(canonical({ l: body.location_ids, q: body.query ?? null })),
  };
}
