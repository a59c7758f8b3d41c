import { describe, expect, it } from 'vitest';
import { feeCategory, shipmentAmounts } from './finances.js';
import { isoDate } from './wire-orders.js';
import { MKT_TEST_START, makeMarketplaceRuntime } from './testing.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

const MP = 'ATVPDKIKX0DER';
const HOUR = 3_600_000;
const MIN = 60_000;

/** One hour periods, events released within ten minutes, payouts landing ten minutes later. */
const FAST = {
  rateLimits: false,
  settlementPeriodMs: HOUR,
  financesDelayMs: 10 * MIN,
  fundTransferMs: 10 * MIN,
  tokenLifetimeMs: 100 * HOUR,
};

type Mkt = ReturnType<typeof makeMarketplaceRuntime>;

/** Place world order `index` and ship all of it in one package. */
async function placeAndShip(mkt: Mkt, index: number): Promise<string> {
  const { orderId } = mkt.order(index);
  const items = (await mkt.call('GET', `/orders/v0/orders/${orderId}/orderItems`)).body as Body;
  const res = await mkt.call('POST', `/orders/v0/orders/${orderId}/shipmentConfirmation`, {
    marketplaceId: MP,
    packageDetail: {
      packageReferenceId: String(index + 1),
      carrierCode: 'UPS',
      trackingNumber: `1Z${index}`,
      shipDate: isoDate(mkt.clock.now()),
      orderItems: items.payload.OrderItems.map((i: Body) => ({
        orderItemId: i.OrderItemId,
        quantity: i.QuantityOrdered,
      })),
    },
  });
  expect(res.status).toBe(204);
  return orderId;
}

/** Principal and fees of a world order, computed from the fee schedule. */
function expected(mkt: Mkt, index: number) {
  const o = mkt.world.marketplaceOrder(index);
  let charges = 0;
  let fees = 0;
  for (const l of o.lines) {
    const a = shipmentAmounts(mkt.world.seed, l.skuIndex, l.unitPriceCents, l.quantity);
    charges += a.charges.reduce((n, c) => n + c.cents, 0);
    fees += a.fees.reduce((n, c) => n + c.cents, 0);
  }
  return { charges, fees, net: charges + fees };
}

const cents = (c: { CurrencyAmount: number }) => Math.round(c.CurrencyAmount * 100);

async function allEvents(mkt: Mkt, path: string, query = ''): Promise<Body[]> {
  const pages: Body[] = [];
  let token: string | undefined;
  do {
    const q = token ? `NextToken=${encodeURIComponent(token)}` : query;
    const res = await mkt.call('GET', `${path}${q ? `?${q}` : ''}`);
    expect(res.status).toBe(200);
    const payload = (res.body as Body).payload;
    pages.push(payload.FinancialEvents);
    token = payload.NextToken;
  } while (token);
  return pages;
}

describe('marketplace finances (Finances v0)', () => {
  it('the fee schedule charges a referral share with a per-unit minimum', () => {
    const seed = 7;
    for (let sku = 0; sku < 30; sku++) {
      const cat = feeCategory(seed, sku);
      const a = shipmentAmounts(seed, sku, 1000, 2);
      const commission = a.fees.find((f) => f.type === 'Commission')!.cents;
      expect(commission).toBe(-Math.max(Math.round((2000 * cat.referralBasisPoints) / 10_000), 60));
      expect(a.fees.some((f) => f.type === 'FixedClosingFee')).toBe(cat.closingFeeCents > 0);
    }
    // A cheap item pays the minimum.
    expect(shipmentAmounts(seed, 0, 100, 3).fees[0]!.cents).toBe(-90);
  });

  it('posts shipment events only after their seeded release delay, then lists them', async () => {
    const mkt = makeMarketplaceRuntime({ config: FAST });
    await mkt.login();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await placeAndShip(mkt, i));
    const after = `PostedAfter=${isoDate(MKT_TEST_START - HOUR)}`;
    // Right after shipping, most events are still deferred.
    await mkt.clock.advanceScenario(3 * MIN);
    const early = mkt.journal.query({ type: 'settlement:event-posted' }).length;
    expect(early).toBeLessThan(3);
    await mkt.clock.advanceScenario(10 * MIN);
    const posted = mkt.journal.query({ type: 'settlement:event-posted' });
    expect(posted).toHaveLength(3);
    const [events] = await allEvents(mkt, '/finances/v0/financialEvents', after);
    expect(events!.ShipmentEventList.map((e: Body) => e.AmazonOrderId).sort()).toEqual(
      [...ids].sort(),
    );
    expect(events!.RefundEventList).toEqual([]);
    expect(events!.AdjustmentEventList).toEqual([]);
    ids.forEach((id, i) => {
      const e = events!.ShipmentEventList.find((x: Body) => x.AmazonOrderId === id);
      let charges = 0;
      let fees = 0;
      for (const item of e.ShipmentItemList) {
        expect(item.ItemChargeList.map((c: Body) => c.ChargeType)).toEqual(['Principal', 'Tax']);
        charges += item.ItemChargeList.reduce((n: number, c: Body) => n + cents(c.ChargeAmount), 0);
        fees += item.ItemFeeList.reduce((n: number, f: Body) => n + cents(f.FeeAmount), 0);
      }
      expect({ charges, fees }).toEqual({
        charges: expected(mkt, i).charges,
        fees: expected(mkt, i).fees,
      });
      const j = posted.find((p) => p.orderId === id)!;
      expect(j).toMatchObject({ kind: 'shipment', chargesCents: charges, feesCents: fees });
      expect(j.amountCents).toBe(charges + fees);
    });
    // By order id: the same event.
    const byOrder = await allEvents(mkt, `/finances/v0/orders/${ids[0]}/financialEvents`);
    expect(byOrder[0]!.ShipmentEventList).toHaveLength(1);
    expect(mkt.journal.query({ type: 'sim:crashed' })).toEqual([]);
  });

  it('closes the period, pays out a positive balance and opens the next group', async () => {
    const mkt = makeMarketplaceRuntime({ config: FAST });
    await mkt.login();
    await placeAndShip(mkt, 0);
    await placeAndShip(mkt, 1);
    await mkt.clock.advanceScenario(20 * MIN);
    let res = await mkt.call('GET', '/finances/v0/financialEventGroups');
    let groups = (res.body as Body).payload.FinancialEventGroupList as Body[];
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ ProcessingStatus: 'Open' });
    expect(groups[0]!.FundTransferStatus).toBeUndefined();
    expect(groups[0]!.FinancialEventGroupEnd).toBeUndefined();
    const net = expected(mkt, 0).net + expected(mkt, 1).net;
    expect(cents(groups[0]!.OriginalTotal)).toBe(net);

    await mkt.clock.advanceScenario(45 * MIN); // past the hour: closed, transfer initiated
    res = await mkt.call('GET', '/finances/v0/financialEventGroups');
    groups = (res.body as Body).payload.FinancialEventGroupList as Body[];
    expect(groups.map((g) => g.ProcessingStatus)).toEqual(['Closed', 'Open']);
    const closed = groups[0]!;
    expect(closed).toMatchObject({
      FundTransferStatus: 'Initiated',
      FinancialEventGroupStart: isoDate(MKT_TEST_START),
      FinancialEventGroupEnd: isoDate(MKT_TEST_START + HOUR),
      FundTransferDate: isoDate(MKT_TEST_START + HOUR),
      BeginningBalance: { CurrencyCode: 'USD', CurrencyAmount: 0 },
    });
    expect(cents(closed.OriginalTotal)).toBe(net);
    expect(cents(closed.ConvertedTotal)).toBe(net);
    expect(closed.TraceId).toMatch(/^[A-Z0-9]{20}$/);
    expect(closed.AccountTail).toMatch(/^\d{3}$/);
    expect(groups[1]!.FinancialEventGroupStart).toBe(isoDate(MKT_TEST_START + HOUR));
    const byGroup = await allEvents(
      mkt,
      `/finances/v0/financialEventGroups/${closed.FinancialEventGroupId}/financialEvents`,
    );
    expect(byGroup[0]!.ShipmentEventList).toHaveLength(2);

    await mkt.clock.advanceScenario(10 * MIN);
    res = await mkt.call('GET', '/finances/v0/financialEventGroups');
    expect((res.body as Body).payload.FinancialEventGroupList[0].FundTransferStatus).toBe(
      'Succeeded',
    );
    expect(mkt.journal.query({ type: 'settlement:group-closed' })).toMatchObject([
      {
        groupId: closed.FinancialEventGroupId,
        netCents: net,
        chargesCents: expected(mkt, 0).charges + expected(mkt, 1).charges,
        refundsCents: 0,
        events: 2,
        transfer: true,
      },
    ]);
    expect(mkt.journal.query({ type: 'settlement:transfer-updated' }).map((e) => e.status)).toEqual(
      ['initiated', 'succeeded'],
    );
  });

  it('refunds returned orders: charges back, referral fee back less the admin fee', async () => {
    const mkt = makeMarketplaceRuntime({
      config: { ...FAST, financesDelayMs: 0, refundRate: 1, refundAfterMs: 5 * MIN },
    });
    await mkt.login();
    const id = await placeAndShip(mkt, 0);
    await mkt.clock.advanceScenario(6 * MIN);
    const [events] = await allEvents(mkt, `/finances/v0/orders/${id}/financialEvents`);
    expect(events!.RefundEventList).toHaveLength(1);
    const refund = events!.RefundEventList[0];
    let charges = 0;
    let fees = 0;
    for (const item of refund.ShipmentItemAdjustmentList) {
      expect(item.OrderAdjustmentItemId).toMatch(/^\d{14}$/);
      charges += item.ItemChargeAdjustmentList.reduce(
        (n: number, c: Body) => n + cents(c.ChargeAmount),
        0,
      );
      const commission = cents(
        item.ItemFeeAdjustmentList.find((f: Body) => f.FeeType === 'Commission').FeeAmount,
      );
      const admin = cents(
        item.ItemFeeAdjustmentList.find((f: Body) => f.FeeType === 'RefundCommission').FeeAmount,
      );
      expect(admin).toBe(-Math.min(500, Math.round(commission * 0.2)));
      fees += commission + admin;
    }
    expect(charges).toBe(-expected(mkt, 0).charges);
    const posted = mkt.journal.query({ type: 'settlement:event-posted' });
    expect(posted.map((p) => p.kind)).toEqual(['shipment', 'refund']);
    expect(posted[1]).toMatchObject({ chargesCents: charges, feesCents: fees });
  });

  it('a late adjustment back-dated into a closed period lands in the next group', async () => {
    const mkt = makeMarketplaceRuntime({
      config: {
        ...FAST,
        adjustments: [{ atMs: HOUR + 5 * MIN, amountCents: -1250, postedBackMs: 20 * MIN }],
      },
    });
    await mkt.login();
    await placeAndShip(mkt, 0);
    await mkt.clock.advanceScenario(HOUR + 10 * MIN);
    const groups = ((await mkt.call('GET', '/finances/v0/financialEventGroups')).body as Body)
      .payload.FinancialEventGroupList as Body[];
    const [first, second] = groups;
    const inSecond = await allEvents(
      mkt,
      `/finances/v0/financialEventGroups/${second!.FinancialEventGroupId}/financialEvents`,
    );
    expect(inSecond[0]!.AdjustmentEventList).toEqual([
      {
        AdjustmentType: 'PostageBilling',
        PostedDate: isoDate(MKT_TEST_START + 45 * MIN),
        AdjustmentAmount: { CurrencyCode: 'USD', CurrencyAmount: -12.5 },
      },
    ]);
    const inFirst = await allEvents(
      mkt,
      `/finances/v0/financialEventGroups/${first!.FinancialEventGroupId}/financialEvents`,
    );
    expect(inFirst[0]!.AdjustmentEventList).toEqual([]);
    // A window on posted dates over the first period finds it; the first group does not.
    const window = `PostedAfter=${isoDate(MKT_TEST_START)}&PostedBefore=${isoDate(MKT_TEST_START + HOUR)}`;
    const [byDate] = await allEvents(mkt, '/finances/v0/financialEvents', window);
    expect(byDate!.AdjustmentEventList).toHaveLength(1);
    expect(cents(second!.OriginalTotal)).toBe(-1250);
  });

  it('carries a negative balance into the next group instead of paying out', async () => {
    const mkt = makeMarketplaceRuntime({
      config: { ...FAST, adjustments: [{ atMs: 5 * MIN, amountCents: -5000 }] },
    });
    await mkt.login();
    await mkt.clock.advanceScenario(HOUR + MIN);
    const groups = ((await mkt.call('GET', '/finances/v0/financialEventGroups')).body as Body)
      .payload.FinancialEventGroupList as Body[];
    expect(groups[0]!.FundTransferStatus).toBeUndefined();
    expect(groups[0]!.ProcessingStatus).toBe('Closed');
    expect(groups[1]!.BeginningBalance).toEqual({ CurrencyCode: 'USD', CurrencyAmount: -50 });
    expect(mkt.journal.query({ type: 'settlement:group-closed' })).toMatchObject([
      { netCents: -5000, transfer: false },
    ]);
    expect(mkt.journal.query({ type: 'settlement:transfer-updated' })).toEqual([]);
  });

  it('pages with MaxResultsPerPage and NextToken, oldest first, without repeats', async () => {
    const mkt = makeMarketplaceRuntime({ config: { ...FAST, financesDelayMs: 0 } });
    await mkt.login();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await placeAndShip(mkt, i));
    await mkt.clock.advanceScenario(3 * MIN);
    const pages = await allEvents(
      mkt,
      '/finances/v0/financialEvents',
      `PostedAfter=${isoDate(MKT_TEST_START)}&MaxResultsPerPage=2`,
    );
    expect(pages.map((p) => p.ShipmentEventList.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((p) => p.ShipmentEventList.map((e: Body) => e.AmazonOrderId))).toEqual(
      ids,
    );
    // Groups page too (the model's default page is 10 groups).
    await mkt.clock.advanceScenario(12 * HOUR);
    const first = (await mkt.call('GET', '/finances/v0/financialEventGroups')).body as Body;
    expect(first.payload.FinancialEventGroupList).toHaveLength(10);
    const rest = (
      await mkt.call(
        'GET',
        `/finances/v0/financialEventGroups?NextToken=${encodeURIComponent(first.payload.NextToken)}`,
      )
    ).body as Body;
    expect(rest.payload.FinancialEventGroupList).toHaveLength(3);
    expect(rest.payload.NextToken).toBeUndefined();
  });

  it('refuses what the model refuses', async () => {
    const mkt = makeMarketplaceRuntime({ config: FAST });
    await mkt.login();
    await mkt.clock.advanceScenario(HOUR);
    const now = mkt.clock.now();
    const bad = [
      '/finances/v0/financialEvents?MaxResultsPerPage=101',
      '/finances/v0/financialEvents?MaxResultsPerPage=0',
      '/finances/v0/financialEventGroups?MaxResultsPerPage=abc',
      `/finances/v0/financialEvents?PostedBefore=${isoDate(now - 10 * MIN)}`,
      `/finances/v0/financialEvents?PostedAfter=${isoDate(now - MIN)}`,
      `/finances/v0/financialEvents?PostedAfter=${isoDate(now - 20 * MIN)}&PostedBefore=${isoDate(now - 30 * MIN)}`,
      `/finances/v0/financialEvents?PostedAfter=${isoDate(now - 20 * MIN)}&PostedBefore=${isoDate(now - MIN)}`,
      '/finances/v0/financialEvents?PostedAfter=yesterday',
      `/finances/v0/financialEventGroups?FinancialEventGroupStartedAfter=${isoDate(now)}`,
      '/finances/v0/financialEvents?NextToken=garbage',
      '/finances/v0/orders/not-an-order/financialEvents',
    ];
    for (const path of bad) {
      const res = await mkt.call('GET', path);
      expect(res.status, path).toBe(400);
      expect((res.body as Body).errors[0].code, path).toBe('InvalidInput');
    }
    const missing = await mkt.call('GET', '/finances/v0/financialEventGroups/nope/financialEvents');
    expect(missing.status).toBe(404);
    // 180 days apart: an empty answer, not an error.
    const wide = await mkt.call(
      'GET',
      `/finances/v0/financialEvents?PostedAfter=${isoDate(now - 200 * 86_400_000)}&PostedBefore=${isoDate(now - 10 * MIN)}`,
    );
    expect(wide.status).toBe(200);
    // A token from another operation is refused.
    const mktB = makeMarketplaceRuntime({ config: { ...FAST, financesDelayMs: 0 } });
    await mktB.login();
    await placeAndShip(mktB, 0);
    await placeAndShip(mktB, 1);
    await mktB.clock.advanceScenario(3 * MIN);
    const p1 = (
      await mktB.call(
        'GET',
        `/finances/v0/financialEvents?PostedAfter=${isoDate(MKT_TEST_START)}&MaxResultsPerPage=1`,
      )
    ).body as Body;
    const groupId = ((await mktB.call('GET', '/finances/v0/financialEventGroups')).body as Body)
      .payload.FinancialEventGroupList[0].FinancialEventGroupId;
    const cross = await mktB.call(
      'GET',
      `/finances/v0/financialEventGroups/${groupId}/financialEvents?NextToken=${encodeURIComponent(p1.payload.NextToken)}`,
    );
    expect(cross.status).toBe(400);
    expect(mkt.journal.query({ type: 'sim:crashed' })).toEqual([]);
  });

  it('holds the usage plan: 30 calls of burst, then 429 QuotaExceeded', async () => {
    const mkt = makeMarketplaceRuntime();
    await mkt.login();
    const statuses: number[] = [];
    let limit: string | undefined;
    for (let i = 0; i < 31; i++) {
      const res = await mkt.call('GET', '/finances/v0/financialEventGroups');
      statuses.push(res.status);
      limit = res.headers?.['x-amzn-ratelimit-limit'];
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(limit).toBe('0.5');
    // Per operation: another Finances operation still has its own burst.
    const other = await mkt.call(
      'GET',
      `/finances/v0/financialEvents?PostedAfter=${isoDate(MKT_TEST_START - HOUR)}`,
    );
    expect(other.status).toBe(200);
    // 0.5/s refills one call every two wall seconds.
    await mkt.clock.advance(2_000);
    expect((await mkt.call('GET', '/finances/v0/financialEventGroups')).status).toBe(200);
  });

  it('is deterministic: same seed, same actions, same settlement journal', async () => {
    const run = async () => {
      const mkt = makeMarketplaceRuntime({
        seed: 11,
        config: { ...FAST, refundRate: 0.5, refundAfterMs: 20 * MIN },
      });
      await mkt.login();
      for (let i = 0; i < 6; i++) await placeAndShip(mkt, i);
      await mkt.clock.advanceScenario(2 * HOUR);
      return mkt.journal
        .query({})
        .filter((e) => e.type.startsWith('settlement:'))
        .map(({ seq: _s, w: _w, t: _t, ...e }) => e);
    };
    const a = await run();
    expect(a.length).toBeGreaterThan(6);
    expect(await run()).toEqual(a);
  });
});
