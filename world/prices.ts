import type { ScenarioPricing, SkuSelection } from '../scenarios/types.js';

/**
 * The ERP price book's timeline from a scenario's `pricing:` section (docs/scenarios.md#pricing):
 * a pure function of the section and the catalog, so the runner that applies it and any reader
 * that wants to know what was planned agree to the cent.
 *
 * Every channel's list price starts at the catalog price. A relative change applies to the list
 * price the channel has at that moment; promotions do not move the list price, they are recorded
 * at the start of the run with their window and their percent off. Times are epoch ms: the
 * scenario's offsets plus `startMs`.
 */
export type PriceBookAction =
  | {
      kind: 'list-prices';
      atMs: number;
      channel: string;
      prices: { sku: string; priceCents: number; previousCents: number }[];
    }
  | {
      kind: 'promotion';
      atMs: number;
      id: string;
      channel: string;
      fromMs: number;
      untilMs: number;
      percentOff: number;
      /** The promoted SKUs with their list price when the promotion was recorded. */
      skus: { sku: string; listCents: number }[];
    };

/**
 * The price a promotion of `percentOff` sells a `listCents` item at, rounded to the cent (half up).
 * GUESS: NetSuite rounds a percentage discount to the currency's precision; the integration
 * computes the same.
 *
 * @example promotionalCents(2499, 20) // 1999
 */
export function promotionalCents(listCents: number, percentOff: number): number {
  return Math.round((listCents * (100 - percentOff)) / 100);
}

/** SKU codes of a selection: the best sellers are SKU-00000 onward. */
export function selectSkus(
  selection: SkuSelection,
  skuAt: (index: number) => { sku: string },
): string[] {
  if ('list' in selection) return selection.list;
  return Array.from({ length: selection.best }, (_, i) => skuAt(i).sku);
}

/**
 * @example planPriceBook({ changes: [{ atMs: 60_000, skus: { best: 2 }, channels: ['storefront'], by: -0.1 }], promotions: [], graceMs: 300_000 }, world)[0].prices[0].priceCents
 */
export function planPriceBook(
  pricing: ScenarioPricing,
  catalog: { sku(index: number): { sku: string; priceCents: number } },
  startMs = 0,
): PriceBookAction[] {
  const indexOf = (code: string) => Number(code.slice(4));
  const list = new Map<string, number>(); // `${channel}|${sku}` → cents
  const current = (channel: string, sku: string) =>
    list.get(`${channel}|${sku}`) ?? catalog.sku(indexOf(sku)).priceCents;
  const out: PriceBookAction[] = [];
  for (const p of pricing.promotions)
    for (const channel of p.channels)
      out.push({
        kind: 'promotion',
        atMs: startMs,
        id: p.id,
        channel,
        fromMs: startMs + p.fromMs,
        untilMs: startMs + p.untilMs,
        percentOff: p.percentOff,
        skus: selectSkus(p.skus, (i) => catalog.sku(i)).map((sku) => ({
          sku,
          listCents: current(channel, sku),
        })),
      });
  // In time order, entries at the same time in file order.
  const changes = pricing.changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.atMs - b.c.atMs || a.i - b.i);
  for (const { c } of changes)
    for (const channel of c.channels) {
      const prices = selectSkus(c.skus, (i) => catalog.sku(i)).map((sku) => {
        const previousCents = current(channel, sku);
        const priceCents = c.toCents ?? Math.max(1, Math.round(previousCents * (1 + (c.by ?? 0))));
        list.set(`${channel}|${sku}`, priceCents);
        return { sku, priceCents, previousCents };
      });
      out.push({ kind: 'list-prices', atMs: startMs + c.atMs, channel, prices });
    }
  return out;
}
