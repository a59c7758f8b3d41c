import type { PaymentRec, RefundRec } from './state.js';
import { iso, money } from './wire.js';

/** Payments and refunds as Square spells them (docs/dialects/pos.md Payment, PaymentRefund). */

/** The test card every simulated card payment shows (Square's sandbox Visa, 4111…1111). */
export function cardOf(p: PaymentRec) {
  return {
    card_brand: 'VISA',
    last_4: '1111',
    exp_month: 12,
    exp_year: 2030,
    fingerprint: `sq-1-${p.id.slice(0, 20)}`,
    card_type: 'CREDIT',
    bin: '411111',
  };
}

/** @example paymentWire(payment).status // 'COMPLETED' */
export function paymentWire(p: PaymentRec) {
  const total = p.amountCents + p.tipCents;
  return {
    id: p.id,
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
    amount_money: money(p.amountCents),
    ...(p.tipCents ? { tip_money: money(p.tipCents) } : {}),
    total_money: money(total),
    ...(p.appFeeCents !== undefined ? { app_fee_money: money(p.appFeeCents) } : {}),
    approved_money: money(p.status === 'FAILED' ? 0 : total),
    ...(p.refundedCents ? { refunded_money: money(p.refundedCents) } : {}),
    status: p.status,
    source_type: p.sourceType,
    ...(p.sourceType === 'CARD'
      ? {
          card_details: {
            // Square CardPaymentDetails.status: AUTHORIZED, CAPTURED, VOIDED or FAILED
            // (https://developer.squareup.com/reference/square/objects/CardPaymentDetails).
            status:
              p.status === 'COMPLETED'
                ? 'CAPTURED'
                : p.status === 'CANCELED'
                  ? 'VOIDED'
                  : p.status === 'FAILED'
                    ? 'FAILED'
                    : 'AUTHORIZED',
            card: cardOf(p),
            entry_method: p.entryMethod ?? 'KEYED',
            cvv_status: 'CVV_ACCEPTED',
            avs_status: 'AVS_ACCEPTED',
            statement_description: 'SQ *OMNICHAOS RETAIL',
          },
        }
      : {}),
    ...(p.sourceType === 'CASH'
      ? {
          cash_details: {
            buyer_supplied_money: money(p.cashSuppliedCents ?? total),
            change_back_money: money((p.cashSuppliedCents ?? total) - total),
          },
        }
      : {}),
    ...(p.external
      ? { external_details: { type: p.external.type, source: p.external.source } }
      : {}),
    location_id: p.locationId,
    ...(p.orderId ? { order_id: p.orderId } : {}),
    ...(p.referenceId !== undefined ? { reference_id: p.referenceId } : {}),
    ...(p.customerId !== undefined ? { customer_id: p.customerId } : {}),
    ...(p.note !== undefined ? { note: p.note } : {}),
    ...(p.refundIds.length ? { refund_ids: [...p.refundIds] } : {}),
    receipt_number: p.id.slice(0, 4),
    receipt_url: `https://squareup.com/receipt/preview/${p.id}`,
    version_token: `v${p.updatedAt}`,
  };
}

/** @example refundWire(refund).status // 'PENDING' */
export function refundWire(r: RefundRec) {
  return {
    id: r.id,
    status: r.status,
    location_id: r.locationId,
    amount_money: money(r.amountCents),
    payment_id: r.paymentId,
    ...(r.orderId ? { order_id: r.orderId } : {}),
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
  };
}
