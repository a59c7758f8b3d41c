import { describe, it } from 'vitest';
import { makeWmsRuntime, orderBody } from '../../simulators/wms/testing.js';
import { expectGolden } from '../support/golden.js';

/** Representative ShipBob responses, regenerated with UPDATE_GOLDEN=1. */
describe('wms golden responses', () => {
  it('matches the stored payloads', async () => {
    const wms = makeWmsRuntime({ seed: 11, config: { rateLimit: false } });
    const sku = [...wms.runtime.state.stock.values()].find((s) => s.onHand >= 5)!.sku;
    const created = await wms.call('POST', '/2026-01/order', orderBody('G-1', [[sku, 2]]));
    expectGolden('wms/order-create', created);
    const id = (created.body as { id: number }).id;
    await wms.clock.advanceScenario(31 * 60_000);
    expectGolden('wms/order-get-shipped', await wms.call('GET', `/2026-01/order/${id}`));
    expectGolden(
      'wms/inventory-level-get',
      await wms.call('GET', '/2026-01/inventory-level/1000001'),
    );
    expectGolden(
      'wms/error-validation',
      await wms.call('POST', '/2026-01/order', { reference_id: 'G-2' }),
    );
    expectGolden(
      'wms/error-duplicate',
      await wms.call('POST', '/2026-01/order', orderBody('G-1', [[sku, 1]])),
    );
    expectGolden(
      'wms/error-unauthorized',
      await wms.call('GET', '/2026-01/order', undefined, { authorization: 'Bearer x' }),
    );
    expectGolden('wms/error-not-found', await wms.call('GET', '/2026-01/order/1'));
  });
});
