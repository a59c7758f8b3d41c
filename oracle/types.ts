import type { Flow } from '../scenarios/catalog.js';
import type { Expectation } from '../scenarios/types.js';
import type { RunModel } from './model.js';

/**
 * What a check is about: one of the business flows, the target's behaviour as a client, what it
 * believes as a webhook receiver, or the books reconciled across the flows under test.
 */
export type CheckGroup = Flow | 'resilience' | 'webhooks' | 'ordering' | 'reconciliation';

/** The groups that judge the target whatever flows are under test. */
export const CROSS_FLOW_GROUPS: ReadonlySet<CheckGroup> = new Set([
  'resilience',
  'webhooks',
  'ordering',
  'reconciliation',
]);

/**
 * `inconclusive`: a timing check failed on a run the machine starved (oracle/overload.ts) — not
 * a pass, not a fail the integration can be blamed for.
 */
export type CheckVerdict = 'pass' | 'fail' | 'not-checked' | 'inconclusive';

/** What a check measured, before it is compared with its threshold. */
export interface Measurement {
  /** `null` when there was nothing to measure (then the verdict is "not checked"). */
  value: number | null;
  /** Why there was nothing to measure, or what the value counts. */
  note?: string;
  /** The value in words where a bare number would be ambiguous ("30 missing"), for the terminal. */
  summary?: string;
  /**
   * The value is only a lower bound of something that never ended (an order that never reached
   * the ERP, a backlog that never cleared): the check fails whatever its threshold.
   */
  unbounded?: boolean;
  /** Up to 10 ids (order ids, SKUs, exchange ids) a person can look up in the journal. */
  evidence: string[];
  /** Extra figures for the report (breakdowns, other percentiles). */
  details?: Record<string, number>;
}

/**
 * One check of the oracle's catalogue (docs/architecture.md#resilience-checks).
 *
 * @example CHECKS.find((c) => c.id === 'order-to-erp.exactly-once')
 */
export interface CheckDefinition {
  id: string;
  group: CheckGroup;
  title: string;
  /** What it measures and why it matters, for the README and the report. */
  description: string;
  unit: 'count' | 'ms' | 'ratio';
  /** Used when the scenario's `expectations` does not name this check. */
  threshold: Expectation;
  measure(model: RunModel): Measurement;
}

/** A check after judging: the definition's identity plus what was found. */
export interface CheckResult {
  id: string;
  group: CheckGroup;
  title: string;
  description: string;
  unit: CheckDefinition['unit'];
  threshold: Expectation;
  thresholdSource: 'scenario' | 'default';
  measured: number | null;
  verdict: CheckVerdict;
  note?: string;
  summary?: string;
  /** The measured value is a lower bound of something that never ended (see `Measurement`). */
  unbounded?: boolean;
  evidence: string[];
  details?: Record<string, number>;
}
