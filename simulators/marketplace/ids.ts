import { hash53, streamFor } from '../../world/rng.js';

/**
 * Deterministic identifiers in Amazon's formats. Never random: each is a pure function of the
 * world seed and a counter or business key, so a replay with the same seed gives the same ids.
 */

const HEX = '0123456789abcdef';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function chars(seed: number, n: number, alphabet: string, ...path: (string | number)[]): string {
  const rng = streamFor(seed, 'marketplace', ...path);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

/**
 * The `n`th LWA access token (shape `Atza|…` as LWA issues them).
 *
 * @example accessTokenFor(42, 1) // 'Atza|IwEB…' (same every run)
 */
export function accessTokenFor(seed: number, n: number): string {
  return `Atza|${chars(seed, 96, B64URL, 'access-token', n)}`;
}

/**
 * An ASIN for a SKU: `B0` and 8 upper-case letters/digits.
 *
 * @example asinFor(42, 7) // 'B0XXXXXXXX'
 */
export function asinFor(seed: number, skuIndex: number): string {
  return `B0${chars(seed, 8, UPPER_DIGITS, 'asin', skuIndex)}`;
}

/**
 * A 14-digit OrderItemId for line `line` of an order (Amazon's are 14 digits).
 *
 * @example orderItemIdFor('113-…', 0) // '48291034857261'
 */
export function orderItemIdFor(orderId: string, line: number): string {
  const n = hash53(`${orderId}#${line}`) % 1e14;
  return String(n).padStart(14, '0');
}

/**
 * A request id shaped like a UUID (SP-API's `x-amzn-RequestId`), from a counter.
 *
 * @example requestIdFor(42, 1) // '3f2a…-…'
 */
export function requestIdFor(seed: number, n: number): string {
  const h = chars(seed, 32, HEX, 'request', n);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A Listings submission id (a 32-hex string).
 *
 * @example submissionIdFor(42, 1) // 'a1b2…'
 */
export function submissionIdFor(seed: number, n: number): string {
  return chars(seed, 32, HEX, 'submission', n);
}

function uuidFrom(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * A notification's `NotificationId`: UUID-shaped, from the seed and a business key (order id and
 * event index, or feed id), so a retry or a replay carries the same id.
 *
 * @example notificationIdFor(42, 'order', '113-…', 0) // '9c1e…-…'
 */
export function notificationIdFor(seed: number, ...key: (string | number)[]): string {
  return uuidFrom(chars(seed, 32, HEX, 'notification', ...key));
}

/**
 * A UUID-shaped id for a fixed name (the ApplicationId and SubscriptionIds of notifications).
 *
 * @example namedUuid(42, 'subscription', 'ORDER_CHANGE')
 */
export function namedUuid(seed: number, ...key: (string | number)[]): string {
  return uuidFrom(chars(seed, 32, HEX, 'named', ...key));
}

/**
 * The `n`th feed id: 11 digits, as Amazon's feed ids are (GUESS: digits only, never reused).
 *
 * @example feedIdFor(42, 1) // '50123456790'
 */
export function feedIdFor(seed: number, n: number): string {
  // The seed offsets the start so two worlds' ids differ; the counter keeps them unique.
  return String(50_000_000_000 + (hash53(`${seed}:feed`) % 1e9) + n);
}

/**
 * The `n`th feed document id. GUESS: the `amzn1.tortuga.4.na.<uuid>` shape seen in sellers'
 * logs; clients treat it as opaque.
 *
 * @example feedDocumentIdFor(42, 1) // 'amzn1.tortuga.4.na.3f2a…'
 */
export function feedDocumentIdFor(seed: number, n: number): string {
  return `amzn1.tortuga.4.na.${uuidFrom(chars(seed, 32, HEX, 'feed-document', n))}`;
}
