import type { RouteContext } from '../core/define-simulator.js';
import { fail, notFound } from './errors.js';
import { readLine, readMetadata, readPricedOrder, pricedFields } from './order-input.js';
import { completeOrder, emitOrderUpdated, touchOrder, visibleOrder } from './orders.js';
import { finishPayment, settleOrder } from './payments.js';
import { readAdjustments } from './pricing.js';
import type { OrderRec, PosState } from './state.js';
import { int, isObject, obj, oneOf, str, strings, type Json } from './validate.js';
import { orderWire } from './wire-orders.js';

/**
 * CalculateOrder, UpdateOrder and PayOrder (Square Orders API reference, "Update orders" and
 * "Pay for orders" guides):
 * - CalculateOrder prices an order body as CreateOrder would, creating nothing;
 * - UpdateOrder is a sparse update: fields present are changed, `fields_to_clear` removes (e.g.
 *   `line_items[uid]`), line items / taxes / discounts are matched by `uid` (unknown or absent uid
 *   adds one); `version` must be the order's current version; every committed update increments
 *   the version; orders not created through the API have no version and cannot be updated;
 * - PayOrder completes the order with the given approved payments, which must add up to the
 *   amount due (an order that costs nothing is paid with none).
 */
type Ctx = RouteContext<PosState>;

export function calculateOrder(ctx: Ctx, body: Json) {
  const o = obj(body, 'order', 'order', true)!;
  const locationId = str(o, 'location_id', 'order.location_id', { required: true, max: 32 })!;
  if (!ctx.state.storeBySquareId.has(locationId))
    fail(404, 'NOT_FOUND', `Location \`${locationId}\` not found.`, 'order.location_id');
  const now = ctx.clock.now();
  const draft: OrderRec = {
    id: '',
    locationId,
    ...readPricedOrder(ctx, o),
    state: 'OPEN',
    createdAt: now,
    updatedAt: now,
    paymentIds: [],
    refundIds: [],
    hidden: false,
  };
  return { status: 200, body: { order: orderWire(ctx.state, draft) } };
}

/** The updatable order: visible, created through the API, not yet final. */
function updatable(ctx: Ctx, id: string): OrderRec & { version: number } {
  const order = visibleOrder(ctx.state, id);
  if (!order) notFound('order', id);
  // GUESS: the code for a till order (no version), which Square says cannot be updated.
  if (order.version === undefined)
    fail(
      400,
      'BAD_REQUEST',
      `Order \`${id}\` was not created through the API and cannot be updated.`,
    );
  return order as OrderRec & { version: number };
}

function checkVersion(order: OrderRec & { version: number }, v: number | undefined, field: string) {
  // GUESS: a stale version is 409 CONFLICT (the SDK's ErrorCode list has no VERSION_MISMATCH).
  if (v !== undefined && v !== order.version)
    fail(
      409,
      'CONFLICT',
      `Version mismatch: order \`${order.id}\` is at version ${order.version}.`,
      field,
    );
}

const CLEARABLE =
  /^(line_items|taxes|discounts)(\[([^\]]{1,60})\])?$|^(reference_id|ticket_name|customer_id|metadata)(\.[\w-]{1,60})?$/;

export function updateOrder(ctx: Ctx, id: string, body: Json) {
  const order = updatable(ctx, id);
  const o = obj(body, 'order', 'order') ?? {};
  const clear = strings(body, 'fields_to_clear', 'fields_to_clear', 100) ?? [];
  if (Object.keys(o).length === 0 && clear.length === 0)
    fail(400, 'MISSING_REQUIRED_PARAMETER', 'Set order or fields_to_clear.', 'order');
  // Square asks for the version being updated (GUESS: required, refused when stale).
  const version = int(o, 'version', 'order.version', { min: 1 });
  if (version === undefined)
    fail(400, 'MISSING_REQUIRED_PARAMETER', 'Field must be set', 'order.version');
  checkVersion(order, version, 'order.version');
  if (order.state !== 'OPEN' && order.state !== 'DRAFT')
    fail(400, 'BAD_REQUEST', `Order \`${id}\` is ${order.state} and cannot be updated.`);
  const loc = str(o, 'location_id', 'order.location_id', { max: 32 });
  if (loc !== undefined && loc !== order.locationId)
    fail(400, 'INVALID_VALUE', 'An order cannot move to another location.', 'order.location_id');
  let lines = [...order.lines];
  let taxes = [...(order.taxes ?? [])];
  let discounts = [...(order.discounts ?? [])];
  let metadata = order.metadata ? { ...order.metadata } : undefined;
  const cleared = new Set<string>();
  clear.forEach((path, i) => {
    const m = CLEARABLE.exec(path);
    if (!m)
      fail(400, 'INVALID_VALUE', `Cannot clear \`${path.slice(0, 60)}\`.`, `fields_to_clear[${i}]`);
    const [, list, , uid, field, sub] = m;
    if (list) {
      const keep = <T extends { uid: string }>(xs: T[]) =>
        uid ? xs.filter((x) => x.uid !== uid) : [];
      if (list === 'line_items') lines = keep(lines);
      if (list === 'taxes') taxes = keep(taxes);
      if (list === 'discounts') discounts = keep(discounts);
    } else if (field === 'metadata' && sub) {
      if (metadata) delete metadata[sub.slice(1)];
    } else cleared.add(field!);
  });
  // Lines: a known uid updates that line (quantity, note, name, price); others are added.
  const rawLines = o.line_items;
  if (rawLines != null) {
    if (!Array.isArray(rawLines))
      fail(400, 'EXPECTED_ARRAY', 'Expected an array value.', 'order.line_items');
    rawLines.forEach((raw, i) => {
      if (!isObject(raw))
        fail(400, 'EXPECTED_OBJECT', 'Expected an object value.', `order.line_items[${i}]`);
      const at = typeof raw.uid === 'string' ? lines.findIndex((l) => l.uid === raw.uid) : -1;
      if (at < 0) {
        const line = readLine(ctx, raw, i);
        lines.push(typeof raw.uid === 'string' ? { ...line, uid: raw.uid.slice(0, 60) } : line);
        return;
      }
      const old = lines[at]!;
      const merged = readLine(
        ctx,
        {
          ...(old.catalogObjectId
            ? { catalog_object_id: old.catalogObjectId }
            : {
                name: old.name,
                base_price_money: { amount: old.basePriceCents, currency: 'USD' },
              }),
          quantity: String(old.quantity),
          ...(old.note !== undefined ? { note: old.note } : {}),
          ...raw,
        },
        i,
      );
      lines[at] = { ...merged, uid: old.uid };
    });
  }
  const refs = {
    taxes: new Set(lines.flatMap((l) => l.taxUids ?? [])),
    discounts: new Set(lines.flatMap((l) => l.discountUids ?? [])),
  };
  const fresh = readAdjustments(ctx, o, refs, () => `adj-${++ctx.state.seq.line}`);
  for (const t of fresh.taxes) taxes = [...taxes.filter((x) => x.uid !== t.uid), t];
  for (const d of fresh.discounts) discounts = [...discounts.filter((x) => x.uid !== d.uid), d];
  const priced = pricedFields(lines, taxes, discounts);
  if (o.metadata != null) metadata = { ...(metadata ?? {}), ...readMetadata(o) };
  const reference = str(o, 'reference_id', 'order.reference_id', { max: 40 });
  const ticket = str(o, 'ticket_name', 'order.ticket_name', { max: 30 });
  const customer = str(o, 'customer_id', 'order.customer_id', { max: 191 });
  const nextState =
    o.state == null
      ? undefined
      : oneOf(o.state, ['OPEN', 'CANCELED', 'DRAFT'] as const, 'order.state');
  if (nextState === 'DRAFT' && order.state === 'OPEN')
    fail(400, 'BAD_REQUEST', 'An OPEN order cannot go back to DRAFT.', 'order.state');
  // Commit.
  Object.assign(order, {
    lines: priced.lines,
    taxes: priced.taxes,
    discounts: priced.discounts,
    priced: priced.priced,
    totalCents: priced.totalCents,
  });
  order.metadata = cleared.has('metadata') ? undefined : metadata;
  if (reference !== undefined || cleared.has('reference_id'))
    order.referenceId = cleared.has('reference_id') ? undefined : reference;
  if (ticket !== undefined || cleared.has('ticket_name'))
    order.ticketName = cleared.has('ticket_name') ? undefined : ticket;
  if (customer !== undefined || cleared.has('customer_id'))
    order.customerId = cleared.has('customer_id') ? undefined : customer;
  if (nextState === 'CANCELED') {
    order.state = 'CANCELED';
    order.closedAt = ctx.clock.now();
  } else if (nextState === 'OPEN') order.state = 'OPEN';
  touchOrder(ctx, order);
  ctx.annotate({ orderId: order.id });
  emitOrderUpdated(ctx, order);
  return { status: 200, body: { order: orderWire(ctx.state, order) } };
}

export function payOrder(ctx: Ctx, id: string, body: Json) {
  const order = updatable(ctx, id);
  checkVersion(order, int(body, 'order_version', 'order_version', { min: 1 }), 'order_version');
  if (order.state !== 'OPEN')
    fail(400, 'BAD_REQUEST', `Order \`${id}\` is ${order.state} and cannot be paid.`);
  const ids = strings(body, 'payment_ids', 'payment_ids', 100) ?? [];
  const payments = ids.map((pid, i) => {
    const p = ctx.state.payments.get(pid);
    if (!p || p.hidden)
      fail(404, 'NOT_FOUND', `Payment \`${pid.slice(0, 60)}\` not found.`, `payment_ids[${i}]`);
    // GUESS: the codes for a payment of another order or one that cannot be captured.
    if (p.orderId !== order.id)
      fail(
        400,
        'INVALID_VALUE',
        `Payment \`${pid}\` is not for order \`${id}\`.`,
        `payment_ids[${i}]`,
      );
    if (p.status !== 'APPROVED' && p.status !== 'COMPLETED')
      fail(400, 'BAD_REQUEST', `Payment \`${pid}\` is ${p.status}.`, `payment_ids[${i}]`);
    return p;
  });
  const paid = payments.reduce((a, p) => a + p.amountCents, 0);
  if (paid !== order.totalCents)
    fail(
      400,
      'PAYMENT_AMOUNT_MISMATCH',
      `The payments total ${paid}, the order ${order.totalCents}.`,
      'payment_ids',
    );
  for (const p of payments) if (p.status === 'APPROVED') finishPayment(ctx, p, 'COMPLETED');
  if (order.state === 'OPEN') {
    if (payments.length) settleOrder(ctx, order);
    else completeOrder(ctx, order);
  }
  ctx.annotate({ orderId: order.id });
  return { status: 200, body: { order: orderWire(ctx.state, order) } };
}
