import type { PricedLine } from './pricing.js';
import type { OrderRec, PaymentRec, PosState, RefundRec } from './state.js';
import { cardOf } from './wire-payments.js';
import { iso, money, qty } from './wire.js';

/**
 * Orders as Square spells them (docs/dialects/pos.md Order): tenders are the order's live payments,
 * `refunds` its refunds; taxes and discounts as priced (pricing.ts); service charges are zero.
 */
function tenderOf(p: PaymentRec) {
  const type = p.sourceType === 'EXTERNAL' ? 'OTHER' : p.sourceType;
  return {
    id: p.id,
    location_id: p.locationId,
    transaction_id: p.orderId,
    created_at: iso(p.createdAt),
    amount_money: money(p.amountCents),
    ...(p.tipCents ? { tip_money: money(p.tipCents) } : {}),
    type,
    ...(p.sourceType === 'CARD'
      ? {
          card_details: {
            status: p.status === 'COMPLETED' ? 'CAPTURED' : 'AUTHORIZED',
            card: cardOf(p),
            entry_method: p.entryMethod ?? 'KEYED',
          },
        }
      : {}),
    ...(p.sourceType === 'CASH'
      ? {
          cash_details: {
            buyer_tendered_money: money(p.cashSuppliedCents ?? p.amountCents),
            change_back_money: money(
              (p.cashSuppliedCents ?? p.amountCents) - p.amountCents - p.tipCents,
            ),
          },
        }
      : {}),
    payment_id: p.id,
  };
}

/** @example orderWire(state, order).total_money.amount */
export function orderWire(state: PosState, o: OrderRec) {
  const payments = o.paymentIds
    .map((id) => state.payments.get(id)!)
    .filter((p) => p.status !== 'CANCELED' && p.status !== 'FAILED');
  const refunds = o.refundIds.map((id) => state.refunds.get(id)!);
  const tipCents = payments.reduce((a, p) => a + p.tipCents, 0);
  const paidCents = payments
    .filter((p) => p.status === 'COMPLETED')
    .reduce((a, p) => a + p.amountCents, 0);
  const zero = money(0);
  const pr = o.priced;
  const taxCents = pr?.taxCents ?? 0;
  const discountCents = pr?.discountCents ?? 0;
  return {
    ...(o.id ? { id: o.id } : {}),
    location_id: o.locationId,
    ...(o.referenceId !== undefined ? { reference_id: o.referenceId } : {}),
    ...(o.sourceName !== undefined ? { source: { name: o.sourceName } } : {}),
    ...(o.customerId !== undefined ? { customer_id: o.customerId } : {}),
    line_items: o.lines.map((l, i) => ({
      uid: l.uid,
      name: l.name,
      quantity: qty(l.quantity),
      ...(l.note !== undefined ? { note: l.note } : {}),
      ...(l.catalogObjectId
        ? { catalog_object_id: l.catalogObjectId, catalog_version: state.bornAt }
        : {}),
      ...(l.variationName ? { variation_name: l.variationName } : {}),
      item_type: 'ITEM',
      base_price_money: money(l.basePriceCents),
      variation_total_price_money: money(l.totalCents),
      gross_sales_money: money(l.totalCents),
      ...lineAdjustments(pr?.lines[i]),
      total_tax_money: money(pr?.lines[i]?.taxCents ?? 0),
      total_discount_money: money(pr?.lines[i]?.discountCents ?? 0),
      total_money: money(pr?.lines[i]?.totalCents ?? l.totalCents),
    })),
    ...(o.taxes?.length
      ? {
          taxes: o.taxes.map((t) => ({
            uid: t.uid,
            ...(t.catalogObjectId ? { catalog_object_id: t.catalogObjectId } : {}),
            ...(t.name !== undefined ? { name: t.name } : {}),
            type: t.type,
            percentage: t.percentage,
            applied_money: money(pr?.taxApplied.get(t.uid) ?? 0),
            scope: t.scope,
          })),
        }
      : {}),
    ...(o.discounts?.length
      ? {
          discounts: o.discounts.map((d) => ({
            uid: d.uid,
            ...(d.catalogObjectId ? { catalog_object_id: d.catalogObjectId } : {}),
            ...(d.name !== undefined ? { name: d.name } : {}),
            type: d.type,
            ...(d.percentage !== undefined ? { percentage: d.percentage } : {}),
            ...(d.amountCents !== undefined ? { amount_money: money(d.amountCents) } : {}),
            applied_money: money(pr?.discountApplied.get(d.uid) ?? 0),
            scope: d.scope,
          })),
        }
      : {}),
    ...(o.metadata ? { metadata: o.metadata } : {}),
    ...(payments.length ? { tenders: payments.map(tenderOf) } : {}),
    ...(refunds.length ? { refunds: refunds.map(orderRefundOf) } : {}),
    net_amounts: {
      total_money: money(o.totalCents + tipCents),
      tax_money: money(taxCents),
      discount_money: money(discountCents),
      tip_money: money(tipCents),
      service_charge_money: zero,
    },
    created_at: iso(o.createdAt),
    updated_at: iso(o.updatedAt),
    ...(o.closedAt !== undefined ? { closed_at: iso(o.closedAt) } : {}),
    state: o.state,
    ...(o.version !== undefined ? { version: o.version } : {}),
    ...(o.ticketName !== undefined ? { ticket_name: o.ticketName } : {}),
    total_money: money(o.totalCents + tipCents),
    total_tax_money: money(taxCents),
    total_discount_money: money(discountCents),
    total_tip_money: money(tipCents),
    total_service_charge_money: zero,
    net_amount_due_money: money(Math.max(0, o.totalCents - paidCents)),
  };
}

function lineAdjustments(p: PricedLine | undefined) {
  if (!p) return {};
  return {
    ...(p.taxes.length
      ? {
          applied_taxes: p.taxes.map((t) => ({
            uid: t.uid,
            tax_uid: t.taxUid,
            applied_money: money(t.cents),
          })),
        }
      : {}),
    ...(p.discounts.length
      ? {
          applied_discounts: p.discounts.map((d) => ({
            uid: d.uid,
            discount_uid: d.discountUid,
            applied_money: money(d.cents),
          })),
        }
      : {}),
  };
}

function orderRefundOf(r: RefundRec) {
  return {
    id: r.id,
    location_id: r.locationId,
    transaction_id: r.orderId,
    tender_id: r.paymentId,
    created_at: iso(r.createdAt),
    reason: r.reason ?? '',
    amount_money: money(r.amountCents),
    status: r.status === 'COMPLETED' ? 'APPROVED' : r.status,
  };
}
