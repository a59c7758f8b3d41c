import { describe, expect, it } from 'vitest';
import { ev } from '../../journal/events.js';
import { journal, MIN } from '../support/journal-builder.js';

describe('webhooks.forged-accepted', () => {
  const id = 'webhooks.forged-accepted';
  const forged = (tracking: string) =>
    ev.webhookForged({
      sys: 'wms',
      id: 'evt-1',
      topic: 'order.shipped',
      fault: 'forge',
      variant: 'unsigned',
      claims: [tracking],
    });

  it('fails when a shipment is confirmed with a tracking number only the forgery carried', () => {
    const result = journal()
      .runStarted()
      .mktOrder('113-1')
      .at(MIN)
      .append(forged('1Z-FORGED-evt-1'))
      .append(ev.webhookAttempt({ sys: 'wms', id: 'evt-1', ok: true, forged: 'unsigned' }))
      .shipmentConfirmed('113-1', '1Z-FORGED-evt-1')
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(1);
    expect(result.evidence).toEqual(['113-1']);
    expect(result.note).toBe('1 effects of 1 forged deliveries');
  });

  it('passes when the target refused the forgery and acted on the genuine delivery', () => {
    const result = journal()
      .runStarted()
      .mktOrder('113-1')
      .at(MIN)
      .append(forged('1Z-FORGED-evt-1'))
      .append(
        ev.webhookAttempt({ sys: 'wms', id: 'evt-1', ok: false, status: 401, forged: 'unsigned' }),
      )
      .wmsShipped('113-1', '1Z-REAL')
      .webhookAttempt('wms', 'evt-1')
      .shipmentConfirmed('113-1', '1Z-REAL')
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
  });

  // A forged `orders/create` (its `id` replaced): the order exists only in the forgery.
  const forgedOrder = ev.webhookForged({
    sys: 'storefront',
    id: 'wh-1',
    topic: 'orders/create',
    fault: 'forge',
    variant: 'bad-signature',
    claims: ['FORGED-wh-1'],
  });

  it('fails on an ERP sales order and a warehouse order of an order only a forgery named', () => {
    const result = journal()
      .runStarted()
      .mktOrder('5001', { sys: 'storefront' })
      .at(MIN)
      .append(forgedOrder)
      .append(
        ev.webhookAttempt({ sys: 'storefront', id: 'wh-1', ok: true, forged: 'bad-signature' }),
      )
      .erpCreated('sales-order', '77', {
        externalId: 'shopify-FORGED-wh-1',
        sourceOrderId: 'FORGED-wh-1',
      })
      .wmsOrder('FORGED-wh-1')
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(2);
    expect(result.evidence).toEqual(['FORGED-wh-1']);
  });

  it('counts effects, not attempts: a forged orders/create answered 200 and acted on by nothing passes', () => {
    const result = journal()
      .runStarted()
      .mktOrder('5001', { sys: 'storefront' })
      .at(MIN)
      .append(forgedOrder)
      .append(
        ev.webhookAttempt({ sys: 'storefront', id: 'wh-1', ok: true, forged: 'bad-signature' }),
      )
      .webhookAttempt('storefront', 'wh-1')
      .erpCreated('sales-order', '78', { externalId: 'shopify-5001', sourceOrderId: '5001' })
      .wmsOrder('5001')
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
  });

  it('is NOT CHECKED when no forgery was sent', () => {
    const result = journal().runStarted().runFinished().check(id);
    expect(result.verdict).toBe('not-checked');
  });

  it('a forged copy is not a vendor delivery for webhook-duplicates', () => {
    const model = journal()
      .runStarted()
      .append(forged('x'))
      .append(ev.webhookAttempt({ sys: 'wms', id: 'evt-1', ok: true, forged: 'unsigned' }))
      .webhookAttempt('wms', 'evt-1')
      .runFinished()
      .fold();
    expect(model.redeliveredWebhooks).toBe(0);
  });
});
