import type { ErpContext, ErpRecord, Family, RecordType } from '../state.js';

/**
 * What a record operation needs besides the state: the service base URL the client used (for
 * links) and whether unknown property names are errors (X-NetSuite-PropertyNameValidation).
 */
export interface RecordOps {
  ctx: ErpContext;
  base: string;
  strictNames: boolean;
}

/** A transform from a record of this type to another (`!transform/<target>`). */
export type Transform = (
  op: RecordOps,
  source: ErpRecord,
  body: Record<string, unknown>,
) => ErpRecord;

/**
 * One record type's rules. The generic routes (routes/records.ts) call these; each type lives in
 * its own file under records/. Missing operations answer NetSuite's 405.
 */
export interface RecordKind {
  type: RecordType;
  family: Family;
  /** Validate, build, store and apply business effects; returns the stored record. */
  create?(op: RecordOps, body: Record<string, unknown>): ErpRecord;
  update?(op: RecordOps, record: ErpRecord, body: Record<string, unknown>): void;
  /** Undo business effects (or refuse); the route removes the record afterwards. */
  remove?(op: RecordOps, record: ErpRecord): void;
  /** Body fields of a GET (links, id and externalId are added by the caller). */
  render(op: RecordOps, record: ErpRecord, expand: boolean): Record<string, unknown>;
  /** Sublist name → its lines as GET renders them when expanded. */
  sublists: Readonly<
    Record<string, (op: RecordOps, record: ErpRecord) => Record<string, unknown>[]>
  >;
  transforms?: Partial<Record<RecordType, Transform>>;
}
