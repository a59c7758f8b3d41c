import { describe, expect, it } from 'vitest';
import { planPriceBook, promotionalCents } from '../../world/prices.js';
import { parseSuiteQl } from './suiteql/parse.js';
import { runSuiteQl } from './suiteql/run.js';
import { applyPriceBook } from './price-book.js';
import { makeErpRuntime } from './testing.js';

describe('the ERP price book', () => {
  it('applies a scheduled change per channel level, journals it, and SuiteQL reads it', async () => {
    const t = makeErpRuntime({ start: false });
    const start = t.clock.now();
    const plan = planPriceBook(
      {
        changes: [
          { atMs: 60_000, skus: { best: 3 }, channels: ['storefront'], by: -0.1 },
          { atMs: 120_000, skus: { list: ['SKU-00001'] }, channels: ['marketplace'], toCents: 999 },
        ],
        promotions: [],
        graceMs: 300_000,
      },
      t.world,
      start,
    );
    expect(plan.map((a) => a.atMs)).toEqual([start + 60_000, start + 120_000]);
    const base = t.world.sku(0).priceCents;
    for (const a of plan) applyPriceBook(t.runtime.context, a);
    const changed = t.journal.query({ type: 'erp:price-changed' });
    expect(changed).toHaveLength(4);
    expect(changed[0]).toMatchObject({
      sku: 'SKU-00000',
      channel: 'storefront',
      previousCents: base,
      priceCents: Math.round(base * 0.9),
      priceList: 'Online Price',
    });
    const rows = runSuiteQl(
      t.runtime.context,
      parseSuiteQl(
        'SELECT p.item, p.pricelevel, p.unitprice FROM pricing p WHERE p.item IN (1, 2) AND p.pricelevel IN (1, 5, 101) ORDER BY p.item, p.pricelevel',
      ),
    );
    expect(rows.map((r) => [r.item, r.pricelevel, r.unitprice])).toEqual([
      [1, 1, base / 100],
      [1, 5, Math.round(base * 0.9) / 100],
      [1, 101, base / 100],
      [2, 1, t.world.sku(1).priceCents / 100],
      [2, 5, Math.round(t.world.sku(1).priceCents * 0.9) / 100],
      [2, 101, 9.99],
    ]);
  });

  it('records a promotion with its window that SuiteQL finds active by SYSDATE', async () => {
    const t = makeErpRuntime({ start: false });
    const start = t.clock.now();
    const [promo] = planPriceBook(
      {
        changes: [],
        promotions: [
          {
            id: 'launch',
            fromMs: 60_000,
            untilMs: 120_000,
            skus: { best: 2 },
            channels: ['storefront'],
            percentOff: 20,
          },
        ],
        graceMs: 300_000,
      },
      t.world,
      start,
    );
    applyPriceBook(t.runtime.context, promo!);
    expect(t.journal.query({ type: 'erp:promotion-recorded' })[0]).toMatchObject({
      promotionId: 'launch',
      channel: 'storefront',
      fromT: start + 60_000,
      untilT: start + 120_000,
      percentOff: 20,
      skus: [
        { sku: 'SKU-00000', listCents: t.world.sku(0).priceCents },
        { sku: 'SKU-00001', listCents: t.world.sku(1).priceCents },
      ],
    });
    const active = () =>
      runSuiteQl(
        t.runtime.context,
        parseSuiteQl(
          'SELECT pc.id, pc.rate, pc.pricelevel, pci.item FROM promotioncode pc INNER JOIN promotioncodeitem pci ON pci.promotioncode = pc.id WHERE pc.startdate <= SYSDATE AND pc.enddate > SYSDATE',
        ),
      );
    expect(active()).toHaveLength(0);
    await t.clock.advanceScenario(60_000);
    expect(active().map((r) => [r.item, r.rate, r.pricelevel])).toEqual([
      [1, 20, 5],
      [2, 20, 5],
    ]);
    await t.clock.advanceScenario(60_000);
    expect(active()).toHaveLength(0);
    expect(promotionalCents(2499, 20)).toBe(1999);
  });
});
