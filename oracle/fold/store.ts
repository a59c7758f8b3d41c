import type { ChannelOrder } from '../model.js';
import type { FamilyHandlers } from './handler.js';
import { dayOf, num, str } from './values.js';

/**
 * Stores: completed sales and refunds. A sale or refund on an offline till is invisible to the
 * target until its store uploads it; it counts from then on.
 */
export const storeHandlers: FamilyHandlers = {
  'store:sale-completed': (m, e) => {
    const id = String(e.saleId);
    const sale: ChannelOrder = {
      id,
      visibleT: e.t,
      seq: e.seq,
      totalCents: num(e.totalCents) ?? 0,
      channel: e.sys,
      locationId: str(e.locationId),
      store: str(e.storeId),
      day: dayOf(e.completedAt, e.t),
    };
    if (e.offline === true) m.offlineSales.set(id, { ...sale, offline: true });
    else m.storeSales.set(id, sale);
  },
  'store:sale-uploaded': (m, e) => {
    const id = String(e.saleId);
    const held = m.offlineSales.get(id);
    if (!held || m.storeSales.has(id)) return;
    m.offlineSales.delete(id);
    m.storeSales.set(id, { ...held, visibleT: e.t, seq: e.seq });
  },
  'store:refund-completed': (m, e) => {
    const id = String(e.refundId);
    const refund: ChannelOrder = {
      id,
      visibleT: e.t,
      seq: e.seq,
      totalCents: num(e.amountCents) ?? 0,
      channel: e.sys,
      locationId: str(e.locationId),
      store: str(e.storeId),
      day: dayOf(e.completedAt, e.t),
      saleId: str(e.saleId),
    };
    if (e.offline === true) m.holdRefund(String(e.locationId), { ...refund, offline: true });
    else m.storeRefunds.set(id, refund);
  },
  'store:online': (m, e) => {
    m.releaseRefunds(String(e.locationId), e.t);
  },
};
