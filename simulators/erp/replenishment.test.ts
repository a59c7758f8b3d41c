import { describe, expect, it } from 'vitest';
import { peekBalance } from './inventory.js';
import { planFor } from './replenishment.js';
import { makeErpRuntime } from './testing.js';

const HOUR = 3_600_000;

describe('replenishment on the scenario clock', () => {
  it('derives the same reorder plan from the same world, warehouse plans larger than store plans', () => {
    const a = makeErpRuntime({ seed: 3 });
    const b = makeErpRuntime({ seed: 3 });
    const item = a.runtime.state.records.get('inventoryItem')!.get(1)!;
    const [wh, st] = [1, 2].map((id) => a.runtime.state.records.get('location')!.get(id)!);
    expect(planFor(a.runtime.context, item, wh!)).toEqual(
      planFor(b.runtime.context, b.runtime.state.records.get('inventoryItem')!.get(1)!, wh!),
    );
    expect(planFor(a.runtime.context, item, wh!).reorderPoint).toBe(20);
    expect(planFor(a.runtime.context, item, st!).reorderQuantity).toBeLessThanOrEqual(20);
  });

  it('receives the reorder quantity every 6 scenario hours for balances below the reorder point', async () => {
    const t = makeErpRuntime();
    const ctx = t.runtime.context;
    const item = t.runtime.state.records.get('inventoryItem')!.get(1)!;
    const wh = t.runtime.state.records.get('location')!.get(1)!;
    const start = peekBalance(ctx, 1, 1).onHand;
    // Sell the warehouse empty through a cash sale (a customer first).
    await t.call('POST', '/services/rest/record/v1/customer', { companyName: 'Acme' });
    await t.call('POST', '/services/rest/record/v1/cashSale', {
      entity: { id: '1' },
      location: { id: '1' },
      item: { items: [{ item: { id: '1' }, quantity: start }] },
    });
    expect(peekBalance(ctx, 1, 1).onHand).toBe(0);
    await t.clock.advanceScenario(6 * HOUR - 60_000);
    expect(peekBalance(ctx, 1, 1).onHand).toBe(0);
    await t.clock.advanceScenario(60_000);
    const plan = planFor(ctx, item, wh);
    expect(peekBalance(ctx, 1, 1).onHand).toBe(plan.reorderQuantity);
    const receipt = t.journal
      .query({ type: 'erp:stock-changed' })
      .find((e) => e.reason === 'replenishment' && e.itemId === 1);
    expect(receipt).toMatchObject({ location: 'WH-1', deltaOnHand: plan.reorderQuantity });
    expect(t.journal.query({ type: 'sim:crashed' })).toHaveLength(0);
  });

  it('can be switched off with replenishEveryMs: 0', async () => {
    const t = makeErpRuntime({ config: { replenishEveryMs: 0 } });
    await t.clock.advanceScenario(24 * HOUR);
    expect(t.journal.query({ type: 'erp:replenished' })).toHaveLength(0);
  });
});
