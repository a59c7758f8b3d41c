import type { SimulatorContext } from '../core/define-simulator.js';
import { variationIndex } from './catalog.js';
import { fail } from './errors.js';
import { lineTotal, newLineUid } from './orders.js';
import type { OrderLineRec, PosState } from './state.js';
import { isObject, moneyCents, obj, quantity, str, type Json } from './validate.js';

/** Reading the parts of a CreateOrder body (reference §1.3 Order, OrderLineItem). */
type Ctx = SimulatorContext<PosState>;

/**
 * One `order.line_items[i]`: a catalog line (price and name from the catalog) or an ad-hoc line
 * (`name` and `base_price_money` required).
 *
 * @example readLine(ctx, { catalog_object_id: id, quantity: '2' }, 0)
 */
export function readLine(ctx: Ctx, raw: unknown, i: number): OrderLineRec {
  const field = `order.line_items[${i}]`;
  if (!isObject(raw)) fail(400, 'EXPECTED_OBJECT', 'Expected an object value.', field);
  const qty = quantity(raw.quantity, `${field}.quantity`);
  const catalogId = str(raw, 'catalog_object_id', `${field}.catalog_object_id`, { max: 192 });
  const note = str(raw, 'note', `${field}.note`, { max: 2000 });
  if (catalogId !== undefined) {
    const v = variationIndex(ctx.world, catalogId);
    // GUESS: Square's status for a catalog id it does not know.
    if (v === undefined)
      fail(
        404,
        'NOT_FOUND',
        `Item variation \`${catalogId}\` not found.`,
        `${field}.catalog_object_id`,
      );
    const sku = ctx.world.sku(v);
    const unit = sku.priceCents;
    return {
      uid: newLineUid(ctx),
      name: sku.name,
      quantity: qty,
      catalogObjectId: catalogId,
      variationName: 'Regular',
      basePriceCents: unit,
      totalCents: lineTotal(qty, unit),
      note,
    };
  }
  const name = str(raw, 'name', `${field}.name`, { required: true, max: 512 })!;
  const unit = moneyCents(raw, 'base_price_money', `${field}.base_price_money`, true)!;
  return {
    uid: newLineUid(ctx),
    name,
    quantity: qty,
    basePriceCents: unit,
    totalCents: lineTotal(qty, unit),
    note,
  };
}

/** `order.metadata`: a map of strings. */
export function readMetadata(o: Json): Record<string, string> | undefined {
  const m = obj(o, 'metadata', 'order.metadata');
  if (!m) return undefined;
  for (const [k, v] of Object.entries(m))
    if (typeof v !== 'string')
      fail(400, 'EXPECTED_STRING', 'Expected a string value.', `order.metadata.${k.slice(0, 60)}`);
  return m as Record<string, string>;
}
