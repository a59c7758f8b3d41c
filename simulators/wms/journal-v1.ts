import type { JournalEvent } from '../../journal/events.js';

/** ShipBob's `reference_id` became `sourceOrderId`; ids became strings. */
const order =
  (type: string) =>
  ({ referenceId, orderId, shipmentId, ...e }: JournalEvent) => ({
    ...e,
    type,
    ...(orderId === undefined ? {} : { orderId: String(orderId) }),
    sourceOrderId: referenceId,
    ...(shipmentId === undefined ? {} : { shipmentId: String(shipmentId) }),
  });

/**
 * Version-1 journal lines of the warehouse (ShipBob names) as this version's business events
 * (runtime/journal-upgrades.ts runs them when `omnichaos report` reads an old journal).
 */
export const WMS_V1: Record<string, (e: JournalEvent) => JournalEvent> = {
  'wms:order-created': order('warehouse:order-received'),
  'wms:order-status': order('warehouse:order-status'),
  'wms:exception': order('warehouse:order-exception'),
  'wms:order-cancelled': order('warehouse:order-cancelled'),
  'wms:shipped': order('warehouse:order-shipped'),
  'wms:delivered': order('warehouse:order-delivered'),
  'wms:inventory-changed': (e) => ({ ...e, type: 'warehouse:stock-changed' }),
};
