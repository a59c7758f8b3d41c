import type { RouteContext } from '../core/define-simulator.js';
import { catalogIds, catalogTypeOf, getCatalogObject } from './catalog-store.js';
import { cursorInt, decodeCursor, encodeCursor } from './cursor.js';
import { fail } from './errors.js';
import { LIMITS, KNOWN_TYPES } from './routes/catalog.js';
import type { PosState } from './state.js';
import { arr, bool, int, obj, oneOf, str, strings, time, type Json } from './validate.js';
import { iso } from './wire.js';

/**
 * SearchCatalogObjects, SearchCatalogItems and CatalogInfo (Square Catalog API reference; request
 * fields from the SDK's `SearchCatalogObjectsRequest`, `SearchCatalogItemsRequest`).
 * Supported queries: `text_query` (all keywords, case-insensitive, in name/description/sku),
 * `exact_query` and `prefix_query` on `name`/`sku`/`description`, and `object_types`,
 * `begin_time`, `include_deleted_objects` (deleted objects are not kept, so nothing to add),
 * `include_related_objects`. GUESS: other query kinds (range, set, sorted, item-variation
 * queries) are refused with 400 BAD_REQUEST rather than silently matching everything.
 */
type Ctx = RouteContext<PosState>;

function textOf(o: Json): { name: string; description: string; sku: string } {
  const data = (o[`${String(o.type).toLowerCase()}_data`] as Json | undefined) ?? {};
  const variations = (data.variations as Json[] | undefined) ?? [];
  const skus = [
    data.sku,
    ...variations.map((v) => (v.item_variation_data as Json | undefined)?.sku),
  ].filter((s): s is string => typeof s === 'string');
  return {
    name: typeof data.name === 'string' ? data.name : '',
    description: typeof data.description === 'string' ? data.description : '',
    sku: skus.join(' '),
  };
}

type Matcher = (o: Json) => boolean;

function readQuery(q: Json | undefined): Matcher {
  if (!q) return () => true;
  const matchers: Matcher[] = [];
  for (const k of Object.keys(q)) {
    const field = `query.${k}`;
    const part = obj(q, k, field);
    if (!part) continue;
    if (k === 'text_query') {
      const words = (strings(part, 'keywords', `${field}.keywords`, 3) ?? []).map((w) =>
        w.toLowerCase(),
      );
      matchers.push((o) => {
        const t = textOf(o);
        const hay = `${t.name} ${t.description} ${t.sku}`.toLowerCase();
        return words.every((w) => hay.includes(w));
      });
    } else if (k === 'exact_query' || k === 'prefix_query') {
      const attr = oneOf(
        part.attribute_name,
        ['name', 'description', 'sku'] as const,
        `${field}.attribute_name`,
      );
      const key = k === 'exact_query' ? 'attribute_value' : 'attribute_prefix';
      const value = str(part, key, `${field}.${key}`, { required: true })!.toLowerCase();
      matchers.push((o) => {
        const got = textOf(o)[attr].toLowerCase();
        return k === 'exact_query'
          ? got === value || got.split(' ').includes(value)
          : got.startsWith(value);
      });
    } else fail(400, 'BAD_REQUEST', `The simulator does not support \`${k}\` queries.`, field);
  }
  return (o) => matchers.every((m) => m(o));
}

/** @example searchCatalogObjects(ctx, { object_types: ['ITEM'], limit: 10 }) */
export function searchCatalogObjects(ctx: Ctx, body: Json) {
  const { state, world } = ctx;
  const types = arr(body, 'object_types', 'object_types')?.map((t, i) =>
    oneOf(t, [...KNOWN_TYPES], `object_types[${i}]`),
  );
  const limit = int(body, 'limit', 'limit', { min: 1, max: LIMITS.search_max_page_limit }) ?? 100;
  const begin = body.begin_time == null ? undefined : time(body.begin_time, 'begin_time');
  bool(body, 'include_deleted_objects', 'include_deleted_objects');
  const withRelated = bool(body, 'include_related_objects', 'include_related_objects') ?? false;
  const match = readQuery(obj(body, 'query', 'query'));
  const offset = body.cursor == null ? 0 : cursorInt(decodeCursor(body.cursor, 'catsearch'), 'o');
  const wanted = new Set(types ?? ['ITEM']);
  const page: Json[] = [];
  let seen = 0;
  let more = false;
  for (const id of catalogIds(state, world)) {
    const type = catalogTypeOf(state, world, id)!;
    if (!wanted.has(type)) continue;
    const o = getCatalogObject(state, world, id)!;
    if (begin !== undefined && Date.parse(String(o.updated_at)) < begin) continue;
    if (!match(o)) continue;
    if (seen++ < offset) continue;
    if (page.length === limit) {
      more = true;
      break;
    }
    page.push(o);
  }
  const rel = withRelated ? relatedOf(ctx, page) : [];
  return {
    status: 200,
    body: {
      ...(page.length ? { objects: page } : {}),
      ...(more ? { cursor: encodeCursor('catsearch', { o: offset + limit }) } : {}),
      ...(rel.length ? { related_objects: rel } : {}),
      latest_time: iso(ctx.clock.now()),
    },
  };
}

function relatedOf(ctx: Ctx, objects: Json[]): Json[] {
  const ids = new Set<string>();
  for (const o of objects) {
    const d = (o.item_data as Json | undefined) ?? {};
    for (const t of (d.tax_ids as string[] | undefined) ?? []) ids.add(t);
  }
  return [...ids]
    .map((id) => getCatalogObject(ctx.state, ctx.world, id))
    .filter((o): o is Json => o !== undefined);
}

/** @example searchCatalogItems(ctx, { text_filter: 'shirt', limit: 5 }) */
export function searchCatalogItems(ctx: Ctx, body: Json) {
  const { state, world } = ctx;
  const text = str(body, 'text_filter', 'text_filter', { max: 255 })?.toLowerCase();
  const limit = int(body, 'limit', 'limit', { min: 1, max: 100 }) ?? 100;
  const order =
    body.sort_order == null
      ? 'ASC'
      : oneOf(body.sort_order, ['ASC', 'DESC'] as const, 'sort_order');
  const productTypes = arr(body, 'product_types', 'product_types')?.map((t, i) =>
    oneOf(t, ['REGULAR', 'APPOINTMENTS_SERVICE'] as const, `product_types[${i}]`),
  );
  const categories = strings(body, 'category_ids', 'category_ids');
  const offset = body.cursor == null ? 0 : cursorInt(decodeCursor(body.cursor, 'catitems'), 'o');
  const items: Json[] = [];
  for (const id of catalogIds(state, world)) {
    if (catalogTypeOf(state, world, id) !== 'ITEM') continue;
    const o = getCatalogObject(state, world, id)!;
    const d = (o.item_data as Json | undefined) ?? {};
    if (text) {
      const t = textOf(o);
      if (!`${t.name} ${t.description} ${t.sku}`.toLowerCase().includes(text)) continue;
    }
    if (productTypes && !productTypes.includes((d.product_type as 'REGULAR') ?? 'REGULAR'))
      continue;
    if (categories && !categories.includes(d.category_id as string)) continue;
    items.push(o);
  }
  // Sorted by name (SDK: "the order in which results are sorted by name").
  items.sort((a, b) => {
    const x = textOf(a).name;
    const y = textOf(b).name;
    return (x < y ? -1 : x > y ? 1 : 0) * (order === 'ASC' ? 1 : -1);
  });
  const page = items.slice(offset, offset + limit);
  const matched = page.flatMap((o) =>
    (((o.item_data as Json).variations as Json[] | undefined) ?? []).map((v) => v.id as string),
  );
  return {
    status: 200,
    body: {
      ...(page.length ? { items: page, matched_variation_ids: matched } : {}),
      ...(offset + limit < items.length
        ? { cursor: encodeCursor('catitems', { o: offset + limit }) }
        : {}),
    },
  };
}

/** CatalogInfo: the limits the other catalog endpoints enforce. */
export function catalogInfo() {
  return { status: 200, body: { limits: { ...LIMITS } } };
}
