import { describe, expect, it } from 'vitest';
import { journal, MIN } from '../support/journal-builder.js';

describe('pos-to-erp.exactly-once', () => {
  const id = 'pos-to-erp.exactly-once';

  it('passes when every completed sale is one cash sale (linked by externalId, else otherRefNum)', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .posOrder('sq-1', 1250)
      .posOrder('sq-2', 800)
      .at(2000)
      .erpCreated('sale-receipt', 'CS1', { externalId: 'sq-1', totalCents: 1250 })
      .erpCreated('sale-receipt', 'CS2', { sourceOrderId: 'sq-2', totalCents: 800 })
      .at(MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
    expect(result.evidence).toEqual([]);
    expect(result.details).toEqual({ sales: 2, missing: 0, duplicated: 0 });
  });

  it('fails for a missing sale, a duplicated sale and an uploaded offline sale; un-uploaded sales do not count', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .posOrder('sq-1', 100)
      .posOrder('sq-2', 200)
      .posOrder('sq-3', 300, { offline: true }) // never uploaded: invisible to the target
      .posOrder('sq-4', 400, { offline: true })
      .at(2000)
      .erpCreated('sale-receipt', 'CS2a', { externalId: 'sq-2' })
      .erpCreated('sale-receipt', 'CS2b', { externalId: 'sq-2' })
      .at(3000)
      .posUploaded('sq-4')
      .at(MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(3);
    expect(result.evidence).toEqual(['sq-2', 'sq-1', 'sq-4']);
    expect(result.details).toEqual({ sales: 3, missing: 2, duplicated: 1 });
  });
});

describe('pos-to-erp.refunds-exactly-once', () => {
  const id = 'pos-to-erp.refunds-exactly-once';

  it('passes when each refund is one cash refund or credit memo', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .posRefund('rf-1', 500)
      .posRefund('rf-2', 300)
      .at(2000)
      .erpCreated('refund', 'CR1', { externalId: 'rf-1', totalCents: 500 })
      .erpCreated('refund', 'CM2', { externalId: 'rf-2', totalCents: 300 })
      .at(MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
    expect(result.evidence).toEqual([]);
    expect(result.details).toEqual({ refunds: 2, missing: 0, duplicated: 0 });
  });

  it('fails for a missing refund, a refund booked twice and a released offline refund', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .posRefund('rf-1', 100)
      .posRefund('rf-2', 200)
      .posRefund('rf-3', 300, { offline: true, locationId: 'L2' })
      .posRefund('rf-4', 400, { offline: true, locationId: 'L3' }) // store never comes back
      .at(2000)
      .erpCreated('refund', 'CR2', { externalId: 'rf-2' })
      .erpCreated('refund', 'CM2', { externalId: 'rf-2' })
      .at(3000)
      .storeOnline('L2')
      .at(10 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(3);
    expect(result.evidence).toEqual(['rf-2', 'rf-1', 'rf-3']);
    expect(result.details).toEqual({ refunds: 3, missing: 2, duplicated: 1 });
  });

  it('counts a refund made in the last 5 minutes of the run and not booked yet as too recent, not missing', () => {
    const base = journal()
      .runStarted()
      .at(1000)
      .posRefund('rf-1', 100)
      .at(2000)
      .erpCreated('refund', 'CR1', { externalId: 'rf-1' })
      .at(7 * MIN)
      .posRefund('rf-late', 200);
    const result = base
      .at(10 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.details).toEqual({ refunds: 2, missing: 0, duplicated: 0, tooRecent: 1 });
    expect(result.note).toContain('1 too recent to judge');
    // the same refund made 6 minutes before the end is judged, and missing
    const older = journal()
      .runStarted()
      .at(1000)
      .posRefund('rf-late', 200)
      .at(7 * MIN)
      .runFinished()
      .check(id);
    expect(older.verdict).toBe('fail');
    expect(older.details).toEqual({ refunds: 1, missing: 1, duplicated: 0 });
  });
});

describe('pos-to-erp.totals-match', () => {
  const id = 'pos-to-erp.totals-match';

  it('passes when sales and refunds match to the cent (records without a total are not compared)', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .posOrder('sq-1', 1250)
      .posOrder('sq-2', 999)
      .posRefund('rf-1', 500)
      .at(2000)
      .erpCreated('sale-receipt', 'CS1', { externalId: 'sq-1', totalCents: 1250 })
      .erpCreated('sale-receipt', 'CS2', { externalId: 'sq-2' })
      .erpCreated('refund', 'CR1', { externalId: 'rf-1', totalCents: 500 })
      .at(MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
    expect(result.evidence).toEqual([]);
    expect(result.details).toEqual({ compared: 2, mismatched: 0 });
  });

  it('fails for a sale a cent short and a refund in the wrong unit', () => {
    const result = journal()
      .runStarted()
      .at(1000)
      .posOrder('sq-1', 1250)
      .posOrder('sq-2', 800)
      .posRefund('rf-1', 500)
      .at(2000)
      .erpCreated('sale-receipt', 'CS1', { externalId: 'sq-1', totalCents: 1249 })
      .erpCreated('sale-receipt', 'CS2', { externalId: 'sq-2', totalCents: 800 })
      .erpCreated('refund', 'CM1', { externalId: 'rf-1', totalCents: 5 })
      .at(MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(2);
    expect(result.evidence).toEqual(['sq-1', 'rf-1']);
    expect(result.details).toEqual({ compared: 3, mismatched: 2 });
  });
});
