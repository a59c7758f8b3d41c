import type { ErpDocument, RunModel, SettlementGroup } from '../model.js';
import type { CheckDefinition, Measurement } from '../types.js';

/**
 * settlement: each channel payout (a closed settlement period whose funds were transferred) is
 * booked once in the ERP as a ledger entry that names the settlement, with the period's net,
 * gross charges, fees, refunds and adjustments to the cent, so every shipped order's charges sit
 * in exactly one booking. Judged from the journal: the channel's `settlement:*` events against
 * the ERP's `ledger-entry` documents (docs/checks.md).
 */

/** Ledger entries by the settlement they name (built once per judged model). */
export function bookingsBySettlement(m: RunModel): Map<string, ErpDocument[]> {
  return m.memo('bookingsBySettlement', () => m.erpBy(['ledger-entry'], (d) => d.settlementId));
}

/**
 * The payouts a target must have booked: groups whose funds reached the bank during the run
 * (transfer succeeded). A group still in transfer at the end is not judged yet.
 */
export function paidGroups(m: RunModel): SettlementGroup[] {
  return [...m.settlementGroups.values()].filter((g) => g.succeededT !== undefined);
}

const AMOUNTS = [
  'netCents',
  'chargesCents',
  'feesCents',
  'refundsCents',
  'adjustmentsCents',
] as const;

function expected(g: SettlementGroup): Record<(typeof AMOUNTS)[number], number> {
  return {
    netCents: g.closed?.netCents ?? 0,
    chargesCents: g.chargesCents,
    feesCents: g.feesCents,
    refundsCents: g.refundsCents,
    adjustmentsCents: g.adjustmentsCents,
  };
}

function bookedOnce(m: RunModel): Measurement {
  const groups = paidGroups(m);
  if (groups.length === 0)
    return { value: null, note: 'no settlement was paid out in this run', evidence: [] };
  const bookings = bookingsBySettlement(m);
  const missing: string[] = [];
  const duplicated: string[] = [];
  for (const g of groups) {
    const n = bookings.get(g.id)?.length ?? 0;
    if (n === 0) missing.push(g.id);
    else if (n > 1) duplicated.push(g.id);
  }
  return {
    value: missing.length + duplicated.length,
    note: `${groups.length} payouts: ${missing.length} not booked, ${duplicated.length} booked more than once`,
    evidence: [...duplicated, ...missing].slice(0, 10),
    details: { payouts: groups.length, missing: missing.length, duplicated: duplicated.length },
  };
}

function amountsMatch(m: RunModel): Measurement {
  const bookings = bookingsBySettlement(m);
  let compared = 0;
  const bad: string[] = [];
  const off: Record<string, number> = {};
  for (const g of paidGroups(m)) {
    const docs = bookings.get(g.id) ?? [];
    if (docs.length === 0) continue;
    compared++;
    const want = expected(g);
    let wrong = false;
    for (const doc of docs) {
      for (const k of AMOUNTS) {
        if ((doc.ledger?.[k] ?? 0) === want[k]) continue;
        wrong = true;
        off[k] = (off[k] ?? 0) + 1;
      }
    }
    if (wrong) bad.push(g.id);
  }
  if (compared === 0)
    return { value: null, note: 'no paid-out settlement was booked to compare', evidence: [] };
  return {
    value: bad.length,
    note: `${compared} booked payouts compared to the cent (net, charges, fees, refunds, adjustments): ${bad.length} differ`,
    evidence: bad.slice(0, 10),
    details: { compared, ...off },
  };
}

function ordersCovered(m: RunModel): Measurement {
  const bookings = bookingsBySettlement(m);
  const paid = new Set(paidGroups(m).map((g) => g.id));
  let judged = 0;
  const bad: string[] = [];
  for (const orderId of m.confirmations.keys()) {
    const groups = m.settledShipments.get(orderId) ?? [];
    // Only orders whose charges were paid out can be in a booking yet.
    const inPaid = groups.filter((g) => paid.has(g));
    if (inPaid.length === 0) continue;
    judged++;
    if (inPaid.some((g) => (bookings.get(g)?.length ?? 0) !== 1)) bad.push(orderId);
  }
  if (judged === 0)
    return { value: null, note: 'no shipped order was paid out in this run', evidence: [] };
  return {
    value: bad.length,
    note: `${judged} shipped orders paid out: ${bad.length} not in exactly one booking`,
    evidence: bad.slice(0, 10),
    details: { orders: judged, uncovered: bad.length },
  };
}

function lag(m: RunModel): Measurement {
  const bookings = bookingsBySettlement(m);
  const lags: { id: string; ms: number }[] = [];
  for (const g of m.settlementGroups.values()) {
    const first = bookings.get(g.id)?.[0];
    if (!first || g.initiatedT === undefined) continue;
    lags.push({ id: g.id, ms: Math.max(0, first.t - g.initiatedT) });
  }
  if (lags.length === 0)
    return { value: null, note: 'no payout was booked in this run', evidence: [] };
  lags.sort((a, b) => b.ms - a.ms);
  return {
    value: lags[0]!.ms,
    note: `slowest of ${lags.length} bookings after its fund transfer started`,
    evidence: lags.slice(0, 3).map((l) => l.id),
    details: { bookings: lags.length },
  };
}

export const settlementChecks: CheckDefinition[] = [
  {
    id: 'settlement.booked-once',
    group: 'settlement',
    title: 'Every payout is booked in the ERP exactly once',
    description:
      'Settlement periods whose funds reached the bank with no ERP ledger entry naming the settlement id, plus those booked more than once.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: bookedOnce,
  },
  {
    id: 'settlement.amounts-match',
    group: 'settlement',
    title: 'Booked payouts match the settlement to the cent',
    description:
      'Booked payouts whose net, gross charges, fees, refunds or adjustments differ from what the channel posted in that settlement period.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: amountsMatch,
  },
  {
    id: 'settlement.orders-covered',
    group: 'settlement',
    title: "Every paid-out order's charges are in exactly one booking",
    description:
      'Shipped marketplace orders whose charges were paid out in a settlement that is not booked exactly once.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: ordersCovered,
  },
  {
    id: 'settlement.lag',
    group: 'settlement',
    title: 'Payouts are booked soon after the fund transfer',
    description:
      'Scenario time from a fund transfer being initiated to the ERP booking of that settlement, slowest booking.',
    unit: 'ms',
    // GUESS: a day, like a bookkeeper booking yesterday's payouts; compressed scenarios set their own.
    threshold: { op: '<=', value: 86_400_000, unit: 'ms' },
    measure: lag,
  },
];
