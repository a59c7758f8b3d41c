import type { ExchangeFields } from '../../journal/events.js';

/**
 * The business reading of one `http:exchange`: the neutral fields the oracle's resilience checks
 * judge retries by (docs/architecture.md#the-journal-contract). Each dialect fills them from its
 * own annotations through its manifest's `readExchange`, so the oracle never learns which vendor
 * field holds an order number or an idempotency key.
 */
export type ExchangeReading = Pick<ExchangeFields, 'ref' | 'writeKey' | 'oneShot' | 'read'>;

/**
 * Reads an exchange as journaled (method, path, operation name and the handler's annotations)
 * and says what it means in business terms. Pure: the same function reads live exchanges and
 * upgrades old journals, so both judge alike.
 */
export type ExchangeReader = (e: Readonly<ExchangeFields>) => ExchangeReading;

/** Methods that may change state; only they can be writes. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** Operation names of reads sent with a write method (searches, batch retrieves, token grants). */
export const READ_OPERATIONS = /search|retrieve|query|token/i;

/**
 * True when the exchange used a write method for an operation whose name matches `reads`: a
 * search sent as POST is a read, polling it again is not a retry.
 *
 * @example readWithWriteMethod({ sys: 'pos', method: 'POST', op: 'SearchOrders' }) // true
 */
export function readWithWriteMethod(
  e: Readonly<ExchangeFields>,
  reads: RegExp = READ_OPERATIONS,
): boolean {
  return WRITE_METHODS.has(String(e.method)) && reads.test(String(e.op ?? e.path ?? ''));
}

/** A non-empty string field, else undefined. */
export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * The reading of a simulator without its own reader: only searches sent as POST are told apart
 * from writes (no reference, no idempotency identity — the retry checks skip its writes).
 */
export const defaultExchangeReader: ExchangeReader = (e) =>
  readWithWriteMethod(e) ? { read: true } : {};

/**
 * The exchange with its reading merged in (fields left undefined are not written).
 *
 * @example withReading(fields, erpSimulator.readExchange) // { …fields, ref: '113-1', writeKey: 'amz-113-1' }
 */
export function withReading<E extends ExchangeFields>(e: E, reader?: ExchangeReader): E {
  const reading = (reader ?? defaultExchangeReader)(e);
  if (reading.ref !== undefined) e.ref = reading.ref;
  if (reading.writeKey !== undefined) e.writeKey = reading.writeKey;
  if (reading.oneShot === true) e.oneShot = true;
  if (reading.read === true) e.read = true;
  return e;
}
