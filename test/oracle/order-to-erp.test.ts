import { describe, expect, it } from 'vitest';
import { journal, MIN } from '../support/journal-builder.js';

describe('order-to-erp.exactly-once', () => {
  const id = 'order-to-erp.exactly-once';

  it('passes when every marketplace order has exactly one sales order', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .mktOrder('113-1')
      .mktOrder('113-2')
      .at(2000)
      .erpCreated('sales-order', 'SO1', { sourceOrderId: '113-1' })
      // linked by externalId when there is no otherRefNum
      .erpCreated('sales-order', 'SO2', { externalId: '113-2' })
      .at(MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
    expect(result.evidence).toEqual([]);
    expect(result.details).toEqual({ orders: 2, missing: 0, duplicated: 0 });
  });

  it('fails when an order is missing and another is duplicated (duplicates listed first)', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .mktOrder('113-1')
      .mktOrder('113-2')
      .mktOrder('113-3')
      .at(2000)
      .erpCreated('sales-order', 'SO2a', { sourceOrderId: '113-2' })
      .erpCreated('sales-order', 'SO2b', { externalId: '113-2' })
      .erpCreated('sales-order', 'SO3', { sourceOrderId: '113-3' })
      // a cash sale does not count as a sales order
      .erpCreated('sale-receipt', 'CS1', { sourceOrderId: '113-1' })
      .at(MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(2);
    expect(result.evidence).toEqual(['113-2', '113-1']);
    expect(result.details).toEqual({ orders: 3, missing: 1, duplicated: 1 });
  });
});

describe('order-to-erp.exactly-once (ERP updates and deletions)', () => {
  const id = 'order-to-erp.exactly-once';

  it('passes when a sales order gets its reference by a later update', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .mktOrder('113-1')
      .erpCreated('sales-order', 'SO1')
      .at(2000)
      .erpUpdated('sales-order', 'SO1', { sourceOrderId: '113-1' })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
    expect(result.evidence).toEqual([]);
  });

  it('fails when the only sales order of an order was deleted', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .mktOrder('113-1')
      .erpCreated('sales-order', 'SO1', { sourceOrderId: '113-1' })
      .at(2000)
      .erpDeleted('sales-order', 'SO1')
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(1);
    expect(result.evidence).toEqual(['113-1']);
  });
});

describe('order-to-erp.lines-match', () => {
  const id = 'order-to-erp.lines-match';

  it('passes when SKUs, units and totals agree (lines summed per SKU, any order)', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .mktOrder('113-1', {
        totalCents: 2500,
        lines: [
          { sku: 'A', quantity: 2 },
          { sku: 'B', quantity: 1 },
        ],
      })
      .at(2000)
      .erpCreated('sales-order', 'SO1', {
        sourceOrderId: '113-1',
        totalCents: 2500,
        lines: [
          { sku: 'B', quantity: 1 },
          { sku: 'A', quantity: 1 },
          { sku: 'A', quantity: 1 },
        ],
      })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
    expect(result.evidence).toEqual([]);
    expect(result.details).toEqual({ compared: 1, mismatched: 0 });
  });

  it('fails for a total off by a cent and for a wrong quantity; orders with no sales order are not compared', () => {
    const lines = [{ sku: 'A', quantity: 2 }];
    const result = journal()
      .runStarted()
      .at(1000)
      .mktOrder('113-1', { totalCents: 1000, lines })
      .mktOrder('113-2', { totalCents: 1000, lines })
      .mktOrder('113-3', { totalCents: 1000, lines })
      .mktOrder('113-4', { totalCents: 1000, lines })
      .at(2000)
      .erpCreated('sales-order', 'SO1', { sourceOrderId: '113-1', totalCents: 999, lines })
      .erpCreated('sales-order', 'SO2', {
        sourceOrderId: '113-2',
        totalCents: 1000,
        lines: [{ sku: 'A', quantity: 3 }],
      })
      .erpCreated('sales-order', 'SO3', { sourceOrderId: '113-3', totalCents: 1000, lines })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(2);
    expect(result.evidence).toEqual(['113-1', '113-2']);
    expect(result.details).toEqual({ compared: 3, mismatched: 2 });
  });

  it('is not checked when no order reached the ERP', () => {
    const result = journal().runStarted().at(1000).mktOrder('113-1').runFinished().check(id);
    expect(result.verdict).toBe('not-checked');
    expect(result.measured).toBeNull();
    expect(result.evidence).toEqual([]);
  });
});
