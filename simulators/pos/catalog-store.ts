import type { SimulatorContext } from '../core/define-simulator.js';
import type { World } from '../../world/index.js';
import { itemObject, variationId, variationIndex, variationObject } from './catalog.js';
import { fail } from './errors.js';
import { catalogId, customCatalogId, skuIndexOf } from './ids.js';
import type { PosState } from './state.js';
import { isObject, type Json } from './validate.js';
import { emit } from './webhooks.js';
import { iso } from './wire.js';

/**
 * The catalog as state. The world's SKUs are ITEM + ITEM_VARIATION pairs built on demand; what the
 * Catalog API writes lives here: new objects (any type), overrides of world objects (a new price
 * for `SKU-00042` is an upsert of its variation), and deletions. Orders read prices through
 * `catalogVariation`, so a price changed through the API is the price the next order charges.
 *
 * Square facts relied on (Catalog API reference, SDK `api/resources/catalog`): ids starting with
 * `#` are client temporary ids mapped in `id_mappings`; every write gives the object a new
 * `version` and `updated_at`; an ITEM's variations and a MODIFIER_LIST's modifiers are objects of
 * their own, nested in their parent on read; deleting an ITEM deletes its variations.
 */
type Ctx = SimulatorContext<PosState>;

export interface CatalogStore {
  /** Objects written through the API, by id, in wire form without nested children. */
  objects: Map<string, Json>;
  /** Ids of API-created objects in creation order (listing and search order). */
  created: string[];
  /** Parent id → child ids (ITEM → ITEM_VARIATION, MODIFIER_LIST → MODIFIER). */
  children: Map<string, string[]>;
  /** World object ids deleted through the API. */
  deletedWorld: Set<string>;
  /** API-created variation id → inventory ledger index (after the world's SKUs). */
  variationIndex: Map<string, number>;
  variationIds: string[];
  /** The catalog's latest version (int64 epoch-ms-like, grows with every write). */
  version: number;
  seq: number;
}

export function createCatalogStore(bornAt: number): CatalogStore {
  return {
    objects: new Map(),
    created: [],
    children: new Map(),
    deletedWorld: new Set(),
    variationIndex: new Map(),
    variationIds: [],
    version: bornAt,
    seq: 0,
  };
}

/** Where children nest in their parent's data (type → [data key, children key]). */
export const NESTED: Record<string, [string, string]> = {
  ITEM: ['item_data', 'variations'],
  MODIFIER_LIST: ['modifier_list_data', 'modifiers'],
};
/** A child type → [its data key, the key naming its parent]. */
const PARENT_KEY: Record<string, [string, string]> = {
  ITEM_VARIATION: ['item_variation_data', 'item_id'],
  MODIFIER: ['modifier_data', 'modifier_list_id'],
};

/** The data key of a catalog type: `ITEM_VARIATION` → `item_variation_data`. */
export function dataKey(type: string): string {
  return `${type.toLowerCase()}_data`;
}

function worldKind(
  world: World,
  id: string,
): { type: 'ITEM' | 'ITEM_VARIATION'; index: number } | undefined {
  const v = variationIndex(world, id);
  if (v !== undefined) return { type: 'ITEM_VARIATION', index: v };
  const i = skuIndexOf(world.seed, 'ITEM', id, world.size.skus);
  return i === undefined ? undefined : { type: 'ITEM', index: i };
}

/** Whether `id` names a live catalog object. */
export function catalogHas(state: PosState, world: World, id: string): boolean {
  if (state.catalog.objects.has(id)) return true;
  return worldKind(world, id) !== undefined && !state.catalog.deletedWorld.has(id);
}

/**
 * A live catalog object in wire form with its children nested, or undefined.
 *
 * @example getCatalogObject(state, world, id)?.type // 'ITEM'
 */
export function getCatalogObject(state: PosState, world: World, id: string): Json | undefined {
  const stored = state.catalog.objects.get(id);
  if (stored) {
    const nest = NESTED[stored.type as string];
    if (!nest) return stored;
    const w = worldKind(world, id);
    const own = w?.type === 'ITEM' ? [variationId(world, w.index)] : [];
    const kids = [...own, ...(state.catalog.children.get(id) ?? [])]
      .map((k) => getCatalogObject(state, world, k))
      .filter((k): k is Json => k !== undefined);
    const data = (stored[nest[0]] as Json | undefined) ?? {};
    return { ...stored, [nest[0]]: { ...data, ...(kids.length ? { [nest[1]]: kids } : {}) } };
  }
  if (state.catalog.deletedWorld.has(id)) return undefined;
  const w = worldKind(world, id);
  if (!w) return undefined;
  if (w.type === 'ITEM_VARIATION') return variationObject(world, state, w.index);
  const item = itemObject(world, state, w.index) as unknown as Json;
  const vid = variationId(world, w.index);
  const kids = [vid, ...(state.catalog.children.get(id) ?? [])]
    .map((k) => getCatalogObject(state, world, k))
    .filter((k): k is Json => k !== undefined);
  const data = item.item_data as Json;
  return { ...item, item_data: { ...data, variations: kids } };
}

export interface VariationInfo {
  /** Inventory ledger index. */
  index: number;
  itemName: string;
  variationName: string;
  /** Undefined for VARIABLE_PRICING (the line must bring its own price). */
  priceCents: number | undefined;
  sku?: string;
}

/**
 * What an order line needs from a variation: name, price (the catalog's current one), ledger index.
 *
 * @example catalogVariation(state, world, id)?.priceCents // 1999
 */
export function catalogVariation(
  state: PosState,
  world: World,
  id: string,
): VariationInfo | undefined {
  const obj = getCatalogObject(state, world, id);
  if (!obj || obj.type !== 'ITEM_VARIATION') return undefined;
  const data = (obj.item_variation_data as Json | undefined) ?? {};
  const item = getCatalogObject(state, world, String(data.item_id ?? ''));
  const price = data.price_money as Json | undefined;
  const index = variationIndex(world, id) ?? state.catalog.variationIndex.get(id);
  if (index === undefined) return undefined;
  return {
    index,
    itemName: String(((item?.item_data as Json | undefined)?.name as string | undefined) ?? ''),
    variationName: String(data.name ?? ''),
    priceCents:
      data.pricing_type === 'VARIABLE_PRICING' || !price ? undefined : Number(price.amount),
    sku: typeof data.sku === 'string' ? data.sku : undefined,
  };
}

/** The variation id behind a ledger index (world SKU or API-created). */
export function variationIdAt(state: PosState, world: World, index: number): string {
  if (index < world.size.skus) return variationId(world, index);
  return state.catalog.variationIds[index - world.size.skus] ?? `unknown-${index}`;
}

/** The SKU code behind a ledger index (the variation's `sku`, else its id). */
export function skuAt(state: PosState, world: World, index: number): string {
  if (index < world.size.skus) return world.sku(index).sku;
  const id = variationIdAt(state, world, index);
  return catalogVariation(state, world, id)?.sku ?? id;
}

/** The ledger index of a variation id (world or API-created), or undefined. */
export function ledgerIndex(state: PosState, world: World, id: unknown): number | undefined {
  if (typeof id !== 'string') return undefined;
  if (!catalogHas(state, world, id)) return undefined;
  return variationIndex(world, id) ?? state.catalog.variationIndex.get(id);
}

/** Every live catalog object id, world first then API-created (listing order). */
export function* catalogIds(state: PosState, world: World): Generator<string> {
  for (let i = 0; i < world.size.skus; i++) {
    const item = catalogId(world.seed, 'ITEM', i);
    if (!state.catalog.deletedWorld.has(item)) yield item;
    const v = variationId(world, i);
    if (!state.catalog.deletedWorld.has(v)) yield v;
  }
  for (const id of state.catalog.created) if (state.catalog.objects.has(id)) yield id;
}

/** The type of a live object without building it. */
export function catalogTypeOf(state: PosState, world: World, id: string): string | undefined {
  const stored = state.catalog.objects.get(id);
  if (stored) return stored.type as string;
  if (state.catalog.deletedWorld.has(id)) return undefined;
  return worldKind(world, id)?.type;
}

// ---------------------------------------------------------------- writes

export interface UpsertResult {
  objects: Json[];
  idMappings: { client_object_id: string; object_id: string }[];
  updatedAt: string;
}

interface Pending {
  id: string;
  type: string;
  raw: Json;
  parent?: string;
  field: string;
}

/** A new catalog version: epoch-ms-like and strictly growing. */
function nextVersion(ctx: Ctx): number {
  const c = ctx.state.catalog;
  c.version = Math.max(c.version + 1, Math.floor(ctx.clock.now()));
  return c.version;
}

/**
 * Flatten objects (children out of their parents), check them, map temporary ids. Throws Square's
 * 400s; nothing is written until everything is checked.
 */
function plan(ctx: Ctx, objects: unknown[], field: string, knownTypes: ReadonlySet<string>) {
  const { state, world } = ctx;
  const mappings = new Map<string, string>();
  const pending: Pending[] = [];
  const seen = new Set<string>();
  const visit = (raw: unknown, f: string, parent?: string) => {
    if (!isObject(raw)) fail(400, 'EXPECTED_OBJECT', 'Expected an object value.', f);
    const type = raw.type;
    if (type === undefined || type === null)
      fail(400, 'MISSING_REQUIRED_PARAMETER', 'Field must be set', `${f}.type`);
    if (typeof type !== 'string' || !knownTypes.has(type))
      fail(400, 'INVALID_ENUM_VALUE', 'Unknown catalog object type.', `${f}.type`);
    const rawId = raw.id;
    if (typeof rawId !== 'string' || rawId.length === 0)
      fail(400, 'MISSING_REQUIRED_PARAMETER', 'Field must be set', `${f}.id`);
    if (rawId.length > 255)
      fail(400, 'VALUE_TOO_LONG', 'Must be at most 255 characters long.', `${f}.id`);
    if (seen.has(rawId))
      // GUESS: Square's code for the same id twice in one request.
      fail(400, 'INVALID_VALUE', `Duplicate object id \`${rawId.slice(0, 60)}\`.`, `${f}.id`);
    seen.add(rawId);
    let id: string;
    if (rawId.startsWith('#')) {
      id = customCatalogId(world.seed, ++state.catalog.seq);
      mappings.set(rawId, id);
    } else {
      // GUESS: a non-temporary id that names nothing is INVALID_VALUE (Square: "object not found").
      if (!catalogHas(state, world, rawId))
        fail(400, 'INVALID_VALUE', `Object \`${rawId.slice(0, 60)}\` was not found.`, `${f}.id`);
      const existingType = catalogTypeOf(state, world, rawId);
      if (existingType !== type)
        fail(
          400,
          'INVALID_VALUE',
          `Object \`${rawId}\` is a ${existingType}, not a ${type}.`,
          `${f}.type`,
        );
      const v = raw.version;
      if (v !== undefined && v !== null) {
        const current = getCatalogObject(state, world, rawId)?.version;
        // GUESS: a stale version is 409 CONFLICT (the SDK's ErrorCode has no VERSION_MISMATCH).
        if (Number(v) !== Number(current))
          fail(
            409,
            'CONFLICT',
            `Object version mismatch: \`${rawId}\` is at version ${String(current)}.`,
            `${f}.version`,
          );
      }
      id = rawId;
    }
    const dk = dataKey(type);
    const data = raw[dk];
    if (data !== undefined && data !== null && !isObject(data))
      fail(400, 'EXPECTED_OBJECT', 'Expected an object value.', `${f}.${dk}`);
    if (type === 'ITEM_VARIATION' && isObject(data)) checkVariation(data, `${f}.${dk}`);
    if (type === 'TAX' && isObject(data) && data.percentage != null)
      percentage(data.percentage, `${f}.${dk}.percentage`);
    pending.push({ id, type, raw, parent, field: f });
    const nest = NESTED[type];
    if (nest && isObject(data)) {
      const kids = data[nest[1]];
      if (kids !== undefined && kids !== null) {
        if (!Array.isArray(kids))
          fail(400, 'EXPECTED_ARRAY', 'Expected an array value.', `${f}.${dk}.${nest[1]}`);
        kids.forEach((k, i) => visit(k, `${f}.${dk}.${nest[1]}[${i}]`, rawId));
      }
    }
  };
  objects.forEach((o, i) => visit(o, `${field}[${i}]`));
  // A standalone child must name an existing (or same-request) parent.
  for (const p of pending) {
    const pk = PARENT_KEY[p.type];
    if (!pk || p.parent !== undefined) continue;
    const data = (p.raw[pk[0]] as Json | undefined) ?? {};
    const parent = data[pk[1]];
    if (typeof parent !== 'string' || (!seen.has(parent) && !catalogHas(state, world, parent)))
      fail(
        400,
        'INVALID_VALUE',
        `A ${p.type} must name its parent in ${pk[0]}.${pk[1]}.`,
        `${p.field}.${pk[0]}.${pk[1]}`,
      );
  }
  return { pending, mappings };
}

function checkVariation(data: Json, f: string) {
  const pm = data.price_money;
  if (pm !== undefined && pm !== null) {
    if (!isObject(pm))
      fail(400, 'EXPECTED_OBJECT', 'Expected an object value.', `${f}.price_money`);
    const amount = pm.amount;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0)
      fail(
        400,
        'INVALID_VALUE',
        'Expected a non-negative integer amount.',
        `${f}.price_money.amount`,
      );
    if (pm.currency !== 'USD')
      fail(400, 'CURRENCY_MISMATCH', 'This seller only accepts USD.', `${f}.price_money.currency`);
  }
  const pt = data.pricing_type;
  if (pt !== undefined && pt !== null && pt !== 'FIXED_PRICING' && pt !== 'VARIABLE_PRICING')
    fail(
      400,
      'INVALID_ENUM_VALUE',
      'Expected one of FIXED_PRICING, VARIABLE_PRICING.',
      `${f}.pricing_type`,
    );
}

/** A Square percentage string (`"7.25"`, up to 4 decimals here, GUESS on the cap) as a number. */
export function percentage(v: unknown, field: string): number {
  if (typeof v !== 'string') fail(400, 'EXPECTED_STRING', 'Expected a string value.', field);
  if (!/^\d{1,3}(\.\d{1,8})?$/.test(v) || Number(v) > 100)
    fail(400, 'INVALID_VALUE', `Invalid percentage \`${v.slice(0, 20)}\`.`, field);
  return Number(v);
}

/** Replace temporary ids anywhere in a value (references such as `tax_ids`, `item_id`). */
function remap(value: unknown, mappings: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return mappings.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => remap(v, mappings));
  if (isObject(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = remap(v, mappings);
    return out;
  }
  return value;
}

/**
 * Write objects (UpsertCatalogObject / BatchUpsertCatalogObjects), all-or-nothing.
 *
 * @example upsertCatalog(ctx, [{ type: 'ITEM', id: '#tea', item_data: { name: 'Tea' } }], 'object')
 */
export function upsertCatalog(
  ctx: Ctx,
  objects: unknown[],
  field: string,
  knownTypes: ReadonlySet<string>,
): UpsertResult {
  const { state, world } = ctx;
  const { pending, mappings } = plan(ctx, objects, field, knownTypes);
  const version = nextVersion(ctx);
  const now = iso(ctx.clock.now());
  for (const p of pending) {
    const raw = remap(p.raw, mappings) as Json;
    const dk = dataKey(p.type);
    const data = { ...((raw[dk] as Json | undefined) ?? {}) };
    const nest = NESTED[p.type];
    if (nest) delete data[nest[1]];
    const pk = PARENT_KEY[p.type];
    const parentId =
      p.parent !== undefined
        ? (mappings.get(p.parent) ?? p.parent)
        : pk
          ? (data[pk[1]] as string)
          : undefined;
    if (pk && parentId !== undefined) data[pk[1]] = parentId;
    const stored: Json = {
      type: p.type,
      id: p.id,
      updated_at: now,
      version,
      is_deleted: false,
      present_at_all_locations: raw.present_at_all_locations ?? true,
      ...(raw.present_at_location_ids
        ? { present_at_location_ids: raw.present_at_location_ids }
        : {}),
      ...(raw.absent_at_location_ids ? { absent_at_location_ids: raw.absent_at_location_ids } : {}),
      ...(raw.custom_attribute_values
        ? { custom_attribute_values: raw.custom_attribute_values }
        : {}),
      ...(raw.image_id ? { image_id: raw.image_id } : {}),
      [dk]: data,
    };
    const isNew = !catalogHas(state, world, p.id);
    state.catalog.objects.set(p.id, stored);
    if (isNew) {
      if (worldKind(world, p.id) === undefined) state.catalog.created.push(p.id);
      if (p.type === 'ITEM_VARIATION' && variationIndex(world, p.id) === undefined) {
        state.catalog.variationIndex.set(p.id, world.size.skus + state.catalog.variationIds.length);
        state.catalog.variationIds.push(p.id);
      }
    }
    if (parentId !== undefined) {
      const list = state.catalog.children.get(parentId) ?? [];
      // World variations nest by construction; only API-made children are listed.
      if (!list.includes(p.id) && variationIndex(world, p.id) === undefined) list.push(p.id);
      state.catalog.children.set(parentId, list);
    }
  }
  emitCatalogVersion(ctx, now);
  const top = pending.filter((p) => p.parent === undefined);
  return {
    objects: top.map((p) => getCatalogObject(state, world, p.id)!),
    idMappings: [...mappings].map(([client_object_id, object_id]) => ({
      client_object_id,
      object_id,
    })),
    updatedAt: now,
  };
}

/**
 * Delete objects and their children; unknown ids are skipped (GUESS: Square's batch delete
 * ignores ids it does not find). Returns the ids deleted.
 *
 * @example deleteCatalog(ctx, [itemId]) // [itemId, variationId]
 */
export function patchCatalogData(ctx: Ctx, id: string, patch: (data: Json) => Json): void {
  const { state, world } = ctx;
  const obj = getCatalogObject(state, world, id);
  if (!obj) return;
  const dk = dataKey(obj.type as string);
  const data = { ...((obj[dk] as Json | undefined) ?? {}) };
  const nest = NESTED[obj.type as string];
  if (nest) delete data[nest[1]];
  state.catalog.objects.set(id, {
    ...obj,
    [dk]: patch(data),
    version: nextVersion(ctx),
    updated_at: iso(ctx.clock.now()),
  });
}

export function deleteCatalog(ctx: Ctx, ids: readonly string[]): string[] {
  const { state, world } = ctx;
  const deleted: string[] = [];
  const drop = (id: string) => {
    if (!catalogHas(state, world, id) || deleted.includes(id)) return;
    const obj = getCatalogObject(state, world, id)!;
    deleted.push(id);
    const nest = NESTED[obj.type as string];
    const kids = nest
      ? (((obj[nest[0]] as Json | undefined)?.[nest[1]] as Json[] | undefined) ?? [])
      : [];
    state.catalog.objects.delete(id);
    if (worldKind(world, id)) state.catalog.deletedWorld.add(id);
    for (const k of kids) drop(k.id as string);
  };
  for (const id of ids) drop(id);
  if (deleted.length) {
    nextVersion(ctx);
    emitCatalogVersion(ctx, iso(ctx.clock.now()));
  }
  return deleted;
}

/** `catalog.version.updated` (Square sends it on every catalog change; SDK CatalogVersionUpdatedEvent). */
function emitCatalogVersion(ctx: Ctx, updatedAt: string) {
  emit(ctx, 'catalog.version.updated', 'catalog_version', '', {
    catalog_version: { updated_at: updatedAt },
  });
}
