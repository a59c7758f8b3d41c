import type { ErpDocumentKind } from '../../journal/events.js';
import type { FamilyHandlers } from './handler.js';
import { forgedEffect, lines, num, str } from './values.js';

/** ERP documents: recorded, their links updated, removed. Only live documents are kept. */
export const erpHandlers: FamilyHandlers = {
  'erp:document-recorded': (m, e) => {
    // an ERP record of an order only a forged delivery claimed (a forged `orders/create`)
    forgedEffect(m, str(e.sourceOrderId), e);
    m.erp.set({
      id: String(e.id),
      document: String(e.document) as ErpDocumentKind,
      t: e.t,
      seq: e.seq,
      externalId: str(e.externalId),
      sourceOrderId: str(e.sourceOrderId),
      fromDocumentId: str(e.fromDocumentId),
      totalCents: num(e.totalCents),
      lines: lines(e.lines),
      settlementId: str(e.settlementId),
      ledger: e.ledger,
      tranDate: str(e.tranDate),
      location: str(e.location) ?? str(e.lines?.find((l) => l.location)?.location),
    });
  },
  'erp:document-updated': (m, e) => {
    const doc = m.erp.get(String(e.document), String(e.id));
    if (!doc) return;
    doc.externalId = str(e.externalId) ?? doc.externalId;
    doc.sourceOrderId = str(e.sourceOrderId) ?? doc.sourceOrderId;
    doc.settlementId = str(e.settlementId) ?? doc.settlementId;
  },
  'erp:document-removed': (m, e) => {
    m.erp.delete(String(e.document), String(e.id));
  },
};
