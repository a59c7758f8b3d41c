import { fail } from '../errors.js';
import { childrenOf } from '../store.js';
import type { RecordKind } from './kind.js';
import { refundFrom } from './refund.js';
import { shelfMove } from './stock-effects.js';
import { itemLines, renderTransaction } from './transaction-render.js';
import { buildTransaction, updateTransaction, type TxSpec } from './transaction.js';

/**
 * Cash sales (a store's till sale posted to the ERP). The units leave the store's shelf at
 * once; on hand may go below zero (as with "Allow Negative Inventory": the store sold it).
 */
const CASH_SALE: TxSpec = {
  type: 'cashSale',
  prefix: 'CS',
  schema: { paymentMethod: { ref: 'paymentMethod' } },
};

export const cashSaleKind: RecordKind = {
  type: 'cashSale',
  family: 'transaction',
  create: (op, body) => {
    const record = buildTransaction(op, CASH_SALE, body);
    shelfMove(op, record, -1, 'cashSale');
    return record;
  },
  update: (op, record, body) => updateTransaction(op, record, body, CASH_SALE),
  remove: (op, record) => {
    if (childrenOf(op.ctx.state, record.id).length > 0)
      fail(400, 'This record cannot be deleted because it has dependent records.', {
        code: 'USER_ERROR',
      });
    shelfMove(op, record, 1, 'cashSale-deleted');
  },
  render: (op, record, expand) => renderTransaction(op, record, expand),
  sublists: { item: itemLines },
  transforms: { cashRefund: refundFrom('cashRefund') },
};
