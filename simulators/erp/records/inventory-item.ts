import { fail } from '../errors.js';
import { availableOf, peekBalance } from '../inventory.js';
import { planFor } from '../replenishment.js';
import {
  allocateId,
  assertExternalIdFree,
  checkExternalId,
  insertRecord,
  recordsOf,
  setExternalId,
} from '../store.js';
import type { ErpRecord, ItemData } from '../state.js';
import { centsOf, dollars } from '../wire.js';
import { readFields, type FieldSchema } from './fields.js';
import type { RecordKind, RecordOps } from './kind.js';
import { renderFields, renderRecordRef, renderSublist } from './render.js';

/**
 * Inventory items, seeded from the world catalog: `itemId` is the shared SKU code, and the
 * `locations` sublist carries per-location quantityOnHand / quantityAvailable /
 * quantityCommitted (read-only: stock moves through transactions and receipts).
 */
const SCHEMA: FieldSchema = {
  displayName: 'string',
  salesDescription: 'string',
  upcCode: 'string',
  weight: 'number',
  weightUnit: 'string',
  isInactive: 'boolean',
};

const MANAGED = new Set([
  'externalId',
  'itemId',
  'basePrice',
  'locations',
  'dateCreated',
  'lastModifiedDate',
]);

function readItemId(op: RecordOps, body: Record<string, unknown>, selfId?: number): string {
  const v = body.itemId;
  if (typeof v !== 'string' || v.trim().length === 0)
    fail(400, 'Please enter value(s) for: Item Name/Number.', {
      code: 'USER_ERROR',
      path: 'itemId',
    });
  const clash = recordsOf(op.ctx.state, 'inventoryItem').find(
    (r) => r.item!.itemId === v && r.id !== selfId,
  );
  // GUESS: DUP_ITEM is the SOAP code for a duplicate item name; REST wording not in the corpora.
  if (clash)
    fail(400, `The item name "${v}" is already used by another item.`, {
      code: 'DUP_ITEM',
      path: 'itemId',
    });
  return v;
}

function readPrice(body: Record<string, unknown>): number | undefined {
  if (body.basePrice === undefined) return undefined;
  const cents = centsOf(body.basePrice);
  if (cents === undefined)
    fail(400, 'Invalid value for the field basePrice: expected a number ≥ 0.', {
      code: 'INVALID_CONTENT',
      path: 'basePrice',
    });
  return cents;
}

function create(op: RecordOps, body: Record<string, unknown>): ErpRecord {
  const { state } = op.ctx;
  const externalId = checkExternalId(body.externalId);
  if (externalId !== undefined) assertExternalIdFree(state, 'inventoryItem', externalId);
  const itemId = readItemId(op, body);
  const basePriceCents = readPrice(body) ?? 0;
  const fields = readFields(state, body, SCHEMA, MANAGED, op.strictNames);
  const now = op.ctx.clock.now();
  const item: ItemData = { skuIndex: undefined, itemId, basePriceCents };
  const record: ErpRecord = {
    type: 'inventoryItem',
    id: allocateId(state, 'item'),
    externalId,
    createdMs: now,
    modifiedMs: now,
    fields,
    item,
  };
  insertRecord(state, record);
  return record;
}

function update(op: RecordOps, record: ErpRecord, body: Record<string, unknown>): void {
  const fields = readFields(op.ctx.state, body, SCHEMA, MANAGED, op.strictNames);
  const itemId = body.itemId === undefined ? record.item!.itemId : readItemId(op, body, record.id);
  const price = readPrice(body);
  if (body.externalId !== undefined)
    setExternalId(op.ctx.state, record, checkExternalId(body.externalId));
  record.item = { ...record.item!, itemId, basePriceCents: price ?? record.item!.basePriceCents };
  Object.assign(record.fields, fields);
}

function remove(op: RecordOps, record: ErpRecord): void {
  for (const byId of op.ctx.state.records.values()) {
    for (const r of byId.values()) {
      if (r.tx?.lines.some((l) => l.itemId === record.id))
        fail(400, 'This record cannot be deleted because it has dependent records.', {
          code: 'USER_ERROR',
        });
    }
  }
}

/** One line of the `locations` sublist per location. */
function locationLines(op: RecordOps, record: ErpRecord): Record<string, unknown>[] {
  return recordsOf(op.ctx.state, 'location').map((location) => {
    const balance = peekBalance(op.ctx, record.id, location.id);
    const plan = planFor(op.ctx, record, location);
    return {
      location: renderRecordRef(op, 'location', location.id),
      quantityOnHand: balance.onHand,
      quantityAvailable: availableOf(balance),
      quantityCommitted: balance.committed,
      reorderPoint: plan.reorderPoint,
      preferredStockLevel: plan.preferredStockLevel,
    };
  });
}

function render(op: RecordOps, record: ErpRecord, expand: boolean): Record<string, unknown> {
  return {
    itemId: record.item!.itemId,
    basePrice: dollars(record.item!.basePriceCents),
    ...renderFields(op, record.fields),
    locations: renderSublist(
      op,
      record,
      'locations',
      expand ? locationLines(op, record) : undefined,
    ),
  };
}

export const inventoryItemKind: RecordKind = {
  type: 'inventoryItem',
  family: 'item',
  create,
  update,
  remove,
  render,
  sublists: { locations: locationLines },
};
