import type { SimulatorContext } from '../core/define-simulator.js';
import { fail } from './errors.js';
import { objectId } from './ids.js';
import { emitOrderUpdated, touchOrder } from './orders.js';
import type { PaymentRec, PosState, RefundRec } from './state.js';
import { emit } from './webhooks.js';
import { iso } from './wire.js';
import { paymentWire, refundWire } from './wire-payments.js';
import { ev } from '../../journal/events.js';

/**
 * Refund rules (docs/dialects/pos.md RefundPayment). Card refunds start PENDING and turn COMPLETED
 * after `refundSettleMs` of scenario time (`refund.created`, then `refund.updated`); cash and
 * external refunds complete at once — GUESS: money handed back over the counter has nothing to
 * wait for.
 */
type Ctx = SimulatorContext<PosState>;

/**
 * Refunds refused as Square refuses them: unpaid, canceled, or more than is left.
 *
 * @example checkRefundable(payment, 500)
 */
export function checkRefundable(p: PaymentRec, amountCents: number): void {
  if (p.status === 'APPROVED')
    fail(
      400,
      'REFUND_ERROR_PAYMENT_NEEDS_COMPLETION',
      'The payment must be completed before it can be refunded.',
      'payment_id',
    );
  if (p.status !== 'COMPLETED')
    fail(
      400,
      'PAYMENT_NOT_REFUNDABLE',
      `Payment \`${p.id}\` is ${p.status} and cannot be refunded.`,
      'payment_id',
    );
  const left = p.amountCents + p.tipCents - p.refundedCents;
  if (amountCents <= 0 || amountCents > left)
    fail(
      400,
      'REFUND_AMOUNT_INVALID',
      `The refund amount must be between 1 and ${left}.`,
      'amount_money.amount',
    );
}

/**
 * Store a refund (linked to its payment and order unless `hidden`). Emits nothing; see
 * `announceRefund`.
 *
 * @example recordRefund(ctx, payment, 500, 'Returned goods')
 */
export function recordRefund(
  ctx: Ctx,
  p: PaymentRec,
  amountCents: number,
  reason: string | undefined,
  hidden = false,
): RefundRec {
  const now = ctx.clock.now();
  const r: RefundRec = {
    // Square refund ids are the payment id, `_`, and a suffix.
    id: `${p.id}_${objectId(ctx.world.seed, 'refund', ++ctx.state.seq.refund, 29)}`,
    paymentId: p.id,
    orderId: p.orderId,
    locationId: p.locationId,
    amountCents,
    status: p.sourceType === 'CARD' ? 'PENDING' : 'COMPLETED',
    reason,
    createdAt: now,
    updatedAt: now,
    hidden,
  };
  ctx.state.refunds.set(r.id, r);
  if (!hidden) linkRefund(ctx, r);
  ctx.journal.append(
    ev.storeRefundCompleted({
      sys: 'pos',
      refundId: r.id,
      saleId: r.orderId,
      paymentId: r.paymentId,
      locationId: r.locationId,
      storeId: ctx.state.storeBySquareId.get(r.locationId)?.id,
      amountCents,
      completedAt: iso(now),
      ...(hidden ? { offline: true } : {}),
    }),
  );
  return r;
}

/**
 * Put a refund on its payment (`refunded_money`, `refund_ids`) and order (`refunds`). A refund
 * made on an offline till is linked only when it is uploaded, so nothing leaks before then.
 *
 * @example linkRefund(ctx, refund)
 */
export function linkRefund(ctx: Ctx, r: RefundRec): void {
  const p = ctx.state.payments.get(r.paymentId)!;
  p.refundedCents += r.amountCents;
  p.refundIds = [...p.refundIds, r.id];
  p.updatedAt = ctx.clock.now();
  const order = r.orderId ? ctx.state.orders.get(r.orderId) : undefined;
  if (order) {
    order.refundIds = [...order.refundIds, r.id];
    touchOrder(ctx, order);
  }
}

/**
 * Make a refund seen: `refund.created`, `payment.updated`, `order.updated`, and the timer that
 * settles a PENDING one.
 *
 * @example announceRefund(ctx, refund)
 */
export function announceRefund(ctx: Ctx, r: RefundRec): void {
  const p = ctx.state.payments.get(r.paymentId)!;
  emit(ctx, 'refund.created', 'refund', r.id, { refund: refundWire(r) });
  emit(ctx, 'payment.updated', 'payment', p.id, { payment: paymentWire(p) });
  const order = r.orderId ? ctx.state.orders.get(r.orderId) : undefined;
  if (order) emitOrderUpdated(ctx, order);
  if (r.status === 'PENDING') scheduleSettle(ctx, r);
}

function scheduleSettle(ctx: Ctx, r: RefundRec): void {
  const state = ctx.state;
  ctx.clock.afterScenario(state.config.refundSettleMs, () => {
    // A reset replaced the state: this refund no longer exists.
    if (ctx.state !== state || r.status !== 'PENDING') return;
    r.status = 'COMPLETED';
    r.updatedAt = ctx.clock.now();
    if (!r.hidden) emit(ctx, 'refund.updated', 'refund', r.id, { refund: refundWire(r) });
  });
}
