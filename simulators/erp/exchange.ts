import {
  readWithWriteMethod,
  text,
  WRITE_METHODS,
  type ExchangeReader,
} from '../core/exchange-reading.js';

/** NetSuite reads sent as POST: searches, token grants and SuiteQL queries. */
const ERP_READS = /search|retrieve|query|suiteql|token/i;

/** A fulfillment is made once per sales order: `POST …/salesOrder/{id}/!transform/itemFulfillment`. */
const ONE_SHOT = /\/!transform\/itemFulfillment$/;

/**
 * The business reading of a NetSuite exchange: a transaction is about the channel order typed in
 * its `otherRefNum` (else its `externalId`); a write is idempotent by the async-job idempotency
 * key, else by the record's `externalId` (NetSuite refuses a second record with the same one —
 * see docs/dialects/erp.md).
 *
 * @example erpExchange({ sys: 'erp', method: 'POST', op: 'salesOrder.create', otherRefNum: '113-1', externalId: 'amz-113-1' }) // { ref: '113-1', writeKey: 'amz-113-1' }
 */
export const erpExchange: ExchangeReader = (e) => ({
  ref: text(e.otherRefNum) ?? text(e.externalId),
  writeKey: text(e.idempotencyKey) ?? text(e.externalId),
  oneShot:
    WRITE_METHODS.has(String(e.method)) && ONE_SHOT.test(String(e.path ?? '')) ? true : undefined,
  read: readWithWriteMethod(e, ERP_READS) ? true : undefined,
});
