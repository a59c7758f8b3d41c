import { describe, expect, it } from 'vitest';
import { journal, MIN } from '../support/journal-builder.js';

const TOTALS = 'reconciliation.daily-totals';
const COUNTS = 'reconciliation.daily-counts';
/** The business day of the builder's start (START_T, UTC). */
const DAY = '2023-11-14';

/** Two stores' sales and a refund, and two marketplace orders, all visible by 1 minute. */
function day() {
  return journal()
    .runStarted()
    .at(1000)
    .posOrder('sq-1', 1250, { storeId: 'ST-001' })
    .posOrder('sq-2', 800, { storeId: 'ST-001' })
    .posOrder('sq-3', 999, { storeId: 'ST-002' })
    .posRefund('rf-1', 400, { storeId: 'ST-002' })
    .mktOrder('113-1', { totalCents: 1999 })
    .mktOrder('113-2', { totalCents: 500 });
}

/** Everything booked as it should be, at 2 minutes. */
function booked() {
  return day()
    .at(2 * MIN)
    .erpCreated('sale-receipt', 'CS1', { externalId: 'sq-1', totalCents: 1250, location: 'ST-001' })
    .erpCreated('sale-receipt', 'CS2', { externalId: 'sq-2', totalCents: 800, location: 'ST-001' })
    .erpCreated('sale-receipt', 'CS3', { externalId: 'sq-3', totalCents: 999, location: 'ST-002' })
    .erpCreated('refund', 'CR1', { externalId: 'rf-1', totalCents: 400, location: 'ST-002' })
    .erpCreated('sales-order', 'SO1', {
      sourceOrderId: '113-1',
      totalCents: 1999,
      location: 'WH-1',
    })
    .erpCreated('sales-order', 'SO2', { sourceOrderId: '113-2', totalCents: 500 });
}

describe('reconciliation', () => {
  it('passes when every channel, store and day adds up to the cent, in number too', () => {
    const j = booked()
      .at(10 * MIN)
      .runFinished();
    for (const id of [TOTALS, COUNTS]) {
      const r = j.check(id);
      expect(r.verdict).toBe('pass');
      expect(r.evidence).toEqual([]);
      expect(r.details).toEqual({
        groups: 4,
        mismatched: 0,
        sourceCents: 1250 + 800 + 999 + 400 + 1999 + 500,
        erpCents: 1250 + 800 + 999 + 400 + 1999 + 500,
        sourceCount: 6,
        erpCount: 6,
      });
    }
  });

  it('fails the totals (not the counts) for an amount off by a cent, naming the group', () => {
    const j = day()
      .at(2 * MIN)
      .erpCreated('sale-receipt', 'CS1', {
        externalId: 'sq-1',
        totalCents: 1300,
        location: 'ST-001',
      })
      .erpCreated('sale-receipt', 'CS2', {
        externalId: 'sq-2',
        totalCents: 800,
        location: 'ST-001',
      })
      .erpCreated('sale-receipt', 'CS3', {
        externalId: 'sq-3',
        totalCents: 999,
        location: 'ST-002',
      })
      .erpCreated('refund', 'CR1', { externalId: 'rf-1', totalCents: 400, location: 'ST-002' })
      .erpCreated('sales-order', 'SO1', { sourceOrderId: '113-1', totalCents: 1998 })
      .erpCreated('sales-order', 'SO2', { sourceOrderId: '113-2', totalCents: 500 })
      .at(10 * MIN)
      .runFinished();
    const totals = j.check(TOTALS);
    expect(totals.verdict).toBe('fail');
    expect(totals.measured).toBe(2);
    expect(totals.evidence).toEqual([
      `marketplace/orders/-/${DAY}: ERP 2498¢/2 vs source 2499¢/2`,
      `pos/sales/ST-001/${DAY}: ERP 2100¢/2 vs source 2050¢/2`,
    ]);
    expect(totals.note).toContain(
      `first: marketplace/orders/-/${DAY} ERP $24.98 in 2 vs source $24.99 in 2`,
    );
    expect(j.check(COUNTS).verdict).toBe('pass');
  });

  it('fails both for a sale booked again under a fresh id, though every id matches something', () => {
    const j = booked()
      .at(3 * MIN)
      .erpCreated('sale-receipt', 'CS9', {
        externalId: 'sq-1-r1',
        totalCents: 1250,
        location: 'ST-001',
      })
      .at(10 * MIN)
      .runFinished();
    for (const id of [TOTALS, COUNTS]) {
      const r = j.check(id);
      expect(r.verdict).toBe('fail');
      expect(r.measured).toBe(1);
      expect(r.evidence).toEqual([`pos/sales/ST-001/${DAY}: ERP 3300¢/3 vs source 2050¢/2`]);
    }
  });

  it('fails a sale booked at the wrong store or on the wrong day', () => {
    const wrongStore = day()
      .at(2 * MIN)
      .erpCreated('sale-receipt', 'CS1', {
        externalId: 'sq-1',
        totalCents: 1250,
        location: 'ST-002',
      })
      .erpCreated('sale-receipt', 'CS2', {
        externalId: 'sq-2',
        totalCents: 800,
        location: 'ST-001',
      })
      .erpCreated('sale-receipt', 'CS3', {
        externalId: 'sq-3',
        totalCents: 999,
        location: 'ST-002',
      })
      .at(10 * MIN)
      .runFinished()
      .check(COUNTS);
    expect(wrongStore.verdict).toBe('fail');
    expect(wrongStore.evidence.slice(2)).toEqual([
      `pos/sales/ST-001/${DAY}: ERP 800¢/1 vs source 2050¢/2`,
      `pos/sales/ST-002/${DAY}: ERP 2249¢/2 vs source 999¢/1`,
    ]);

    // booked on the day the ERP wrote it, not the day it was sold
    const wrongDay = booked()
      .posOrder('sq-4', 100, { storeId: 'ST-001', completedAt: `${DAY}T23:59:00.000Z` })
      .erpCreated('sale-receipt', 'CS4', {
        externalId: 'sq-4',
        totalCents: 100,
        location: 'ST-001',
        tranDate: '2023-11-15',
      })
      .at(10 * MIN)
      .runFinished()
      .check(COUNTS);
    expect(wrongDay.verdict).toBe('fail');
    expect(wrongDay.evidence).toEqual([
      `pos/sales/ST-001/${DAY}: ERP 2050¢/2 vs source 2150¢/3`,
      `pos/sales/ST-001/2023-11-15: ERP 100¢/1 vs source 0¢/0`,
    ]);
  });

  it('counts a sale never booked, but leaves out one of the last five minutes still in flight', () => {
    const missing = day()
      .at(2 * MIN)
      .erpCreated('sale-receipt', 'CS1', {
        externalId: 'sq-1',
        totalCents: 1250,
        location: 'ST-001',
      })
      .erpCreated('sale-receipt', 'CS3', {
        externalId: 'sq-3',
        totalCents: 999,
        location: 'ST-002',
      })
      .erpCreated('refund', 'CR1', { externalId: 'rf-1', totalCents: 400, location: 'ST-002' })
      .erpCreated('sales-order', 'SO1', { sourceOrderId: '113-1', totalCents: 1999 })
      .erpCreated('sales-order', 'SO2', { sourceOrderId: '113-2', totalCents: 500 })
      .at(10 * MIN)
      .runFinished()
      .check(COUNTS);
    expect(missing.evidence).toEqual([`pos/sales/ST-001/${DAY}: ERP 1250¢/1 vs source 2050¢/2`]);

    const inFlight = booked()
      .at(7 * MIN)
      .posOrder('sq-5', 700, { storeId: 'ST-001' })
      .at(10 * MIN)
      .runFinished()
      .check(COUNTS);
    expect(inFlight.verdict).toBe('pass');
  });

  it('is NOT CHECKED when there was nothing to reconcile', () => {
    const r = journal()
      .runStarted()
      .at(10 * MIN)
      .runFinished()
      .check(TOTALS);
    expect(r.verdict).toBe('not-checked');
    expect(r.note).toBe('no sale, refund or order to reconcile');
  });
});
