import { describe, expect, it } from 'vitest';
import { createWorld } from '../../world/index.js';
import { checkOf, journal, MIN, scenario } from '../support/journal-builder.js';

// No seed in run:started: the oracle does not regenerate the world, so every SKU starts at 0
// fulfillable and 0 listed, and the journal alone sets the stock.

describe('inventory-sync.oversell', () => {
  const id = 'inventory-sync.oversell';

  it('passes when every order line fits the true availability', () => {
    const result = journal()
      .runStarted()
      .wmsInventory('A', 5)
      .listing('A', 5)
      .at(MIN)
      .mktOrder('113-1', { lines: [{ sku: 'A', quantity: 2 }] })
      .mktOrder('113-2', { lines: [{ sku: 'A', quantity: 3 }] })
      .at(2 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(0);
    expect(result.evidence).toEqual([]);
    expect(result.details).toEqual({ lines: 0, unitsShort: 0 });
  });

  it('fails for lines taken beyond availability, counting units sold but not yet routed', () => {
    const result = journal()
      .runStarted()
      .wmsInventory('A', 1)
      .at(MIN)
      // A: 1 available, 2 ordered → 1 short; B: never stocked → 1 short
      .mktOrder('113-1', {
        lines: [
          { sku: 'A', quantity: 2 },
          { sku: 'B', quantity: 1 },
        ],
      })
      // A: 1 fulfillable - 2 unrouted → nothing left, 1 short
      .mktOrder('113-2', { lines: [{ sku: 'A', quantity: 1 }] })
      .at(2 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(3);
    expect(result.evidence).toEqual(['113-1', '113-2']);
    expect(result.details).toEqual({ lines: 3, unitsShort: 3 });
  });

  it('passes once units are routed and the WMS re-reports its stock', () => {
    const result = journal()
      .runStarted()
      .wmsInventory('A', 2)
      .listing('A', 2)
      .at(MIN)
      .mktOrder('113-1', { lines: [{ sku: 'A', quantity: 2 }] })
      .wmsOrder('113-1')
      .wmsInventory('A', 0)
      .wmsInventory('A', 1) // restock
      .mktOrder('113-2', { lines: [{ sku: 'A', quantity: 1 }] })
      .runFinished()
      .check(id);
    expect(result.measured).toBe(0);
    expect(result.verdict).toBe('pass');
  });

  it('is not checked without inventory traffic', () => {
    const result = journal().runStarted().at(MIN).runFinished().check(id);
    expect(result.verdict).toBe('not-checked');
    expect(result.measured).toBeNull();
  });
});

describe('inventory-sync.freshness.p95', () => {
  const id = 'inventory-sync.freshness.p95';

  it('passes when the listing catches up with the WMS within a minute', () => {
    const result = journal()
      .runStarted()
      .wmsInventory('A', 5) // truth 5, listing 0: stale from here
      .at(MIN)
      .listing('A', 5)
      // both halves of a change at the same instant: a zero-length episode, ignored
      .at(2 * MIN)
      .wmsInventory('B', 3)
      .listing('B', 3)
      .at(10 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(MIN);
    expect(result.evidence).toEqual(['A']);
    expect(result.details).toEqual({ episodes: 1, p50: MIN, max: MIN });
  });

  it('fails when a listing stays stale until the end of the run (20 minutes, censored)', () => {
    const result = journal()
      .runStarted()
      .wmsInventory('A', 5)
      .wmsInventory('B', 3)
      .at(MIN)
      .listing('B', 3)
      .at(20 * MIN)
      .runFinished()
      .check(id);
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(20 * MIN);
    expect(result.evidence).toEqual(['A', 'B']);
    expect(result.details).toEqual({ episodes: 2, p50: MIN, max: 20 * MIN });
  });

  it('counts an unrouted order as a change of truth the listing must follow', () => {
    const result = journal()
      .runStarted()
      .wmsInventory('A', 5)
      .listing('A', 5)
      .at(MIN)
      .mktOrder('113-1', { lines: [{ sku: 'A', quantity: 2 }] }) // truth 3, listing 5
      .at(4 * MIN)
      .listing('A', 3)
      .at(10 * MIN)
      .runFinished()
      .check(id);
    expect(result.measured).toBe(3 * MIN);
    expect(result.evidence).toEqual(['A']);
  });
});

describe('inventory-sync with a seeded world', () => {
  const size = { skus: 5, warehouses: 2 };
  const world = createWorld(7, size);
  const sku = world.catalog()[0]!.sku;
  const stock = [0, 1].reduce((sum, i) => sum + world.initialStock(world.warehouse(i).id, 0), 0);
  const seeded = () => journal().runStarted({ seed: 7, scenario: scenario({ world: size }) });

  it('starts both sides from the world stock summed over warehouses', () => {
    const verdict = seeded()
      .at(MIN)
      .mktOrder('113-1', { lines: [{ sku, quantity: stock }] })
      .mktOrder('113-2', { lines: [{ sku, quantity: 1 }] })
      .at(2 * MIN)
      .listing(sku, 0)
      .at(3 * MIN)
      .runFinished()
      .judge();
    const oversell = checkOf(verdict, 'inventory-sync.oversell');
    expect(oversell.measured).toBe(1);
    expect(oversell.evidence).toEqual(['113-2']);
    // stale from the first order (listing still at the world stock) until relisted at 0
    const freshness = checkOf(verdict, 'inventory-sync.freshness.p95');
    expect(freshness.measured).toBe(MIN);
    expect(freshness.evidence).toEqual([sku]);
  });
});

describe('inventory-sync across channels (marketplace and storefront sell one warehouse)', () => {
  it('counts a storefront line as taken from the marketplace’s availability too', () => {
    const result = journal()
      .runStarted()
      .wmsInventory('A', 2)
      .listing('A', 2)
      .listing('A', 2, 'storefront', 'set')
      .at(MIN)
      .mktOrder('113-1', { lines: [{ sku: 'A', quantity: 2 }] })
      .listing('A', 0, 'marketplace', 'order')
      // the storefront still shows 2: a shopper buys a unit the marketplace already sold
      .mktOrder('1001', { lines: [{ sku: 'A', quantity: 1 }], sys: 'storefront' })
      .at(2 * MIN)
      .runFinished()
      .check('inventory-sync.oversell');
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual(['1001']);
    expect(result.details).toMatchObject({ lines: 1, 'storefront.lines': 1 });
    expect(result.note).toContain('marketplace 0, storefront 1');
  });

  it('judges each channel’s listing: a storefront left at the opening stock is stale', () => {
    const result = journal()
      .runStarted()
      .wmsInventory('A', 4)
      .listing('A', 4)
      .at(MIN)
      .mktOrder('113-1', { lines: [{ sku: 'A', quantity: 1 }] })
      .listing('A', 3, 'marketplace', 'order')
      // the storefront had an order of its own, so it is a listing channel of this run
      .mktOrder('1001', { lines: [{ sku: 'B', quantity: 0 }], sys: 'storefront' })
      .wmsOrder('113-1')
      .wmsInventory('A', 3)
      .at(60 * MIN)
      .runFinished()
      .check('inventory-sync.freshness.p95');
    // the marketplace matched truth at once; the storefront showed 4 for the whole hour
    expect(result.details).toMatchObject({ 'storefront.episodes': 1 });
    expect(result.details?.['marketplace.episodes']).toBeUndefined();
    expect(result.evidence).toEqual(['A']);
    expect(result.verdict).toBe('fail');
  });

  it('leaves a channel that sold nothing out, even when the target wrote its listing', () => {
    const result = journal()
      .runStarted()
      .wmsInventory('A', 4)
      .listing('A', 4)
      .listing('A', 9, 'storefront', 'set') // wrong, but nobody shops there in this run
      .at(MIN)
      .mktOrder('113-1', { lines: [{ sku: 'A', quantity: 1 }] })
      .listing('A', 3, 'marketplace', 'order')
      .wmsOrder('113-1')
      .wmsInventory('A', 3)
      .at(60 * MIN)
      .runFinished()
      .check('inventory-sync.freshness.p95');
    expect(result.note).not.toContain('storefront');
    expect(result.verdict).toBe('pass');
  });
});
