import type { SettlementGroup } from '../model.js';
import type { RunModel } from '../model.js';
import type { FamilyHandlers } from './handler.js';

/**
 * Settlements: the events released into each period, its close (the final totals) and its
 * payout. The oracle keeps its own sums of the released events as well as the close's totals,
 * so the checks compare a booking with what the channel actually posted.
 */
function group(m: RunModel, id: string): SettlementGroup {
  let g = m.settlementGroups.get(id);
  if (!g) {
    g = { id, chargesCents: 0, feesCents: 0, refundsCents: 0, adjustmentsCents: 0, events: 0 };
    m.settlementGroups.set(id, g);
  }
  return g;
}

export const settlementHandlers: FamilyHandlers = {
  'settlement:event-posted': (m, e) => {
    const g = group(m, String(e.groupId));
    g.events++;
    if (e.kind === 'refund') g.refundsCents += e.chargesCents;
    else g.chargesCents += e.chargesCents;
    g.feesCents += e.feesCents;
    g.adjustmentsCents += e.adjustmentCents;
    if (e.kind === 'shipment' && e.orderId) {
      const list = m.settledShipments.get(e.orderId) ?? [];
      list.push(g.id);
      m.settledShipments.set(e.orderId, list);
    }
  },
  'settlement:group-closed': (m, e) => {
    group(m, String(e.groupId)).closed = {
      t: e.closedAt,
      netCents: e.netCents,
      transfer: e.transfer,
    };
  },
  'settlement:transfer-updated': (m, e) => {
    const g = group(m, String(e.groupId));
    if (e.status === 'initiated') g.initiatedT = e.t;
    else g.succeededT = e.t;
  },
};
