import { route, type RouteContext } from '../../core/define-simulator.js';
import { fail, notFound, squareErrors } from '../errors.js';
import { idempotent, type Replay } from '../idempotency.js';
import { visibleOrder } from '../orders.js';
import { SimError } from '../../core/errors.js';
import { listPayments } from '../listings.js';
import {
  amountDue,
  createPayment,
  declineOf,
  finishPayment,
  sourceTypeOf,
  spendNonce,
  type NewPayment,
} from '../payments.js';
import type { PosState } from '../state.js';
import { bodyObject, bool, moneyCents, obj, reqStr, str, type Json } from '../validate.js';
import { paymentWire } from '../wire-payments.js';

/**
 * Payments API (docs/dialects/pos.md): CreatePayment, GetPayment, CompletePayment, CancelPayment.
 * `idempotency_key` is required (max 45 characters, as Square documents for CreatePayment).
 */
type Ctx = RouteContext<PosState>;

function readSourceDetails(body: Json, sourceType: NewPayment['sourceType'], totalCents: number) {
  if (sourceType === 'CASH') {
    const cash = obj(body, 'cash_details', 'cash_details', true)!;
    const supplied = moneyCents(
      cash,
      'buyer_supplied_money',
      'cash_details.buyer_supplied_money',
      true,
    )!;
    if (supplied < totalCents)
      fail(
        400,
        'INVALID_VALUE',
        'buyer_supplied_money must cover the payment total.',
        'cash_details.buyer_supplied_money',
      );
    return { cashSuppliedCents: supplied };
  }
  if (sourceType === 'EXTERNAL') {
    const ext = obj(body, 'external_details', 'external_details', true)!;
    return {
      external: {
        type: reqStr(ext, 'type', 'external_details.type', 50),
        source: reqStr(ext, 'source', 'external_details.source', 255),
      },
    };
  }
  return {};
}

function resolveLocationFor(ctx: Ctx, body: Json): string {
  const given = str(body, 'location_id', 'location_id', { max: 50 });
  if (given !== undefined) {
    // GUESS: Square's status for an unknown location in a payment body.
    if (!ctx.state.storeBySquareId.has(given))
      fail(404, 'NOT_FOUND', `Location \`${given}\` not found.`, 'location_id');
    return given;
  }
  const main = ctx.state.stores[0];
  if (!main) fail(400, 'BAD_REQUEST', 'This merchant has no locations.', 'location_id');
  return main.squareId; // Square defaults to the seller's main location
}

function create(ctx: Ctx, body: Json, key: string) {
  const sourceId = reqStr(body, 'source_id', 'source_id', 500);
  const amountCents = moneyCents(body, 'amount_money', 'amount_money', true)!;
  const tipCents = moneyCents(body, 'tip_money', 'tip_money') ?? 0;
  const appFeeCents = moneyCents(body, 'app_fee_money', 'app_fee_money');
  // GUESS: a fee larger than the payment is INVALID_FEES (a code in the SDK's ErrorCode list).
  if (appFeeCents !== undefined && appFeeCents > amountCents + tipCents)
    fail(400, 'INVALID_FEES', 'app_fee_money cannot exceed the payment total.', 'app_fee_money');
  const autocomplete = bool(body, 'autocomplete', 'autocomplete') ?? true;
  let locationId = resolveLocationFor(ctx, body);
  const orderId = str(body, 'order_id', 'order_id', { max: 192 });
  const order = orderId === undefined ? undefined : visibleOrder(ctx.state, orderId);
  if (orderId !== undefined && !order)
    fail(404, 'NOT_FOUND', `Order \`${orderId}\` not found.`, 'order_id');
  if (order) {
    if (body.location_id != null && order.locationId !== locationId)
      fail(
        400,
        'LOCATION_MISMATCH',
        'The payment location does not match the order location.',
        'location_id',
      );
    locationId = order.locationId;
    // GUESS: the code for paying an order that is no longer OPEN.
    if (order.state !== 'OPEN')
      fail(
        400,
        'BAD_REQUEST',
        `Order \`${order.id}\` is ${order.state} and cannot take a payment.`,
        'order_id',
      );
    const due = amountDue(ctx.state, order);
    if (amountCents !== due)
      fail(
        400,
        'PAYMENT_AMOUNT_MISMATCH',
        `The payment amount must equal the amount due on the order (${due}).`,
        'amount_money',
      );
  }
  const sourceType = sourceTypeOf(sourceId);
  spendNonce(ctx.state, sourceId);
  const decline = declineOf(sourceId);
  const payment = createPayment(ctx, {
    sourceType,
    amountCents,
    tipCents,
    appFeeCents,
    failure: decline?.[0],
    autocomplete,
    locationId,
    order,
    ...readSourceDetails(body, sourceType, amountCents + tipCents),
    referenceId: str(body, 'reference_id', 'reference_id', { max: 40 }),
    note: str(body, 'note', 'note', { max: 500 }),
    customerId: str(body, 'customer_id', 'customer_id', { max: 191 }),
  });
  ctx.annotate({ paymentId: payment.id, orderId: payment.orderId });
  ctx.state.paymentByKey.set(key, { id: payment.id, at: ctx.clock.now() });
  if (decline) {
    // The FAILED payment exists (GetPayment, ListPayments) and the error carries it.
    const error = squareErrors.error(402, decline[1], { code: decline[0], field: 'source_id' });
    throw new SimError({
      ...error,
      body: { ...(error.body as Json), payment: paymentWire(payment) },
    });
  }
  return { status: 200, body: { payment: paymentWire(payment) } };
}

function visiblePayment(ctx: Ctx) {
  const id = ctx.params.payment_id!;
  const p = ctx.state.payments.get(id);
  if (!p || p.hidden) notFound('payment', id);
  ctx.annotate({ paymentId: id });
  return p;
}

/**
 * CancelPaymentByIdempotencyKey (SDK payments Client doc): the recovery when a CreatePayment
 * response was lost. Voids the payment that key created; no payment for the key is a success
 * that does nothing. GUESS: a payment already COMPLETED cannot be voided (400, as CancelPayment),
 * and the key is freed, so the CreatePayment can be sent again with it.
 */
function cancelByKey(ctx: Ctx) {
  const body = bodyObject(ctx.body);
  const key = str(body, 'idempotency_key', 'idempotency_key', { required: true, max: 45 })!;
  ctx.annotate({ idempotencyKey: key });
  const id = ctx.state.paymentByKey.get(key)?.id;
  const p = id === undefined ? undefined : ctx.state.payments.get(id);
  if (p && !p.hidden) {
    ctx.annotate({ paymentId: p.id });
    if (p.status !== 'CANCELED' && p.status !== 'FAILED') finishPayment(ctx, p, 'CANCELED');
    ctx.state.idempotency.keys.delete(`CreatePayment\u001f${key}`);
    ctx.state.paymentByKey.delete(key);
  }
  return { status: 200, body: {} };
}

/** A CreatePayment key keeps the payment's id (module-level: see orderReplay in orders.ts). */
const paymentReplay: Replay = {
  ref: (res) => (res.body as { payment?: { id?: string } }).payment?.id,
  render: (state, id) => {
    const p = state.payments.get(id);
    return p && { status: 200, body: { payment: paymentWire(p) } };
  },
};

export const paymentRoutes = [
  route<PosState>('POST', '/v2/payments/cancel', 'CancelPaymentByIdempotencyKey', cancelByKey),
  route<PosState>('GET', '/v2/payments', 'ListPayments', (ctx) => listPayments(ctx)),
  route<PosState>('POST', '/v2/payments', 'CreatePayment', (ctx) => {
    const body = bodyObject(ctx.body);
    // GUESS: the 45-character cap (as remembered from Square's CreatePayment reference).
    const key = str(body, 'idempotency_key', 'idempotency_key', { required: true, max: 45 });
    return idempotent(
      ctx,
      'CreatePayment',
      key,
      body,
      () => create(ctx, body, key!),
      paymentReplay,
    );
  }),
  route<PosState>('GET', '/v2/payments/:payment_id', 'GetPayment', (ctx) => ({
    status: 200,
    body: { payment: paymentWire(visiblePayment(ctx)) },
  })),
  route<PosState>('POST', '/v2/payments/:payment_id/complete', 'CompletePayment', (ctx) => {
    if (ctx.body !== undefined) bodyObject(ctx.body);
    const p = visiblePayment(ctx);
    finishPayment(ctx, p, 'COMPLETED');
    return { status: 200, body: { payment: paymentWire(p) } };
  }),
  route<PosState>('POST', '/v2/payments/:payment_id/cancel', 'CancelPayment', (ctx) => {
    if (ctx.body !== undefined) bodyObject(ctx.body);
    const p = visiblePayment(ctx);
    finishPayment(ctx, p, 'CANCELED');
    return { status: 200, body: { payment: paymentWire(p) } };
  }),
];
