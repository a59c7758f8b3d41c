import { readWithWriteMethod, text, type ExchangeReader } from '../core/exchange-reading.js';

/**
 * The business reading of a Square exchange: a write is about its order (else the order's
 * `reference_id`, journaled as `externalId`) and is idempotent by its `idempotency_key`, which
 * every Square create takes (see docs/dialects/pos.md).
 *
 * @example posExchange({ sys: 'pos', method: 'POST', op: 'CreatePayment', idempotencyKey: 'k1', orderId: 'o1' }) // { ref: 'o1', writeKey: 'k1' }
 */
export const posExchange: ExchangeReader = (e) => ({
  ref: text(e.orderId) ?? text(e.externalId),
  writeKey: text(e.idempotencyKey) ?? text(e.externalId),
  read: readWithWriteMethod(e) ? true : undefined,
});
