import { percentile } from '../stats.js';
import type { CheckDefinition } from '../types.js';

/**
 * inventory-sync (design §5): the marketplace listing follows true availability (see
 * oracle/inventory.ts for how truth is replayed).
 */
export const inventorySyncChecks: CheckDefinition[] = [
  {
    id: 'inventory-sync.oversell',
    group: 'inventory-sync',
    title: 'No oversell',
    description:
      'Marketplace order lines taken while true availability (WMS fulfillable minus units already sold but not yet routed) was below the quantity ordered.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => {
      if (!m.inventory.active)
        return { value: null, note: 'no inventory traffic in this run', evidence: [] };
      const list = m.inventory.oversells;
      return {
        value: list.length,
        note: `${list.length} oversold lines, ${list.reduce((a, o) => a + o.short, 0)} units short`,
        evidence: [...new Set(list.map((o) => o.orderId))].slice(0, 10),
        details: { lines: list.length, unitsShort: list.reduce((a, o) => a + o.short, 0) },
      };
    },
  },
  {
    id: 'inventory-sync.freshness.p95',
    group: 'inventory-sync',
    title: 'Listings are fresh (p95 of stale episodes)',
    description:
      '95th percentile length, in scenario time, of the episodes during which a listing quantity differed from true availability. Episodes still open at the end count up to the end.',
    unit: 'ms',
    threshold: { op: '<=', value: 15 * 60_000, unit: 'ms' },
    measure: (m) => {
      if (!m.inventory.active)
        return { value: null, note: 'no inventory traffic in this run', evidence: [] };
      const episodes = m.inventory.episodes;
      const values = episodes.map((e) => e.ms);
      const longest = [...episodes].sort((a, b) => b.ms - a.ms);
      return {
        value: percentile(values, 0.95) ?? 0,
        note: `${episodes.length} stale episodes`,
        evidence: [...new Set(longest.map((e) => e.sku))].slice(0, 10),
        details: {
          episodes: episodes.length,
          p50: percentile(values, 0.5) ?? 0,
          max: values.length ? Math.max(...values) : 0,
        },
      };
    },
  },
];
