import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../simulators/core/clock.js';
import { wmsSimulator } from '../../simulators/wms/index.js';
import { startSimulators, type StartedSimulators } from '../../runtime/start-simulators.js';

/**
 * ShipBob has no official Node SDK (docs/dialects/wms.md), so this is a plain `fetch` client written
 * against the ShipBob OpenAPI (2026-01) paths and schemas — `POST /order`, `GET /order`,
 * `GET /order/{id}/shipment`, `GET /inventory-level`, `POST /order/{id}:cancel` — pointed at the
 * WMS simulator over real HTTP on 127.0.0.1 by its base URL only. Webhooks are verified with the
 * official Standard Webhooks library (`standardwebhooks`), as ShipBob's docs recommend.
 */
const HOOK_URL = 'https://integration.example.com/shipbob/webhooks';
const captured: { headers: Record<string, string>; body: string }[] = [];
let sims: StartedSimulators;
const clock = new VirtualClock({ startMs: Date.UTC(2026, 10, 27, 5), speed: 1 });

/** The minimal typed client a target would write from the OpenAPI document. */
class ShipBobClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}
  private async req<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; data: T; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      data: (text ? JSON.parse(text) : undefined) as T,
      headers: res.headers,
    };
  }
  channels = () => this.req<{ items: { id: number }[] }>('GET', '/2026-01/channel');
  createOrder = (order: unknown, channelId: number) =>
    fetch(`${this.baseUrl}/2026-01/order`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/json',
        shipbob_channel_id: String(channelId),
      },
      body: JSON.stringify(order),
    }).then(async (r) => ({ status: r.status, data: (await r.json()) as Record<string, any> })); // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
  getOrders = (q: string) => this.req<Record<string, any>[]>('GET', `/2026-01/order?${q}`); // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
  getShipments = (id: number) =>
    this.req<Record<string, any>[]>('GET', `/2026-01/order/${id}/shipment`); // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
  inventoryLevels = (q: string) =>
    this.req<{ items: Record<string, number | string>[] }>('GET', `/2026-01/inventory-level?${q}`);
  cancel = (id: number) => this.req<{ status: string }>('POST', `/2026-01/order/${id}:cancel`);
}

beforeAll(async () => {
  sims = await startSimulators({
    seed: 42,
    port: 0,
    worldSize: { skus: 40, warehouses: 2, stores: 1 },
    simulators: [wmsSimulator],
    clock,
    webhooks: { wms: HOOK_URL },
    deliver: async (_url, init) => {
      captured.push({ headers: init.headers, body: init.body });
      return { status: 200 };
    },
  });
});
afterAll(() => sims.close());

describe('OpenAPI-shaped fetch client against the wms simulator', () => {
  it('creates, lists, ships, verifies the webhook, and cancels', async () => {
    const client = new ShipBobClient(sims.urls.wms!, sims.world.credentials.wms.token);
    const channel = (await client.channels()).data.items[0]!.id;
    const levels = (await client.inventoryLevels('PageSize=250')).data.items;
    expect(levels).toHaveLength(40);
    const stocked = levels.find((l) => Number(l.total_fulfillable_quantity) >= 3)!;
    const body = (ref: string) => ({
      reference_id: ref,
      type: 'DTC',
      shipping_method: 'Standard',
      recipient: {
        name: 'Grace Hopper',
        address: {
          address1: '2 Navy Way',
          city: 'Arlington',
          state: 'VA',
          zip_code: '22201',
          country: 'US',
        },
      },
      products: [{ reference_id: stocked.sku, name: 'thing', quantity: 1 }],
    });
    const created = await client.createOrder(body('SDK-1'), channel);
    expect(created.status).toBe(201);
    expect(created.data.channel.id).toBe(channel);
    const toCancel = await client.createOrder(body('SDK-2'), channel);
    expect((await client.cancel(toCancel.data.id)).data.status).toBe('Success');

    const listed = await client.getOrders('ReferenceIds=SDK-1');
    expect(listed.data.map((o) => o.id)).toEqual([created.data.id]);
    expect(listed.headers.get('total-count')).toBe('1');

    await clock.advanceScenario(31 * 60_000);
    await sims.simulators.wms!.outbox.settled();
    const [shipment] = (await client.getShipments(created.data.id)).data;
    expect(shipment!.status).toBe('Completed');
    expect(shipment!.tracking.tracking_number).toBeTruthy();

    const hook = captured.find((c) => c.headers['x-webhook-topic'] === 'order.shipped');
    expect(hook).toBeDefined();
    const wh = new Webhook(sims.world.credentials.wms.webhookSecret);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(sims.clock.now());
      const payload = wh.verify(hook!.body, hook!.headers) as { reference_id: string };
      expect(payload.reference_id).toBe('SDK-1');
    } finally {
      vi.useRealTimers();
    }
    expect(sims.endpoints().env).toMatchObject({
      OMNICHAOS_WMS_TOKEN: sims.world.credentials.wms.token,
      OMNICHAOS_WMS_WEBHOOK_SECRET: sims.world.credentials.wms.webhookSecret,
      OMNICHAOS_WMS_URL: sims.urls.wms,
    });
  });
});
