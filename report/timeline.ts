import { arrivals } from '../oracle/checks/lag.js';
import type { RunModel } from '../oracle/model.js';
import { faultKind } from '../chaos/registry.js';
import { niceDuration } from './chart.js';

/**
 * The run over time, for the HTML charts: per column, demand arrivals, requests and errors by
 * system, the ERP backlog (channel orders visible but not yet in the ERP) and the worst lag of
 * orders that reached the ERP in that column. Fault windows as spans.
 */
export interface Timeline {
  startT: number;
  bucketMs: number;
  systems: string[];
  rows: TimelineRow[];
  faults: {
    id: string;
    type: string;
    /** The fault's kind (outage, latency, throttle, delivery, data, …) from its definition. */
    kind: string;
    system?: string;
    fromMs: number;
    untilMs: number;
    /** Active from the start to the end: no window to draw, listed instead. */
    wholeRun: boolean;
  }[];
}

export interface TimelineRow {
  /** Scenario ms since the start. */
  atMs: number;
  demand: number;
  requests: Record<string, number>;
  errors: Record<string, number>;
  backlog: number;
  maxLagMs: number;
}

const COLUMNS = 120;

/** @example buildTimeline(model).rows.length // ≤ 120 */
export function buildTimeline(model: RunModel): Timeline {
  const startT = model.startT ?? 0;
  const spanMs = Math.max(1000, (model.lastT ?? startT) - startT + 1);
  // Round bucket sizes (1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 min, …) so axes read "per 30s".
  const bucketMs = niceDuration(spanMs / COLUMNS);
  const n = Math.ceil(spanMs / bucketMs);
  const rows: TimelineRow[] = Array.from({ length: n }, (_, i) => ({
    atMs: i * bucketMs,
    demand: 0,
    requests: {},
    errors: {},
    backlog: 0,
    maxLagMs: 0,
  }));
  const systems = new Set<string>();
  for (const [second, b] of model.timeline) {
    const row = rows[Math.min(n - 1, Math.floor((second * 1000) / bucketMs))]!;
    row.demand += b.demand;
    for (const [sys, c] of Object.entries(b.requests)) {
      systems.add(sys);
      row.requests[sys] = (row.requests[sys] ?? 0) + c;
    }
    for (const [sys, c] of Object.entries(b.errors)) row.errors[sys] = (row.errors[sys] ?? 0) + c;
  }
  // Backlog by sweeping +1 at visibility, −1 at arrival in the ERP.
  const delta = new Array<number>(n + 1).fill(0);
  const col = (t: number) => Math.min(n, Math.max(0, Math.floor((t - startT) / bucketMs)));
  for (const a of arrivals(model)) {
    delta[col(a.visibleT)]!++;
    if (a.erpT !== undefined) {
      delta[col(a.erpT)]!--;
      const row = rows[Math.min(n - 1, col(a.erpT))]!;
      row.maxLagMs = Math.max(row.maxLagMs, a.erpT - a.visibleT);
    }
  }
  let running = 0;
  for (let i = 0; i < n; i++) rows[i]!.backlog = running += delta[i]!;
  const end = model.lastT ?? startT;
  return {
    startT,
    bucketMs,
    systems: [...systems].sort(),
    rows,
    faults: model.faults
      .filter((f) => f.fromT < end)
      .map((f) => {
        const fromMs = Math.max(0, f.fromT - startT);
        const untilMs = Math.min(f.untilT ?? end, end) - startT;
        return {
          id: f.id,
          type: f.type,
          kind: faultKind(f.type),
          system: f.system,
          fromMs,
          untilMs,
          wholeRun: fromMs <= 0 && (f.untilT === undefined || f.untilT >= end),
        };
      }),
  };
}
