import type { RecordType } from '../state.js';
import { accountKind } from './account.js';
import { cashSaleKind } from './cash-sale.js';
import { customerKind } from './customer.js';
import { inventoryItemKind } from './inventory-item.js';
import { invoiceKind } from './invoice.js';
import { itemFulfillmentKind } from './item-fulfillment.js';
import { journalEntryKind } from './journal-entry.js';
import type { RecordKind } from './kind.js';
import { locationKind } from './location.js';
import { cashRefundKind, creditMemoKind } from './refund.js';
import { salesOrderKind } from './sales-order.js';

/**
 * Every record type the simulator serves, by its REST name.
 *
 * @example RECORD_KINDS.salesOrder.transforms?.itemFulfillment
 */
export const RECORD_KINDS: Readonly<Record<RecordType, RecordKind>> = {
  customer: customerKind,
  inventoryItem: inventoryItemKind,
  location: locationKind,
  salesOrder: salesOrderKind,
  itemFulfillment: itemFulfillmentKind,
  invoice: invoiceKind,
  cashSale: cashSaleKind,
  cashRefund: cashRefundKind,
  creditMemo: creditMemoKind,
  account: accountKind,
  journalEntry: journalEntryKind,
};
