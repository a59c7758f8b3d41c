import { readWithWriteMethod, text, type ExchangeReader } from '../core/exchange-reading.js';

/**
 * The business reading of a ShipBob exchange: an order write is about the ShipBob order (its id
 * once known, else the `reference_id` the client sent, journaled as `externalId`), and is
 * idempotent by that `reference_id` — ShipBob refuses a second order with the same one (see
 * docs/dialects/wms.md).
 *
 * @example wmsExchange({ sys: 'wms', method: 'POST', op: 'createOrder', externalId: '113-1' }) // { ref: '113-1', writeKey: '113-1' }
 */
export const wmsExchange: ExchangeReader = (e) => ({
  ref: text(e.orderId) ?? text(e.externalId),
  writeKey: text(e.idempotencyKey) ?? text(e.externalId),
  read: readWithWriteMethod(e) ? true : undefined,
});
