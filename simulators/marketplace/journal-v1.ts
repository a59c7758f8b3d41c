import type { JournalEvent } from '../../journal/events.js';

/**
 * Version-1 journal lines of the marketplace (SP-API names) as this version's business events
 * (runtime/journal-upgrades.ts runs them when `omnichaos report` reads an old journal).
 */
export const MARKETPLACE_V1: Record<string, (e: JournalEvent) => JournalEvent> = {
  'mkt:order-created': ({ purchaseDateMs, ...e }) => ({
    ...e,
    type: 'channel:order-visible',
    placedAt: purchaseDateMs,
  }),
  'mkt:order-rejected': (e) => ({ ...e, type: 'channel:order-rejected' }),
  'mkt:shipment-confirmed': ({ carrierCode, packageReferenceId, items, ...e }) => ({
    ...e,
    type: 'channel:shipment-confirmed',
    carrier: carrierCode,
    packageId: packageReferenceId,
    items: Array.isArray(items)
      ? items.map(({ orderItemId, ...i }: Record<string, unknown>) => ({
          itemId: orderItemId,
          ...i,
        }))
      : items,
  }),
  'mkt:listing-changed': (e) => ({ ...e, type: 'listing:quantity-changed' }),
  'mkt:feed-created': ({ feedId, feedType, ...e }) => ({
    ...e,
    type: 'listing:batch-submitted',
    batchId: feedId,
    kind: feedType,
  }),
  'mkt:feed-finished': ({ feedId, ...e }) => ({
    ...e,
    type: 'listing:batch-processed',
    batchId: feedId,
  }),
};
