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

/**
 * @example orderWire(state, order).total_money.amount
 *
 * Built by assignment in Square's key order rather than with conditional spreads: this runs for
 * every CreateOrder answer, and each `...(c ? {…} : {})` made and copied an object.
 */
export function orderWire(state: PosState, o: OrderRec) {
  const payments: PaymentRec[] = [];
  for (const id of o.paymentIds) {
    const p = state.payments.get(id)!;
    if (p.status !== 'CANCELED' && p.status !== 'FAILED') payments.push(p);
  }
  let tipCents = 0;
  let paidCents = 0;
  for (const p of payments) {
    tipCents += p.tipCents;
    if (p.status === 'COMPLETED') paidCents += p.amountCents;
  }
  const zero = money(0);
  const pr = o.priced;
  const taxCents = pr?.taxCents ?? 0;
  const discountCents = pr?.discountCents ?? 0;
  const w: Record<string, unknown> = {};
  if (o.id) w.id = o.id;
  w.location_id = o.locationId;
  if (o.referenceId !== undefined) w.reference_id = o.referenceId;
  if (o.sourceName !== undefined) w.source = { name: o.sourceName };
  if (o.customerId !== undefined) w.customer_id = o.customerId;
  w.line_items = o.lines.map((l, i) => lineWire(state, l, pr?.lines[i]));
  if (o.taxes?.length)
    w.taxes = o.taxes.map((t) => ({
      uid: t.uid,
      ...(t.catalogObjectId ? { catalog_object_id: t.catalogObjectId } : {}),
      ...(t.name !== undefined ? { name: t.name } : {}),
      type: t.type,
      percentage: t.percentage,
      applied_money: money(pr?.taxApplied.get(t.uid) ?? 0),
      scope: t.scope,
    }));
  if (o.discounts?.length)
    w.discounts = o.discounts.map((d) => ({
      uid: d.uid,
      ...(d.catalogObjectId ? { catalog_object_id: d.catalogObjectId } : {}),
      ...(d.name !== undefined ? { name: d.name } : {}),
      type: d.type,
      ...(d.percentage !== undefined ? { percentage: d.percentage } : {}),
      ...(d.amountCents !== undefined ? { amount_money: money(d.amountCents) } : {}),
      applied_money: money(pr?.discountApplied.get(d.uid) ?? 0),
      scope: d.scope,
    }));
  if (o.metadata) w.metadata = o.metadata;
  if (payments.length) w.tenders = payments.map(tenderOf);
  if (o.refundIds.length)
    w.refunds = o.refundIds.map((id) => orderRefundOf(state.refunds.get(id)!));
  w.net_amounts = {
    total_money: money(o.totalCents + tipCents),
    tax_money: money(taxCents),
    discount_money: money(discountCents),
    tip_money: money(tipCents),
    service_charge_money: zero,
  };
  w.created_at = iso(o.createdAt);
  w.updated_at = iso(o.updatedAt);
  if (o.closedAt !== undefined) w.closed_at = iso(o.closedAt);
  w.state = o.state;
  if (o.version !== undefined) w.version = o.version;
  if (o.ticketName !== undefined) w.ticket_name = o.ticketName;
  w.total_money = money(o.totalCents + tipCents);
  w.total_tax_money = money(taxCents);
  w.total_discount_money = money(discountCents);
  w.total_tip_money = money(tipCents);
  w.total_service_charge_money = zero;
  w.net_amount_due_money = money(Math.max(0, o.totalCents - paidCents));
  return w;
}

/** One line item, keys in Square's order. */
function lineWire(state: PosState, l: OrderRec['lines'][number], p: PricedLine | undefined) {
  const w: Record<string, unknown> = { uid: l.uid, name: l.name, quantity: qty(l.quantity) };
  if (l.note !== undefined) w.note = l.note;
  if (l.catalogObjectId) {
    w.catalog_object_id = l.catalogObjectId;
    w.catalog_version = state.bornAt;
  }
  if (l.variationName) w.variation_name = l.variationName;
  w.item_type = 'ITEM';
  w.base_price_money = money(l.basePriceCents);
  w.variation_total_price_money = money(l.totalCents);
  w.gross_sales_money = money(l.totalCents);
  if (p) Object.assign(w, lineAdjustments(p));
  w.total_tax_money = money(p?.taxCents ?? 0);
  w.total_discount_money = money(p?.discountCents ?? 0);
  w.total_money = money(p?.totalCents ?? l.totalCents);
  return w;
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
