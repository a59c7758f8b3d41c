import type { ErpDocumentKind } from '../../journal/events.js';
import type { ChannelOrder, ErpDocument, Line, RunModel } from '../model.js';

/**
 * Every ERP document of a flow accounted for. A document is *linked* to the source (channel order,
 * store sale, store refund) one of its references names; a document none of whose references
 * names a source is matched by content instead — same amount to the cent, same lines (SKU and
 * units) when the source has lines, recorded after the source became visible and within
 * `CONTENT_WINDOW_MS` of it. Matched to a source that already has a linked document it is a
 * *content duplicate* (a retry under a fresh id booked the sale twice); otherwise it is
 * *unlinked*: its reference matches nothing, so nobody can find it from the source.
 *
 * Only documents that match no source by id are matched by content, so a run whose documents all
 * carry their source's id costs nothing here.
 */

/** How long after its source a document may be recorded and still be matched to it by content. */
export const CONTENT_WINDOW_MS = 24 * 60 * 60_000;

export interface ContentMatch {
  doc: ErpDocument;
  /** The source the document's content matches, if any. */
  sourceId?: string;
}

export interface Accounting {
  /**
   * Source id → the documents linked to it by a reference, in journal order (a document whose
   * references name no source is listed under its first one, and counted as unlinked too).
   */
  bySource: Map<string, ErpDocument[]>;
  /** A second (or later) document for a source, found by content under another id. */
  contentDuplicates: ContentMatch[];
  /** Documents whose references match no source and that are no content duplicate. */
  unlinked: ContentMatch[];
}

/** `sku:units` of a document's or an order's lines, sorted: equal for equal goods. */
export function goods(lines: readonly Line[] | undefined): string {
  const units = new Map<string, number>();
  for (const l of lines ?? []) units.set(l.sku, (units.get(l.sku) ?? 0) + l.quantity);
  return [...units]
    .filter(([, q]) => q !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sku, q]) => `${sku}:${q}`)
    .join(',');
}

/**
 * Account for the live documents of `kinds` against `sources`; `references` lists a document's
 * references in the order the flow trusts them (the first that names a source links it).
 *
 * @example account(m, ['sale-receipt'], m.storeSales, (d) => [d.externalId, d.sourceOrderId])
 */
export function account(
  m: RunModel,
  kinds: readonly ErpDocumentKind[],
  sources: ReadonlyMap<string, ChannelOrder>,
  references: (doc: ErpDocument) => readonly (string | undefined)[],
): Accounting {
  const bySource = new Map<string, ErpDocument[]>();
  const strays: ErpDocument[] = [];
  for (const kind of new Set(kinds))
    for (const doc of m.erp.ofKind(kind)) {
      let linked: string | undefined;
      for (const ref of references(doc))
        if (ref !== undefined && sources.has(ref)) {
          linked = ref;
          break;
        }
      if (linked === undefined) {
        strays.push(doc);
        // still findable under its own reference (a lookup by a source id never sees it)
        linked = references(doc).find((ref) => ref !== undefined);
        if (linked === undefined) continue;
      }
      const list = bySource.get(linked);
      if (list) list.push(doc);
      else bySource.set(linked, [doc]);
    }
  for (const list of bySource.values()) if (list.length > 1) list.sort((a, b) => a.seq - b.seq);
  const contentDuplicates: ContentMatch[] = [];
  const unlinked: ContentMatch[] = [];
  if (strays.length === 0) return { bySource, contentDuplicates, unlinked };

  // Sources by amount: the candidates a stray document's content may match.
  const byAmount = new Map<number, ChannelOrder[]>();
  for (const s of sources.values()) {
    const list = byAmount.get(s.totalCents);
    if (list) list.push(s);
    else byAmount.set(s.totalCents, [s]);
  }
  const claimed = new Set<string>();
  strays.sort((a, b) => a.seq - b.seq);
  for (const doc of strays) {
    const candidates = (doc.totalCents === undefined ? [] : (byAmount.get(doc.totalCents) ?? []))
      .filter((s) => s.visibleT <= doc.t && doc.t - s.visibleT <= CONTENT_WINDOW_MS)
      .filter((s) => s.lines === undefined || goods(s.lines) === goods(doc.lines));
    // the nearest source before it that has no record yet, else the nearest one that has
    const nearest = (list: ChannelOrder[]) =>
      list.reduce<ChannelOrder | undefined>(
        (a, s) => (!a || s.visibleT > a.visibleT ? s : a),
        undefined,
      );
    const open = nearest(candidates.filter((s) => !bySource.has(s.id) && !claimed.has(s.id)));
    if (open) {
      claimed.add(open.id);
      unlinked.push({ doc, sourceId: open.id });
      continue;
    }
    const taken = nearest(candidates);
    if (taken) contentDuplicates.push({ doc, sourceId: taken.id });
    else unlinked.push({ doc });
  }
  return { bySource, contentDuplicates, unlinked };
}
