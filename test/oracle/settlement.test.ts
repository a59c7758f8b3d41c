import { describe, expect, it } from 'vitest';
import { ev, type LedgerAmounts } from '../../journal/events.js';
import {
  journal,
  MIN,
  scenario,
  START_T,
  type JournalBuilder,
} from '../support/journal-builder.js';

/**
 * The settlement checks on hand-made journals: a clean month, and the defects an integration
 * shows at month-end (books gross instead of net, books a group twice after a lost response,
 * drops adjustments posted after a close, never books).
 */
const SETTLEMENT = scenario({ flows: ['settlement'] });

/** Group G1: two shipped orders and a refund; G2: one shipped order and a late adjustment. */
/** `g1` books at 75 min (after G1's transfer), `g2` at 135 min or later (after G2's). */
function month(
  g1: (b: JournalBuilder) => JournalBuilder = (b) => b,
  g2: (b: JournalBuilder) => JournalBuilder = (b) => b,
): JournalBuilder {
  const b = journal()
    .runStarted({ scenario: SETTLEMENT })
    .at(1000)
    .shipmentConfirmed('113-1')
    .shipmentConfirmed('113-2')
    .at(2000)
    .append(posted('G1', 'e1', 'shipment', '113-1', 10_000, -1_500))
    .append(posted('G1', 'e2', 'shipment', '113-2', 5_000, -750))
    .append(posted('G1', 'e3', 'refund', '113-1', -10_000, 1_200))
    .at(60 * MIN)
    .append(closed('G1', 60 * MIN, 3_950, true))
    .append(
      ev.settlementTransferUpdated({
        sys: 'marketplace',
        groupId: 'G1',
        status: 'initiated',
        amountCents: 3_950,
      }),
    )
    .at(61 * MIN)
    .shipmentConfirmed('113-3')
    .append(posted('G2', 'e4', 'shipment', '113-3', 2_000, -300))
    .append(adjustment('G2', 'e5', -500))
    .at(70 * MIN)
    .append(
      ev.settlementTransferUpdated({
        sys: 'marketplace',
        groupId: 'G1',
        status: 'succeeded',
        amountCents: 3_950,
      }),
    );
  g1(b.at(75 * MIN))
    .at(120 * MIN)
    .append(closed('G2', 120 * MIN, 1_200, true))
    .append(
      ev.settlementTransferUpdated({
        sys: 'marketplace',
        groupId: 'G2',
        status: 'initiated',
        amountCents: 1_200,
      }),
    )
    .at(130 * MIN)
    .append(
      ev.settlementTransferUpdated({
        sys: 'marketplace',
        groupId: 'G2',
        status: 'succeeded',
        amountCents: 1_200,
      }),
    );
  return g2(b.at(135 * MIN));
}

const G1: LedgerAmounts = {
  netCents: 3_950,
  chargesCents: 15_000,
  feesCents: -1_050,
  refundsCents: -10_000,
  adjustmentsCents: 0,
  otherCents: 0,
};
const G2: LedgerAmounts = {
  netCents: 1_200,
  chargesCents: 2_000,
  feesCents: -300,
  refundsCents: 0,
  adjustmentsCents: -500,
  otherCents: 0,
};

function posted(
  groupId: string,
  eventId: string,
  kind: 'shipment' | 'refund',
  orderId: string,
  charges: number,
  fees: number,
) {
  return ev.settlementEventPosted({
    sys: 'marketplace',
    groupId,
    eventId,
    kind,
    orderId,
    postedAt: START_T,
    chargesCents: charges,
    feesCents: fees,
    adjustmentCents: 0,
    amountCents: charges + fees,
  });
}

function adjustment(groupId: string, eventId: string, cents: number) {
  return ev.settlementEventPosted({
    sys: 'marketplace',
    groupId,
    eventId,
    kind: 'adjustment',
    postedAt: START_T,
    chargesCents: 0,
    feesCents: 0,
    adjustmentCents: cents,
    amountCents: cents,
  });
}

function closed(groupId: string, atMs: number, net: number, transfer: boolean) {
  return ev.settlementGroupClosed({
    sys: 'marketplace',
    groupId,
    openedAt: START_T,
    closedAt: START_T + atMs,
    beginningBalanceCents: 0,
    netCents: net,
    chargesCents: 0,
    feesCents: 0,
    refundsCents: 0,
    adjustmentsCents: 0,
    events: 0,
    transfer,
  });
}

function booking(id: string, settlementId: string, ledger: LedgerAmounts) {
  return ev.erpDocumentRecorded({
    sys: 'erp',
    document: 'ledger-entry',
    id,
    externalId: settlementId,
    settlementId,
    ledger,
  });
}

const CHECKS = [
  'settlement.booked-once',
  'settlement.amounts-match',
  'settlement.orders-covered',
  'settlement.lag',
];

const book = (id: string, g: string, l: LedgerAmounts) => (b: JournalBuilder) =>
  b.append(booking(id, g, l));

describe('settlement checks', () => {
  it('pass on a month booked once per payout, to the cent, soon after each transfer', () => {
    const b = month(book('JE1', 'G1', G1), book('JE2', 'G2', G2)).runFinished();
    for (const id of CHECKS) expect(b.check(id).verdict, id).toBe('pass');
    expect(b.check('settlement.booked-once').details).toEqual({
      payouts: 2,
      missing: 0,
      duplicated: 0,
    });
    expect(b.check('settlement.orders-covered').details).toEqual({ orders: 3, uncovered: 0 });
    expect(b.check('settlement.lag').measured).toBe(15 * MIN);
  });

  it('are NOT CHECKED when nothing was paid out (a group still in transfer is not judged yet)', () => {
    const b = journal()
      .runStarted({ scenario: SETTLEMENT })
      .at(1000)
      .shipmentConfirmed('113-1')
      .append(posted('G1', 'e1', 'shipment', '113-1', 10_000, -1_500))
      .at(60 * MIN)
      .append(closed('G1', 60 * MIN, 8_500, true))
      .append(
        ev.settlementTransferUpdated({
          sys: 'marketplace',
          groupId: 'G1',
          status: 'initiated',
          amountCents: 8_500,
        }),
      )
      .runFinished();
    for (const id of [
      'settlement.booked-once',
      'settlement.amounts-match',
      'settlement.orders-covered',
    ])
      expect(b.check(id).verdict, id).toBe('not-checked');
    const empty = journal().runStarted({ scenario: SETTLEMENT }).at(MIN).runFinished();
    for (const id of CHECKS) expect(empty.check(id).verdict, id).toBe('not-checked');
  });

  it('defect: books gross instead of net — amounts-match fails, booked-once still passes', () => {
    const gross = { ...G1, netCents: G1.chargesCents, feesCents: 0, refundsCents: 0 };
    const b = month(book('JE1', 'G1', gross), book('JE2', 'G2', G2)).runFinished();
    expect(b.check('settlement.booked-once').verdict).toBe('pass');
    const r = b.check('settlement.amounts-match');
    expect(r.verdict).toBe('fail');
    expect(r.measured).toBe(1);
    expect(r.evidence).toEqual(['G1']);
    expect(r.details).toMatchObject({ compared: 2, netCents: 1, feesCents: 1, refundsCents: 1 });
  });

  it('defect: double-books a group after a lost response — booked-once and orders-covered fail', () => {
    const twice = (b: JournalBuilder) =>
      b
        .append(booking('JE1', 'G1', G1))
        .at(76 * MIN)
        .append(
          ev.erpDocumentRecorded({
            sys: 'erp',
            document: 'ledger-entry',
            id: 'JE1b',
            settlementId: 'G1',
            ledger: G1,
          }),
        );
    const b = month(twice, book('JE2', 'G2', G2)).runFinished();
    const once = b.check('settlement.booked-once');
    expect(once.verdict).toBe('fail');
    expect(once.evidence).toEqual(['G1']);
    expect(once.details).toEqual({ payouts: 2, missing: 0, duplicated: 1 });
    const covered = b.check('settlement.orders-covered');
    expect(covered.verdict).toBe('fail');
    expect(covered.evidence).toEqual(['113-1', '113-2']);
  });

  it('defect: drops adjustments posted after a close — amounts-match fails on the later group', () => {
    const noAdjustment = { ...G2, netCents: G2.netCents + 500, adjustmentsCents: 0 };
    const b = month(book('JE1', 'G1', G1), book('JE2', 'G2', noAdjustment)).runFinished();
    const r = b.check('settlement.amounts-match');
    expect(r.verdict).toBe('fail');
    expect(r.evidence).toEqual(['G2']);
    expect(r.details).toMatchObject({ netCents: 1, adjustmentsCents: 1 });
  });

  it('a payout never booked fails booked-once; a removed booking does not count; a slow one fails lag', () => {
    const removed = (b: JournalBuilder) =>
      b
        .append(booking('JE2', 'G2', G2))
        .at(136 * MIN)
        .append(ev.erpDocumentRemoved({ sys: 'erp', document: 'ledger-entry', id: 'JE2' }));
    const b = month(book('JE1', 'G1', G1), removed).runFinished();
    expect(b.check('settlement.booked-once')).toMatchObject({ verdict: 'fail', evidence: ['G2'] });
    expect(b.check('settlement.orders-covered')).toMatchObject({
      verdict: 'fail',
      evidence: ['113-3'],
    });
    const late = (x: JournalBuilder) =>
      x.at(120 * MIN + 2 * 86_400_000).append(booking('JE2', 'G2', G2));
    const slow = month(book('JE1', 'G1', G1), late)
      .runFinished()
      .check('settlement.lag');
    expect(slow.verdict).toBe('fail');
    expect(slow.measured).toBe(2 * 86_400_000);
    expect(slow.evidence[0]).toBe('G2');
  });

  it('is not under test in a scenario that does not list the flow', () => {
    const r = journal()
      .runStarted({ scenario: scenario() })
      .at(MIN)
      .runFinished()
      .check('settlement.booked-once');
    expect(r).toMatchObject({ verdict: 'not-checked', note: 'flow not under test' });
  });
});
