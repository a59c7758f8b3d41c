import { route, type RouteContext } from '../../core/define-simulator.js';
import { fail, notFound } from '../errors.js';
import { idempotent, type Replay } from '../idempotency.js';
import { listRefunds } from '../listings.js';
import { announceRefund, checkRefundable, recordRefund } from '../refunds.js';
import type { PosState } from '../state.js';
import { bodyObject, moneyCents, reqStr, str, type Json } from '../validate.js';
import { refundWire } from '../wire-payments.js';

/**
 * Refunds API (docs/dialects/pos.md): RefundPayment and GetPaymentRefund. Only refunds linked to a
 * payment are simulated (`payment_id` required); unlinked refunds are not.
 */
type Ctx = RouteContext<PosState>;

function refund(ctx: Ctx, body: Json) {
  const amountCents = moneyCents(body, 'amount_money', 'amount_money', true)!;
  const paymentId = reqStr(body, 'payment_id', 'payment_id', 192);
  const payment = ctx.state.payments.get(paymentId);
  // GUESS: Square's status for an unknown payment id in a refund body.
  if (!payment || payment.hidden)
    fail(404, 'NOT_FOUND', `Payment \`${paymentId}\` not found.`, 'payment_id');
  const location = str(body, 'location_id', 'location_id', { max: 50 });
  if (location !== undefined && location !== payment.locationId)
    fail(
      400,
      'LOCATION_MISMATCH',
      'The refund location does not match the payment location.',
      'location_id',
    );
  const reason = str(body, 'reason', 'reason', { max: 192 });
  checkRefundable(payment, amountCents);
  const r = recordRefund(ctx, payment, amountCents, reason);
  announceRefund(ctx, r);
  ctx.annotate({ refundId: r.id, paymentId, orderId: r.orderId });
  return { status: 200, body: { refund: refundWire(r) } };
}

/** A RefundPayment key keeps the refund's id (module-level: see orderReplay in orders.ts). */
const refundReplay: Replay = {
  ref: (res) => (res.body as { refund?: { id?: string } }).refund?.id,
  render: (state, id) => {
    const r = state.refunds.get(id);
    return r && { status: 200, body: { refund: refundWire(r) } };
  },
};

export const refundRoutes = [
  route<PosState>('GET', '/v2/refunds', 'ListPaymentRefunds', (ctx) => listRefunds(ctx)),
  route<PosState>('POST', '/v2/refunds', 'RefundPayment', (ctx) => {
    const body = bodyObject(ctx.body);
    const key = str(body, 'idempotency_key', 'idempotency_key', { required: true, max: 45 });
    return idempotent(ctx, 'RefundPayment', key, body, () => refund(ctx, body), refundReplay);
  }),
  route<PosState>('GET', '/v2/refunds/:refund_id', 'GetPaymentRefund', (ctx) => {
    const id = ctx.params.refund_id!;
    const r = ctx.state.refunds.get(id);
    if (!r || r.hidden) notFound('refund', id);
    ctx.annotate({ refundId: id });
    return { status: 200, body: { refund: refundWire(r) } };
  }),
];
