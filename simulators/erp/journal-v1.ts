import type { JournalEvent } from '../../journal/events.js';
import { documentOf } from './events.js';

/** A NetSuite record line as an ERP document line: the same mapping as `events.ts`. */
const document =
  (type: string) =>
  ({ recordType, otherRefNum, tranId, createdFrom, total, ...e }: JournalEvent) => ({
    ...e,
    type,
    document: documentOf(String(recordType)),
    record: recordType,
    sourceOrderId: otherRefNum,
    ...(tranId === undefined ? {} : { number: tranId }),
    ...(createdFrom === undefined ? {} : { fromDocumentId: createdFrom }),
    ...(total === undefined ? {} : { totalCents: total }),
  });

/**
 * Version-1 journal lines of the ERP (NetSuite record names) as this version's business events
 * (runtime/journal-upgrades.ts runs them when `omnichaos report` reads an old journal).
 */
export const ERP_V1: Record<string, (e: JournalEvent) => JournalEvent> = {
  'erp:record-created': document('erp:document-recorded'),
  'erp:record-updated': document('erp:document-updated'),
  'erp:record-deleted': document('erp:document-removed'),
  'erp:inventory-changed': (e) => ({ ...e, type: 'erp:stock-changed' }),
};
