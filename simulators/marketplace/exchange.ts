import {
  readWithWriteMethod,
  text,
  WRITE_METHODS,
  type ExchangeReader,
} from '../core/exchange-reading.js';

/** An order's shipment is confirmed once: `POST /orders/v0/orders/{id}/shipmentConfirmation`. */
const ONE_SHOT = /\/shipmentConfirmation$/;

/**
 * The business reading of an SP-API exchange: a write is about its order, else the listing's
 * SKU (journaled as `externalId`, which is also what makes a listing patch the same write); a
 * shipment confirmation is made once per order (see docs/dialects/marketplace.md).
 *
 * @example marketplaceExchange({ sys: 'marketplace', method: 'PATCH', op: 'patchListingsItem', externalId: 'SKU-1' }) // { ref: 'SKU-1', writeKey: 'SKU-1' }
 */
export const marketplaceExchange: ExchangeReader = (e) => ({
  ref: text(e.orderId) ?? text(e.externalId),
  writeKey: text(e.idempotencyKey) ?? text(e.externalId),
  oneShot:
    WRITE_METHODS.has(String(e.method)) && ONE_SHOT.test(String(e.path ?? '')) ? true : undefined,
  read: readWithWriteMethod(e) ? true : undefined,
});
