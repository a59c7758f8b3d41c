import type { SimulatorContext } from '../core/define-simulator.js';
import { ledgerIndex } from './catalog-store.js';
import { INVENTORY_STATES, UNTRACKED_STATES, type CountRec } from './inventory.js';
import type { PosState } from './state.js';
import { arr, oneOf, strings, time, type Json } from './validate.js';

/**
 * BatchRetrieveInventoryCounts (docs/dialects/pos.md): counts newest `calculated_at` first;
 * `updated_after` keeps only counts changed since then; untracked states (NONE, SOLD,
 * UNLINKED_RETURN) are ignored in `states`, as the SDK documents.
 */
type Ctx = SimulatorContext<PosState>;

export interface CountQuery {
  variations: number[] | undefined;
  stores: string[];
  states: Set<string> | undefined;
  updatedAfter: number | undefined;
}

/** Read a BatchRetrieveInventoryCounts body. Unknown ids and locations simply match nothing. */
export function readCountQuery(ctx: Ctx, body: Json): CountQuery {
  const ids = strings(body, 'catalog_object_ids', 'catalog_object_ids', 1000);
  const locs = strings(body, 'location_ids', 'location_ids', 1000);
  const states = arr(body, 'states', 'states', { max: 20 })?.map((s, i) =>
    oneOf(s, INVENTORY_STATES, `states[${i}]`),
  );
  const after = body.updated_after == null ? undefined : time(body.updated_after, 'updated_after');
  const stores = locs
    ? locs
        .map((l) => ctx.state.storeBySquareId.get(l)?.id)
        .filter((s): s is string => s !== undefined)
    : ctx.state.stores.map((s) => s.location.id);
  const variations = ids
    ?.map((id) => ledgerIndex(ctx.state, ctx.world, id))
    .filter((v): v is number => v !== undefined);
  const tracked = states?.filter((s) => !UNTRACKED_STATES.has(s));
  return { variations, stores, states: tracked && new Set(tracked), updatedAfter: after };
}

/**
 * Counts matching the query at positions [offset, offset + limit), newest first: touched counts
 * by `calculated_at`, then untouched pairs (all calculated when the run began).
 *
 * @example pageOfCounts(ctx, readCountQuery(ctx, body), 0, 1000)
 */
export function pageOfCounts(
  ctx: Ctx,
  q: CountQuery,
  offset: number,
  limit: number,
): { counts: CountRec[]; more: boolean } {
  const { inventory, bornAt } = ctx.state;
  const vset = q.variations && new Set(q.variations);
  const sset = new Set(q.stores);
  const wanted = (c: CountRec) =>
    (!vset || vset.has(c.variationIndex)) &&
    sset.has(c.storeId) &&
    (!q.states || q.states.has(c.state)) &&
    // GUESS: inclusive, so a change in the same millisecond as `updated_after` is not missed.
    (q.updatedAfter === undefined || c.calculatedAt >= q.updatedAfter);
  const out: CountRec[] = [];
  let seen = 0;
  const take = (c: CountRec): boolean => {
    if (seen++ >= offset) out.push(c);
    return out.length > limit; // one extra tells us there is a next page
  };
  for (const c of inventory.touched())
    if (wanted(c) && take(c)) return { counts: out.slice(0, limit), more: true };
  // Untouched pairs still hold the world's IN_STOCK stock, calculated when the run began.
  const untouchedVisible =
    (!q.states || q.states.has('IN_STOCK')) &&
    (q.updatedAfter === undefined || bornAt >= q.updatedAfter);
  if (untouchedVisible) {
    const variations = q.variations ?? Array.from({ length: ctx.world.size.skus }, (_, i) => i);
    for (const v of variations)
      for (const s of q.stores) {
        if (inventory.isTouched(v, s, 'IN_STOCK')) continue;
        if (take(inventory.count(v, s, 'IN_STOCK')))
          return { counts: out.slice(0, limit), more: true };
      }
  }
  return { counts: out, more: false };
}
