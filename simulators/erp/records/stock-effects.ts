import { adjust } from '../inventory.js';
import type { ErpRecord } from '../state.js';
import type { RecordOps } from './kind.js';

/**
 * Move every located line of a transaction on or off the shelf: a cash sale takes units off
 * (`-1`), a refund or credit memo puts them back (`+1`), deleting either reverses it.
 *
 * @example shelfMove(op, cashSale, -1, 'cashSale')
 */
export function shelfMove(
  op: RecordOps,
  record: ErpRecord,
  direction: 1 | -1,
  reason: string,
): void {
  for (const line of record.tx!.lines) {
    if (line.locationId === undefined) continue;
    adjust(
      op.ctx,
      line.itemId,
      line.locationId,
      { onHand: direction * line.quantity },
      {
        reason,
        recordType: record.type,
        recordId: record.id,
      },
    );
  }
}
