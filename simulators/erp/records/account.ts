import type { RecordKind } from './kind.js';

/**
 * Ledger accounts, read-only, from the chart a fresh account has (state.ts CHART_OF_ACCOUNTS):
 * what journal entries post to. GUESS: `acctType` rendered as a select `{ id, refName }`.
 */
const TYPE_NAME: Record<string, string> = {
  Bank: 'Bank',
  OthCurrAsset: 'Other Current Asset',
  Income: 'Income',
  Expense: 'Expense',
};

export const accountKind: RecordKind = {
  type: 'account',
  family: 'account',
  render: (_op, record) => {
    const type = String(record.fields.acctType);
    return {
      acctNumber: record.fields.acctNumber,
      acctName: record.fields.acctName,
      acctType: { id: type, refName: TYPE_NAME[type] ?? type },
      isInactive: false,
    };
  },
  sublists: {},
};
