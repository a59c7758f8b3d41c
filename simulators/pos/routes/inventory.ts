import { route, type RouteContext } from '../../core/define-simulator.js';
import { variationIdAt } from '../catalog-store.js';
import { cursorInt, decodeCursor, encodeCursor } from '../cursor.js';
import { eventId } from '../ids.js';
import { idempotent } from '../idempotency.js';
import { applyChanges, parseChanges } from '../inventory-changes.js';
import { pageOfCounts, readCountQuery } from '../inventory-counts.js';
import type { PosState } from '../state.js';
import { emitCounts } from '../stock.js';
import { INVENTORY_STATES } from '../inventory.js';
import { notFound } from '../errors.js';
import { arr, bodyObject, bool, int, oneOf, str, strings, time, type Json } from '../validate.js';
import { countWire, iso } from '../wire.js';

/**
 * Inventory API (docs/dialects/pos.md): BatchChangeInventory and BatchRetrieveInventoryCounts, on the
 * current paths and the deprecated ones the SDK still knows. Counts come newest `calculated_at`
 * first; `updated_after` returns only counts changed since then (the sync-after-webhook pattern).
 */
type Ctx = RouteContext<PosState>;

/** GUESS: Square's per-request caps (100 changes, 1000 counts a page) are commonly cited, not documented. */
const MAX_CHANGES = 100;
const COUNTS_PAGE = 1000;

function batchChange(ctx: Ctx, body: Json) {
  const changes = parseChanges(
    ctx,
    arr(body, 'changes', 'changes', { required: true, max: MAX_CHANGES })!,
  );
  const ignoreUnchanged = bool(body, 'ignore_unchanged_counts', 'ignore_unchanged_counts') ?? true;
  const results = applyChanges(ctx, changes);
  const counts = results.filter((r) => r.moved || !ignoreUnchanged).map((r) => r.count);
  emitCounts(
    ctx,
    results.filter((r) => r.moved).map((r) => r.count),
  );
  const now = iso(ctx.clock.now());
  const echoed = changes.map((c) => {
    const key =
      c.type === 'ADJUSTMENT'
        ? 'adjustment'
        : c.type === 'PHYSICAL_COUNT'
          ? 'physical_count'
          : 'transfer';
    const id = eventId(ctx.world.seed, ++ctx.state.seq.change, 'inventory-change');
    return {
      type: c.type,
      [key]: {
        ...(c.raw[key] as Json),
        id,
        catalog_object_type: 'ITEM_VARIATION',
        created_at: now,
      },
    };
  });
  const created = ctx.clock.now();
  echoed.forEach((wire, i) => {
    const inner = Object.values(wire).find((v) => typeof v === 'object') as Json;
    ctx.state.inventoryChangeById.set(inner.id as string, ctx.state.inventoryChanges.length);
    const c = changes[i]!;
    const occurredAt =
      c.type === 'PHYSICAL_COUNT' ? c.occurredAt : (c.moves[0]?.occurredAt ?? created);
    ctx.state.inventoryChanges.push({ occurredAt, createdAt: created, wire });
  });
  return {
    status: 200,
    body: {
      counts: counts.map((c) =>
        countWire(ctx.state, variationIdAt(ctx.state, ctx.world, c.variationIndex), c),
      ),
      changes: echoed,
    },
  };
}

function batchRetrieve(ctx: Ctx) {
  const body = bodyObject(ctx.body ?? {});
  const q = readCountQuery(ctx, body);
  const limit = int(body, 'limit', 'limit', { min: 1, max: COUNTS_PAGE }) ?? COUNTS_PAGE;
  const offset = body.cursor == null ? 0 : cursorInt(decodeCursor(body.cursor, 'counts'), 'o');
  const { counts, more } = pageOfCounts(ctx, q, offset, limit);
  return {
    status: 200,
    body: {
      ...(counts.length
        ? {
            counts: counts.map((c) =>
              countWire(ctx.state, variationIdAt(ctx.state, ctx.world, c.variationIndex), c),
            ),
          }
        : {}),
      ...(more ? { cursor: encodeCursor('counts', { o: offset + limit }) } : {}),
    },
  };
}

const change = (ctx: Ctx) => {
  const body = bodyObject(ctx.body);
  // GUESS: key length caps per endpoint (45 payments/refunds, 192 orders, 128 inventory).
  const key = str(body, 'idempotency_key', 'idempotency_key', { required: true, max: 128 });
  return idempotent(ctx, 'BatchChangeInventory', key, body, () => batchChange(ctx, body));
};

/** The catalog object, location and state a logged change concerns (for filters). */
function aboutOf(wire: Json): { id: string; locations: string[]; states: string[]; type: string } {
  const type = wire.type as string;
  const inner = (wire.adjustment ?? wire.physical_count ?? wire.transfer) as Json;
  const locations = [inner.location_id, inner.from_location_id, inner.to_location_id].filter(
    (l): l is string => typeof l === 'string',
  );
  const states = [inner.state, inner.from_state, inner.to_state].filter(
    (s): s is string => typeof s === 'string',
  );
  return { id: inner.catalog_object_id as string, locations, states, type };
}

/**
 * BatchRetrieveInventoryChanges and RetrieveInventoryChanges: the changes made through the API,
 * oldest `occurred_at` first (GUESS on the order), 1000 a page (GUESS). Changes Square makes on
 * its own (sales, returns) are not in this log: the counts carry them.
 */
function changesPage(
  ctx: Ctx,
  filter: {
    ids?: string[];
    locations?: string[];
    types?: string[];
    states?: string[];
    after?: number;
    before?: number;
  },
  rawCursor: unknown,
  limit: number,
) {
  const offset = rawCursor == null ? 0 : cursorInt(decodeCursor(rawCursor, 'changes'), 'o');
  const all = ctx.state.inventoryChanges
    .filter((c) => {
      const a = aboutOf(c.wire);
      if (filter.ids && !filter.ids.includes(a.id)) return false;
      if (filter.locations && !a.locations.some((l) => filter.locations!.includes(l))) return false;
      if (filter.types && !filter.types.includes(a.type)) return false;
      if (filter.states && !a.states.some((s) => filter.states!.includes(s))) return false;
      if (filter.after !== undefined && c.createdAt < filter.after) return false;
      if (filter.before !== undefined && c.createdAt > filter.before) return false;
      return true;
    })
    .sort((x, y) => x.occurredAt - y.occurredAt);
  const page = all.slice(offset, offset + limit).map((c) => c.wire);
  return {
    status: 200,
    body: {
      ...(page.length ? { changes: page } : {}),
      ...(offset + limit < all.length
        ? { cursor: encodeCursor('changes', { o: offset + limit }) }
        : {}),
    },
  };
}

function batchChanges(ctx: Ctx) {
  const body = bodyObject(ctx.body ?? {});
  const at = (k: string) => (body[k] == null ? undefined : time(body[k], k));
  return changesPage(
    ctx,
    {
      ids: strings(body, 'catalog_object_ids', 'catalog_object_ids'),
      locations: strings(body, 'location_ids', 'location_ids'),
      types: arr(body, 'types', 'types')?.map((t, i) =>
        oneOf(t, ['PHYSICAL_COUNT', 'ADJUSTMENT', 'TRANSFER'] as const, `types[${i}]`),
      ),
      states: arr(body, 'states', 'states')?.map((s, i) =>
        oneOf(s, INVENTORY_STATES, `states[${i}]`),
      ),
      after: at('updated_after'),
      before: at('updated_before'),
    },
    body.cursor,
    int(body, 'limit', 'limit', { min: 1, max: 1000 }) ?? 1000,
  );
}

function logged(ctx: Ctx, id: string, key: 'adjustment' | 'physical_count', kind: string) {
  const at = ctx.state.inventoryChangeById.get(id);
  const wire = at === undefined ? undefined : ctx.state.inventoryChanges[at]!.wire;
  const inner = wire?.[key] as Json | undefined;
  if (!inner) notFound(kind, id);
  return inner;
}

function countsOf(ctx: Ctx) {
  const id = ctx.params.catalog_object_id!;
  const locations = ctx.req.query.location_ids?.split(',').filter(Boolean);
  const q = readCountQuery(ctx, {
    catalog_object_ids: [id],
    ...(locations ? { location_ids: locations } : {}),
  });
  // GUESS: an id that names no variation is 404 here (the batch form just returns nothing).
  if (!q.variations?.length) notFound('catalog object', id);
  const offset = ctx.req.query.cursor
    ? cursorInt(decodeCursor(ctx.req.query.cursor, 'counts1'), 'o')
    : 0;
  const { counts, more } = pageOfCounts(ctx, q, offset, COUNTS_PAGE);
  return {
    status: 200,
    body: {
      ...(counts.length
        ? {
            counts: counts.map((c) =>
              countWire(ctx.state, variationIdAt(ctx.state, ctx.world, c.variationIndex), c),
            ),
          }
        : {}),
      ...(more ? { cursor: encodeCursor('counts1', { o: offset + COUNTS_PAGE }) } : {}),
    },
  };
}

export const inventoryRoutes = [
  route<PosState>(
    'POST',
    '/v2/inventory/changes/batch-retrieve',
    'BatchRetrieveInventoryChanges',
    batchChanges,
  ),
  route<PosState>(
    'GET',
    '/v2/inventory/adjustments/:adjustment_id',
    'RetrieveInventoryAdjustment',
    (ctx) => ({
      status: 200,
      body: {
        adjustment: logged(ctx, ctx.params.adjustment_id!, 'adjustment', 'inventory adjustment'),
      },
    }),
  ),
  route<PosState>(
    'GET',
    '/v2/inventory/physical-counts/:physical_count_id',
    'RetrieveInventoryPhysicalCount',
    (ctx) => ({
      status: 200,
      body: {
        count: logged(
          ctx,
          ctx.params.physical_count_id!,
          'physical_count',
          'inventory physical count',
        ),
      },
    }),
  ),
  route<PosState>('GET', '/v2/inventory/:catalog_object_id', 'RetrieveInventoryCount', countsOf),
  route<PosState>(
    'GET',
    '/v2/inventory/:catalog_object_id/changes',
    'RetrieveInventoryChanges',
    (ctx) => {
      const id = ctx.params.catalog_object_id!;
      const locations = ctx.req.query.location_ids?.split(',').filter(Boolean);
      return changesPage(
        ctx,
        { ids: [id], ...(locations ? { locations } : {}) },
        ctx.req.query.cursor,
        1000,
      );
    },
  ),
  route<PosState>('POST', '/v2/inventory/changes/batch-create', 'BatchChangeInventory', change),
  route<PosState>('POST', '/v2/inventory/batch-change', 'BatchChangeInventory', change),
  route<PosState>(
    'POST',
    '/v2/inventory/counts/batch-retrieve',
    'BatchRetrieveInventoryCounts',
    batchRetrieve,
  ),
  route<PosState>(
    'POST',
    '/v2/inventory/batch-retrieve-counts',
    'BatchRetrieveInventoryCounts',
    batchRetrieve,
  ),
];
