import { GraphQLError } from 'graphql';
import { ev } from '../../journal/events.js';
import { paginate, type PageArgs } from './connection.js';
import { storefrontCredentials } from './credentials.js';
import { levelSkuOf, localOf, locationGid, looksLikeGid, numericId } from './ids.js';
import { setAvailable } from './inventory.js';
import { orderOfFulfillmentOrder, recordFulfillment } from './orders.js';
import { badDateTerms, matchesTerm, parseSearch, type SearchWarning } from './search.js';
import { levelFor, productCount, productIndexOf, productSkus, variantFor } from './state.js';
import type { OrderRec } from './state.js';
import {
  fulfillmentOrderStatus,
  fulfillmentOrderView,
  fulfillmentView,
  itemView,
  levelView,
  locationView,
  orderView,
  productView,
  quantityOf,
  variantView,
  type Ctx,
} from './views.js';
import { iso } from './time.js';

/**
 * The root value: queries and mutations of the subset (docs/dialects/storefront.md), each citing
 * its reference page under https://shopify.dev/docs/api/admin-graphql/2025-01.
 */
export interface RequestScope {
  /** `extensions.search` entries: query terms Shopify would ignore, with why. */
  search: { path: string[]; query: string; warnings: SearchWarning[] }[];
  /** Business ids for the exchange's journal line. */
  annotate(fields: Record<string, unknown>): void;
}

/** Shopify's answer to an id that is not a global id of the right type. */
function invalidId(id: string): GraphQLError {
  // GUESS: the extensions Shopify attaches; the message is the one its API answers.
  return new GraphQLError(`Invalid global id '${id}'`, {
    extensions: { code: 'argumentLiteralsIncompatible', typeName: 'CoercionError' },
  });
}

/** Inputs that take an array hold at most 250 items (https://shopify.dev/docs/api/usage/limits). */
function checkInputSize(size: number): void {
  if (size > 250)
    throw new GraphQLError(
      `The input array size of ${size} is greater than the maximum allowed of 250.`,
      { extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' } },
    );
}

function search(
  scope: RequestScope,
  path: string,
  query: string | null | undefined,
  fields: readonly string[],
  dateFields: readonly string[],
) {
  const parsed = parseSearch(query, fields);
  const bad = badDateTerms(parsed.terms, dateFields);
  const terms = parsed.terms.filter(
    (t) => !dateFields.includes(t.field) || Number.isFinite(Date.parse(t.value)),
  );
  const warnings = [...parsed.warnings, ...bad];
  if (warnings.length > 0 && query) scope.search.push({ path: [path], query, warnings });
  return terms;
}

const ORDER_FIELDS = [
  'updated_at',
  'created_at',
  'processed_at',
  'name',
  'id',
  'fulfillment_status',
  'sku',
];
const DATE_FIELDS = ['updated_at', 'created_at', 'processed_at'];

function orderMatches(o: OrderRec, terms: ReturnType<typeof search>): boolean {
  return terms.every((t) => {
    switch (t.field) {
      case 'updated_at':
        return matchesTerm(o.updatedMs, t);
      case 'created_at':
      case 'processed_at':
        return matchesTerm(o.createdMs, t);
      case 'name':
        return matchesTerm(o.name, t) || matchesTerm(o.name.replace('#', ''), t);
      case 'id':
        return matchesTerm(o.id, t);
      case 'sku':
        return o.lines.some((l) => matchesTerm(l.sku, { ...t, negated: false })) !== t.negated;
      case 'fulfillment_status': {
        const s = fulfillmentOrderStatus(o);
        const wire = s === 'OPEN' ? 'unshipped' : s === 'CLOSED' ? 'shipped' : 'partial';
        return matchesTerm(wire, t);
      }
      default:
        return true;
    }
  });
}

const SKU_FIELDS = ['sku', 'id', 'updated_at', 'product_id', 'title'];

function skuMatches(ctx: Ctx, i: number, terms: ReturnType<typeof search>): boolean {
  return terms.every((t) => {
    switch (t.field) {
      case 'sku':
        return matchesTerm(ctx.world.sku(i).sku, t);
      case 'id':
        return matchesTerm(numericId(ctx.state, 'variant', i), t);
      case 'updated_at':
        return matchesTerm(variantFor(ctx, i).updatedMs, t);
      case 'product_id':
        return matchesTerm(numericId(ctx.state, 'product', productIndexOf(ctx.state, i)), t);
      case 'title':
        return matchesTerm(ctx.world.sku(i).name, t);
      default:
        return true;
    }
  });
}

function allSkus(ctx: Ctx): number[] {
  return Array.from({ length: ctx.world.size.skus }, (_, i) => i);
}

function orderSortValue(o: OrderRec, key: string): number {
  return key === 'UPDATED_AT'
    ? o.updatedMs
    : key === 'ID' || key === 'ORDER_NUMBER'
      ? o.id
      : o.createdMs;
}

/** Reasons `inventorySetQuantities` accepts (https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps#inventory-adjustment-reasons). */
const REASONS = [
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_created',
  'movement_updated',
  'movement_received',
  'movement_canceled',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
];

interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  compareQuantity?: number | null;
}

interface VariantInput {
  id?: string | null;
  price?: number | null;
  compareAtPrice?: number | null;
}

interface FulfillmentInput {
  lineItemsByFulfillmentOrder: {
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
  }[];
  notifyCustomer?: boolean | null;
  trackingInfo?: {
    company?: string | null;
    number?: string | null;
    numbers?: string[] | null;
    url?: string | null;
    urls?: string[] | null;
  } | null;
}

/**
 * @example graphql({ schema, source, rootValue: rootValue(ctx, scope) })
 */
export function rootValue(ctx: Ctx, scope: RequestScope): Record<string, unknown> {
  const orderById = (id: string) => {
    const n = localOf(ctx.state, 'order', id);
    if (n === undefined) {
      if (!looksLikeGid(id)) throw invalidId(id);
      return null;
    }
    const o = ctx.state.orders.get(numericId(ctx.state, 'order', n));
    return o ? orderView(ctx, o) : null;
  };
  const skuOf = (kind: 'variant' | 'inventoryItem', id: string) => {
    const n = localOf(ctx.state, kind, id);
    if (n === undefined && !looksLikeGid(id)) throw invalidId(id);
    return n !== undefined && n < ctx.world.size.skus ? n : undefined;
  };
  return {
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/shop
    shop: () => ({
      id: `gid://shopify/Shop/${numericId(ctx.state, 'location', 1)}`,
      name: 'omnichaos storefront',
      myshopifyDomain: storefrontCredentials(ctx.world).shopDomain,
      currencyCode: 'USD',
    }),
    node: ({ id }: { id: string }) => {
      const type = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(id)?.[1];
      if (!type) throw invalidId(id);
      const wrap = <T extends object | null>(v: T, typename: string) =>
        v && { ...v, __typename: typename };
      switch (type) {
        case 'Order':
          return wrap(orderById(id), 'Order');
        case 'ProductVariant': {
          const i = skuOf('variant', id);
          return i === undefined ? null : wrap(variantView(ctx, i), 'ProductVariant');
        }
        case 'InventoryItem': {
          const i = skuOf('inventoryItem', id);
          return i === undefined ? null : wrap(itemView(ctx, i), 'InventoryItem');
        }
        default:
          return null;
      }
    },
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/order
    order: ({ id }: { id: string }) => orderById(id),
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/orders
    orders: (args: PageArgs & { sortKey: string; query?: string | null }) => {
      const terms = search(scope, 'orders', args.query, ORDER_FIELDS, DATE_FIELDS);
      const list = ctx.state.orderList.filter((o) => orderMatches(o, terms));
      return paginate(
        list,
        (o) => [orderSortValue(o, args.sortKey), o.id],
        args,
        (o) => orderView(ctx, o),
      );
    },
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/product
    product: ({ id }: { id: string }) => {
      const p = localOf(ctx.state, 'product', id);
      if (p === undefined && !looksLikeGid(id)) throw invalidId(id);
      return p !== undefined && p < productCount(ctx.state, ctx.world.size.skus)
        ? productView(ctx, p)
        : null;
    },
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/products
    products: (args: PageArgs & { sortKey: string; query?: string | null }) => {
      const terms = search(scope, 'products', args.query, SKU_FIELDS, ['updated_at']);
      const n = productCount(ctx.state, ctx.world.size.skus);
      const list = Array.from({ length: n }, (_, p) => p).filter((p) =>
        productSkus(ctx.state, ctx.world.size.skus, p).some((i) =>
          skuMatches(
            ctx,
            i,
            terms.filter((t) => t.field !== 'title'),
          ),
        ),
      );
      return paginate(
        list,
        (p) => [p, p],
        args,
        (p) => productView(ctx, p),
      );
    },
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/productVariant
    productVariant: ({ id }: { id: string }) => {
      const i = skuOf('variant', id);
      return i === undefined ? null : variantView(ctx, i);
    },
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/productVariants
    productVariants: (args: PageArgs & { sortKey: string; query?: string | null }) => {
      const terms = search(scope, 'productVariants', args.query, SKU_FIELDS, ['updated_at']);
      const list = allSkus(ctx).filter((i) => skuMatches(ctx, i, terms));
      const key = (i: number): [number | string, number] =>
        args.sortKey === 'UPDATED_AT'
          ? [variantFor(ctx, i).updatedMs, i]
          : args.sortKey === 'SKU'
            ? [ctx.world.sku(i).sku, i]
            : [i, i];
      return paginate(list, key, args, (i) => variantView(ctx, i));
    },
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/inventoryItem
    inventoryItem: ({ id }: { id: string }) => {
      const i = skuOf('inventoryItem', id);
      return i === undefined ? null : itemView(ctx, i);
    },
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/inventoryItems
    inventoryItems: (args: PageArgs & { query?: string | null }) => {
      const terms = search(
        scope,
        'inventoryItems',
        args.query,
        ['sku', 'id', 'updated_at'],
        ['updated_at'],
      );
      const list = allSkus(ctx).filter((i) =>
        terms.every((t) =>
          t.field === 'sku'
            ? matchesTerm(ctx.world.sku(i).sku, t)
            : t.field === 'id'
              ? matchesTerm(numericId(ctx.state, 'inventoryItem', i), t)
              : matchesTerm(levelFor(ctx, i).updatedMs, t),
        ),
      );
      return paginate(
        list,
        (i) => [i, i],
        args,
        (i) => itemView(ctx, i),
      );
    },
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/inventoryLevel
    inventoryLevel: ({ id }: { id: string }) => {
      const i = levelSkuOf(ctx.state, id);
      if (i === undefined && !looksLikeGid(id)) throw invalidId(id);
      return i === undefined || i >= ctx.world.size.skus ? null : levelView(ctx, i);
    },
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/location
    location: ({ id }: { id?: string | null }) => {
      if (id === undefined || id === null) return locationView(ctx);
      if (!looksLikeGid(id)) throw invalidId(id);
      return id === locationGid(ctx.state) ? locationView(ctx) : null;
    },
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/locations
    locations: (args: PageArgs) =>
      paginate(
        [0],
        () => [0, 0],
        args,
        () => locationView(ctx),
      ),
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/fulfillmentOrder
    fulfillmentOrder: ({ id }: { id: string }) => {
      const n = localOf(ctx.state, 'fulfillmentOrder', id);
      if (n === undefined && !looksLikeGid(id)) throw invalidId(id);
      const o =
        n === undefined
          ? undefined
          : orderOfFulfillmentOrder(ctx.state, numericId(ctx.state, 'fulfillmentOrder', n));
      return o ? fulfillmentOrderView(ctx, o) : null;
    },
    // https://shopify.dev/docs/api/admin-graphql/2025-01/queries/fulfillmentOrders
    fulfillmentOrders: (args: PageArgs & { includeClosed: boolean; query?: string | null }) => {
      const terms = search(
        scope,
        'fulfillmentOrders',
        args.query,
        ['status', 'updated_at'],
        ['updated_at'],
      );
      const list = ctx.state.orderList.filter(
        (o) =>
          (args.includeClosed || fulfillmentOrderStatus(o) !== 'CLOSED') &&
          terms.every((t) =>
            t.field === 'status'
              ? matchesTerm(fulfillmentOrderStatus(o), t)
              : matchesTerm(o.updatedMs, t),
          ),
      );
      return paginate(
        list,
        (o) => [o.fulfillmentOrderId, o.fulfillmentOrderId],
        args,
        (o) => fulfillmentOrderView(ctx, o),
      );
    },
    inventorySetQuantities: (args: {
      input: {
        name: string;
        reason: string;
        referenceDocumentUri?: string | null;
        ignoreCompareQuantity: boolean;
        quantities: QuantityInput[];
      };
    }) => inventorySetQuantities(ctx, scope, args.input),
    productVariantsBulkUpdate: (args: {
      productId: string;
      variants: VariantInput[];
      allowPartialUpdates: boolean;
    }) => productVariantsBulkUpdate(ctx, scope, args),
    fulfillmentCreate: (args: { fulfillment: FulfillmentInput; message?: string | null }) =>
      fulfillmentCreate(ctx, scope, args.fulfillment),
  };
}

type UserError = { code?: string; field: string[]; message: string };

/**
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/inventorySetQuantities — absolute
 * quantities with compare-and-set: unless `ignoreCompareQuantity`, every quantity needs a
 * `compareQuantity` equal to the stored one (COMPARE_QUANTITY_REQUIRED / COMPARE_QUANTITY_STALE).
 * GUESS: any user error leaves every quantity unchanged (the mutation is one adjustment group).
 */
function inventorySetQuantities(
  ctx: Ctx,
  scope: RequestScope,
  input: {
    name: string;
    reason: string;
    referenceDocumentUri?: string | null;
    ignoreCompareQuantity: boolean;
    quantities: QuantityInput[];
  },
) {
  checkInputSize(input.quantities.length);
  const errors: UserError[] = [];
  if (input.name !== 'available' && input.name !== 'on_hand')
    errors.push({
      code: 'INVALID_NAME',
      field: ['input', 'name'],
      message: "The quantity name must be either 'available' or 'on_hand'.",
    });
  if (!REASONS.includes(input.reason))
    errors.push({
      code: 'INVALID_REASON',
      field: ['input', 'reason'],
      message: 'The specified reason is invalid.',
    });
  const seen = new Set<number>();
  const plan: { skuIndex: number; quantity: number }[] = [];
  input.quantities.forEach((q, i) => {
    const at = (f: string) => ['input', 'quantities', String(i), f];
    const skuIndex = localOf(ctx.state, 'inventoryItem', q.inventoryItemId);
    if (skuIndex === undefined || skuIndex >= ctx.world.size.skus) {
      errors.push({
        code: 'INVALID_INVENTORY_ITEM',
        field: at('inventoryItemId'),
        message: 'The specified inventory item could not be found.',
      });
      return;
    }
    if (q.locationId !== locationGid(ctx.state)) {
      errors.push({
        code: 'INVALID_LOCATION',
        field: at('locationId'),
        message: 'The specified location could not be found.',
      });
      return;
    }
    if (seen.has(skuIndex)) {
      errors.push({
        code: 'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR',
        field: at('inventoryItemId'),
        message: 'The combination of inventoryItemId and locationId must be unique.',
      });
      return;
    }
    seen.add(skuIndex);
    if (q.quantity < 0) {
      errors.push({
        code: 'INVALID_QUANTITY_NEGATIVE',
        field: at('quantity'),
        message: "The quantity can't be negative.",
      });
      return;
    }
    if (q.quantity > 1_000_000_000) {
      errors.push({
        code: 'INVALID_QUANTITY_TOO_HIGH',
        field: at('quantity'),
        message: "The total quantity can't be higher than 1,000,000,000.",
      });
      return;
    }
    if (!input.ignoreCompareQuantity) {
      if (q.compareQuantity === undefined || q.compareQuantity === null) {
        errors.push({
          code: 'COMPARE_QUANTITY_REQUIRED',
          field: at('compareQuantity'),
          message:
            'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.',
        });
        return;
      }
      const name = input.name === 'on_hand' ? 'on_hand' : 'available';
      if (q.compareQuantity !== quantityOf(ctx, skuIndex, name)) {
        errors.push({
          code: 'COMPARE_QUANTITY_STALE',
          field: at('compareQuantity'),
          message: 'The compareQuantity value does not match persisted value.',
        });
        return;
      }
    }
    plan.push({ skuIndex, quantity: q.quantity });
  });
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
  const now = ctx.clock.now();
  const changes: { name: string; delta: number; quantityAfterChange: number; skuIndex: number }[] =
    [];
  for (const { skuIndex, quantity } of plan) {
    const level = levelFor(ctx, skuIndex);
    const available = input.name === 'on_hand' ? quantity - level.committed : quantity;
    const delta = available - level.available;
    setAvailable(ctx, skuIndex, available, 'set');
    changes.push({ name: 'available', delta, quantityAfterChange: available, skuIndex });
    changes.push({
      name: 'on_hand',
      delta,
      quantityAfterChange: available + level.committed,
      skuIndex,
    });
  }
  scope.annotate({ skus: plan.map((p) => ctx.world.sku(p.skuIndex).sku) });
  const groupSeq = ++ctx.state.adjustmentSeq;
  return {
    inventoryAdjustmentGroup: {
      id: `gid://shopify/InventoryAdjustmentGroup/${numericId(ctx.state, 'adjustmentGroup', groupSeq)}`,
      createdAt: iso(now),
      reason: input.reason,
      referenceDocumentUri: input.referenceDocumentUri ?? null,
      changes: ({ quantityNames }: { quantityNames?: string[] | null }) =>
        changes
          .filter((c) => !quantityNames || quantityNames.includes(c.name))
          .map((c) => ({
            name: c.name,
            delta: c.delta,
            quantityAfterChange: c.quantityAfterChange,
            item: () => itemView(ctx, c.skuIndex),
            location: () => locationView(ctx),
          })),
    },
    userErrors: [],
  };
}

/**
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productVariantsBulkUpdate — the
 * variants of one product in one call. Without `allowPartialUpdates` a user error on any
 * variant leaves all of them unchanged.
 */
function productVariantsBulkUpdate(
  ctx: Ctx,
  scope: RequestScope,
  args: { productId: string; variants: VariantInput[]; allowPartialUpdates: boolean },
) {
  checkInputSize(args.variants.length);
  const p = localOf(ctx.state, 'product', args.productId);
  if (p === undefined && !looksLikeGid(args.productId)) throw invalidId(args.productId);
  if (p === undefined || p >= productCount(ctx.state, ctx.world.size.skus))
    return {
      product: null,
      productVariants: null,
      userErrors: [
        { code: 'PRODUCT_DOES_NOT_EXIST', field: ['productId'], message: 'Product does not exist' },
      ],
    };
  const skus = productSkus(ctx.state, ctx.world.size.skus, p);
  const errors: UserError[] = [];
  const good: { skuIndex: number; v: VariantInput }[] = [];
  args.variants.forEach((v, i) => {
    const at = (f: string) => ['variants', String(i), f];
    if (!v.id) {
      errors.push({
        code: 'PRODUCT_VARIANT_ID_MISSING',
        field: at('id'),
        message: 'Product variant is missing ID attribute.',
      });
      return;
    }
    const skuIndex = localOf(ctx.state, 'variant', v.id);
    if (skuIndex === undefined || !skus.includes(skuIndex)) {
      errors.push({
        code: 'PRODUCT_VARIANT_DOES_NOT_EXIST',
        field: at('id'),
        message: 'Product variant does not exist',
      });
      return;
    }
    if (v.price === null) {
      errors.push({ code: 'INVALID_INPUT', field: at('price'), message: "Price can't be blank" });
      return;
    }
    for (const f of ['price', 'compareAtPrice'] as const) {
      const cents = v[f];
      if (typeof cents === 'number' && cents < 0) {
        errors.push({
          code: 'NEGATIVE_PRICE_VALUE',
          field: at(f),
          message: `${f === 'price' ? 'Price' : 'Compare at price'} must be greater than or equal to 0`,
        });
        return;
      }
    }
    good.push({ skuIndex, v });
  });
  const apply = errors.length === 0 || args.allowPartialUpdates;
  if (apply) {
    const now = ctx.clock.now();
    for (const { skuIndex, v } of good) {
      const rec = variantFor(ctx, skuIndex);
      const before = [rec.priceCents, rec.compareAtCents];
      if (typeof v.price === 'number') rec.priceCents = v.price;
      if ('compareAtPrice' in v) rec.compareAtCents = v.compareAtPrice ?? null;
      rec.updatedMs = now;
      if (before[0] !== rec.priceCents || before[1] !== rec.compareAtCents)
        ctx.journal.append(
          ev.listingPriceChanged({
            sys: 'storefront',
            sku: rec.sku,
            priceCents: rec.priceCents,
            compareAtCents: rec.compareAtCents,
            reason: 'update',
          }),
        );
    }
    scope.annotate({ skus: good.map((g) => ctx.world.sku(g.skuIndex).sku) });
  }
  return {
    product: productView(ctx, p),
    productVariants: apply ? good.map((g) => variantView(ctx, g.skuIndex)) : null,
    userErrors: errors,
  };
}

/**
 * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/fulfillmentCreate — fulfil lines of
 * one order's fulfillment orders (all remaining units when no lines are named), with tracking.
 * GUESS: the user-error wording.
 */
function fulfillmentCreate(ctx: Ctx, scope: RequestScope, input: FulfillmentInput) {
  const fail = (field: string[], message: string) => ({
    fulfillment: null,
    userErrors: [{ field, message }],
  });
  checkInputSize(input.lineItemsByFulfillmentOrder.length);
  if (input.lineItemsByFulfillmentOrder.length === 0)
    return fail(
      ['fulfillment', 'lineItemsByFulfillmentOrder'],
      'Line items by fulfillment order must not be empty.',
    );
  let order: OrderRec | undefined;
  const lines = new Map<number, number>();
  for (const [i, group] of input.lineItemsByFulfillmentOrder.entries()) {
    const field = ['fulfillment', 'lineItemsByFulfillmentOrder', String(i), 'fulfillmentOrderId'];
    const n = localOf(ctx.state, 'fulfillmentOrder', group.fulfillmentOrderId);
    if (n === undefined && !looksLikeGid(group.fulfillmentOrderId))
      throw invalidId(group.fulfillmentOrderId);
    const o =
      n === undefined
        ? undefined
        : orderOfFulfillmentOrder(ctx.state, numericId(ctx.state, 'fulfillmentOrder', n));
    if (!o) return fail(field, 'Fulfillment order does not exist.');
    if (order && order !== o)
      return fail(field, 'Fulfillment orders must belong to the same order.');
    order = o;
    if (fulfillmentOrderStatus(o) === 'CLOSED')
      return fail(
        field,
        `Fulfillment order ${o.fulfillmentOrderId} has an unfulfillable status= closed.`,
      );
    const named = group.fulfillmentOrderLineItems;
    if (!named || named.length === 0) {
      for (const l of o.lines)
        if (l.quantity > l.fulfilled) lines.set(l.id, l.quantity - l.fulfilled);
      continue;
    }
    for (const [j, item] of named.entries()) {
      const line = o.lines.find(
        (l) => `gid://shopify/FulfillmentOrderLineItem/${l.foLineId}` === item.id,
      );
      const itemField = [...field.slice(0, 3), 'fulfillmentOrderLineItems', String(j), 'id'];
      if (!line) return fail(itemField, 'Fulfillment order line item does not exist.');
      const want = (lines.get(line.id) ?? 0) + item.quantity;
      if (item.quantity <= 0 || want > line.quantity - line.fulfilled)
        return fail(itemField, 'Invalid fulfillment order line item quantity requested.');
      lines.set(line.id, want);
    }
  }
  if (!order || lines.size === 0)
    return fail(['fulfillment'], 'Fulfillment order has no remaining line items to fulfill.');
  const t = input.trackingInfo ?? {};
  const f = recordFulfillment(
    ctx,
    order,
    [...lines].map(([lineId, quantity]) => ({ lineId, quantity })),
    {
      company: t.company ?? null,
      number: t.number ?? t.numbers?.[0] ?? null,
      url: t.url ?? t.urls?.[0] ?? null,
    },
  );
  scope.annotate({ orderId: String(order.id), trackingNumber: f.trackingNumber });
  return { fulfillment: fulfillmentView(ctx, order, f), userErrors: [] };
}
