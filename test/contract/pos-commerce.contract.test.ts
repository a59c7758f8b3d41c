import { expect, it } from 'vitest';
import { makePosRuntime } from '../../simulators/pos/testing.js';
import type { SimulatorRuntime } from '../../simulators/core/simulator-runtime.js';
import { describeOnEveryTransport } from '../support/transports.js';
import { callJson } from '../support/http.js';

/**
 * Square behaviour beyond the basic order/payment flow, written from Square's documentation (each
 * test cites its page) and run on every transport: request hygiene, catalog writes, order pricing,
 * order updates and payment, payment and refund listings, card-token rules.
 */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
type Pos = ReturnType<typeof makePosRuntime>;

const harnesses = new WeakMap<SimulatorRuntime<unknown>, Pos>();
function make(config?: Record<string, unknown>) {
  return () => {
    const pos = makePosRuntime({ size: { skus: 20 }, config });
    harnesses.set(pos.runtime as SimulatorRuntime<unknown>, pos);
    return pos.runtime;
  };
}

describeOnEveryTransport('pos (square) commerce contract', make({ rateLimit: false }), (served) => {
  const pos = () => harnesses.get(served().runtime)!;
  const call = (method: string, path: string, body?: unknown) =>
    callJson(served().baseUrl, method, path, body, { authorization: `Bearer ${pos().token}` });
  const raw = (method: string, path: string, text: string) =>
    fetch(`${served().baseUrl}${path}`, {
      method,
      body: text,
      headers: { authorization: `Bearer ${pos().token}`, 'content-type': 'application/json' },
    });

  it('answers a body nested ~5,000 levels deep with a 400, not a 500 (any endpoint that walks bodies)', async () => {
    const deep = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
    for (const path of ['/v2/payments', '/v2/orders', '/v2/orders/search', '/v2/refunds']) {
      const res = await raw('POST', path, `{"idempotency_key":"k","x":${deep}}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as Body;
      expect(body.errors[0]).toMatchObject({
        category: 'INVALID_REQUEST_ERROR',
        code: 'BAD_REQUEST',
      });
    }
    // Brackets inside strings do not count as nesting.
    const ok = await call('POST', '/v2/orders', {
      order: {
        location_id: pos().runtime.state.stores[0]!.squareId,
        metadata: { k: '['.repeat(300) },
      },
    });
    expect(ok.status).toBe(200);
  });
});
