import { beforeEach, describe, expect, it } from 'vitest';
import { peekBalance } from '../inventory.js';
import { makeErpRuntime, type ErpTestRuntime } from '../testing.js';

const R = '/services/rest/record/v1';
let t: ErpTestRuntime;

/** Stock of internal item `itemId` at location `locationId`. */
function stock(itemId: number, locationId: number) {
  return { ...peekBalance(t.runtime.context, itemId, locationId) };
}

function idOf(location: string | undefined): string {
  return location!.split('/').at(-1)!;
}

async function customer(): Promise<string> {
  const res = await t.call('POST', `${R}/customer`, { companyName: 'Acme', externalId: 'CUST-1' });
  return idOf(res.headers?.location);
}

async function order(body: Record<string, unknown>): Promise<string> {
  const res = await t.call('POST', `${R}/salesOrder`, {
    entity: { id: '1' },
    location: { id: '1' },
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(204);
  return idOf(res.headers?.location);
}

function errorCode(res: { body?: unknown }): string | undefined {
  return (res.body as { 'o:errorDetails': Array<{ 'o:errorCode': string }> })[
    'o:errorDetails'
  ][0]?.['o:errorCode'];
}

beforeEach(async () => {
  t = makeErpRuntime();
  await customer();
});

describe('sales orders and fulfillment', () => {
  it('commits stock at the order location: committed up, available down, on hand unchanged', async () => {
    const before = stock(1, 1);
    await order({ otherRefNum: '113-1', item: { items: [{ item: { id: '1' }, quantity: 2 }] } });
    const after = stock(1, 1);
    expect(after).toMatchObject({ onHand: before.onHand, committed: before.committed + 2 });
    const changed = t.journal.query({ type: 'erp:stock-changed' }).at(-1)!;
    expect(changed).toMatchObject({
      sku: 'SKU-00000',
      location: 'WH-1',
      deltaCommitted: 2,
      reason: 'salesOrder',
    });
  });

  it('commits only what is available and back-orders the rest', async () => {
    const { onHand } = stock(2, 1);
    const id = await order({ item: { items: [{ item: { id: '2' }, quantity: onHand + 3 }] } });
    const res = await t.call('GET', `${R}/salesOrder/${id}/item`);
    expect((res.body as { items: unknown[] }).items[0]).toMatchObject({
      quantityCommitted: onHand,
      quantityBackOrdered: 3,
    });
  });

  it('journals erp:document-recorded with its links, total in cents and lines', async () => {
    await order({
      externalId: 'AMZ-1',
      otherRefNum: '113-1',
      item: { items: [{ item: { id: '1' }, quantity: 2, rate: 12.5 }] },
    });
    expect(t.journal.query({ type: 'erp:document-recorded' }).at(-1)).toMatchObject({
      sys: 'erp',
      document: 'sales-order',
      record: 'salesOrder',
      externalId: 'AMZ-1',
      sourceOrderId: '113-1',
      totalCents: 2500,
      lines: [
        { sku: 'SKU-00000', quantity: 2, rateCents: 1250, amountCents: 2500, location: 'WH-1' },
      ],
    });
  });

  it('a fulfillment relieves stock (on hand and committed down) and marks the order', async () => {
    const before = stock(1, 1);
    const id = await order({ item: { items: [{ item: { id: '1' }, quantity: 2 }] } });
    const res = await t.call('POST', `${R}/salesOrder/${id}/!transform/itemFulfillment`, {});
    expect(res.status).toBe(204);
    expect(res.headers?.location).toMatch(/\/itemFulfillment\/\d+$/);
    expect(stock(1, 1)).toMatchObject({ onHand: before.onHand - 2, committed: before.committed });
    const so = (await t.call('GET', `${R}/salesOrder/${id}`)).body as { status: { id: string } };
    expect(so.status.id).toBe('F');
    const again = await t.call('POST', `${R}/salesOrder/${id}/!transform/itemFulfillment`, {});
    expect(again.status).toBe(400);
  });

  it('fulfills only the lines and quantities a transform body names', async () => {
    const id = await order({
      item: {
        items: [
          { item: { id: '1' }, quantity: 3 },
          { item: { id: '2' }, quantity: 1 },
        ],
      },
    });
    await t.call('POST', `${R}/salesOrder/${id}/!transform/itemFulfillment`, {
      item: { items: [{ orderLine: 1, quantity: 1, itemReceive: true }] },
    });
    const lines = (
      (await t.call('GET', `${R}/salesOrder/${id}/item`)).body as {
        items: Array<Record<string, number>>;
      }
    ).items;
    expect(lines.map((l) => l.quantityFulfilled)).toEqual([1, 0]);
    const so = (await t.call('GET', `${R}/salesOrder/${id}`)).body as { status: { id: string } };
    expect(so.status.id).toBe('D');
  });

  it('invoices only fulfilled quantities', async () => {
    const id = await order({ item: { items: [{ item: { id: '1' }, quantity: 1 }] } });
    const early = await t.call('POST', `${R}/salesOrder/${id}/!transform/invoice`, {});
    expect(early.status).toBe(400);
    await t.call('POST', `${R}/salesOrder/${id}/!transform/itemFulfillment`, {});
    expect((await t.call('POST', `${R}/salesOrder/${id}/!transform/invoice`, {})).status).toBe(204);
    const so = (await t.call('GET', `${R}/salesOrder/${id}`)).body as { status: { id: string } };
    expect(so.status.id).toBe('G');
  });

  it('deleting: refused with dependents; a deleted fulfillment restocks and re-commits', async () => {
    const before = stock(1, 1);
    const id = await order({ item: { items: [{ item: { id: '1' }, quantity: 2 }] } });
    const f = await t.call('POST', `${R}/salesOrder/${id}/!transform/itemFulfillment`, {});
    expect((await t.call('DELETE', `${R}/salesOrder/${id}`)).status).toBe(400);
    expect(
      (await t.call('DELETE', `${R}/itemFulfillment/${idOf(f.headers?.location)}`)).status,
    ).toBe(204);
    expect(stock(1, 1)).toMatchObject({ onHand: before.onHand, committed: before.committed + 2 });
    expect((await t.call('DELETE', `${R}/salesOrder/${id}`)).status).toBe(204);
    expect(stock(1, 1)).toEqual(before);
    expect(t.journal.query({ type: 'erp:document-removed' }).map((e) => e.record)).toEqual([
      'itemFulfillment',
      'salesOrder',
    ]);
  });
});

describe('store sales and refunds', () => {
  it('a cash sale takes units off the store shelf at once, even below zero', async () => {
    const { onHand } = stock(3, 2);
    const res = await t.call('POST', `${R}/cashSale`, {
      entity: { id: '1' },
      location: { externalId: 'ST-001' },
      externalId: 'SQ-ORDER-1',
      item: { items: [{ item: { id: '3' }, quantity: onHand + 1 }] },
    });
    expect(res.status).toBe(204);
    expect(stock(3, 2).onHand).toBe(-1);
    const refund = await t.call('POST', `${R}/cashSale/eid:SQ-ORDER-1/!transform/cashRefund`, {
      externalId: 'SQ-REFUND-1',
    });
    expect(refund.status).toBe(204);
    expect(stock(3, 2).onHand).toBe(onHand);
    const twice = await t.call('POST', `${R}/cashSale/eid:SQ-ORDER-1/!transform/cashRefund`, {});
    expect(twice.status).toBe(400);
  });

  it('a stand-alone cash refund restocks and carries its externalId', async () => {
    const { onHand } = stock(4, 3);
    await t.call('POST', `${R}/cashRefund`, {
      entity: { id: '1' },
      location: { id: '3' },
      externalId: 'RF-9',
      item: { items: [{ item: { id: '4' }, quantity: 2, amount: 9.98 }] },
    });
    expect(stock(4, 3).onHand).toBe(onHand + 2);
    expect(t.journal.query({ type: 'erp:document-recorded' }).at(-1)).toMatchObject({
      externalId: 'RF-9',
      totalCents: 998,
    });
  });
});

describe('external ids and updates', () => {
  it('refuses a duplicate externalId per type with DUP_RCRD, allows it on another type', async () => {
    const body = {
      entity: { id: '1' },
      externalId: 'X-1',
      item: { items: [{ item: { id: '1' }, quantity: 1 }] },
    };
    expect((await t.call('POST', `${R}/salesOrder`, body)).status).toBe(204);
    const dup = await t.call('POST', `${R}/salesOrder`, body);
    expect(dup.status).toBe(400);
    expect(errorCode(dup)).toBe('DUP_RCRD');
    expect((await t.call('POST', `${R}/cashSale`, body)).status).toBe(204);
  });

  it('PATCH changes otherRefNum and externalId; lines cannot be re-planned', async () => {
    const id = await order({
      externalId: 'A',
      item: { items: [{ item: { id: '1' }, quantity: 1 }] },
    });
    expect(
      (await t.call('PATCH', `${R}/salesOrder/eid:A`, { otherRefNum: 'PO-7', externalId: 'B' }))
        .status,
    ).toBe(204);
    const so = (await t.call('GET', `${R}/salesOrder/eid:B`)).body as Record<string, unknown>;
    expect(so).toMatchObject({ id, otherRefNum: 'PO-7', externalId: 'B' });
    expect((await t.call('GET', `${R}/salesOrder/eid:A`)).status).toBe(404);
    const lines = await t.call('PATCH', `${R}/salesOrder/${id}`, { item: { items: [] } });
    expect(lines.status).toBe(400);
  });

  it('PUT on eid: creates, then updates the same record', async () => {
    const first = await t.call('PUT', `${R}/customer/eid:UP-1`, { companyName: 'First' });
    expect(first.status).toBe(204);
    expect((await t.call('PUT', `${R}/customer/eid:UP-1`, { companyName: 'Second' })).status).toBe(
      204,
    );
    const list = (
      await t.call('GET', `${R}/customer?q=${encodeURIComponent('externalId IS "UP-1"')}`)
    ).body as { totalResults: number };
    expect(list.totalResults).toBe(1);
    expect((await t.call('GET', `${R}/customer/eid:UP-1`)).body).toMatchObject({
      companyName: 'Second',
    });
  });

  it('customers need a name and cannot be deleted while transactions use them', async () => {
    const nameless = await t.call('POST', `${R}/customer`, { email: 'x@example.com' });
    expect(nameless.status).toBe(400);
    await order({ item: { items: [{ item: { id: '1' }, quantity: 1 }] } });
    expect((await t.call('DELETE', `${R}/customer/1`)).status).toBe(400);
  });
});
