import type { FamilyHandlers } from './handler.js';
import { num, str } from './values.js';

/** The ERP's price book (list price changes, promotions) and the channels' prices (oracle/pricing.ts). */
export const pricingHandlers: FamilyHandlers = {
  'erp:price-changed': (m, e) => {
    const cents = num(e.priceCents);
    const previous = num(e.previousCents);
    if (cents === undefined || previous === undefined) return;
    m.pricing.listChanged(String(e.channel), String(e.sku), e.t, cents, previous);
  },
  'erp:promotion-recorded': (m, e) => {
    const skus = Array.isArray(e.skus)
      ? (e.skus as { sku?: unknown; listCents?: unknown }[])
          .map((s) => ({ sku: String(s.sku ?? ''), listCents: num(s.listCents) ?? 0 }))
          .filter((s) => s.sku !== '')
      : [];
    m.pricing.promotion(
      str(e.promotionId) ?? '?',
      String(e.channel),
      num(e.fromT) ?? 0,
      num(e.untilT) ?? 0,
      num(e.percentOff) ?? 0,
      skus,
    );
  },
  'listing:price-changed': (m, e) => {
    const cents = num(e.priceCents);
    if (cents !== undefined) m.pricing.channelPrice(e.sys, String(e.sku), e.t, cents);
  },
};
