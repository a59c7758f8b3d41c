import { fulfillmentsByErpOrder } from './fulfillment.js';
import { receiptsBySale } from './pos-to-erp.js';
import type { FaultSpan, RunModel } from '../model.js';
import { ratio, topIds } from '../stats.js';
import type { CheckDefinition, Measurement } from '../types.js';

/** A window that takes a system down or makes it fail outright: its fault's kind says so. */
const isOutage = (f: FaultSpan): boolean => f.kind === 'outage';

function amplification(m: RunModel): Measurement {
  let worst = 0;
  let worstOp = '';
  const details: Record<string, number> = {};
  for (const [op, keys] of m.traffic.attempts) {
    const requests = m.traffic.attemptTotals.get(op) ?? 0;
    const value = requests / Math.max(1, m.traffic.logicalWrites.get(op) ?? keys.size);
    details[op] = Math.round(value * 100) / 100;
    if (value > worst) [worst, worstOp] = [value, op];
  }
  if (worstOp === '') return { value: null, note: 'no identifiable writes', evidence: [] };
  return {
    value: Math.round(worst * 1000) / 1000,
    note: `worst: ${worstOp}`,
    evidence: topIds(m.traffic.attempts.get(worstOp)!),
    details,
  };
}

/** Requests per scenario second into `sys` within [fromT, untilT). */
function rate(m: RunModel, sys: string, fromT: number, untilT: number): number {
  const start = m.startT ?? 0;
  let n = 0;
  for (let s = Math.floor((fromT - start) / 1000); s < Math.ceil((untilT - start) / 1000); s++)
    n += m.timeline.get(s)?.requests[sys] ?? 0;
  return n / Math.max(1, (untilT - fromT) / 1000);
}

/**
 * The system's request rate before window `f`: over the `spanMs` of scenario time just before it
 * that lie outside every other outage window on that system (walking further back past them), so
 * a window that follows another — maintenance, then flapping — is compared with normal traffic.
 */
function baseline(m: RunModel, f: FaultSpan, spanMs: number): number | undefined {
  const start = m.startT ?? 0;
  const others = m.faults.filter((g) => g !== f && g.system === f.system && isOutage(g));
  const inOther = (t: number) => others.some((g) => t >= g.fromT && t < (g.untilT ?? Infinity));
  let n = 0;
  let seconds = 0;
  for (let s = Math.floor((f.fromT - start) / 1000) - 1; s >= 0 && seconds * 1000 < spanMs; s--) {
    if (inOther(start + s * 1000)) continue;
    n += m.timeline.get(s)?.requests[f.system!] ?? 0;
    seconds++;
  }
  return seconds === 0 ? undefined : n / seconds;
}

function hammering(m: RunModel): Measurement {
  const start = m.startT ?? 0;
  const end = m.lastT ?? start;
  let worst: number | null = null;
  const evidence: string[] = [];
  const details: Record<string, number> = {};
  for (const f of m.faults) {
    if (!isOutage(f) || !f.system || f.fromT >= end) continue;
    const until = Math.min(f.untilT ?? end, end);
    const span = until - f.fromT;
    const before = baseline(m, f, span);
    if (span < 1000 || !before) continue;
    const r = rate(m, f.system, f.fromT, until) / before;
    details[f.id] = Math.round(r * 100) / 100;
    if (worst === null || r > worst) worst = r;
    if (r > 1) evidence.push(f.id);
  }
  if (worst === null)
    return { value: null, note: 'no outage window with traffic before it', evidence: [] };
  return { value: Math.round(worst * 100) / 100, evidence: evidence.slice(0, 10), details };
}

export const resilienceChecks: CheckDefinition[] = [
  {
    id: 'resilience.retry-amplification',
    group: 'resilience',
    title: 'Retries stay bounded',
    description:
      'Requests per logical write (same idempotency key / external id / reference; a write again after a success is a new write), for the worst system and operation. 1 means every write went through first time.',
    unit: 'count',
    threshold: { op: '<=', value: 3 },
    measure: amplification,
  },
  {
    id: 'resilience.retry-after',
    group: 'resilience',
    title: 'Retry-After is honoured',
    description:
      "Share of retries after a 429 or 503 with Retry-After that waited at least that long, in the target's time: wall clock, or scenario time for a target under libfaketime (50 ms slack, plus 2 wall ms per unit of speed in scenario time).",
    unit: 'ratio',
    threshold: { op: '>=', value: 0.95, unit: 'ratio' },
    measure: (m) => {
      const t = m.traffic;
      const retries = t.retriesAfterWait + t.retriesTooEarly;
      if (retries === 0)
        return { value: null, note: 'no retry after a Retry-After answer', evidence: [] };
      return {
        value: Math.round(ratio(t.retriesAfterWait, retries) * 1000) / 1000,
        note: `${t.retriesTooEarly} of ${retries} retries came too early`,
        evidence: t.earlyRetryIds,
        details: { retries, tooEarly: t.retriesTooEarly },
      };
    },
  },
  {
    id: 'resilience.throttle-pressure',
    group: 'resilience',
    title: 'The target does not live on 429s',
    description:
      "Share of requests answered 429 or refused as throttled with another status (Shopify's THROTTLED GraphQL answer, HTTP 200), for the most throttled system. A client that paces itself stays low even under a throttle storm.",
    unit: 'ratio',
    threshold: { op: '<=', value: 0.25, unit: 'ratio' },
    measure: (m) => {
      let worst = 0;
      let worstSys = '';
      const details: Record<string, number> = {};
      for (const [sys, s] of m.traffic.systems) {
        const r = ratio(s.throttled, s.requests);
        details[sys] = Math.round(r * 1000) / 1000;
        if (r >= worst) [worst, worstSys] = [r, sys];
      }
      if (worstSys === '') return { value: null, note: 'no requests', evidence: [] };
      return {
        value: Math.round(worst * 1000) / 1000,
        note: `worst: ${worstSys}`,
        evidence: worst > 0 ? [worstSys] : [],
        details,
      };
    },
  },
  {
    id: 'resilience.outage-hammering',
    group: 'resilience',
    title: 'No hammering of a system that is down',
    description:
      'Request rate into a system during an outage/error window divided by its rate over the same length of time just before it (outside other outage windows on that system). Above 1 the target pushed harder while the system was down; a circuit breaker shows as a drop.',
    unit: 'ratio',
    threshold: { op: '<=', value: 1 },
    measure: hammering,
  },
  {
    id: 'resilience.unsafe-retries',
    group: 'resilience',
    title: 'Retried writes keep their identity',
    description:
      'Writes retried after a failed or unknown outcome under a different idempotency key or externalId, so the server cannot recognise the retry (duplicates follow a lost response).',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => {
      const retried = m.traffic.retriedWrites;
      if (retried === 0)
        return { value: null, note: 'no write was retried after a failure', evidence: [] };
      return {
        value: m.traffic.unsafe.size,
        note: `${retried} retried writes`,
        evidence: [...m.traffic.unsafe.values()].slice(0, 10),
        details: { retried, unsafe: m.traffic.unsafe.size },
      };
    },
  },
  {
    id: 'resilience.webhook-duplicates',
    group: 'resilience',
    title: 'Duplicate webhooks are applied once',
    description:
      'When some webhook reached the target more than once (a delivery the sender timed out on counts: the target may have processed it): business effects that happened twice — two ERP fulfillments for one order, two shipment confirmations, two ERP sale receipts for one store sale. Effects, not attempts: a repeat the vendor refused changed nothing.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => {
      const redelivered = m.redeliveredWebhooks;
      if (redelivered === 0)
        return { value: null, note: 'no webhook was delivered twice', evidence: [] };
      const twice: string[] = [];
      let effects = 0;
      for (const [id, list] of m.confirmations) {
        effects += list.length;
        if (list.length > 1) twice.push(id);
      }
      for (const [id, list] of fulfillmentsByErpOrder(m)) {
        effects += list.length;
        if (list.length > 1) twice.push(`sales-order:${id}`);
      }
      for (const [id, list] of receiptsBySale(m)) {
        effects += list.length;
        if (list.length > 1) twice.push(id);
      }
      if (effects === 0)
        return {
          value: null,
          note: `${redelivered} webhooks were delivered more than once, but the target made no business effect to repeat`,
          evidence: [],
        };
      // effects, not attempts: a repeat the vendor refused (a second confirmation or fulfillment
      // answered with an error) changed nothing and is not counted
      return {
        value: twice.length,
        note: `${redelivered} webhooks were delivered more than once`,
        evidence: twice.slice(0, 10),
        details: { redelivered, appliedTwice: twice.length },
      };
    },
  },
];
