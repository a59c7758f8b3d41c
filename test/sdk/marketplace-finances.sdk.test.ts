import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUp } from '../support/up.js';
import { lwaToken } from '../support/lwa.js';

/**
 * Amazon's official JS SDK (`FinancesSpApi`, Finances v0) against `omnichaos up` started as a
 * user starts it, with a scenario that compresses settlement periods (docs/dialects/marketplace.md#finances):
 * at speed 60 a six-minute period closes every six wall seconds. Orders come in through the
 * control plane's demand route and ship through the SDK's Orders client; the Finances client
 * then pages event groups and their events. `rateScale: 1` keeps the published usage plan
 * (0.5 req/s, burst 30) although the clock runs fast, so the 31st quick call is a 429.
 */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- SDK models

interface SdkApiClient {
  applyXAmzAccessTokenToRequest(token: string): void;
  disableRateLimiter(): void;
}
interface FinancesApi {
  listFinancialEventGroups(opts: Record<string, unknown>): Promise<Body>;
  listFinancialEventsByGroupId(groupId: string, opts: Record<string, unknown>): Promise<Body>;
  listFinancialEventsByOrderId(orderId: string, opts: Record<string, unknown>): Promise<Body>;
  listFinancialEvents(opts: Record<string, unknown>): Promise<Body>;
}
interface OrdersV0Api {
  getOrderItems(orderId: string): Promise<Body>;
  confirmShipment(orderId: string, payload: unknown): Promise<unknown>;
}
interface Sdk {
  FinancesSpApi: {
    ApiClient: new (baseUrl: string) => SdkApiClient;
    DefaultApi: new (client: SdkApiClient) => FinancesApi;
  };
  OrdersSpApi: {
    ApiClient: new (baseUrl: string) => SdkApiClient;
    OrdersV0Api: new (client: SdkApiClient) => OrdersV0Api;
  };
}
const SDK_PACKAGE = '@amazon-sp-api-release/amazon-sp-api-sdk-js';

const PERIOD_MS = 6 * 60_000;
const SCENARIO = `version: 1
name: finances-sdk
seed: 7
clock:
  duration: 30m
  speed: 60
world:
  skus: 40
  warehouses: 1
  stores: 0
  customers: 50
simulators:
  marketplace:
    rateScale: 1
    settlementPeriodMs: ${PERIOD_MS}
    financesDelayMs: 0
    fundTransferMs: 60000
    tokenLifetimeMs: 86400000
`;

let dir = '';
let up: Awaited<ReturnType<typeof startUp>>;
let finances: FinancesApi;
let orders: OrdersV0Api;
let env: Record<string, string> = {};
const shipped: string[] = [];

async function control(path: string, init?: RequestInit): Promise<Body> {
  const res = await fetch(`${up.controlUrl}/_omnichaos${path}`, init);
  expect(res.status, path).toBeLessThan(300);
  return (await res.json()) as Body;
}

/** Wait (bounded) until the scenario clock has run `ms` since start. */
async function untilElapsed(ms: number): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (((await control('/clock')).elapsedMs as number) >= ms) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the scenario clock did not reach ${ms} ms`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'omnichaos-finances-sdk-'));
  const file = join(dir, 'finances.yaml');
  writeFileSync(file, SCENARIO);
  up = await startUp(['--port', '0', '--scenario', file, '--speed', '60']);
  env = (await control('/endpoints')).env as Record<string, string>;
  const sdk = (await import(SDK_PACKAGE)) as Sdk;
  const token = await lwaToken(env);
  const url = env.OMNICHAOS_MARKETPLACE_URL!;
  const fc = new sdk.FinancesSpApi.ApiClient(url);
  fc.applyXAmzAccessTokenToRequest(token);
  fc.disableRateLimiter(); // the simulator's limiter is what this test judges
  finances = new sdk.FinancesSpApi.DefaultApi(fc);
  const oc = new sdk.OrdersSpApi.ApiClient(url);
  oc.applyXAmzAccessTokenToRequest(token);
  oc.disableRateLimiter();
  orders = new sdk.OrdersSpApi.OrdersV0Api(oc);
  for (let i = 0; i < 5; i++) {
    const placed = await control(`/demand/marketplace-order/${i}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    if (!placed.result?.created) continue; // the listing showed too few units: no order
    const orderId = placed.result.orderId as string;
    const items = await orders.getOrderItems(orderId);
    await orders.confirmShipment(orderId, {
      marketplaceId: env.OMNICHAOS_MARKETPLACE_MARKETPLACE_ID,
      packageDetail: {
        packageReferenceId: String(i + 1),
        carrierCode: 'UPS',
        trackingNumber: `1ZFIN${i}`,
        shipDate: new Date(Date.parse((await control('/clock')).now as string)).toISOString(),
        orderItems: items.payload.orderItems.map((x: Body) => ({
          orderItemId: x.orderItemId,
          quantity: x.quantityOrdered,
        })),
      },
    });
    shipped.push(orderId);
  }
  // Wait until the period the shipments fell in has closed and every event is more than two
  // minutes old (listFinancialEvents' default PostedBefore); a slow start only moves the goal.
  const shippedAt = (await control('/clock')).elapsedMs as number;
  const close = Math.ceil((shippedAt + 1) / PERIOD_MS) * PERIOD_MS;
  await untilElapsed(Math.max(close, shippedAt + 2 * 60_000) + 60_000);
}, 120_000);

afterAll(async () => {
  await up?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('amazon-sp-api-sdk-js Finances v0 against omnichaos up', () => {
  it('pages event groups and each group’s events; totals add up to the cent', async () => {
    expect(shipped.length).toBeGreaterThan(0);
    const groups: Body[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const res = await finances.listFinancialEventGroups({
        maxResultsPerPage: 1,
        ...(nextToken ? { nextToken } : {}),
      });
      groups.push(...res.payload.financialEventGroupList);
      nextToken = res.payload.nextToken;
      pages++;
    } while (nextToken && pages < 10);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(groups[0]!.processingStatus).toBe('Closed');
    expect(groups.at(-1)!.processingStatus).toBe('Open');
    // The SDK's models read our fields: dates become Dates, money numbers.
    expect(groups[0]!.financialEventGroupStart).toBeInstanceOf(Date);
    expect(typeof groups[0]!.originalTotal.currencyAmount).toBe('number');

    const seen: string[] = [];
    for (const g of groups) {
      let cents = 0;
      let token: string | undefined;
      let n = 0;
      do {
        const res = await finances.listFinancialEventsByGroupId(g.financialEventGroupId, {
          maxResultsPerPage: 2,
          ...(token ? { nextToken: token } : {}),
        });
        const fe = res.payload.financialEvents;
        for (const e of fe.shipmentEventList ?? []) {
          seen.push(e.amazonOrderId);
          for (const item of e.shipmentItemList) {
            for (const c of item.itemChargeList)
              cents += Math.round(c.chargeAmount.currencyAmount * 100);
            for (const f of item.itemFeeList) cents += Math.round(f.feeAmount.currencyAmount * 100);
          }
        }
        token = res.payload.nextToken;
        n++;
      } while (token && n < 10);
      const total = Math.round(g.originalTotal.currencyAmount * 100);
      const beginning = Math.round(g.beginningBalance.currencyAmount * 100);
      expect(total, g.financialEventGroupId).toBe(beginning + cents);
      if (g.processingStatus === 'Closed' && total > 0) {
        expect(['Initiated', 'Succeeded']).toContain(g.fundTransferStatus);
        expect(g.fundTransferDate).toBeInstanceOf(Date);
      }
    }
    expect(seen.sort()).toEqual([...shipped].sort());
  });

  it('lists events by order and by posted date', async () => {
    const byOrder = await finances.listFinancialEventsByOrderId(shipped[0]!, {});
    expect(byOrder.payload.financialEvents.shipmentEventList).toHaveLength(1);
    const start = new Date(Date.parse((await control('/clock')).now as string) - 60 * 60_000);
    const byDate = await finances.listFinancialEvents({
      postedAfter: start,
      maxResultsPerPage: 100,
    });
    expect(
      byDate.payload.financialEvents.shipmentEventList.map((e: Body) => e.amazonOrderId).sort(),
    ).toEqual([...shipped].sort());
  });

  it('holds the usage plan: the burst of 30, then 429 QuotaExceeded', async () => {
    // listFinancialEventsByOrderId has not been called more than once yet.
    const statuses: number[] = [];
    for (let i = 0; i < 40 && !statuses.includes(429); i++) {
      try {
        await finances.listFinancialEventsByOrderId(shipped[0]!, {});
        statuses.push(200);
      } catch (err) {
        const e = err as Body;
        statuses.push(e.status ?? e.response?.status);
        expect(JSON.parse(e.response.text).errors[0].code).toBe('QuotaExceeded');
      }
    }
    const ok = statuses.filter((s) => s === 200).length;
    // 30 left of the burst (one spent above), plus what 0.5/s refilled meanwhile.
    expect(ok).toBeGreaterThanOrEqual(29);
    expect(ok).toBeLessThan(35);
    expect(statuses.at(-1)).toBe(429);
  });
});
