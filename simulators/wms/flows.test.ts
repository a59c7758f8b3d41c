import { describe, expect, it } from 'vitest';
import { readWmsConfig } from './config.js';
import { isShipBobError, shipbobErrors } from './errors.js';
import { slide } from './limiter.js';
import { makeWmsRuntime, orderBody } from './testing.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
const MIN = 60_000;

function stockOf(wms: ReturnType<typeof makeWmsRuntime>, sku: string) {
  return wms.runtime.state.stock.get(sku)!;
}

describe('wms inventory and lifecycle', () => {
  it('commits on create, ships after 30 scenario minutes, relieves on hand and committed', async () => {
    const wms = makeWmsRuntime();
    const s = stockOf(wms, 'SKU-00001');
    const start = s.onHand;
    expect(start).toBeGreaterThan(2);
    const res = await wms.call('POST', '/2026-01/order', orderBody('R-1', [['SKU-00001', 2]]));
    expect(res.status).toBe(201);
    expect((res.body as Body).status).toBe('Processing');
    expect(s.committed).toBe(2);
    await wms.clock.advanceScenario(29 * MIN);
    expect(wms.events('warehouse:order-shipped')).toHaveLength(0);
    await wms.clock.advanceScenario(2 * MIN);
    const shipped = wms.events('warehouse:order-shipped');
    expect(shipped).toHaveLength(1);
    expect(shipped[0]).toMatchObject({
      sys: 'wms',
      sourceOrderId: 'R-1',
      carrier: expect.any(String),
    });
    expect(s.onHand).toBe(start - 2);
    expect(s.committed).toBe(0);
    const reasons = wms.events('warehouse:stock-changed').map((e) => e.reason);
    expect(reasons).toEqual(['order-committed', 'shipped']);
    expect(wms.events('sim:crashed')).toHaveLength(0);
  });

  it('sends an order without enough fulfillable stock to Exception and commits nothing', async () => {
    const wms = makeWmsRuntime();
    const s = stockOf(wms, 'SKU-00002');
    const res = await wms.call(
      'POST',
      '/2026-01/order',
      orderBody('R-2', [['SKU-00002', s.onHand + 1]]),
    );
    expect(res.status).toBe(201);
    expect((res.body as Body).status).toBe('Exception');
    expect(s.committed).toBe(0);
    expect(wms.events('warehouse:order-exception')[0]).toMatchObject({
      orderId: String((res.body as Body).id),
      reason: 'OutOfStock',
    });
    await wms.clock.advanceScenario(60 * MIN);
    expect(wms.events('warehouse:order-shipped')).toHaveLength(0);
  });

  it('oversells: a write-off after commit turns the order into an exception at pick time', async () => {
    const wms = makeWmsRuntime({ size: { skus: 1 } });
    const s = stockOf(wms, 'SKU-00000');
    await wms.call('POST', '/2026-01/order', orderBody('R-3', [['SKU-00000', s.onHand]]));
    expect(s.committed).toBe(s.onHand);
    const summary = wms.runtime.definition.demand!['wms-adjustment']!(
      wms.runtime.context,
      0,
    ) as Body;
    expect(summary.removed).toBeGreaterThan(0);
    expect(s.onHand).toBeLessThan(s.committed);
    await wms.clock.advanceScenario(40 * MIN);
    expect(wms.events('warehouse:order-exception')).toHaveLength(1);
    expect(s.committed).toBe(0);
    expect(wms.events('warehouse:order-shipped')).toHaveLength(0);
  });

  it('cancel releases committed stock; shipped orders cannot be cancelled', async () => {
    const wms = makeWmsRuntime();
    const s = stockOf(wms, 'SKU-00003');
    const a = (await wms.call('POST', '/2026-01/order', orderBody('C-1', [['SKU-00003', 1]])))
      .body as Body;
    const c = await wms.call('POST', `/2026-01/order/${a.id}:cancel`);
    expect(c.status).toBe(200);
    expect(s.committed).toBe(0);
    expect(wms.events('warehouse:order-cancelled')).toEqual([
      expect.objectContaining({ orderId: String(a.id), sourceOrderId: 'C-1' }),
    ]);
    const b = (await wms.call('POST', '/2026-01/order', orderBody('C-2', [['SKU-00003', 1]])))
      .body as Body;
    await wms.clock.advanceScenario(31 * MIN);
    const late = await wms.call('POST', `/2026-01/order/${b.id}/cancel`);
    expect(late.status).toBe(422);
    expect(isShipBobError(422, late.body)).toBe(true);
  });
});

describe('wms limiter, config, errors', () => {
  it('slides a 60 s window', () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) expect(slide(times, i * 1000, 3, 60_000).ok).toBe(true);
    const no = slide(times, 10_000, 3, 60_000);
    expect(no).toEqual({ ok: false, remaining: 0, retryAfterMs: 50_000 });
    expect(slide(times, 60_001, 3, 60_000).ok).toBe(true);
  });

  it('rejects unknown or inconsistent settings', () => {
    expect(() => readWmsConfig({ nope: 1 })).toThrow(/unknown setting/);
    expect(() => readWmsConfig({ pickAfterMs: 99 * MIN })).toThrow(/pick <= pack <= ship/);
    expect(readWmsConfig({ rateLimit: false }).rateLimit).toBe(false);
  });

  it('answers any status in a ShipBob shape', () => {
    for (const status of [400, 401, 404, 405, 413, 422, 429, 500, 503]) {
      const r = shipbobErrors.error(status, 'x', { retryAfterSeconds: 7 });
      expect(isShipBobError(status, r.body)).toBe(true);
      expect(r.headers?.['retry-after']).toBe('7');
    }
  });
});
