import type { RunModel } from '../model.js';
import { first, percentileOfSorted, sortedCopy } from '../stats.js';
import type { CheckDefinition, Measurement } from '../types.js';
import { erpOrdersByChannelOrder } from './order-to-erp.js';
import { receiptsBySale } from './pos-to-erp.js';

/**
 * Ingestion lag and recovery, in scenario time: from a channel order becoming
 * visible (marketplace order visible; store sale completed or uploaded) to its first ERP document.
 * Orders that never arrive count up to the end of the run, so a target that drops everything
 * cannot look fast.
 */

export interface Arrival {
  id: string;
  visibleT: number;
  /** First ERP record, or undefined when it never came. */
  erpT: number | undefined;
}

/** Every channel order of the flows under test with its ERP arrival (read-only, shared). */
export function arrivals(m: RunModel): readonly Arrival[] {
  return m.memo('arrivals', () => {
    const flows = new Set(m.scenario?.flows ?? ['order-to-erp', 'pos-to-erp']);
    const out: Arrival[] = [];
    if (flows.has('order-to-erp')) {
      const erp = erpOrdersByChannelOrder(m);
      for (const o of m.channelOrders.values())
        out.push({ id: o.id, visibleT: o.visibleT, erpT: erp.get(o.id)?.[0]?.t });
    }
    if (flows.has('pos-to-erp')) {
      const erp = receiptsBySale(m);
      for (const o of m.storeSales.values())
        out.push({ id: o.id, visibleT: o.visibleT, erpT: erp.get(o.id)?.[0]?.t });
    }
    return out;
  });
}

/** What every lag percentile shares: the lags sorted, the slowest orders, the missing ones. */
interface Lags {
  sorted: Float64Array;
  slowest: string[];
  orders: number;
  missing: number;
}

function lags(m: RunModel): Lags {
  return m.memo('lags', () => {
    const end = m.lastT ?? 0;
    const all = arrivals(m);
    const lags = all.map((a) => Math.max(0, (a.erpT ?? end) - a.visibleT));
    const slowest = first(lags.keys(), (i, j) => lags[i]! > lags[j]!).map((i) => all[i]!.id);
    const missing = all.filter((a) => a.erpT === undefined).length;
    return { sorted: sortedCopy(lags), slowest, orders: all.length, missing };
  });
}

function lagAt(p: number) {
  return (m: RunModel): Measurement => {
    const { sorted, slowest, orders, missing } = lags(m);
    if (orders === 0) return { value: null, note: 'no channel orders in this run', evidence: [] };
    return {
      value: percentileOfSorted(sorted, p)!,
      note: `${orders} orders${missing ? `, ${missing} never arrived (counted to the end)` : ''}`,
      evidence: slowest,
      details: { orders, missing },
    };
  };
}

function recovery(m: RunModel): Measurement {
  const end = m.lastT ?? 0;
  const all = arrivals(m);
  let worst: number | null = null;
  const evidence: string[] = [];
  const details: Record<string, number> = {};
  for (const f of m.faults) {
    if (f.untilT === undefined || f.untilT > end) continue;
    const windowEnd = f.untilT;
    // The backlog at the window's end: orders visible by then, not yet in the ERP by then.
    let cleared = windowEnd;
    let stuck: string | undefined;
    for (const a of all) {
      if (a.visibleT > windowEnd || (a.erpT !== undefined && a.erpT <= windowEnd)) continue;
      if (a.erpT === undefined) {
        cleared = end;
        stuck ??= a.id;
      } else if (a.erpT > cleared) cleared = a.erpT;
    }
    const ms = cleared - windowEnd;
    details[f.id] = ms;
    if (worst === null || ms > worst) worst = ms;
    if (stuck) evidence.push(`${f.id}: ${stuck} never arrived`);
    else if (ms > 0) evidence.push(f.id);
  }
  if (worst === null)
    return { value: null, note: 'no fault window closed before the end of the run', evidence: [] };
  return { value: worst, evidence: evidence.slice(0, 10), details };
}

const lagCheck = (p: number, defaultMs: number): CheckDefinition => ({
  id: `lag.p${Math.round(p * 100)}`,
  group: 'resilience',
  title: `Orders reach the ERP promptly (p${Math.round(p * 100)})`,
  description: `${Math.round(p * 100)}th percentile of scenario time from a channel order becoming visible to its first ERP record (marketplace → sales order, store → sale receipt).`,
  unit: 'ms',
  threshold: { op: '<=', value: defaultMs, unit: 'ms' },
  measure: lagAt(p),
});

export const lagChecks: CheckDefinition[] = [
  lagCheck(0.5, 5 * 60_000),
  lagCheck(0.95, 15 * 60_000),
  lagCheck(0.99, 30 * 60_000),
  {
    id: 'resilience.recovery-time',
    group: 'resilience',
    title: 'Backlogs clear soon after a fault ends',
    description:
      'For each fault window that closed: scenario time from its end until every channel order visible by then is in the ERP. The worst window counts.',
    unit: 'ms',
    threshold: { op: '<=', value: 15 * 60_000, unit: 'ms' },
    measure: recovery,
  },
];
