import { describe, expect, it } from 'vitest';
import { setStoreOffline } from './offline.js';
import { makePosRuntime } from './testing.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON in tests
const MIN = 60_000;

/** World sale indices rung up at store `storeIndex`. */
function salesAt(pos: ReturnType<typeof makePosRuntime>, storeIndex: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; out.length < n; i++)
    if (pos.world.posSale(i).storeIndex === storeIndex) out.push(i);
  return out;
}

function search(
  pos: ReturnType<typeof makePosRuntime>,
  loc: string,
  field: 'created_at' | 'updated_at',
  startMs: number,
) {
  return pos.call('POST', '/v2/orders/search', {
    location_ids: [loc],
    query: {
      filter: { date_time_filter: { [field]: { start_at: new Date(startMs).toISOString() } } },
      sort: { sort_field: field.toUpperCase(), sort_order: 'ASC' },
    },
  });
}

describe('store offline', () => {
  it('keeps sales on the till, then uploads them with the original created_at and a new updated_at', async () => {
    const pos = makePosRuntime();
    const admit = pos.runtime.definition.demand!['pos-sale']!;
    const loc = pos.runtime.state.stores[0]!.squareId;
    const t0 = pos.clock.now();
    const [sale] = salesAt(pos, 0, 1);

    setStoreOffline(pos.runtime.context, 'ST-001', true);
    await pos.clock.advanceScenario(10 * MIN);
    const { orderId } = admit(pos.runtime.context, sale!) as { orderId: string };
    const soldAt = pos.clock.now();
    await pos.clock.advanceScenario(10 * MIN);

    // The poller's window before the upload: nothing to see, nothing webhooked.
    expect((await pos.call('GET', `/v2/orders/${orderId}`)).status).toBe(404);
    expect((await search(pos, loc, 'created_at', t0)).body).toEqual({});
    expect(pos.delivered).toHaveLength(0);
    const checkpoint = pos.clock.now(); // a created_at poller has seen everything up to here

    await pos.clock.advanceScenario(10 * MIN);
    setStoreOffline(pos.runtime.context, loc, false);
    const uploadedAt = pos.clock.now();

    const byCreated = (await search(pos, loc, 'created_at', checkpoint)).body as Body;
    expect(byCreated.orders).toBeUndefined(); // the created_at poller misses it
    const byUpdated = (await search(pos, loc, 'updated_at', checkpoint)).body as Body;
    expect(byUpdated.orders).toHaveLength(1);
    expect(byUpdated.orders[0]).toMatchObject({
      id: orderId,
      created_at: new Date(soldAt).toISOString(),
      updated_at: new Date(uploadedAt).toISOString(),
    });
    expect(pos.events().map((e) => e.type)).toEqual([
      'payment.created',
      'order.updated',
      'inventory.count.updated',
    ]);
    expect(pos.journal.query({ type: 'store:sale-completed' })[0]).toMatchObject({
      saleId: orderId,
      offline: true,
    });
    expect(pos.journal.query({ type: 'store:sale-uploaded' })).toHaveLength(1);
  });

  it('is flipped by the store-offline switch for the stores it names', async () => {
    const pos = makePosRuntime();
    const toggle = pos.runtime.definition.switches!['store-offline']!;
    await toggle(pos.runtime.context, true, { stores: ['ST-002', 'NOPE'] });
    expect([...pos.runtime.state.offline.keys()]).toEqual([pos.runtime.state.stores[1]!.squareId]);
    expect(pos.journal.query({ type: 'store:switch-ignored' })).toHaveLength(1);
    await toggle(pos.runtime.context, false, { stores: ['ST-002'] });
    expect(pos.runtime.state.offline.size).toBe(0);
    await toggle(pos.runtime.context, true, {});
    expect(pos.runtime.state.offline.size).toBe(3);
  });

  it('holds a return made while offline until the upload', async () => {
    const pos = makePosRuntime();
    const admit = pos.runtime.definition.demand!['pos-sale']!;
    let i = 0;
    while (!pos.world.posSale(i).refund) i++;
    const sale = pos.world.posSale(i);
    const loc = pos.runtime.state.stores[sale.storeIndex]!.squareId;
    const { orderId } = admit(pos.runtime.context, i) as { orderId: string };
    setStoreOffline(pos.runtime.context, loc, true);
    await pos.clock.advanceScenario(sale.refund!.afterMs);
    const order = ((await pos.call('GET', `/v2/orders/${orderId}`)).body as Body).order;
    expect(order.refunds).toBeUndefined();
    expect(pos.events('refund.created')).toHaveLength(0);
    setStoreOffline(pos.runtime.context, loc, false);
    expect(pos.events('refund.created')).toHaveLength(1);
    const after = ((await pos.call('GET', `/v2/orders/${orderId}`)).body as Body).order;
    expect(after.refunds).toHaveLength(1);
  });
});
