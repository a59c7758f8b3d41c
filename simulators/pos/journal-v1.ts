import type { JournalEvent } from '../../journal/events.js';

/**
 * Version-1 journal lines of the point of sale (Square names) as this version's business events
 * (runtime/journal-upgrades.ts runs them when `omnichaos report` reads an old journal).
 */
export const POS_V1: Record<string, (e: JournalEvent) => JournalEvent> = {
  'pos:order-completed': ({ orderId, createdAt, saleIndex, ...e }) => ({
    ...e,
    type: 'store:sale-completed',
    saleId: orderId,
    completedAt: createdAt,
    index: saleIndex,
  }),
  'pos:order-uploaded': ({ orderId, createdAt, updatedAt, ...e }) => ({
    ...e,
    type: 'store:sale-uploaded',
    saleId: orderId,
    completedAt: createdAt,
    uploadedAt: updatedAt,
  }),
  'pos:refund-created': ({ orderId, createdAt, ...e }) => ({
    ...e,
    type: 'store:refund-completed',
    saleId: orderId,
    completedAt: createdAt,
  }),
  'pos:store-offline': (e) => ({ ...e, type: 'store:offline' }),
  'pos:store-online': ({ uploadedOrders, ...e }) => ({
    ...e,
    type: 'store:online',
    uploadedSales: uploadedOrders,
  }),
  'pos:switch-ignored': (e) => ({ ...e, type: 'store:switch-ignored' }),
  'pos:inventory-changed': ({ catalogObjectId, ...e }) => ({
    ...e,
    type: 'store:stock-changed',
    itemId: catalogObjectId,
  }),
};
