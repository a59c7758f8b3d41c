import { route } from '../../core/define-simulator.js';
import { itemObject, variationObject, type CatalogType } from '../catalog.js';
import { cursorInt, decodeCursor, encodeCursor } from '../cursor.js';
import { fail } from '../errors.js';
import type { PosState } from '../state.js';

/**
 * ListCatalog (reference §1.2): `GET /v2/catalog/list?types=ITEM,ITEM_VARIATION&cursor=`, 100
 * objects a page. Without `types` Square returns the top-level types only, so ITEM_VARIATION
 * (nested in its ITEM) comes back on its own only when asked for.
 */
const PAGE = 100;

/** Square's CatalogObjectType values; those we do not simulate simply match nothing. */
const KNOWN_TYPES = new Set([
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

function parseTypes(raw: string | undefined): CatalogType[] {
  if (raw === undefined || raw.trim() === '') return ['ITEM'];
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
  return (['ITEM', 'ITEM_VARIATION'] as const).filter((t) => asked.includes(t));
}

export const catalogRoutes = [
  route<PosState>('GET', '/v2/catalog/list', 'ListCatalog', ({ state, world, req }) => {
    const types = parseTypes(req.query.types);
    const offset = req.query.cursor ? cursorInt(decodeCursor(req.query.cursor, 'catalog'), 'o') : 0;
    const total = world.size.skus * types.length;
    const objects: unknown[] = [];
    for (let j = offset; j < Math.min(total, offset + PAGE); j++) {
      const index = Math.floor(j / types.length);
      const type = types[j % types.length];
      objects.push(
        type === 'ITEM' ? itemObject(world, state, index) : variationObject(world, state, index),
      );
    }
    const next = offset + PAGE < total ? encodeCursor('catalog', { o: offset + PAGE }) : undefined;
    return {
      status: 200, // Square leaves empty lists out of its responses.
      body: { ...(objects.length ? { objects } : {}), ...(next ? { cursor: next } : {}) },
    };
  }),
];
