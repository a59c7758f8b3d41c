import { windowAt } from '../chaos/decide.js';
import { PRESETS } from '../chaos/presets.js';
import type { PresetName } from '../scenarios/catalog.js';
import type { FaultRule } from '../scenarios/types.js';

/**
 * The fault pipeline as the page lists it, and the preset buttons. A preset injected from the
 * page gets the id `live-<preset>` (rules `live-<preset>/<n>` when the bundle has several), so
 * the page can tell its own bundles apart from a scenario's timeline and clear them rule by rule.
 */
export interface FaultView {
  id: string;
  type: string;
  /** The system it matches, or `all`. */
  system: string;
  state: 'active' | 'scheduled' | 'ended';
  /** Scenario ms until an active window closes; null when open-ended. */
  remainingMs: number | null;
}

export interface PresetView {
  name: PresetName;
  label: string;
  summary: string;
  /** The id the page injects it under. */
  id: string;
  active: boolean;
  /** The rules to delete to clear it. */
  ruleIds: string[];
}

/** Words a stakeholder in the room understands, for the buttons. */
export const PRESET_LABELS: Record<PresetName, string> = {
  'erp-maintenance': 'ERP outage',
  'marketplace-throttle-storm': 'Marketplace throttling',
  'cost-throttle-storm': 'Storefront bucket dry',
  'wms-slow-acks': 'Slow warehouse',
  'flaky-network': 'Flaky network',
  'store-network-down': 'Stores offline',
  'webhook-chaos': 'Webhook chaos',
  'schema-drift': 'Schema drift',
};

/** @example faultViews(chaos.list(), clock.now() - startMs)[0]?.state // 'active' */
export function faultViews(rules: readonly FaultRule[], elapsedMs: number): FaultView[] {
  return rules.map((rule) => {
    const w = windowAt(rule.window, elapsedMs);
    const state = w.active ? 'active' : w.nextEdgeMs !== undefined ? 'scheduled' : 'ended';
    return {
      id: rule.id,
      type: rule.type,
      system: rule.match.system ?? 'all',
      state,
      remainingMs: w.active && Number.isFinite(w.remainingMs) ? w.remainingMs : null,
    };
  });
}

/** @example presetViews(faultViews(...)).find((p) => p.name === 'erp-maintenance')?.active */
export function presetViews(faults: readonly FaultView[]): PresetView[] {
  return (Object.keys(PRESETS) as PresetName[]).map((name) => {
    const id = `live-${name}`;
    const mine = faults.filter((f) => f.id === id || f.id.startsWith(`${id}/`));
    return {
      name,
      label: PRESET_LABELS[name],
      summary: PRESETS[name].summary,
      id,
      active: mine.some((f) => f.state === 'active'),
      ruleIds: mine.map((f) => f.id),
    };
  });
}
