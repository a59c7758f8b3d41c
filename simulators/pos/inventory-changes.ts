import type { SimulatorContext } from '../core/define-simulator.js';
import { ledgerIndex } from './catalog-store.js';
import { fail } from './errors.js';
import { INVENTORY_STATES, type CountRec } from './inventory.js';
import type { PosState } from './state.js';
import { applyMoves, journalCount, type StockMove } from './stock.js';
import { isObject, obj, oneOf, quantity, str, time, type Json } from './validate.js';

/**
 * BatchChangeInventory bodies (docs/dialects/pos.md): ADJUSTMENT (from_state → to_state),
 * PHYSICAL_COUNT (absolute quantity as of `occurred_at`) and TRANSFER (between locations).
 * Every change is checked before any is applied, so a bad batch changes nothing.
 */
type Ctx = SimulatorContext<PosState>;

export type ParsedChange =
  | { type: 'ADJUSTMENT' | 'TRANSFER'; moves: StockMove[]; raw: Json }
  | {
      type: 'PHYSICAL_COUNT';
      variationIndex: number;
      storeId: string;
      state: string;
      quantity: number;
      occurredAt: number;
      raw: Json;
    };

function storeOf(ctx: Ctx, o: Json, key: string, field: string): string {
  const id = str(o, key, `${field}.${key}`, { required: true, max: 50 })!;
  const store = ctx.state.storeBySquareId.get(id);
  // GUESS: Square's code for a location or catalog id it does not know in a change.
  if (!store) fail(400, 'INVALID_VALUE', `Location \`${id}\` not found.`, `${field}.${key}`);
  return store.id;
}

function variationOf(ctx: Ctx, o: Json, field: string): number {
  const id = str(o, 'catalog_object_id', `${field}.catalog_object_id`, {
    required: true,
    max: 192,
  });
  const v = ledgerIndex(ctx.state, ctx.world, id);
  if (v === undefined)
    fail(400, 'INVALID_VALUE', `Item variation \`${id}\` not found.`, `${field}.catalog_object_id`);
  return v;
}

/**
 * Square accepts `occurred_at` from the last 24 hours up to the time of the request: "cannot be
 * older than 24 hours or in the future relative to the time of the request" (SDK
 * InventoryAdjustment / InventoryPhysicalCount doc comments). GUESS: the code (INVALID_VALUE),
 * and a few seconds of tolerance for clock skew between client and server (a client stamping
 * its own clock time just before sending must not be "in the future").
 */
const WINDOW_MS = 24 * 3600 * 1000;
const SKEW_MS = 5_000;
function checkWindow(ctx: Ctx, at: number, field: string): void {
  const now = ctx.clock.now();
  if (at > now + SKEW_MS) fail(400, 'INVALID_VALUE', 'occurred_at cannot be in the future.', field);
  if (at < now - WINDOW_MS)
    fail(400, 'INVALID_VALUE', 'occurred_at cannot be older than 24 hours.', field);
}

function parseOne(ctx: Ctx, raw: unknown, i: number): ParsedChange {
  const base = `changes[${i}]`;
  if (!isObject(raw)) fail(400, 'EXPECTED_OBJECT', 'Expected an object value.', base);
  const type = oneOf(
    raw.type,
    ['ADJUSTMENT', 'PHYSICAL_COUNT', 'TRANSFER'] as const,
    `${base}.type`,
  );
  const key =
    type === 'ADJUSTMENT'
      ? 'adjustment'
      : type === 'PHYSICAL_COUNT'
        ? 'physical_count'
        : 'transfer';
  const field = `${base}.${key}`;
  const o = obj(raw, key, field, true)!;
  const v = variationOf(ctx, o, field);
  const occurredAt = time(
    o.occurred_at ??
      fail(400, 'MISSING_REQUIRED_PARAMETER', 'Field must be set', `${field}.occurred_at`),
    `${field}.occurred_at`,
  );
  checkWindow(ctx, occurredAt, `${field}.occurred_at`);
  const refId = str(o, 'reference_id', `${field}.reference_id`, { max: 255 });
  if (type === 'PHYSICAL_COUNT') {
    const state = oneOf(o.state, INVENTORY_STATES, `${field}.state`);
    const q = quantity(o.quantity, `${field}.quantity`, { allowZero: true });
    return {
      type,
      variationIndex: v,
      storeId: storeOf(ctx, o, 'location_id', field),
      state,
      quantity: q,
      occurredAt,
      raw,
    };
  }
  const q = quantity(o.quantity, `${field}.quantity`);
  if (type === 'TRANSFER') {
    const state = oneOf(o.state, INVENTORY_STATES, `${field}.state`);
    const from = storeOf(ctx, o, 'from_location_id', field);
    const to = storeOf(ctx, o, 'to_location_id', field);
    const move = { variationIndex: v, quantity: q, occurredAt, reason: 'api-transfer', refId };
    return {
      type,
      raw,
      moves: [
        { ...move, storeId: from, fromState: state, toState: 'NONE' },
        { ...move, storeId: to, fromState: 'NONE', toState: state },
      ],
    };
  }
  const fromState = oneOf(o.from_state, INVENTORY_STATES, `${field}.from_state`);
  const toState = oneOf(o.to_state, INVENTORY_STATES, `${field}.to_state`);
  if (fromState === toState)
    fail(400, 'INVALID_VALUE', 'from_state and to_state must differ.', `${field}.to_state`);
  return {
    type,
    raw,
    moves: [
      {
        variationIndex: v,
        storeId: storeOf(ctx, o, 'location_id', field),
        fromState,
        toState,
        quantity: q,
        occurredAt,
        reason: 'api-adjustment',
        refId,
      },
    ],
  };
}

/** @example parseChanges(ctx, body.changes) */
export function parseChanges(ctx: Ctx, list: unknown[]): ParsedChange[] {
  return list.map((c, i) => parseOne(ctx, c, i));
}

/**
 * Apply checked changes. Returns every count touched, with whether its quantity moved.
 *
 * @example applyChanges(ctx, parsed)
 */
export function applyChanges(
  ctx: Ctx,
  changes: readonly ParsedChange[],
): { count: CountRec; moved: boolean }[] {
  const now = ctx.clock.now();
  const ledger = ctx.state.inventory;
  const touched = new Map<string, { count: CountRec; moved: boolean }>();
  const note = (c: CountRec, moved: boolean) => {
    const k = `${c.variationIndex}|${c.storeId}|${c.state}`;
    touched.set(k, { count: c, moved: moved || (touched.get(k)?.moved ?? false) });
  };
  for (const ch of changes) {
    if (ch.type === 'PHYSICAL_COUNT') {
      const before = ledger.quantity(ch.variationIndex, ch.storeId, ch.state);
      const c = ledger.physicalCount(
        ch.variationIndex,
        ch.storeId,
        ch.state,
        ch.quantity,
        ch.occurredAt,
        now,
      );
      journalCount(ctx, c, c.quantity - before, 'api-physical-count');
      note(c, c.quantity !== before);
      continue;
    }
    for (const m of ch.moves) {
      const before = new Map(
        [m.fromState, m.toState].map((st) => [
          st,
          ledger.quantity(m.variationIndex, m.storeId, st),
        ]),
      );
      for (const c of applyMoves(ctx, [m])) note(c, c.quantity !== before.get(c.state));
    }
  }
  return [...touched.values()];
}
