import type { RunModel } from '../model.js';
import type { PriceTransition } from '../pricing.js';
import { percentile } from '../stats.js';
import type { CheckDefinition, Measurement } from '../types.js';

/**
 * pricing: the ERP keeps the price book; the integration carries every list price change and
 * every promotion (start and end) to each channel that sells at a listed price, soon enough that
 * shoppers do not pay a price the ERP has superseded. Judged from the journal: the ERP's price
 * events against the channels' `listing:price-changed` and the unit prices of their orders
 * (docs/checks.md#pricing).
 */

/** The scenario's `pricing.grace` when a journal does not say (five minutes, as the format's default). */
const DEFAULT_GRACE_MS = 5 * 60_000;

function graceOf(m: RunModel): number {
  return m.scenario?.pricing?.graceMs ?? DEFAULT_GRACE_MS;
}

function noPrices(m: RunModel): Measurement | undefined {
  if (m.pricing.erpEvents > 0) return undefined;
  return { value: null, note: 'the scenario changed no price in the ERP', evidence: [] };
}

/** ERP price transitions by `channel|sku`, in time order (built once per judged model). */
function transitionsByPair(m: RunModel): Map<string, PriceTransition[]> {
  return m.memo('pricingTransitions', () => {
    const by = new Map<string, PriceTransition[]>();
    for (const tr of m.pricing.transitions()) {
      const k = `${tr.channel}|${tr.sku}`;
      const list = by.get(k) ?? [];
      list.push(tr);
      by.set(k, list);
    }
    return by;
  });
}

function staleOrders(m: RunModel): Measurement {
  const none = noPrices(m);
  if (none) return none;
  const grace = graceOf(m);
  const byPair = transitionsByPair(m);
  let judged = 0;
  const stale = new Map<string, number>(); // order id → worst superseded-for ms
  for (const line of m.pricing.lines) {
    if (!m.pricing.judged(line.channel, line.sku)) continue;
    judged++;
    const erp = m.pricing.erpPriceAt(line.channel, line.sku, line.t)!;
    if (erp === line.unitPriceCents) continue;
    const since = m.pricing.lastTransitionAt(
      byPair.get(`${line.channel}|${line.sku}`) ?? [],
      line.t,
    );
    // A price the ERP never had (no change yet, the order differs anyway) is stale from the start.
    const age = since === undefined ? Number.POSITIVE_INFINITY : line.t - since;
    if (age <= grace) continue;
    stale.set(line.orderId, Math.max(stale.get(line.orderId) ?? 0, age));
  }
  if (judged === 0)
    return {
      value: null,
      note: 'no channel order bought a SKU whose price the ERP changed',
      evidence: [],
    };
  const worst = [...stale.entries()].sort((a, b) => b[1] - a[1]);
  return {
    value: stale.size,
    note: `${judged} order lines on SKUs the ERP repriced: ${stale.size} orders paid a price superseded more than ${Math.round(grace / 1000)} s before`,
    evidence: worst.slice(0, 10).map(([id]) => id),
    details: { lines: judged, staleOrders: stale.size },
  };
}

interface Propagation {
  channel: string;
  ms: number;
  never: boolean;
  id: string;
}

/**
 * Each ERP price transition against its channel: how long until the channel sold at the new
 * price. One the channel never sold at — superseded by the next change more than the grace
 * later, or not arrived by the end of the run — counts as never, with the time it had as a lower
 * bound; one superseded within the grace is not judged on its own (the next one is).
 */
function propagations(m: RunModel): { all: Propagation[]; superseded: number } {
  return m.memo('pricingPropagations', () => {
    const all: Propagation[] = [];
    let superseded = 0;
    const end = m.lastT ?? 0;
    const grace = graceOf(m);
    for (const list of transitionsByPair(m).values()) {
      list.forEach((tr, i) => {
        const next = list[i + 1]?.t;
        const id = `${tr.sku}@${tr.channel}`;
        let at: number | undefined;
        if (m.pricing.channelPriceAt(tr.channel, tr.sku, tr.t) === tr.cents) at = tr.t;
        else
          at = m.pricing
            .channelPointsFrom(tr.channel, tr.sku, tr.t)
            .find((p) => p.cents === tr.cents && (next === undefined || p.t < next))?.t;
        if (at !== undefined) all.push({ channel: tr.channel, ms: at - tr.t, never: false, id });
        else if (next !== undefined && next - tr.t <= grace) {
          // Superseded within the grace: a price nobody could have been expected to show.
          superseded++;
        } else
          all.push({ channel: tr.channel, ms: Math.max(0, (next ?? end) - tr.t), never: true, id });
      });
    }
    return { all, superseded };
  });
}

function propagationP95(m: RunModel): Measurement {
  const none = noPrices(m);
  if (none) return none;
  const { all, superseded } = propagations(m);
  if (all.length === 0)
    return { value: null, note: 'no ERP price change to carry to a channel', evidence: [] };
  const channels = [...new Set(all.map((p) => p.channel))].sort();
  const details: Record<string, number> = { changes: all.length, superseded };
  // A change that never arrived counts with the time it had (a lower bound) and fails the check.
  let worst = { channel: '', p95: -1 };
  for (const c of channels) {
    const p95 =
      percentile(
        all.filter((p) => p.channel === c).map((p) => p.ms),
        0.95,
      ) ?? 0;
    details[`p95.${c}`] = p95;
    if (p95 > worst.p95) worst = { channel: c, p95 };
  }
  const never = all.filter((p) => p.never);
  details.never = never.length;
  const slowest = [...all].sort((a, b) => Number(b.never) - Number(a.never) || b.ms - a.ms);
  const value = worst.p95;
  return {
    value,
    ...(never.length > 0 && { unbounded: true }),
    note: `${all.length} ERP price changes carried to ${channels.join(', ')}: ${never.length} never reached their channel; worst channel ${worst.channel}`,
    ...(never.length > 0 && { summary: `${never.length} never propagated` }),
    evidence: slowest.slice(0, 10).map((p) => p.id),
    details,
  };
}

function promotionWindow(m: RunModel): Measurement {
  const none = noPrices(m);
  if (none) return none;
  if (m.pricing.promotions.length === 0)
    return { value: null, note: 'the scenario ran no promotion', evidence: [] };
  const grace = graceOf(m);
  const end = m.lastT ?? 0;
  let judged = 0;
  const bad: string[] = [];
  let early = 0;
  let late = 0;
  for (const w of m.pricing.promotions) {
    // Only windows whose end (plus the grace) the run saw can be judged for a late end.
    if (w.untilT + grace > end) continue;
    judged++;
    const promo = (t: number) => m.pricing.erpPriceAt(w.channel, w.sku, t);
    const startPrice = promo(w.fromT);
    // Early: the channel showed the promotional price more than `grace` before the window.
    const earlyPoint = m.pricing
      .channelPointsFrom(w.channel, w.sku, Number.NEGATIVE_INFINITY)
      .find((p) => p.t < w.fromT - grace && p.cents === startPrice && p.cents !== promo(p.t));
    // Late: `grace` after the window closed, the channel still sells at the promotional price.
    const after = w.untilT + grace;
    const endPrice = promo(w.untilT - 1);
    const shown = m.pricing.channelPriceAt(w.channel, w.sku, after);
    const lateEnd = shown === endPrice && shown !== promo(after);
    if (earlyPoint) early++;
    if (lateEnd) late++;
    if (earlyPoint || lateEnd) bad.push(`${w.id}:${w.sku}@${w.channel}`);
  }
  if (judged === 0)
    return {
      value: null,
      note: 'no promotion window closed (plus the grace) before the run ended',
      evidence: [],
    };
  return {
    value: bad.length,
    note: `${judged} promoted SKUs per channel judged: ${late} still on promotion ${Math.round(grace / 1000)} s after the window closed, ${early} on promotion before it opened`,
    evidence: bad.slice(0, 10),
    details: { judged, late, early },
  };
}

export const pricingChecks: CheckDefinition[] = [
  {
    id: 'pricing.stale-price-orders',
    group: 'pricing',
    title: 'Shoppers pay the price the ERP says',
    description:
      "Channel orders with a line taken at a price the ERP had superseded more than the scenario's pricing grace (default 5 minutes) before: the channel was still selling at an old list or promotional price.",
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: staleOrders,
  },
  {
    id: 'pricing.propagation.p95',
    group: 'pricing',
    title: 'ERP price changes reach every channel quickly',
    description:
      'Scenario time from an ERP price change (a list price, a promotion starting or ending) to the channel selling at the new price, 95th percentile of the worst channel; a change that never reached its channel fails the check.',
    unit: 'ms',
    // GUESS: five minutes, a sync that runs several times an hour; compressed scenarios set their own.
    threshold: { op: '<=', value: 300_000, unit: 'ms' },
    measure: propagationP95,
  },
  {
    id: 'pricing.promotion-window',
    group: 'pricing',
    title: 'Promotional prices are live only inside their window',
    description:
      "Promoted SKUs per channel whose promotional price was still live the scenario's pricing grace after the promotion ended, or live earlier than that before it began.",
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: promotionWindow,
  },
];
