import { describe, expect, it } from 'vitest';
import { erpSimulator } from '../../simulators/erp/index.js';
import { JOURNAL_UPGRADES, upgradeV1, upgradeV2 } from '../../runtime/journal-upgrades.js';
import { marketplaceSimulator } from '../../simulators/marketplace/index.js';
import { posSimulator } from '../../simulators/pos/index.js';
import { wmsSimulator } from '../../simulators/wms/index.js';
import { defaultExchangeReader, withReading } from '../../simulators/core/exchange-reading.js';

const stamp = { seq: 5, t: 0, w: 0 };

describe('the dialects read their exchanges in business terms', () => {
  it('ERP: the channel order typed in otherRefNum, idempotent by externalId; a fulfillment is one-shot; SuiteQL is a read', () => {
    const read = erpSimulator.readExchange!;
    expect(
      read({
        sys: 'erp',
        method: 'POST',
        op: 'salesOrder.create',
        otherRefNum: '113-1',
        externalId: 'amz-113-1',
      }),
    ).toMatchObject({ ref: '113-1', writeKey: 'amz-113-1' });
    expect(
      read({ sys: 'erp', method: 'POST', op: 'cashSale.create', externalId: 'sq-1' }),
    ).toMatchObject({ ref: 'sq-1', writeKey: 'sq-1' });
    expect(
      read({
        sys: 'erp',
        method: 'POST',
        op: 'salesOrder.transform.itemFulfillment',
        path: '/services/rest/record/v1/salesOrder/7/!transform/itemFulfillment',
      }).oneShot,
    ).toBe(true);
    expect(
      read({ sys: 'erp', method: 'POST', op: 'suiteql', path: '/services/rest/query/v1/suiteql' })
        .read,
    ).toBe(true);
    expect(read({ sys: 'erp', method: 'GET', op: 'suiteql' }).read).toBeUndefined();
  });

  it('POS: idempotency_key is the write key, the order the reference; searches are reads', () => {
    const read = posSimulator.readExchange!;
    expect(
      read({
        sys: 'pos',
        method: 'POST',
        op: 'CreatePayment',
        idempotencyKey: 'k1',
        orderId: 'o1',
      }),
    ).toMatchObject({ ref: 'o1', writeKey: 'k1' });
    expect(read({ sys: 'pos', method: 'POST', op: 'SearchOrders' }).read).toBe(true);
  });

  it('WMS: the reference_id (journaled as externalId) is reference and write key', () => {
    expect(
      wmsSimulator.readExchange!({
        sys: 'wms',
        method: 'POST',
        op: 'createOrder',
        externalId: '113-7',
      }),
    ).toMatchObject({ ref: '113-7', writeKey: '113-7' });
  });

  it('marketplace: a shipment confirmation is one-shot; a listing patch is about its SKU', () => {
    const read = marketplaceSimulator.readExchange!;
    expect(
      read({
        sys: 'marketplace',
        method: 'POST',
        op: 'confirmShipment',
        path: '/orders/v0/orders/113-1/shipmentConfirmation',
      }).oneShot,
    ).toBe(true);
    expect(
      read({ sys: 'marketplace', method: 'PATCH', op: 'patchListingsItem', externalId: 'SKU-1' }),
    ).toMatchObject({ ref: 'SKU-1', writeKey: 'SKU-1' });
  });

  it('a simulator without a reader only tells POST searches from writes', () => {
    expect(defaultExchangeReader({ sys: 'kv', method: 'POST', op: 'searchThings' })).toEqual({
      read: true,
    });
    expect(
      defaultExchangeReader({ sys: 'kv', method: 'POST', op: 'putThing', externalId: 'a' }),
    ).toEqual({});
    // undefined fields are not written
    expect(Object.keys(withReading({ sys: 'kv', method: 'GET' }))).toEqual(['sys', 'method']);
  });
});

describe('older journals get the same reading as they are read', () => {
  it('version 2: an exchange gains ref/writeKey from its own annotations; other lines are untouched', () => {
    const line = {
      ...stamp,
      type: 'http:exchange',
      sys: 'erp',
      method: 'POST',
      op: 'salesOrder.create',
      otherRefNum: '113-1',
      externalId: 'amz-113-1',
    };
    expect(upgradeV2(line)).toMatchObject({ ref: '113-1', writeKey: 'amz-113-1' });
    expect(line).not.toHaveProperty('ref'); // the line read is not changed in place
    const other = { ...stamp, type: 'run:phase', sys: 'runner', phase: 'drain' };
    expect(upgradeV2(other)).toBe(other);
  });

  it('version 1: vendor events become business events, exchanges get their reading', () => {
    expect(
      upgradeV1({
        ...stamp,
        type: 'http:exchange',
        sys: 'marketplace',
        method: 'POST',
        path: '/orders/v0/orders/113-1/shipmentConfirmation',
      }),
    ).toMatchObject({ oneShot: true });
    expect(
      upgradeV1({ ...stamp, type: 'wms:shipped', sys: 'wms', referenceId: '113-1' }),
    ).toMatchObject({ type: 'warehouse:order-shipped', sourceOrderId: '113-1' });
    expect(Object.keys(JOURNAL_UPGRADES)).toEqual(['1', '2']);
  });
});

describe('fault rules carry the kind their type declares', () => {
  it('version 2: fault:added gains faultKind; the outage checks read it (concurrency fails outright)', () => {
    const added = (faultType: string) =>
      upgradeV2({ ...stamp, type: 'fault:added', sys: 'chaos', fault: 'f', faultType });
    expect(added('outage')?.faultKind).toBe('outage');
    expect(added('error')?.faultKind).toBe('outage');
    expect(added('timeout')?.faultKind).toBe('outage');
    expect(added('concurrency')?.faultKind).toBe('outage');
    expect(added('throttle')?.faultKind).toBe('throttle');
    expect(added('latency')?.faultKind).toBe('latency');
  });
});
