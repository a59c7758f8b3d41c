import { route, type RouteContext } from '../../core/define-simulator.js';
import { variationIdAt } from '../catalog-store.js';
import { cursorInt, decodeCursor, encodeCursor } from '../cursor.js';
import { eventId } from '../ids.js';
import { idempotent } from '../idempotency.js';
import { applyChanges, parseChanges } from '../inventory-changes.js';
import { pageOfCounts, readCountQuery } from '../inventory-counts.js';
import type { PosState } from '../state.js';
import { emitCounts } from '../stock.js';
import { arr, bodyObject, bool, int, str, type Json } from '../validate.js';
import { countWire, iso } from '../wire.js';

/**
 * Inventory API (reference §1.2): BatchChangeInventory and BatchRetrieveInventoryCounts, on the
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

export const inventoryRoutes = [
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
