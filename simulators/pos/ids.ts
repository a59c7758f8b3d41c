import { hash53, streamFor, unitHash } from '../../world/rng.js';

/**
 * Square-looking ids, derived from the seed so a run replays exactly (no randomness, docs/architecture.md).
 * Shapes follow what Square returns: 13-character upper-case location and merchant ids,
 * 24-character catalog ids, ~27–29-character base62 order and payment ids, UUID event ids.
 */
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` characters of `alphabet`, a pure function of the path.
 *
 * @example idChars(42, UPPER, 12, 'location', 'ST-001') // 'Q7…' (12 characters)
 */
export function idChars(
  seed: number,
  alphabet: string,
  length: number,
  ...path: (string | number)[]
): string {
  const rng = streamFor(seed, 'pos-id', ...path);
  // Built from char codes in one go: `s += c` makes a chain of cons strings (~32 bytes per
  // character past the 13th) that stays in memory as long as the id does (docs/performance.md).
  const codes = new Array<number>(length);
  for (let i = 0; i < length; i++) codes[i] = alphabet.charCodeAt(rng.int(0, alphabet.length - 1));
  return String.fromCharCode(...codes);
}

/** @example merchantId(42) // 13 upper-case characters */
export function merchantId(seed: number): string {
  return idChars(seed, UPPER, 13, 'merchant');
}

/** A Square location id for a world store: `L` + 12 characters. @example locationIdFor(42, 'ST-001') */
export function locationIdFor(seed: number, storeId: string): string {
  return 'L' + idChars(seed, UPPER, 12, 'location', storeId);
}

const INDEX_DIGITS = 8;

/**
 * Catalog ids carry the SKU index in their last 8 base-36 digits, so any id maps back to its SKU
 * with no table (a 100,000-SKU catalog costs nothing until it is read).
 *
 * @example catalogId(42, 'ITEM_VARIATION', 7).length // 24
 */
export function catalogId(seed: number, type: 'ITEM' | 'ITEM_VARIATION', index: number): string {
  const tail = index.toString(36).toUpperCase().padStart(INDEX_DIGITS, '0');
  return idChars(seed, UPPER, 24 - INDEX_DIGITS, 'catalog', type, index) + tail;
}

/**
 * The SKU index an id names, or undefined when it is not one of ours.
 *
 * @example skuIndexOf(42, 'ITEM_VARIATION', catalogId(42, 'ITEM_VARIATION', 7), 200) // 7
 */
export function skuIndexOf(
  seed: number,
  type: 'ITEM' | 'ITEM_VARIATION',
  id: unknown,
  skus: number,
): number | undefined {
  if (typeof id !== 'string' || id.length !== 24) return undefined;
  const tail = id.slice(-INDEX_DIGITS);
  if (!/^[0-9A-Z]+$/.test(tail)) return undefined;
  const index = parseInt(tail, 36);
  if (!Number.isSafeInteger(index) || index >= skus) return undefined;
  return catalogId(seed, type, index) === id ? index : undefined;
}

/**
 * A base62 object id (orders 27, payments 29 characters), unique per (kind, n).
 *
 * @example objectId(42, 'order', 1, 27)
 */
export function objectId(seed: number, kind: string, n: number | string, length: number): string {
  return idChars(seed, BASE62, length, kind, n);
}

/** The last `digits` hex digits of a 53-bit integer, zero-padded. */
function hex(n: number, digits: number): string {
  // Two 32-bit halves: integer toString(16) is ~3× faster than a double's (profiled per write).
  const hi = Math.floor(n / 0x100000000);
  const lo = (n >>> 0).toString(16);
  const text = hi > 0 ? hi.toString(16) + lo.padStart(8, '0') : lo;
  return text.padStart(digits, '0').slice(-digits);
}

/**
 * A UUID-v4-shaped id from the seed (webhook `event_id`, docs/dialects/pos.md).
 *
 * @example eventId(42, 1) // 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'
 */
export function eventId(seed: number, n: number, kind = 'event'): string {
  const key = `${seed}\u001f${kind}\u001f${n}`;
  const a = hex(hash53(key, 1), 13) + hex(hash53(key, 2), 13) + hex(hash53(key, 3), 13);
  const variant = '89ab'[Math.floor(unitHash(seed, kind, n, 'variant') * 4)]!;
  return `${a.slice(0, 8)}-${a.slice(8, 12)}-4${a.slice(12, 15)}-${variant}${a.slice(15, 18)}-${a.slice(18, 30)}`;
}

/**
 * A 24-character catalog id for an object created through the Catalog API (the `n`-th).
 *
 * @example customCatalogId(42, 1).length // 24
 */
export function customCatalogId(seed: number, n: number): string {
  return idChars(seed, UPPER, 24, 'catalog-api', n);
}
