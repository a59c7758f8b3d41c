import { first, maxOf, percentileOfSorted, sortedCopy } from '../stats.js';
import type { RunModel } from '../model.js';
import type { CheckDefinition, Measurement } from '../types.js';

/**
 * SKUs by their longest stale episode, longest first (equal lengths: the earlier episode first) —
 * the distinct SKUs of the episodes sorted longest first, without sorting them all.
 */
function stalestSkus(episodes: readonly { sku: string; ms: number }[], n = 10): string[] {
  const longest = new Map<string, { ms: number; at: number }>();
  episodes.forEach((e, at) => {
    const seen = longest.get(e.sku);
    if (!seen || e.ms > seen.ms) longest.set(e.sku, { ms: e.ms, at });
  });
  const before = (a: [string, { ms: number; at: number }], b: typeof a) =>
    a[1].ms > b[1].ms || (a[1].ms === b[1].ms && a[1].at < b[1].at);
  return first(longest.entries(), before, n).map(([sku]) => sku);
}

/**
 * inventory-sync (docs/architecture.md): every online channel's listing follows true availability
 * of the one warehouse they all sell from (see oracle/inventory.ts for how truth is replayed).
 */
export const inventorySyncChecks: CheckDefinition[] = [
  {
    id: 'inventory-sync.oversell',
    group: 'inventory-sync',
    title: 'No oversell',
    description:
      'Order lines on any online channel (marketplace, storefront) taken while true availability (WMS fulfillable minus units already sold on any channel but not yet routed) was below the quantity ordered.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => {
      if (!m.inventory.active)
        return { value: null, note: 'no inventory traffic in this run', evidence: [] };
      const list = m.inventory.oversells;
      if (list.length === 0 && published(m) === 0)
        return {
          value: null,
          note: 'the target never published a listing quantity: nothing of its to judge',
          evidence: [],
        };
      return {
        value: list.length,
        note: `${list.length} oversold lines${channelNote(m, perChannel(list))}, ${list.reduce((a, o) => a + o.short, 0)} units short`,
        evidence: [...new Set(list.map((o) => o.orderId))].slice(0, 10),
        details: {
          lines: list.length,
          unitsShort: list.reduce((a, o) => a + o.short, 0),
          ...prefixed(m, perChannel(list), 'lines'),
        },
      };
    },
  },
  {
    id: 'inventory-sync.freshness.p95',
    group: 'inventory-sync',
    title: 'Listings are fresh (p95 of stale episodes)',
    description:
      '95th percentile length, in scenario time, of the episodes during which a channel’s listing quantity (each online channel with orders or listing changes in the run: marketplace, storefront) differed from true availability. Episodes still open at the end count up to the end.',
    unit: 'ms',
    threshold: { op: '<=', value: 15 * 60_000, unit: 'ms' },
    measure: (m): Measurement => {
      if (!m.inventory.active)
        return { value: null, note: 'no inventory traffic in this run', evidence: [] };
      const episodes = m.inventory.judgedEpisodes();
      const values = episodes.map((e) => e.ms);
      const sorted = sortedCopy(values);
      if (published(m) === 0) {
        if (episodes.length === 0)
          return {
            value: null,
            note: 'the target never published a listing quantity and none went stale',
            evidence: [],
          };
        // stale listings the target never touched: they would have stayed stale for ever
        return {
          value: maxOf(values),
          unbounded: true,
          note: `${episodes.length} stale episodes, and the target never published a listing quantity`,
          evidence: stalestSkus(episodes),
          details: { episodes: episodes.length, published: 0 },
        };
      }
      return {
        value: percentileOfSorted(sorted, 0.95) ?? 0,
        note: `${episodes.length} stale episodes${channelNote(m, perChannel(episodes))}`,
        evidence: stalestSkus(episodes),
        details: {
          episodes: episodes.length,
          ...prefixed(m, perChannel(episodes), 'episodes'),
          p50: percentileOfSorted(sorted, 0.5) ?? 0,
          max: values.length ? maxOf(values) : 0,
        },
      };
    },
  },
];

/**
 * Whether the target published stock: listing changes it made, or writes the listing channel
 * accepted (a patch that sets the quantity the listing already shows changes nothing, so the
 * channel journals no change for it).
 */
function published(m: RunModel): number {
  let writes = 0;
  for (const channel of listingChannels(m))
    writes += m.traffic.systems.get(channel)?.writesAccepted ?? 0;
  return m.inventory.published + writes;
}

/** The channels whose listings are judged (the family's first system in journals without any). */
function listingChannels(m: RunModel): string[] {
  const seen = m.inventory.judgedChannels().filter((c) => c !== '*');
  const first = m.familySystems.get('listing');
  return seen.length > 0 ? seen : first === undefined ? [] : [first];
}

/** `{ storefront: 3 }` → `{ 'storefront.episodes': 3 }` when more than one channel is judged. */
function prefixed(
  m: RunModel,
  counts: Record<string, number>,
  what: string,
): Record<string, number> {
  if (listingChannels(m).length < 2) return {};
  return Object.fromEntries(Object.entries(counts).map(([c, n]) => [`${c}.${what}`, n]));
}

/** Episodes and oversold lines per channel, for the note and the details. */
function perChannel(items: readonly { channel?: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[i.channel ?? 'listing'] = (out[i.channel ?? 'listing'] ?? 0) + 1;
  return out;
}

function channelNote(m: RunModel, counts: Record<string, number>): string {
  const channels = listingChannels(m);
  if (channels.length < 2) return '';
  return ` (${channels.map((c) => `${c} ${counts[c] ?? 0}`).join(', ')})`;
}
