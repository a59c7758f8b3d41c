import type { SimulatorContext } from '../core/define-simulator.js';
import { getCatalogObject, percentage } from './catalog-store.js';
import { fail } from './errors.js';
import type { OrderLineRec, PosState } from './state.js';
import { arr, isObject, moneyCents, oneOf, str, type Json } from './validate.js';

/**
 * Order taxes and discounts computed as Square documents it:
 * - discounts before taxes, in this sequence: line-item percentage, order percentage, line-item
 *   fixed amount, order fixed amount (https://developer.squareup.com/docs/orders-api/discounts);
 * - ORDER-scoped adjustments are spread across all line items; LINE_ITEM-scoped ones apply to the
 *   lines that reference them in `applied_taxes` / `applied_discounts`
 *   (https://developer.squareup.com/docs/orders-api/price-adjustments, SDK OrderLineItemTax.scope);
 * - amounts are rounded with Bankers' Rounding, half to even (price-adjustments page, "Rounding
 *   rules"). An ORDER-scoped tax is computed once on the sum of the lines and then apportioned
 *   (matches the worked totals in Square's forum thread on rounding, t/11179; GUESS beyond it).
 * - ADDITIVE taxes are added to the total; INCLUSIVE ones are already in the price.
 * GUESS: percentage discounts are taken from each line's gross sales (not compounded); a fixed
 * line-item discount applies once per line (not per unit); an ORDER fixed discount is apportioned
 * by what is left of each line, largest remainder first.
 */
type Ctx = SimulatorContext<PosState>;

export type Scope = 'ORDER' | 'LINE_ITEM';
export interface TaxRec {
  uid: string;
  name?: string;
  catalogObjectId?: string;
  percentage: string;
  type: 'ADDITIVE' | 'INCLUSIVE';
  scope: Scope;
}
export interface DiscountRec {
  uid: string;
  name?: string;
  catalogObjectId?: string;
  type: 'FIXED_PERCENTAGE' | 'FIXED_AMOUNT';
  percentage?: string;
  amountCents?: number;
  scope: Scope;
}
export interface PricedLine {
  grossCents: number;
  discountCents: number;
  /** Every tax, additive and inclusive. */
  taxCents: number;
  totalCents: number;
  taxes: { uid: string; taxUid: string; cents: number }[];
  discounts: { uid: string; discountUid: string; cents: number }[];
}
export interface Priced {
  lines: PricedLine[];
  taxApplied: Map<string, number>;
  discountApplied: Map<string, number>;
  taxCents: number;
  discountCents: number;
  totalCents: number;
}

/** Round half to even, on cents. @example bankers(250.5) // 250 */
export function bankers(x: number): number {
  const r = Math.round(x * 1e6) / 1e6; // float noise off first (0.1 * 3 …)
  const f = Math.floor(r);
  const d = r - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Split `total` over `weights` in proportion, largest remainder first; sums to `total`. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

function uidOf(o: Json, field: string, fallback: string): string {
  return str(o, 'uid', `${field}.uid`, { max: 60 }) ?? fallback;
}

/** The scope when the request leaves it out. GUESS: LINE_ITEM if some line references it. */
function scopeOf(o: Json, field: string, referenced: boolean): Scope {
  if (o.scope == null) return referenced ? 'LINE_ITEM' : 'ORDER';
  return oneOf(o.scope, ['ORDER', 'LINE_ITEM'] as const, `${field}.scope`);
}

/**
 * `order.taxes` and `order.discounts` of a request; catalog references read the catalog's TAX /
 * DISCOUNT (percentage, amount, name) as Square does.
 *
 * @example readAdjustments(ctx, order, lineRefs)
 */
export function readAdjustments(
  ctx: Ctx,
  o: Json,
  refs: { taxes: Set<string>; discounts: Set<string> },
  nextUid: () => string,
): { taxes: TaxRec[]; discounts: DiscountRec[] } {
  const taxes = (arr(o, 'taxes', 'order.taxes', { max: 100 }) ?? []).map((raw, i): TaxRec => {
    const field = `order.taxes[${i}]`;
    if (!isObject(raw)) fail(400, 'EXPECTED_OBJECT', 'Expected an object value.', field);
    const uid = uidOf(raw, field, nextUid());
    const catalogId = str(raw, 'catalog_object_id', `${field}.catalog_object_id`, { max: 192 });
    let data: Json = raw;
    if (catalogId !== undefined) {
      const c = getCatalogObject(ctx.state, ctx.world, catalogId);
      if (!c || c.type !== 'TAX')
        fail(404, 'NOT_FOUND', `Tax \`${catalogId}\` not found.`, `${field}.catalog_object_id`);
      const td = (c.tax_data as Json | undefined) ?? {};
      data = { ...raw, name: td.name, percentage: td.percentage, type: td.inclusion_type };
    }
    if (data.percentage == null)
      fail(400, 'MISSING_REQUIRED_PARAMETER', 'Field must be set', `${field}.percentage`);
    percentage(data.percentage, `${field}.percentage`);
    return {
      uid,
      name: typeof data.name === 'string' ? data.name : undefined,
      catalogObjectId: catalogId,
      percentage: data.percentage as string,
      type:
        data.type == null
          ? 'ADDITIVE'
          : oneOf(data.type, ['ADDITIVE', 'INCLUSIVE'] as const, `${field}.type`),
      scope: scopeOf(raw, field, refs.taxes.has(uid)),
    };
  });
  const discounts = (arr(o, 'discounts', 'order.discounts', { max: 100 }) ?? []).map(
    (raw, i): DiscountRec => {
      const field = `order.discounts[${i}]`;
      if (!isObject(raw)) fail(400, 'EXPECTED_OBJECT', 'Expected an object value.', field);
      const uid = uidOf(raw, field, nextUid());
      const catalogId = str(raw, 'catalog_object_id', `${field}.catalog_object_id`, {
        max: 192,
      });
      let data: Json = raw;
      if (catalogId !== undefined) {
        const c = getCatalogObject(ctx.state, ctx.world, catalogId);
        if (!c || c.type !== 'DISCOUNT')
          fail(
            404,
            'NOT_FOUND',
            `Discount \`${catalogId}\` not found.`,
            `${field}.catalog_object_id`,
          );
        const dd = (c.discount_data as Json | undefined) ?? {};
        data = { ...raw, ...dd, type: dd.discount_type };
      }
      const type = oneOf(data.type, ['FIXED_PERCENTAGE', 'FIXED_AMOUNT'] as const, `${field}.type`);
      const rec: DiscountRec = {
        uid,
        name: typeof data.name === 'string' ? data.name : undefined,
        catalogObjectId: catalogId,
        type,
        scope: scopeOf(raw, field, refs.discounts.has(uid)),
      };
      if (type === 'FIXED_PERCENTAGE') {
        if (data.percentage == null)
          fail(400, 'MISSING_REQUIRED_PARAMETER', 'Field must be set', `${field}.percentage`);
        percentage(data.percentage, `${field}.percentage`);
        rec.percentage = data.percentage as string;
      } else rec.amountCents = moneyCents(data, 'amount_money', `${field}.amount_money`, true);
      return rec;
    },
  );
  return { taxes, discounts };
}

/** The uids a line references (`applied_taxes[].tax_uid`, `applied_discounts[].discount_uid`). */
export function readLineRefs(raw: Json, field: string): { taxes: string[]; discounts: string[] } {
  const ids = (key: string, inner: string) =>
    (arr(raw, key, `${field}.${key}`, { max: 100 }) ?? []).map((a, i) => {
      if (!isObject(a))
        fail(400, 'EXPECTED_OBJECT', 'Expected an object value.', `${field}.${key}[${i}]`);
      return str(a, inner, `${field}.${key}[${i}].${inner}`, { required: true, max: 60 })!;
    });
  return {
    taxes: ids('applied_taxes', 'tax_uid'),
    discounts: ids('applied_discounts', 'discount_uid'),
  };
}

/** Check that every referenced uid exists in the order. */
export function checkRefs(
  lines: readonly OrderLineRec[],
  taxes: TaxRec[],
  discounts: DiscountRec[],
) {
  const t = new Set(taxes.map((x) => x.uid));
  const d = new Set(discounts.map((x) => x.uid));
  lines.forEach((l, i) => {
    for (const u of l.taxUids ?? [])
      if (!t.has(u))
        // GUESS: the code for a reference to a tax the order does not define.
        fail(
          400,
          'INVALID_VALUE',
          `No order tax has uid \`${u}\`.`,
          `order.line_items[${i}].applied_taxes`,
        );
    for (const u of l.discountUids ?? [])
      if (!d.has(u))
        fail(
          400,
          'INVALID_VALUE',
          `No order discount has uid \`${u}\`.`,
          `order.line_items[${i}].applied_discounts`,
        );
  });
}

/**
 * Price an order: per-line discounts and taxes, and the totals.
 *
 * @example price(lines, [{ uid: 't', percentage: '10', type: 'ADDITIVE', scope: 'ORDER' }], [])
 */
export function price(
  lines: readonly OrderLineRec[],
  taxes: readonly TaxRec[],
  discounts: readonly DiscountRec[],
  appliedUid: (kind: string, line: number, uid: string) => string = (k, l, u) => `${k}-${l}-${u}`,
): Priced {
  const gross = lines.map((l) => l.totalCents);
  const left = [...gross];
  const out: PricedLine[] = lines.map((_, i) => ({
    grossCents: gross[i]!,
    discountCents: 0,
    taxCents: 0,
    totalCents: 0,
    taxes: [],
    discounts: [],
  }));
  const discountApplied = new Map<string, number>();
  const taxApplied = new Map<string, number>();
  const applies = (scope: Scope, refs: string[] | undefined, uid: string) =>
    scope === 'ORDER' || (refs ?? []).includes(uid);
  const take = (d: DiscountRec, i: number, cents: number) => {
    const c = Math.max(0, Math.min(left[i]!, cents));
    left[i]! -= c;
    out[i]!.discountCents += c;
    out[i]!.discounts.push({ uid: appliedUid('discount', i, d.uid), discountUid: d.uid, cents: c });
    discountApplied.set(d.uid, (discountApplied.get(d.uid) ?? 0) + c);
  };
  const phase = (type: DiscountRec['type'], scope: Scope) =>
    discounts.filter((d) => d.type === type && d.scope === scope);
  for (const [type, scope] of [
    ['FIXED_PERCENTAGE', 'LINE_ITEM'],
    ['FIXED_PERCENTAGE', 'ORDER'],
    ['FIXED_AMOUNT', 'LINE_ITEM'],
  ] as const)
    for (const d of phase(type, scope))
      lines.forEach((l, i) => {
        if (!applies(d.scope, l.discountUids, d.uid)) return;
        take(
          d,
          i,
          type === 'FIXED_PERCENTAGE'
            ? bankers((gross[i]! * Number(d.percentage)) / 100)
            : d.amountCents!,
        );
      });
  for (const d of phase('FIXED_AMOUNT', 'ORDER')) {
    const total = Math.min(
      d.amountCents!,
      left.reduce((a, b) => a + b, 0),
    );
    apportion(total, left).forEach((c, i) => take(d, i, c));
  }
  for (const t of taxes) {
    const pct = Number(t.percentage) / 100;
    const on = lines.map((l, i) => (applies(t.scope, l.taxUids, t.uid) ? left[i]! : 0));
    const taxOf = (base: number) => (t.type === 'ADDITIVE' ? base * pct : base - base / (1 + pct));
    const per =
      t.scope === 'ORDER'
        ? apportion(bankers(taxOf(on.reduce((a, b) => a + b, 0))), on)
        : on.map((b) => bankers(taxOf(b)));
    lines.forEach((l, i) => {
      if (!applies(t.scope, l.taxUids, t.uid)) return;
      out[i]!.taxCents += per[i]!;
      out[i]!.taxes.push({ uid: appliedUid('tax', i, t.uid), taxUid: t.uid, cents: per[i]! });
      if (t.type === 'ADDITIVE') out[i]!.totalCents += per[i]!;
      taxApplied.set(t.uid, (taxApplied.get(t.uid) ?? 0) + per[i]!);
    });
  }
  out.forEach((p, i) => (p.totalCents += left[i]!));
  return {
    lines: out,
    taxApplied,
    discountApplied,
    taxCents: out.reduce((a, p) => a + p.taxCents, 0),
    discountCents: out.reduce((a, p) => a + p.discountCents, 0),
    totalCents: out.reduce((a, p) => a + p.totalCents, 0),
  };
}
