import { describe, expect, it } from 'vitest';
import { journal, MIN } from '../support/journal-builder.js';

describe('fulfillment.wms-exactly-once', () => {
  const id = 'fulfillment.wms-exactly-once';

  it('passes when every marketplace order reaches the WMS once', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .mktOrder('113-1')
      .mktOrder('113-2')
      .at(2000)
      .wmsOrder('113-1')
      .wmsOrder('113-2')
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
    expect(result.evidence).toEqual([]);
    expect(result.details).toEqual({ orders: 2, missing: 0, duplicated: 0 });
  });

  it('fails when an order never reaches the WMS and another is sent twice', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .mktOrder('113-1')
      .mktOrder('113-2')
      .mktOrder('113-3')
      .at(2000)
      .wmsOrder('113-2', 'W2a')
      .wmsOrder('113-2', 'W2b')
      .wmsOrder('113-3')
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(2);
    expect(result.evidence).toEqual(['113-2', '113-1']);
    expect(result.details).toEqual({ orders: 3, missing: 1, duplicated: 1 });
  });
});

describe('fulfillment.wms-exactly-once: warehouse orders under another reference', () => {
  const id = 'fulfillment.wms-exactly-once';
  const two = [{ sku: 'SKU-1', quantity: 2 }];
  const one = [{ sku: 'SKU-2', quantity: 1 }];

  it('finds a second order under a fresh reference by its content, and one that matches nothing', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .mktOrder('113-1', { lines: two })
      .mktOrder('113-2', { lines: one })
      .at(2000)
      .wmsOrder('113-1', 'W1', two)
      .wmsOrder('113-2', 'W2', one)
      // the retry after a lost answer, under a new reference: the same goods again
      .wmsOrder('113-1-r1', 'W1b', two)
      // a reference that names no order and whose goods match none
      .wmsOrder('X-9', 'W9', [{ sku: 'SKU-3', quantity: 5 }])
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(2);
    expect(result.note).toContain('1 sent twice (1 under another reference, found by content)');
    expect(result.note).toContain('1 warehouse orders match no order');
    expect(result.evidence).toEqual([
      '113-1 (again as 113-1-r1)',
      '113-1',
      'X-9 (matches no order)',
    ]);
    expect(result.details).toEqual({
      orders: 2,
      missing: 0,
      duplicated: 1,
      contentDuplicates: 1,
      unlinked: 1,
    });
  });

  it('does not match a stray to an order visible only after it', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .wmsOrder('early', 'W0', two)
      .at(2000)
      .mktOrder('113-1', { lines: two })
      .wmsOrder('113-1', 'W1', two)
      .runFinished()
      .check(id);
    expect(result.measured).toBe(1);
    expect(result.details).toEqual({ orders: 1, missing: 0, duplicated: 0, unlinked: 1 });
  });
});

describe('fulfillment.shipment-confirmed', () => {
  const id = 'fulfillment.shipment-confirmed';

  it('passes when every judgeable shipment is confirmed with its tracking number', () => {
    const result = journal()
      .runStarted()
      .at(MIN)
      .wmsShipped('113-1', '1Z1')
      .wmsShipped('113-2', '1Z2')
      .at(2 * MIN)
      .shipmentConfirmed('113-1', '1Z1')
      // a confirmation that names no tracking number is accepted
      .shipmentConfirmed('113-2')
      .at(10 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
    expect(result.evidence).toEqual([]);
    expect(result.details).toEqual({ shipments: 2, pending: 0, failed: 0 });
  });

  it('fails for a wrong tracking number and a missing confirmation; recent shipments are pending', () => {
    const result = journal()
      .runStarted()
      .at(MIN)
      .wmsShipped('113-1', '1Z1')
      .wmsShipped('113-2', '1Z2')
      .wmsShipped('113-3', '1Z3')
      .at(2 * MIN)
      .shipmentConfirmed('113-1', '1Z-WRONG')
      .shipmentConfirmed('113-3', '1Z3')
      .at(9 * MIN)
      .wmsShipped('113-4', '1Z4') // 1 minute before the end: too recent to judge
      .at(10 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(2);
    expect(result.evidence).toEqual(['113-1', '113-2']);
    expect(result.details).toEqual({ shipments: 3, pending: 1, failed: 2 });
  });

  it('is not checked when every shipment is too recent', () => {
    const result = journal()
      .runStarted()
      .at(MIN)
      .wmsShipped('113-1', '1Z1')
      .at(5 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('not-checked');
    expect(result.note).toBe('1 shipments, all too recent to judge');
    expect(result.evidence).toEqual([]);
  });
});

describe('fulfillment.erp-fulfillment', () => {
  const id = 'fulfillment.erp-fulfillment';

  it('passes when each shipment has one item fulfillment created from its sales order', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .erpCreated('sales-order', 'SO1', { sourceOrderId: '113-1' })
      .at(MIN)
      .wmsShipped('113-1', '1Z1')
      .at(2 * MIN)
      .erpCreated('fulfillment', 'IF1', { fromDocumentId: 'SO1' })
      .at(10 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
    expect(result.evidence).toEqual([]);
    expect(result.details).toEqual({ shipments: 1, pending: 0, failed: 0 });
  });

  it('fails for a shipment with no sales order and one with two fulfillments', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .erpCreated('sales-order', 'SO2', { sourceOrderId: '113-2' })
      .erpCreated('sales-order', 'SO3', { sourceOrderId: '113-3' })
      .at(MIN)
      .wmsShipped('113-1', '1Z1')
      .wmsShipped('113-2', '1Z2')
      .wmsShipped('113-3', '1Z3')
      .at(2 * MIN)
      .erpCreated('fulfillment', 'IF2a', { fromDocumentId: 'SO2' })
      .erpCreated('fulfillment', 'IF2b', { fromDocumentId: 'SO2' })
      .erpCreated('fulfillment', 'IF3', { fromDocumentId: 'SO3' })
      .at(10 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(2);
    expect(result.evidence).toEqual(['113-1', '113-2']);
    expect(result.details).toEqual({ shipments: 3, pending: 0, failed: 2 });
  });
});

describe('fulfillment.confirm-lag.p95', () => {
  const id = 'fulfillment.confirm-lag.p95';

  it('passes when the confirmation comes 2 minutes after the shipment', () => {
    const result = journal()
      .runStarted()
      .at(MIN)
      .wmsShipped('113-1', '1Z1')
      .at(3 * MIN)
      .shipmentConfirmed('113-1', '1Z1')
      .at(10 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(2 * MIN);
    expect(result.evidence).toEqual(['113-1']);
    expect(result.details).toEqual({ shipments: 1, p50: 2 * MIN, max: 2 * MIN });
  });

  it('fails when an unconfirmed shipment counts up to the end of the run (40 minutes)', () => {
    const result = journal()
      .runStarted()
      .wmsShipped('113-1', '1Z1')
      .wmsShipped('113-2', '1Z2')
      .at(MIN)
      .shipmentConfirmed('113-1', '1Z1')
      .at(40 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(40 * MIN);
    expect(result.evidence).toEqual(['113-2', '113-1']);
    expect(result.details).toEqual({ shipments: 2, p50: MIN, max: 40 * MIN });
  });
});
