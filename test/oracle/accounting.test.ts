import { describe, expect, it } from 'vitest';
import { journal, MIN, scenario } from '../support/journal-builder.js';

/**
 * Every ERP document accounted for: linked to one source by a reference, or a content duplicate
 * (a second record for a source under another id), or unlinked (its reference names nothing).
 */
describe('pos-to-erp.exactly-once: every sale receipt accounted for', () => {
  const id = 'pos-to-erp.exactly-once';
  const pos = scenario({ flows: ['pos-to-erp'] });

  it('finds a retry booked under a fresh external id by its content, and says how many', () => {
    const result = journal()
      .runStarted({ scenario: pos })
      .posOrder('sq-1', 1250)
      .posOrder('sq-2', 990)
      .at(MIN)
      .erpCreated('sale-receipt', 'CS1', { externalId: 'sq-1', totalCents: 1250 })
      .erpCreated('sale-receipt', 'CS2', { externalId: 'sq-2', totalCents: 990 })
      // the answer to CS1 was lost; the retry went out as "sq-1-r1", with no other reference
      .erpCreated('sale-receipt', 'CS3', { externalId: 'sq-1-r1', totalCents: 1250 })
      .at(5 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(1);
    expect(result.summary).toBe('1 duplicated');
    expect(result.note).toBe(
      '2 sales: 0 missing, 1 duplicated (1 found by content under another id)',
    );
    expect(result.evidence).toEqual(['sq-1', 'erp:CS3']);
    expect(result.details).toEqual({ sales: 2, missing: 0, duplicated: 1, duplicatedByContent: 1 });
  });

  it('links a receipt by its order number when the external id names no sale (a duplicate by id)', () => {
    const result = journal()
      .runStarted({ scenario: pos })
      .posOrder('sq-1', 1250)
      .at(MIN)
      .erpCreated('sale-receipt', 'CS1', { externalId: 'sq-1', totalCents: 1250 })
      .erpCreated('sale-receipt', 'CS2', {
        externalId: 'sq-1-r1',
        sourceOrderId: 'sq-1',
        totalCents: 1250,
      })
      .at(5 * MIN)
      .runFinished()
      .check(id);
    expect(result.measured).toBe(1);
    expect(result.details).toEqual({ sales: 1, missing: 0, duplicated: 1 });
  });

  it('counts a receipt that matches no sale, by id or content, as unlinked', () => {
    const result = journal()
      .runStarted({ scenario: pos })
      .posOrder('sq-1', 1250)
      .at(MIN)
      .erpCreated('sale-receipt', 'CS1', { externalId: 'sq-1', totalCents: 1250 })
      .erpCreated('sale-receipt', 'CS9', { externalId: 'made-up', totalCents: 777 })
      .at(5 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(1);
    expect(result.summary).toBe('1 unlinked');
    expect(result.evidence).toEqual(['erp:CS9']);
    expect(result.details).toMatchObject({ unlinked: 1 });
  });

  it('does not match content recorded before the sale existed', () => {
    const result = journal()
      .runStarted({ scenario: pos })
      .erpCreated('sale-receipt', 'CS0', { externalId: 'early', totalCents: 1250 })
      .at(MIN)
      .posOrder('sq-1', 1250)
      .erpCreated('sale-receipt', 'CS1', { externalId: 'sq-1', totalCents: 1250 })
      .at(5 * MIN)
      .runFinished()
      .check(id);
    expect(result.details).toMatchObject({ duplicated: 0, unlinked: 1 });
  });
});

describe('order-to-erp.exactly-once: every sales order accounted for', () => {
  const id = 'order-to-erp.exactly-once';

  it('matches lines and amount: a second sales order for the same goods under another id is a duplicate', () => {
    const lines = [{ sku: 'A', quantity: 2 }];
    const result = journal()
      .runStarted()
      .mktOrder('113-1', { totalCents: 500, lines })
      .mktOrder('113-2', { totalCents: 500, lines: [{ sku: 'B', quantity: 1 }] })
      .at(MIN)
      .erpCreated('sales-order', 'SO1', { sourceOrderId: '113-1', totalCents: 500, lines })
      .erpCreated('sales-order', 'SO2', {
        sourceOrderId: '113-2',
        totalCents: 500,
        lines: [{ sku: 'B', quantity: 1 }],
      })
      .erpCreated('sales-order', 'SO3', { externalId: 'retry-7f3a', totalCents: 500, lines })
      .at(5 * MIN)
      .runFinished()
      .check(id);
    expect(result.measured).toBe(1);
    expect(result.evidence).toEqual(['113-1', 'erp:SO3']);
  });

  it('prints "30 missing", not a bare 30', () => {
    const j = journal().runStarted();
    for (let i = 0; i < 30; i++) j.mktOrder(`113-${i}`);
    const result = j.at(MIN).runFinished().check(id);
    expect(result.summary).toBe('30 missing');
  });
});
