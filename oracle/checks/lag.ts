import type { RunModel } from '../model.js';
import { first, sortedCopy } from '../stats.js';
import type { CheckDefinition, Measurement } from '../types.js';
import { erpOrdersByChannelOrder } from './order-to-erp.js';
import { receiptsBySale } from './pos-to-erp.js';

/**
 * Ingestion lag and recovery, in scenario time: from a channel order becoming visible
 * (marketplace order visible; store sale completed or uploaded) to its first ERP document.
 * Lag is judged per channel — the channels are the systems the journal shows orders coming from
 * — and the worst channel decides, so a busy channel cannot hide a slow one; the pooled figure is
 * only reported. An order that never reached the ERP has no lag to measure: a percentile that
 * falls on one fails, whatever the threshold (the value shown is a lower bound), and a backlog it
 * is part of never recovered.
 */

export interface Arrival {
  id: string;
  /** The system the order came from. */
  channel: string;
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
        out.push({
          id: o.id,
          channel: o.channel ?? 'channel',
          visibleT: o.visibleT,
          erpT: erp.get(o.id)?.[0]?.t,
        });
    }
    if (flows.has('pos-to-erp')) {
      const erp = receiptsBySale(m);
      for (const o of m.storeSales.values())
        out.push({
          id: o.id,
          channel: o.channel ?? 'store',
          visibleT: o.visibleT,
          erpT: erp.get(o.id)?.[0]?.t,
        });
    }
    return out;
  });
}

/** One channel's lags: arrived lags sorted, the slowest orders, the missing ones. */
interface Lags {
  /** Lags of the orders that arrived, ascending. */
  sorted: Float64Array;
  slowest: string[];
  orders: number;
  missing: number;
  /** The longest wait of an order that never arrived (to the end of the run). */
  longestMissingMs: number;
}

function lagsOf(all: readonly Arrival[], end: number, finished: boolean): Lags {
  // Mid-run (the live dashboard) an order not in the ERP yet is in flight: it counts up to now.
  const arrived = finished ? all.filter((a) => a.erpT !== undefined) : [...all];
  const lags = arrived.map((a) => Math.max(0, (a.erpT ?? end) - a.visibleT));
  const gone = all.filter((a) => a.erpT === undefined);
  const slowestGone = first(gone, (a, b) => a.visibleT < b.visibleT).map((a) => a.id);
  const slowestArrived = first(lags.keys(), (i, j) => lags[i]! > lags[j]!)
    .map((i) => arrived[i]!.id)
    .filter((id) => finished || !slowestGone.includes(id));
  return {
    sorted: sortedCopy(lags),
    slowest: [...slowestGone, ...slowestArrived].slice(0, 10),
    orders: all.length,
    missing: gone.length,
    longestMissingMs: gone.reduce((a, o) => Math.max(a, end - o.visibleT), 0),
  };
}

/** Lags per channel, and pooled under `*` (shared by the three percentiles). */
function lags(m: RunModel): Map<string, Lags> {
  return m.memo('lags', () => {
    const end = m.lastT ?? 0;
    const all = arrivals(m);
    const byChannel = new Map<string, Arrival[]>();
    for (const a of all) {
      const list = byChannel.get(a.channel);
      if (list) list.push(a);
      else byChannel.set(a.channel, [a]);
    }
    const out = new Map<string, Lags>();
    for (const [channel, list] of [...byChannel].sort(([a], [b]) => (a < b ? -1 : 1)))
      out.set(channel, lagsOf(list, end, m.finished));
    if (byChannel.size > 1) out.set('*', lagsOf(all, end, m.finished));
    return out;
  });
}

/** The p-th percentile of a channel, counting orders that never arrived as unbounded. */
function channelPercentile(l: Lags, p: number): { ms: number; unbounded: boolean } {
  const rank = Math.max(1, Math.ceil(p * l.orders));
  if (rank > l.sorted.length)
    return { ms: Math.max(l.longestMissingMs, l.sorted.at(-1) ?? 0), unbounded: true };
  return { ms: l.sorted[rank - 1]!, unbounded: false };
}

function lagAt(p: number) {
  const name = `p${Math.round(p * 100)}`;
  return (m: RunModel): Measurement => {
    const channels = lags(m);
    if (channels.size === 0)
      return { value: null, note: 'no channel orders in this run', evidence: [] };
    let worst: { channel: string; ms: number; unbounded: boolean } | undefined;
    const pooled = channels.get('*') ?? [...channels.values()][0]!;
    const details: Record<string, number> = { orders: pooled.orders, missing: pooled.missing };
    const parts: string[] = [];
    for (const [channel, l] of channels) {
      const at = channelPercentile(l, p);
      const label = channel === '*' ? 'all' : channel;
      details[`${label}.${name}`] = at.ms;
      details[`${label}.orders`] = l.orders;
      details[`${label}.missing`] = l.missing;
      if (channel === '*') continue;
      parts.push(
        `${channel} ${l.orders}${l.missing ? ` (${l.missing} never arrived)` : ''}${at.unbounded ? ` ${name} never arrived` : ''}`,
      );
      const worse =
        !worst ||
        (at.unbounded && !worst.unbounded) ||
        (at.unbounded === worst.unbounded && at.ms > worst.ms);
      if (worse) worst = { channel, ...at };
    }
    const l = channels.get(worst!.channel)!;
    return {
      value: worst!.ms,
      ...(worst!.unbounded && { unbounded: true }),
      note: `worst channel: ${worst!.channel}; orders: ${parts.join(', ')}`,
      evidence: l.slowest,
      details,
    };
  };
}

function recovery(m: RunModel): Measurement {
  const end = m.lastT ?? 0;
  const all = arrivals(m);
  let worst: number | null = null;
  let never = 0;
  const evidence: string[] = [];
  const details: Record<string, number> = {};
  for (const f of m.faults) {
    if (f.untilT === undefined || f.untilT > end) continue;
    const windowEnd = f.untilT;
    // The backlog at the window's end: orders visible by then, not yet in the ERP by then.
    let cleared = windowEnd;
    let stuck: string | undefined;
    let stuckCount = 0;
    for (const a of all) {
      if (a.visibleT > windowEnd || (a.erpT !== undefined && a.erpT <= windowEnd)) continue;
      if (a.erpT === undefined) {
        cleared = end;
        stuck ??= a.id;
        stuckCount++;
      } else if (a.erpT > cleared) cleared = a.erpT;
    }
    const ms = cleared - windowEnd;
    details[f.id] = ms;
    if (worst === null || ms > worst) worst = ms;
    never = Math.max(never, stuckCount);
    if (stuck) evidence.push(`${f.id}: ${stuck} never arrived`);
    else if (ms > 0) evidence.push(f.id);
  }
  if (worst === null)
    return { value: null, note: 'no fault window closed before the end of the run', evidence: [] };
  if (never > 0 && m.finished)
    return {
      value: worst,
      unbounded: true,
      note: `never recovered: ${never} orders of a fault window's backlog never reached the ERP`,
      evidence: evidence.slice(0, 10),
      details: { ...details, neverArrived: never },
    };
  return { value: worst, evidence: evidence.slice(0, 10), details };
}

const lagCheck = (p: number, defaultMs: number): CheckDefinition => ({
  id: `lag.p${Math.round(p * 100)}`,
  group: 'resilience',
  title: `Orders reach the ERP promptly (p${Math.round(p * 100)})`,
  description: `${Math.round(p * 100)}th percentile of scenario time from a channel order becoming visible to its first ERP record (marketplace → sales order, store → sale receipt), per channel; the worst channel counts. An order that never reached the ERP has unbounded lag: a percentile that falls on one fails.`,
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
      'For each fault window that closed: scenario time from its end until every channel order visible by then is in the ERP. The worst window counts; a backlog with an order that never reached the ERP never recovered (fails).',
    unit: 'ms',
    threshold: { op: '<=', value: 15 * 60_000, unit: 'ms' },
    measure: recovery,
  },
];
