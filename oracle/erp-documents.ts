import type { ErpDocumentKind, LedgerAmounts } from '../journal/events.js';
import type { Line } from './model.js';

/** One ERP document that still exists at the end of the run, with its links to other systems. */
export interface ErpDocument {
  id: string;
  document: ErpDocumentKind;
  t: number;
  seq: number;
  /** The integration's own key for the document. */
  externalId?: string;
  /** The channel order number typed on the document. */
  sourceOrderId?: string;
  /** The document it was made from (a fulfillment's sales order). */
  fromDocumentId?: string;
  totalCents?: number;
  lines?: Line[];
  /** The channel settlement a ledger entry books. */
  settlementId?: string;
  /** A ledger entry's amounts by account purpose. */
  ledger?: LedgerAmounts;
  /** The business day it is booked on (YYYY-MM-DD). */
  tranDate?: string;
  /** The store or warehouse it is booked at (world id). */
  location?: string;
}

/**
 * The live ERP documents, by kind then id: a handler finds a document from the event's two
 * fields without building a `kind:id` string per event, and `by` walks only the kinds it asks for.
 */
export class ErpDocuments {
  private readonly byKind = new Map<string, Map<string, ErpDocument>>();
  private count = 0;

  /** How many documents are live. */
  get size(): number {
    return this.count;
  }

  /** Add a document, or replace the live one with its kind and id. */
  set(doc: ErpDocument): void {
    let ofKind = this.byKind.get(doc.document);
    if (!ofKind) this.byKind.set(doc.document, (ofKind = new Map()));
    const before = ofKind.size;
    ofKind.set(doc.id, doc);
    this.count += ofKind.size - before;
  }

  get(document: string, id: string): ErpDocument | undefined {
    return this.byKind.get(document)?.get(id);
  }

  delete(document: string, id: string): void {
    if (this.byKind.get(document)?.delete(id) === true) this.count--;
  }

  /** The live documents of one kind, in creation order (a replacement keeps its place). */
  ofKind(document: ErpDocumentKind): IterableIterator<ErpDocument> {
    return (this.byKind.get(document) ?? new Map<string, ErpDocument>()).values();
  }

  /**
   * Documents of some kinds grouped by a link key; a group lists its documents in journal order.
   * Only the asked kinds are visited (the ERP holds every document of the run).
   *
   * @example erp.by(['sales-order'], (d) => d.sourceOrderId ?? d.externalId)
   */
  by(
    kinds: readonly ErpDocumentKind[],
    link: (doc: ErpDocument) => string | undefined,
  ): Map<string, ErpDocument[]> {
    const out = new Map<string, ErpDocument[]>();
    for (const kind of new Set(kinds))
      for (const doc of this.ofKind(kind)) {
        const key = link(doc);
        if (key === undefined) continue;
        const list = out.get(key);
        if (list) list.push(doc);
        else out.set(key, [doc]);
      }
    for (const list of out.values()) if (list.length > 1) list.sort((a, b) => a.seq - b.seq);
    return out;
  }
}
