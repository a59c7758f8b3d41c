import { route, type RouteContext } from '../../core/define-simulator.js';
import { itemObject, variationObject } from '../catalog.js';
import {
  catalogHas,
  deleteCatalog,
  getCatalogObject,
  patchCatalogData,
  upsertCatalog,
} from '../catalog-store.js';
import { catalogInfo, searchCatalogItems, searchCatalogObjects } from '../catalog-search.js';
import { cursorInt, decodeCursor, encodeCursor } from '../cursor.js';
import { fail, notFound } from '../errors.js';
import { idempotent } from '../idempotency.js';
import type { PosState } from '../state.js';
import { arr, bodyObject, bool, obj, str, strings, type Json } from '../validate.js';
import { iso } from '../wire.js';

/**
 * Catalog API (Square Catalog API reference; paths from the SDK's `api/resources/catalog`):
 * ListCatalog (100 objects a page), Upsert/Retrieve/Delete one object, BatchUpsert, BatchRetrieve,
 * BatchDelete, SearchCatalogObjects, SearchCatalogItems, CatalogInfo, UpdateItemTaxes,
 * UpdateItemModifierLists. Writes change the POS's state: orders charge the catalog's prices.
 */
type Ctx = RouteContext<PosState>;
const PAGE = 100;

/** Square's CatalogObjectType values (SDK `api/types/CatalogObjectType`). */
export const KNOWN_TYPES: ReadonlySet<string> = new Set([
  'ITEM',
  'IMAGE',
  'CATEGORY',
  'ITEM_VARIATION',
  'TAX',
  'DISCOUNT',
  'MODIFIER_LIST',
  'MODIFIER',
  'PRICING_RULE',
  'PRODUCT_SET',
  'TIME_PERIOD',
  'MEASUREMENT_UNIT',
  'SUBSCRIPTION_PLAN_VARIATION',
  'ITEM_OPTION',
  'ITEM_OPTION_VAL',
  'CUSTOM_ATTRIBUTE_DEFINITION',
  'QUICK_AMOUNTS_SETTINGS',
  'SUBSCRIPTION_PLAN',
  'AVAILABILITY_PERIOD',
]);
/** Types that live inside a parent and are listed only when asked for by name. */
const NESTED_TYPES = new Set(['ITEM_VARIATION', 'MODIFIER']);

function parseTypes(raw: string | undefined): Set<string> {
  // Without `types`, the top-level types (SDK ListCatalog doc comment).
  if (raw === undefined || raw.trim() === '')
    return new Set([...KNOWN_TYPES].filter((t) => !NESTED_TYPES.has(t)));
  const asked = raw
    .split(',')
    .map((t) => t.trim().toUpperCase())
    .filter(Boolean);
  for (const t of asked)
    // GUESS: Square's code for an unknown type; the enum check is the natural one.
    if (!KNOWN_TYPES.has(t))
      fail(
        400,
        'INVALID_ENUM_VALUE',
        `Unknown catalog object type \`${t.slice(0, 60)}\`.`,
        'types',
      );
  return new Set(asked);
}

function listCatalog({ state, world, req }: Ctx) {
  const types = parseTypes(req.query.types);
  const worldTypes = (['ITEM', 'ITEM_VARIATION'] as const).filter((t) => types.has(t));
  const offset = req.query.cursor ? cursorInt(decodeCursor(req.query.cursor, 'catalog'), 'o') : 0;
  const worldTotal = world.size.skus * worldTypes.length;
  const custom = state.catalog.created.filter((id) => {
    const o = state.catalog.objects.get(id);
    return o !== undefined && types.has(o.type as string);
  });
  const total = worldTotal + custom.length;
  const objects: unknown[] = [];
  // Positions of deleted objects are skipped, so every page but the last is full.
  let j = offset;
  for (; j < total && objects.length < PAGE; j++) {
    if (j >= worldTotal) {
      objects.push(getCatalogObject(state, world, custom[j - worldTotal]!));
      continue;
    }
    const index = Math.floor(j / worldTypes.length);
    const type = worldTypes[j % worldTypes.length];
    const built =
      type === 'ITEM' ? itemObject(world, state, index) : variationObject(world, state, index);
    // Objects the Catalog API touched are read from the store (new price, children, deleted).
    const c = state.catalog;
    const touched = (id: string) => c.objects.has(id) || c.deletedWorld.has(id);
    const item =
      type === 'ITEM' ? (built as { item_data: { variations: { id: string }[] } }) : undefined;
    if (
      touched(built.id) ||
      c.children.has(built.id) ||
      (item && touched(item.item_data.variations[0]!.id))
    ) {
      const o = getCatalogObject(state, world, built.id);
      if (o) objects.push(o);
    } else objects.push(built);
  }
  const next = j < total ? encodeCursor('catalog', { o: j }) : undefined;
  return {
    status: 200, // Square leaves empty lists out of its responses.
    body: { ...(objects.length ? { objects } : {}), ...(next ? { cursor: next } : {}) },
  };
}

/** Idempotency keys: required, 1–128 characters (GUESS on the cap, as for inventory). */
function key(body: Json): string {
  return str(body, 'idempotency_key', 'idempotency_key', { required: true, min: 1, max: 128 })!;
}

function upsertOne(ctx: Ctx) {
  const body = bodyObject(ctx.body);
  return idempotent(ctx, 'UpsertCatalogObject', key(body), body, () => {
    const object = obj(body, 'object', 'object', true)!;
    const r = upsertCatalog(ctx, [object], 'object', KNOWN_TYPES);
    // The single-object form reports the path without an index.
    return {
      status: 200,
      body: {
        catalog_object: r.objects[0],
        ...(r.idMappings.length ? { id_mappings: r.idMappings } : {}),
      },
    };
  });
}

/** GUESS: limits as Square's CatalogInfo reports them (1,000 objects a batch, 10,000 a request). */
export const LIMITS = {
  batch_upsert_max_objects_per_batch: 1000,
  batch_upsert_max_total_objects: 10000,
  batch_retrieve_max_object_ids: 1000,
  search_max_page_limit: 1000,
  batch_delete_max_object_ids: 200,
  update_item_taxes_max_item_ids: 1000,
  update_item_taxes_max_taxes_to_enable: 1000,
  update_item_taxes_max_taxes_to_disable: 1000,
  update_item_modifier_lists_max_item_ids: 1000,
  update_item_modifier_lists_max_modifier_lists_to_enable: 1000,
  update_item_modifier_lists_max_modifier_lists_to_disable: 1000,
} as const;

function batchUpsert(ctx: Ctx) {
  const body = bodyObject(ctx.body);
  return idempotent(ctx, 'BatchUpsertCatalogObjects', key(body), body, () => {
    const batches = arr(body, 'batches', 'batches', { required: true })!;
    const all: unknown[] = [];
    batches.forEach((b, i) => {
      if (!b || typeof b !== 'object' || Array.isArray(b))
        fail(400, 'EXPECTED_OBJECT', 'Expected an object value.', `batches[${i}]`);
      const objects = arr(b as Json, 'objects', `batches[${i}].objects`, {
        required: true,
        max: LIMITS.batch_upsert_max_objects_per_batch,
      })!;
      all.push(...objects);
    });
    if (all.length > LIMITS.batch_upsert_max_total_objects)
      fail(400, 'ARRAY_LENGTH_TOO_LONG', 'Too many objects in one request.', 'batches');
    // GUESS: the field path names the flattened position, batches being applied together.
    const r = upsertCatalog(ctx, all, 'batches.objects', KNOWN_TYPES);
    return {
      status: 200,
      body: {
        objects: r.objects,
        updated_at: r.updatedAt,
        ...(r.idMappings.length ? { id_mappings: r.idMappings } : {}),
      },
    };
  });
}

function related(ctx: Ctx, objects: Json[]): Json[] {
  const ids = new Set<string>();
  for (const o of objects) {
    const data = (o.item_data as Json | undefined) ?? {};
    for (const t of (data.tax_ids as string[] | undefined) ?? []) ids.add(t);
    if (typeof data.category_id === 'string') ids.add(data.category_id);
    for (const m of (data.modifier_list_info as Json[] | undefined) ?? [])
      if (typeof m.modifier_list_id === 'string') ids.add(m.modifier_list_id);
  }
  return [...ids]
    .map((id) => getCatalogObject(ctx.state, ctx.world, id))
    .filter((o): o is Json => o !== undefined);
}

function retrieve(ctx: Ctx) {
  const id = ctx.params.object_id!;
  const o = getCatalogObject(ctx.state, ctx.world, id);
  if (!o) notFound('catalog object', id);
  const withRelated = ctx.req.query.include_related_objects === 'true';
  const rel = withRelated ? related(ctx, [o]) : [];
  return { status: 200, body: { object: o, ...(rel.length ? { related_objects: rel } : {}) } };
}

function deleteOne(ctx: Ctx) {
  const id = ctx.params.object_id!;
  // GUESS: deleting an id that does not exist is a 404, as retrieving it is.
  if (!catalogHas(ctx.state, ctx.world, id)) notFound('catalog object', id);
  const deleted = deleteCatalog(ctx, [id]);
  return {
    status: 200,
    body: { deleted_object_ids: deleted, deleted_at: iso(ctx.clock.now()) },
  };
}

function batchDelete(ctx: Ctx) {
  const body = bodyObject(ctx.body ?? {});
  const ids = strings(body, 'object_ids', 'object_ids', LIMITS.batch_delete_max_object_ids) ?? [];
  const deleted = deleteCatalog(ctx, ids);
  return {
    status: 200,
    body: {
      ...(deleted.length ? { deleted_object_ids: deleted } : {}),
      deleted_at: iso(ctx.clock.now()),
    },
  };
}

function batchRetrieve(ctx: Ctx) {
  const body = bodyObject(ctx.body);
  arr(body, 'object_ids', 'object_ids', {
    required: true,
    max: LIMITS.batch_retrieve_max_object_ids,
  });
  const ids = strings(body, 'object_ids', 'object_ids')!;
  const objects = ids
    .map((id) => getCatalogObject(ctx.state, ctx.world, id))
    .filter((o): o is Json => o !== undefined);
  const rel = bool(body, 'include_related_objects', 'include_related_objects')
    ? related(ctx, objects)
    : [];
  return {
    status: 200,
    body: {
      ...(objects.length ? { objects } : {}),
      ...(rel.length ? { related_objects: rel } : {}),
    },
  };
}

/** UpdateItemTaxes / UpdateItemModifierLists: toggle references on ITEMs. */
function updateItems(
  ctx: Ctx,
  enableKey: string,
  disableKey: string,
  wantedType: string,
  apply: (data: Json, enable: string[], disable: string[]) => Json,
) {
  const body = bodyObject(ctx.body);
  arr(body, 'item_ids', 'item_ids', { required: true, max: 1000 });
  const items = strings(body, 'item_ids', 'item_ids')!;
  const enable = strings(body, enableKey, enableKey, 1000) ?? [];
  const disable = strings(body, disableKey, disableKey, 1000) ?? [];
  // GUESS: at least one of the two lists is required, as the SDK marks neither required.
  if (enable.length + disable.length === 0)
    fail(400, 'MISSING_REQUIRED_PARAMETER', `Set ${enableKey} or ${disableKey}.`, enableKey);
  items.forEach((id, i) => {
    const o = getCatalogObject(ctx.state, ctx.world, id);
    if (!o || o.type !== 'ITEM')
      fail(404, 'NOT_FOUND', `Item \`${id.slice(0, 60)}\` not found.`, `item_ids[${i}]`);
  });
  [...enable, ...disable].forEach((id) => {
    const o = getCatalogObject(ctx.state, ctx.world, id);
    if (!o || o.type !== wantedType)
      fail(404, 'NOT_FOUND', `${wantedType} \`${id.slice(0, 60)}\` not found.`, enableKey);
  });
  for (const id of items) patchCatalogData(ctx, id, (d) => apply(d, enable, disable));
  return { status: 200, body: { updated_at: iso(ctx.clock.now()) } };
}

export const catalogRoutes = [
  route<PosState>('GET', '/v2/catalog/list', 'ListCatalog', listCatalog),
  route<PosState>('GET', '/v2/catalog/info', 'CatalogInfo', () => catalogInfo()),
  route<PosState>('POST', '/v2/catalog/object', 'UpsertCatalogObject', upsertOne),
  route<PosState>('GET', '/v2/catalog/object/:object_id', 'RetrieveCatalogObject', retrieve),
  route<PosState>('DELETE', '/v2/catalog/object/:object_id', 'DeleteCatalogObject', deleteOne),
  route<PosState>('POST', '/v2/catalog/batch-upsert', 'BatchUpsertCatalogObjects', batchUpsert),
  route<PosState>('POST', '/v2/catalog/batch-delete', 'BatchDeleteCatalogObjects', batchDelete),
  route<PosState>(
    'POST',
    '/v2/catalog/batch-retrieve',
    'BatchRetrieveCatalogObjects',
    batchRetrieve,
  ),
  route<PosState>('POST', '/v2/catalog/search', 'SearchCatalogObjects', (ctx) =>
    searchCatalogObjects(ctx, bodyObject(ctx.body ?? {})),
  ),
  route<PosState>('POST', '/v2/catalog/search-catalog-items', 'SearchCatalogItems', (ctx) =>
    searchCatalogItems(ctx, bodyObject(ctx.body ?? {})),
  ),
  route<PosState>('POST', '/v2/catalog/update-item-taxes', 'UpdateItemTaxes', (ctx) =>
    updateItems(ctx, 'taxes_to_enable', 'taxes_to_disable', 'TAX', (d, on, off) => {
      const now = new Set([...((d.tax_ids as string[] | undefined) ?? []), ...on]);
      for (const id of off) now.delete(id);
      return { ...d, tax_ids: [...now] };
    }),
  ),
  route<PosState>(
    'POST',
    '/v2/catalog/update-item-modifier-lists',
    'UpdateItemModifierLists',
    (ctx) =>
      updateItems(
        ctx,
        'modifier_lists_to_enable',
        'modifier_lists_to_disable',
        'MODIFIER_LIST',
        (d, on, off) => {
          const list = ((d.modifier_list_info as Json[] | undefined) ?? []).filter(
            (m) => !off.includes(m.modifier_list_id as string),
          );
          for (const id of on)
            if (!list.some((m) => m.modifier_list_id === id))
              list.push({ modifier_list_id: id, enabled: true });
          return { ...d, modifier_list_info: list };
        },
      ),
  ),
];
