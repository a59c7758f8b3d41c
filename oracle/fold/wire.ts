import type { FamilyHandlers } from './handler.js';
import { num, setOf, str } from './values.js';

/** The wire: every request the target made (into `TrafficStats`) and every webhook delivery. */
export const wireHandlers: FamilyHandlers = {
  'http:exchange': (m, e) => {
    m.traffic.add(e);
    const sys = str(e.sys) ?? '?';
    const b = m.bucket(e.t);
    b.requests[sys] = (b.requests[sys] ?? 0) + 1;
    const status = num(e.status);
    if (status === undefined || status >= 400) b.errors[sys] = (b.errors[sys] ?? 0) + 1;
  },
  'webhook:forged': (m, e) => {
    m.forged.deliveries++;
    const claims = Array.isArray(e.claims) ? (e.claims as unknown[]) : [];
    for (const claim of claims) if (typeof claim === 'string') m.forged.claims.set(claim, e.id);
  },
  'webhook:attempt': (m, e) => {
    // a forged copy is not the vendor's delivery (webhooks.forged-accepted judges it); a
    // delivery the sender gave up waiting for may still have been processed by the target
    if (e.forged !== undefined || (e.ok !== true && !timedOut(e.error))) return;
    const sys = String(e.sys);
    const id = String(e.id);
    // Hundreds of thousands of ids, nearly all delivered once: a set keeps them in less memory
    // than a counter per id, and `add` alone tells a first delivery (the set grew).
    const ids = setOf(m.webhookDeliveries, sys);
    const before = ids.size;
    ids.add(id);
    if (ids.size > before) return;
    const again = setOf(m.webhookRedeliveries, sys);
    if (again.has(id)) return;
    again.add(id);
    m.redeliveredWebhooks++;
  },
};

/** The sender stopped waiting for the answer (the request had gone out). */
function timedOut(error: unknown): boolean {
  return typeof error === 'string' && /time ?out|timed out|aborted/i.test(error);
}
