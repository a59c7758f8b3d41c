import { describe, expect, it } from 'vitest';
import { ev } from '../../journal/events.js';
import {
  journal,
  MIN,
  scenario,
  START_T,
  type JournalBuilder,
} from '../support/journal-builder.js';

/**
 * The pricing checks on hand-made journals: the ERP lowers SKU A's storefront price at 10 min and
 * runs a 20%-off promotion on SKU B from 20 to 40 min; a channel that follows in a minute passes,
 * one that syncs hourly sells at stale prices, one that never ends the promotion fails its window.
 */
const PRICING = scenario({
  flows: ['pricing'],
  pricing: { changes: [], promotions: [], graceMs: 5 * MIN },
});

function order(id: string, sku: string, cents: number) {
  return ev.channelOrderVisible({
    sys: 'storefront',
    orderId: id,
    lines: [{ sku, quantity: 1, unitPriceCents: cents }],
    totalCents: cents,
  });
}

const price = (sku: string, cents: number) =>
  ev.listingPriceChanged({ sys: 'storefront', sku, priceCents: cents, reason: 'update' });

/** The ERP side; `channel` adds the channel's price updates and orders. */
function run(channel: (b: JournalBuilder) => JournalBuilder): JournalBuilder {
  const b = journal()
    .runStarted({ scenario: PRICING })
    .append(
      ev.erpPromotionRecorded({
        sys: 'erp',
        promotionId: 'launch',
        channel: 'storefront',
        fromT: START_T + 20 * MIN,
        untilT: START_T + 40 * MIN,
        percentOff: 20,
        skus: [{ sku: 'B', listCents: 2000 }],
      }),
    )
    .at(10 * MIN)
    .append(
      ev.erpPriceChanged({
        sys: 'erp',
        sku: 'A',
        channel: 'storefront',
        priceCents: 900,
        previousCents: 1000,
      }),
    );
  return channel(b)
    .at(90 * MIN)
    .runFinished();
}

const prompt = (b: JournalBuilder) =>
  b
    .at(11 * MIN)
    .append(price('A', 900))
    .at(20 * MIN + 30_000)
    .append(price('B', 1600))
    .at(30 * MIN)
    .append(order('o1', 'A', 900))
    .append(order('o2', 'B', 1600))
    .at(40 * MIN + 30_000)
    .append(price('B', 2000))
    .at(50 * MIN)
    .append(order('o3', 'B', 2000));

describe('pricing checks', () => {
  it('pass a channel that follows the ERP within a minute', () => {
    const b = run(prompt);
    expect(b.check('pricing.stale-price-orders')).toMatchObject({ verdict: 'pass', measured: 0 });
    expect(b.check('pricing.propagation.p95')).toMatchObject({ verdict: 'pass', measured: 60_000 });
    expect(b.check('pricing.promotion-window')).toMatchObject({ verdict: 'pass', measured: 0 });
  });

  it('fail stale-price-orders with the order ids when the channel lags by an hour', () => {
    const b = run((x) =>
      x
        .at(30 * MIN)
        .append(order('o1', 'A', 1000))
        .append(order('o2', 'B', 2000))
        .append(order('o4', 'C', 500))
        .at(70 * MIN)
        .append(price('A', 900)),
    );
    expect(b.check('pricing.stale-price-orders')).toMatchObject({
      verdict: 'fail',
      measured: 2,
      evidence: ['o1', 'o2'],
    });
    const p95 = b.check('pricing.propagation.p95');
    expect(p95).toMatchObject({ verdict: 'fail', unbounded: true });
    expect(p95.details).toMatchObject({ never: 1, changes: 3, superseded: 0 });
  });

  it('fail promotion-window when the promotional price outlives its window', () => {
    const b = run((x) =>
      x
        .at(11 * MIN)
        .append(price('A', 900))
        .at(20 * MIN)
        .append(price('B', 1600)),
    );
    expect(b.check('pricing.promotion-window')).toMatchObject({
      verdict: 'fail',
      measured: 1,
      evidence: ['launch:B@storefront'],
    });
  });

  it('are NOT CHECKED when the scenario changed no price', () => {
    const b = journal()
      .runStarted({ scenario: scenario() })
      .at(MIN)
      .append(order('o1', 'A', 900))
      .runFinished();
    for (const id of [
      'pricing.stale-price-orders',
      'pricing.propagation.p95',
      'pricing.promotion-window',
    ])
      expect(b.check(id)).toMatchObject({ verdict: 'not-checked' });
  });
});
