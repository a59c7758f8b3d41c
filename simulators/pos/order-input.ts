import type { SimulatorContext } from '../core/define-simulator.js';
import { catalogVariation } from './catalog-store.js';
import { fail } from './errors.js';
import { lineTotal, newLineUid, orderTotal } from './orders.js';
import { checkRefs, price, readAdjustments, readLineRefs, type Priced } from './pricing.js';
import type { OrderLineRec, OrderRec, PosState } from './state.js';
import { arr, isObject, moneyCents, obj, quantity, str, type Json } from './validate.js';

/** Reading the parts of a CreateOrder body (docs/dialects/pos.md Order, OrderLineItem). */
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
  const refs = readLineRefs(raw, field);
  const applied = {
    ...(refs.taxes.length ? { taxUids: refs.taxes } : {}),
    ...(refs.discounts.length ? { discountUids: refs.discounts } : {}),
  };
  if (catalogId !== undefined) {
    // The catalog's current price: a price changed through the Catalog API is charged at once.
    const v = catalogVariation(ctx.state, ctx.world, catalogId);
    // GUESS: Square's status for a catalog id it does not know.
    if (v === undefined)
      fail(
        404,
        'NOT_FOUND',
        `Item variation \`${catalogId}\` not found.`,
        `${field}.catalog_object_id`,
      );
    // A VARIABLE_PRICING variation takes the line's own base_price_money (Square requires it then).
    const unit =
      v.priceCents ?? moneyCents(raw, 'base_price_money', `${field}.base_price_money`, true)!;
    return {
      uid: newLineUid(ctx),
      name: v.itemName,
      quantity: qty,
      catalogObjectId: catalogId,
      variationName: v.variationName,
      basePriceCents: unit,
      totalCents: lineTotal(qty, unit),
      note,
      ...applied,
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
    ...applied,
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

/**
 * The priced parts of an order body (CreateOrder, CalculateOrder, UpdateOrder): lines, taxes,
 * discounts, and the totals Square would compute.
 *
 * @example const { lines, totalCents } = readPricedOrder(ctx, body.order)
 */
export function readPricedOrder(
  ctx: Ctx,
  o: Json,
  existing: readonly OrderLineRec[] = [],
): Pick<OrderRec, 'lines' | 'taxes' | 'discounts' | 'priced' | 'totalCents'> {
  const read = (arr(o, 'line_items', 'order.line_items', { max: 500 }) ?? []).map((l, i) =>
    readLine(ctx, l, i),
  );
  // `map` sizes its array exactly; a spread leaves spare capacity in every stored order.
  const lines = existing.length ? [...existing, ...read] : read;
  const refs = {
    taxes: new Set(lines.flatMap((l) => l.taxUids ?? [])),
    discounts: new Set(lines.flatMap((l) => l.discountUids ?? [])),
  };
  const { taxes, discounts } = readAdjustments(ctx, o, refs, () => newLineUid(ctx));
  return pricedFields(lines, taxes, discounts);
}

/** Lines and adjustments → the order's priced fields. */
export function pricedFields(
  lines: OrderLineRec[],
  taxes: NonNullable<OrderRec['taxes']>,
  discounts: NonNullable<OrderRec['discounts']>,
): Pick<OrderRec, 'lines' | 'taxes' | 'discounts' | 'priced' | 'totalCents'> {
  if (taxes.length === 0 && discounts.length === 0) return { lines, totalCents: orderTotal(lines) };
  checkRefs(lines, taxes, discounts);
  const priced: Priced = price(lines, taxes, discounts, (kind, i, uid) =>
    `${kind}-${lines[i]!.uid}-${uid}`.slice(0, 60),
  );
  return { lines, taxes, discounts, priced, totalCents: priced.totalCents };
}
