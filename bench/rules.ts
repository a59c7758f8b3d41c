import type { FaultRule } from '../scenarios/types.js';

/** 100 rules that never fire: windows in the future ('inactive'), or open, matching, p = 0 ('active'). */
export function idleRules(kind: 'inactive' | 'active'): FaultRule[] {
  return Array.from({ length: 100 }, (_, i) => ({
    kind: 'fault',
    id: `idle-${i}`,
    type: i % 2 ? 'error' : 'latency',
    match: { operation: 'things.*' },
    window: kind === 'inactive' ? { fromMs: 86_400_000 } : { fromMs: 0 },
    frequency: { kind: 'probability', p: 0 },
    params: i % 2 ? { status: 500 } : { distribution: 'fixed', ms: 100 },
  }));
}
