import { ev } from '../../journal/events.js';
import type { PriceBookAction } from '../../world/prices.js';
import type { ErpContext, ErpState } from './state.js';

/**
 * The price book, shaped on NetSuite (docs/dialects/erp.md#prices):
 *
 * - **Price levels** (`priceLevel` records: "Base Price" and one level per sales channel). An
 *   inventory item's Pricing sublist — the pricing matrix — holds one price per level
 *   (Oracle NetSuite Help, "Pricing Sublist / Pricing Matrix", section_1502207768). SuiteQL reads it
 *   from the `pricing` table (item, pricelevel, unitprice), as integrations do.
 * - **Promotions** (`promotionCode` records, REST record id `promotioncode`, which needs the
 *   SuitePromotions feature: section_76112913770): a percentage `rate` off the listed items
 *   between `startDate` and `endDate`. GUESS: a promotion applies to one channel, named by the
 *   price level it discounts (NetSuite scopes promotions by website, partner and customer; the
 *   simulator scopes them by level), and its dates keep the time of day, because scenarios
 *   compress days into minutes.
 *
 * The scenario's `pricing:` timeline is applied here at its scenario times (the runner's driver
 * calls `applyPriceBook`), each change journaled as a business event.
 */

export interface PriceLevel {
  id: number;
  name: string;
  /** The sales channel (system name) this level prices, when it prices one. */
  channel?: string;
}

/**
 * GUESS: the account's price levels. "Base Price" is id 1 in every account; "Online Price" is a
 * standard level web stores use; the marketplace level is a custom one (ids of custom levels are
 * account-specific).
 */
export const PRICE_LEVELS: readonly PriceLevel[] = [
  { id: 1, name: 'Base Price' },
  { id: 5, name: 'Online Price', channel: 'storefront' },
  { id: 101, name: 'Marketplace', channel: 'marketplace' },
];

/** The price level of a channel; a channel with no level of its own gets one made for it. */
export function priceLevelOf(state: ErpState, channel: string): PriceLevel {
  const known = PRICE_LEVELS.find((l) => l.channel === channel) ?? state.priceLevels.get(channel);
  if (known) return known;
  const made = { id: 200 + state.priceLevels.size, name: `Channel ${channel}`, channel };
  state.priceLevels.set(channel, made);
  return made;
}

/** Every level: the fixed ones, then any made for other channels. */
export function allPriceLevels(state: ErpState): PriceLevel[] {
  return [...PRICE_LEVELS, ...state.priceLevels.values()];
}

export interface PriceRec {
  cents: number;
  modifiedMs: number;
}

/** One promotion code record. */
export interface PromotionRec {
  id: number;
  code: string;
  name: string;
  startMs: number;
  endMs: number;
  /** Percent off (20 = 20%). */
  ratePct: number;
  priceLevel: number;
  itemIds: number[];
  createdMs: number;
}

/**
 * The price of item `itemId` at level `level`: what the price book says, else the item's base
 * price (every level starts at the base price).
 */
export function unitPriceCents(state: ErpState, itemId: number, level: number): number | undefined {
  const set = state.prices.get(`${itemId}|${level}`);
  if (set) return set.cents;
  return state.records.get('inventoryItem')!.get(itemId)?.item?.basePriceCents;
}

/** When the item's price at `level` last changed (else when the item did). */
export function priceModifiedMs(state: ErpState, itemId: number, level: number): number {
  return (
    state.prices.get(`${itemId}|${level}`)?.modifiedMs ??
    state.records.get('inventoryItem')!.get(itemId)?.createdMs ??
    0
  );
}

function itemIdOf(state: ErpState, sku: string): number | undefined {
  return state.externalIds.get('inventoryItem')!.get(sku);
}

/**
 * Apply one action of the scenario's price timeline now: set list prices on a level (journaled
 * `erp:price-changed` per SKU), or record a promotion (journaled `erp:promotion-recorded`).
 *
 * @example applyPriceBook(ctx, { kind: 'list-prices', atMs: 0, channel: 'storefront', prices: [{ sku: 'SKU-00001', priceCents: 1999, previousCents: 2499 }] })
 */
export function applyPriceBook(ctx: ErpContext, action: PriceBookAction): void {
  const now = ctx.clock.now();
  const level = priceLevelOf(ctx.state, action.channel);
  if (action.kind === 'list-prices') {
    for (const p of action.prices) {
      const itemId = itemIdOf(ctx.state, p.sku);
      if (itemId === undefined) continue;
      const previousCents = unitPriceCents(ctx.state, itemId, level.id) ?? p.previousCents;
      ctx.state.prices.set(`${itemId}|${level.id}`, { cents: p.priceCents, modifiedMs: now });
      const item = ctx.state.records.get('inventoryItem')!.get(itemId)!;
      item.modifiedMs = now;
      if (previousCents === p.priceCents) continue;
      ctx.journal.append(
        ev.erpPriceChanged({
          sys: ctx.name,
          sku: p.sku,
          channel: action.channel,
          priceCents: p.priceCents,
          previousCents,
          priceList: level.name,
        }),
      );
    }
    return;
  }
  const id = ctx.state.promotions.length + 1;
  const skus = action.skus.filter((s) => itemIdOf(ctx.state, s.sku) !== undefined);
  const rec: PromotionRec = {
    id,
    code: `${action.id}-${level.id}`.toUpperCase(),
    name: `${action.id} (${level.name})`,
    startMs: action.fromMs,
    endMs: action.untilMs,
    ratePct: action.percentOff,
    priceLevel: level.id,
    itemIds: skus.map((s) => itemIdOf(ctx.state, s.sku)!),
    createdMs: now,
  };
  ctx.state.promotions.push(rec);
  ctx.journal.append(
    ev.erpPromotionRecorded({
      sys: ctx.name,
      promotionId: action.id,
      channel: action.channel,
      fromT: rec.startMs,
      untilT: rec.endMs,
      percentOff: action.percentOff,
      skus: skus.map((s) => {
        const itemId = itemIdOf(ctx.state, s.sku)!;
        return {
          sku: s.sku,
          listCents: unitPriceCents(ctx.state, itemId, level.id) ?? s.listCents,
        };
      }),
      recordId: String(id),
    }),
  );
}
