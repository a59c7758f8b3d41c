import type { AmountLine, EventGroupRec, FinanceEventRec } from './finances.js';
import { groupTotals } from './finances.js';
import type { MarketplaceState } from './state.js';
import { isoDate } from './wire-orders.js';

/**
 * Finances v0 wire shapes (selling-partner-api-models financesV0.json): PascalCase; money is
 * `Currency` `{ CurrencyCode, CurrencyAmount }` with the amount a JSON NUMBER (the model's
 * BigDecimal), unlike Orders v0's decimal strings.
 */

/** The marketplace's name on financial events. */
export const MARKETPLACE_NAME = 'Amazon.com';

/**
 * @example currency(-1234) // { CurrencyCode: 'USD', CurrencyAmount: -12.34 }
 */
export function currency(cents: number): { CurrencyCode: string; CurrencyAmount: number } {
  return { CurrencyCode: 'USD', CurrencyAmount: Math.round(cents) / 100 };
}

const charge = (l: AmountLine) => ({ ChargeType: l.type, ChargeAmount: currency(l.cents) });
const fee = (l: AmountLine) => ({ FeeType: l.type, FeeAmount: currency(l.cents) });

/**
 * A FinancialEventGroup. An open group has no end, no transfer status, no ConvertedTotal and no
 * TraceId, and its OriginalTotal is the running balance (as sellers report open groups,
 * jlevers/selling-partner-api#599); a closed group's ConvertedTotal equals OriginalTotal (one
 * currency).
 *
 * @example groupWire(state, group).ProcessingStatus // 'Open'
 */
export function groupWire(state: MarketplaceState, g: EventGroupRec, accountTail: string) {
  const total = currency(groupTotals(state, g).netCents);
  return {
    FinancialEventGroupId: g.id,
    ProcessingStatus: g.status,
    ...(g.transfer ? { FundTransferStatus: g.transfer } : {}),
    OriginalTotal: total,
    ...(g.status === 'Closed' ? { ConvertedTotal: total } : {}),
    ...(g.transferDateMs !== undefined ? { FundTransferDate: isoDate(g.transferDateMs) } : {}),
    ...(g.traceId ? { TraceId: g.traceId } : {}),
    AccountTail: accountTail,
    BeginningBalance: currency(g.beginningBalanceCents),
    FinancialEventGroupStart: isoDate(g.startMs),
    ...(g.endMs !== undefined ? { FinancialEventGroupEnd: isoDate(g.endMs) } : {}),
  };
}

function shipmentEventWire(e: FinanceEventRec) {
  return {
    AmazonOrderId: e.orderId,
    MarketplaceName: MARKETPLACE_NAME,
    PostedDate: isoDate(e.postedMs),
    ShipmentItemList: e.items.map((i) => ({
      SellerSKU: i.sku,
      OrderItemId: i.orderItemId,
      QuantityShipped: i.quantity,
      ItemChargeList: i.charges.map(charge),
      ItemFeeList: i.fees.map(fee),
    })),
  };
}

function refundEventWire(e: FinanceEventRec) {
  return {
    AmazonOrderId: e.orderId,
    MarketplaceName: MARKETPLACE_NAME,
    PostedDate: isoDate(e.postedMs),
    ShipmentItemAdjustmentList: e.items.map((i) => ({
      SellerSKU: i.sku,
      OrderItemId: i.orderItemId,
      OrderAdjustmentItemId: i.adjustmentItemId,
      QuantityShipped: i.quantity,
      ItemChargeAdjustmentList: i.charges.map(charge),
      ItemFeeAdjustmentList: i.fees.map(fee),
    })),
  };
}

function adjustmentEventWire(e: FinanceEventRec) {
  return {
    AdjustmentType: e.adjustment!.type,
    PostedDate: isoDate(e.postedMs),
    AdjustmentAmount: currency(e.adjustment!.cents),
  };
}

/**
 * The `FinancialEvents` object for a list of events. The three lists the simulator posts are
 * always present (empty when none); the model's other lists are left out. GUESS: Amazon returns
 * empty lists for the kinds with no events.
 *
 * @example financialEventsWire(events).ShipmentEventList.length
 */
export function financialEventsWire(events: readonly FinanceEventRec[]) {
  return {
    ShipmentEventList: events.filter((e) => e.kind === 'shipment').map(shipmentEventWire),
    RefundEventList: events.filter((e) => e.kind === 'refund').map(refundEventWire),
    AdjustmentEventList: events.filter((e) => e.kind === 'adjustment').map(adjustmentEventWire),
  };
}
