import type { FaultRule } from '../scenarios/types.js';

/**
 * A system's health as a tile shows it, decided from two kinds of evidence: what the chaos
 * engine is doing to it right now, and what the target has recently been getting back.
 *
 * - **DOWN** — an outage fault covers the whole system (no narrower match, every request), or
 *   its port refuses connections, or at least 90 % of 5+ recent requests failed.
 * - **DEGRADED** — any other fault is active on it, or at least 10 % of 5+ recent requests failed.
 * - **HEALTHY** — neither.
 *
 * "Failed" means no usable answer: a 5xx, a reset, a refused or hung connection, a truncated body.
 * A 429 is not a failure here: vendors throttle on a normal day (the tile counts 429s apart).
 */
export type Health = 'healthy' | 'degraded' | 'down';

export interface HealthInput {
  /** Rules whose window is open now and whose matcher names this system (or every system). */
  activeRules: readonly FaultRule[];
  refusing: boolean;
  /** Requests and failures in the recent window (the tile's window). */
  recentRequests: number;
  recentFailures: number;
}

/** Fewer recent requests than this say nothing about a system's health. */
export const MIN_REQUESTS = 5;
export const DOWN_FAILURE_RATIO = 0.9;
export const DEGRADED_FAILURE_RATIO = 0.1;

/**
 * @example systemHealth({ activeRules: [], refusing: false, recentRequests: 20, recentFailures: 19 })
 * // { health: 'down', why: '95% of recent requests failed' }
 */
export function systemHealth(input: HealthInput): { health: Health; why: string } {
  const outage = input.activeRules.find(coversWholeSystem);
  if (outage) return { health: 'down', why: `${describeOutage(outage)} · fault ${outage.id}` };
  if (input.refusing) return { health: 'down', why: 'the port refuses connections' };
  const ratio =
    input.recentRequests >= MIN_REQUESTS ? input.recentFailures / input.recentRequests : 0;
  const failing = `${Math.round(ratio * 100)}% of recent requests failed`;
  if (ratio >= DOWN_FAILURE_RATIO) return { health: 'down', why: failing };
  const other = input.activeRules[0];
  if (other) {
    const more = input.activeRules.length > 1 ? ` (+${input.activeRules.length - 1} more)` : '';
    return { health: 'degraded', why: `fault ${other.id} (${other.type})${more}` };
  }
  if (ratio >= DEGRADED_FAILURE_RATIO) return { health: 'degraded', why: failing };
  if (input.recentRequests < MIN_REQUESTS) return { health: 'healthy', why: 'no faults · quiet' };
  return { health: 'healthy', why: `no faults · ${failing}` };
}

/** An outage on every request of the system, not on one operation or a share of requests. */
function coversWholeSystem(rule: FaultRule): boolean {
  const { system: _system, ...narrower } = rule.match;
  return (
    rule.type === 'outage' &&
    rule.frequency.kind === 'always' &&
    rule.ramp === undefined &&
    Object.values(narrower).every((v) => v === undefined)
  );
}

function describeOutage(rule: FaultRule): string {
  const mode = typeof rule.params.mode === 'string' ? rule.params.mode : 'maintenance';
  return `outage (${mode})`;
}
