import { describe, expect, it } from 'vitest';
import { journal, MIN } from '../support/journal-builder.js';

describe('ordering.causality', () => {
  const id = 'ordering.causality';

  it('passes when every confirmation, fulfillment and refund follows its cause', () => {
    const result = journal()
      .runStarted()
      .mktOrder('113-1')
      .posOrder('sq-1', 500)
      .at(MIN)
      .erpCreated('sales-order', 'SO1', { sourceOrderId: '113-1' })
      .erpCreated('sale-receipt', 'CS1', { externalId: 'sq-1', totalCents: 500 })
      .at(2 * MIN)
      .wmsShipped('113-1', '1Z1')
      .at(3 * MIN)
      .shipmentConfirmed('113-1', '1Z1')
      .erpCreated('fulfillment', 'IF1', { fromDocumentId: 'SO1' })
      .posRefund('rf-1', 500, { orderId: 'sq-1' })
      .at(4 * MIN)
      .erpCreated('refund', 'CR1', { externalId: 'rf-1', totalCents: 500 })
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
  });

  it('fails a confirmation before the shipment, a fulfillment before it shipped, a refund before the sale', () => {
    const result = journal()
      .runStarted()
      .mktOrder('113-1')
      .mktOrder('113-2')
      .posOrder('sq-1', 500)
      .posRefund('rf-1', 500, { orderId: 'sq-1' })
      .at(MIN)
      .shipmentConfirmed('113-1', 'PENDING-113-1') // nothing has shipped yet
      .erpCreated('sales-order', 'SO2', { sourceOrderId: '113-2' })
      .erpCreated('fulfillment', 'IF2', { fromDocumentId: 'SO2' }) // ships at 2 minutes
      .erpCreated('refund', 'CR1', { externalId: 'rf-1', totalCents: 500 })
      .at(2 * MIN)
      .wmsShipped('113-1', '1Z1')
      .wmsShipped('113-2', '1Z2')
      .erpCreated('sale-receipt', 'CS1', { externalId: 'sq-1', totalCents: 500 })
      .at(10 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(3);
    expect(result.evidence).toEqual(['113-1', '113-2', 'rf-1']);
    expect(result.note).toBe(
      '1 confirmed before it shipped, 1 fulfilled in the ERP before it shipped, 1 refunded in the ERP before the sale was booked',
    );
  });

  it('is not checked when there is nothing to order', () => {
    expect(journal().runStarted().runFinished().check(id).verdict).toBe('not-checked');
  });
});

describe('fulfillment.confirm-lag.p95 never passes a negative duration', () => {
  it('counts a shipment confirmed only before it shipped as unconfirmed, to the end', () => {
    const result = journal()
      .runStarted()
      .mktOrder('113-1')
      .at(MIN)
      .shipmentConfirmed('113-1', 'PENDING-113-1')
      .at(4 * MIN)
      .wmsShipped('113-1', '1Z1')
      .at(10 * MIN)
      .runFinished()
      .check('fulfillment.confirm-lag.p95');
    expect(result.measured).toBe(6 * MIN);
  });
});
