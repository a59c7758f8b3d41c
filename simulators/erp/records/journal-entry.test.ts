import { beforeEach, describe, expect, it } from 'vitest';
import { makeErpRuntime, type ErpTestRuntime } from '../testing.js';

const R = '/services/rest/record/v1';
let t: ErpTestRuntime;

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

function detail(res: { body?: unknown }): { code?: string; detail?: string } {
  const d = (res.body as Body)['o:errorDetails'][0];
  return { code: d['o:errorCode'], detail: d.detail };
}

/** A payout of 90.10: sales 100.00, fees 9.90 (accounts by externalId). */
const PAYOUT = {
  externalId: 'GROUP-1',
  memo: 'Marketplace settlement GROUP-1',
  line: {
    items: [
      { account: { id: 'eid:ACCT-1000' }, debit: 90.1, memo: 'payout' },
      { account: { id: 'eid:ACCT-6100' }, debit: 9.9, memo: 'fees' },
      { account: { id: 'eid:ACCT-4000' }, credit: 100, memo: 'sales' },
    ],
  },
};

beforeEach(() => {
  t = makeErpRuntime();
});

describe('journal entries (payout bookings)', () => {
  it('books a balanced entry and journals it as a ledger entry with its amounts by purpose', async () => {
    const res = await t.call('POST', `${R}/journalEntry`, PAYOUT);
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    const id = res.headers!.location!.split('/').at(-1)!;
    const got = await t.call('GET', `${R}/journalEntry/${id}?expandSubResources=true`);
    const body = got.body as Body;
    expect(body).toMatchObject({ externalId: 'GROUP-1', tranId: 'JE1', total: 100 });
    expect(body.line.items.map((l: Body) => [l.account.refName, l.debit, l.credit])).toEqual([
      ['1000 Checking', 90.1, undefined],
      ['6100 Marketplace Selling Fees', 9.9, undefined],
      ['4000 Sales - Marketplace', undefined, 100],
    ]);
    expect(t.journal.query({ type: 'erp:document-recorded' })).toMatchObject([
      {
        document: 'ledger-entry',
        record: 'journalEntry',
        settlementId: 'GROUP-1',
        totalCents: 10000,
        ledger: {
          netCents: 9010,
          chargesCents: 10000,
          feesCents: -990,
          refundsCents: 0,
          adjustmentsCents: 0,
          otherCents: 0,
        },
      },
    ]);
    // The custom field wins over the externalId as the settlement link.
    const custom = await t.call('POST', `${R}/journalEntry`, {
      ...PAYOUT,
      externalId: 'JE-OWN-KEY',
      custbody_settlement_id: 'GROUP-2',
    });
    expect(custom.status).toBe(204);
    expect(t.journal.query({ type: 'erp:document-recorded' }).at(-1)).toMatchObject({
      settlementId: 'GROUP-2',
      externalId: 'JE-OWN-KEY',
    });
  });

  it('refuses an unbalanced entry, an empty one, a line with both or neither amount, an unknown account', async () => {
    const lines = (items: unknown[]) => ({ line: { items } });
    const cases: [unknown, string][] = [
      [
        lines([
          { account: { id: '1' }, debit: 90 },
          { account: { id: '3' }, credit: 100 },
        ]),
        'USER_ERROR',
      ],
      [{ memo: 'nothing' }, 'USER_ERROR'],
      [lines([{ account: { id: '1' }, debit: 5, credit: 5 }]), 'USER_ERROR'],
      [lines([{ account: { id: '1' } }]), 'USER_ERROR'],
      [lines([{ debit: 5 }]), 'USER_ERROR'],
      [lines([{ account: { id: '99' }, debit: 5 }]), 'INVALID_CONTENT'],
      [lines([{ account: { id: '1' }, debit: -5 }]), 'INVALID_CONTENT'],
      [lines([{ account: { id: '1' }, debit: 1.005 }]), 'INVALID_CONTENT'],
      [lines([{ account: { id: '1' }, debit: '5' }]), 'INVALID_CONTENT'],
    ];
    for (const [body, code] of cases) {
      const res = await t.call('POST', `${R}/journalEntry`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(detail(res).code, JSON.stringify(body)).toBe(code);
    }
    expect(detail(await t.call('POST', `${R}/journalEntry`, cases[0]![0])).detail).toMatch(
      /debit lines must equal the total of the credit lines/,
    );
    expect(t.journal.query({ type: 'erp:document-recorded' })).toEqual([]);
  });

  it('refuses a second entry with the same externalId (a retried booking stays one booking)', async () => {
    expect((await t.call('POST', `${R}/journalEntry`, PAYOUT)).status).toBe(204);
    const again = await t.call('POST', `${R}/journalEntry`, PAYOUT);
    expect(again.status).toBe(400);
    expect(t.journal.query({ type: 'erp:document-recorded' })).toHaveLength(1);
  });

  it('serves the chart of accounts read-only', async () => {
    const list = (await t.call('GET', `${R}/account`)).body as Body;
    expect(list.totalResults).toBe(6);
    const bank = (await t.call('GET', `${R}/account/eid:ACCT-1000`)).body as Body;
    expect(bank).toMatchObject({
      acctNumber: '1000',
      acctName: 'Checking',
      acctType: { id: 'Bank' },
    });
    expect((await t.call('POST', `${R}/account`, { acctName: 'x' })).status).toBe(405);
  });
});
