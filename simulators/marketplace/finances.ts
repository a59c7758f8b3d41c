import type { SimulatorContext } from '../core/define-simulator.js';
import { ev } from '../../journal/events.js';
import { hash53, streamFor } from '../../world/rng.js';
import { schedule } from './due.js';
import type { MarketplaceState, OrderRec, ShipmentRec } from './state.js';

/**
 * Settlements in domain terms (docs/dialects/marketplace.md#finances): the seller's account
 * moves in settlement periods (Finances v0 "financial event groups"). Shipping an order posts a
 * shipment event (its item charges less Amazon's fees), a refund posts a refund event, the
 * scenario schedules account adjustments. Each event is released into the group that is open at
 * its release, a seeded delay after it happened ("Orders from the last 48 hours might not be
 * included in financial events": financesV0.json); a late event therefore lands in a later group
 * than its posted date. At the end of a period the group closes: a positive balance is paid out
 * (fund transfer initiated, then succeeded), a zero or negative one is carried into the next
 * group as its beginning balance. Wire shapes are in wire-finances.ts.
 */
type Ctx = SimulatorContext<MarketplaceState>;

export type FinanceEventKind = 'shipment' | 'refund' | 'adjustment';

/** A charge or fee line of one item, signed cents from the seller's side. */
export interface AmountLine {
  type: string;
  cents: number;
}

export interface FinanceItem {
  orderItemId: string;
  sku: string;
  quantity: number;
  charges: AmountLine[];
  fees: AmountLine[];
  /** Refunds: the id Amazon gives the adjusted item. */
  adjustmentItemId?: string;
}

export interface FinanceEventRec {
  id: string;
  kind: FinanceEventKind;
  orderId?: string;
  /** When it happened (PostedDate), scenario ms. */
  postedMs: number;
  /** When it is released into a group (visible through the API). */
  releaseMs: number;
  /** Release order: the paging key. Set at release. */
  releaseSeq?: number;
  groupId?: string;
  items: FinanceItem[];
  adjustment?: { type: string; cents: number };
}

export type ProcessingStatus = 'Open' | 'Closed';
export type FundTransferStatus = 'Initiated' | 'Succeeded';

export interface EventGroupRec {
  id: string;
  seq: number;
  startMs: number;
  endMs?: number;
  status: ProcessingStatus;
  beginningBalanceCents: number;
  eventIds: string[];
  transfer?: FundTransferStatus;
  transferDateMs?: number;
  traceId?: string;
}

export interface FinanceState {
  originMs: number;
  /** Oldest first; the last is the open one. */
  groups: EventGroupRec[];
  events: Map<string, FinanceEventRec>;
  eventSeq: number;
  releaseSeq: number;
  /** Orders already refunded. */
  refunded: Set<string>;
}

/**
 * The seeded fee schedule. Each SKU falls in one category, picked from the seed: its referral
 * fee (`Commission`) is a share of the item price with a $0.30 per-unit minimum, and media items
 * also pay a per-unit `FixedClosingFee`. The shares and fees follow Amazon's published Selling
 * on Amazon fee schedule for three common categories (GUESS: which SKU is which category).
 */
export const FEE_CATEGORIES = [
  { name: 'standard', referralBasisPoints: 1500, closingFeeCents: 0 },
  { name: 'electronics', referralBasisPoints: 800, closingFeeCents: 0 },
  { name: 'media', referralBasisPoints: 1500, closingFeeCents: 180 },
] as const;

/** Per-unit referral fee minimum, cents. */
export const MIN_REFERRAL_CENTS = 30;
/** Refund administration fee: 20% of the referral fee, at most $5.00 per item (fee schedule). */
export const REFUND_ADMIN_SHARE = 0.2;
export const REFUND_ADMIN_MAX_CENTS = 500;

/**
 * @example feeCategory(42, 7).name // 'standard' | 'electronics' | 'media'
 */
export function feeCategory(seed: number, skuIndex: number): (typeof FEE_CATEGORIES)[number] {
  return streamFor(seed, 'marketplace', 'fee-category', skuIndex).pick(FEE_CATEGORIES);
}

/**
 * The charges and fees of `quantity` units at `unitPriceCents` (a shipment item).
 *
 * @example shipmentAmounts(42, 3, 1999, 2) // { charges: [Principal 3998, Tax 0], fees: [Commission -600] }
 */
export function shipmentAmounts(
  seed: number,
  skuIndex: number,
  unitPriceCents: number,
  quantity: number,
): { charges: AmountLine[]; fees: AmountLine[] } {
  const cat = feeCategory(seed, skuIndex);
  const principal = unitPriceCents * quantity;
  const referral = Math.max(
    Math.round((principal * cat.referralBasisPoints) / 10_000),
    MIN_REFERRAL_CENTS * quantity,
  );
  const fees: AmountLine[] = [{ type: 'Commission', cents: -referral }];
  if (cat.closingFeeCents > 0)
    fees.push({ type: 'FixedClosingFee', cents: -cat.closingFeeCents * quantity });
  // The world's orders carry no tax (Orders v0 ItemTax is 0.00), so the Tax charge is 0 too.
  return {
    charges: [
      { type: 'Principal', cents: principal },
      { type: 'Tax', cents: 0 },
    ],
    fees,
  };
}

/** Cents of a list of lines. */
export function sumLines(lines: readonly AmountLine[]): number {
  return lines.reduce((n, l) => n + l.cents, 0);
}

/** An event's charges, fees and adjustment, signed cents. */
export function eventAmounts(e: FinanceEventRec): {
  chargesCents: number;
  feesCents: number;
  adjustmentCents: number;
  amountCents: number;
} {
  const chargesCents = e.items.reduce((n, i) => n + sumLines(i.charges), 0);
  const feesCents = e.items.reduce((n, i) => n + sumLines(i.fees), 0);
  const adjustmentCents = e.adjustment?.cents ?? 0;
  return {
    chargesCents,
    feesCents,
    adjustmentCents,
    amountCents: chargesCents + feesCents + adjustmentCents,
  };
}

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function chars(seed: number, n: number, alphabet: string, ...path: (string | number)[]): string {
  const rng = streamFor(seed, 'marketplace', ...path);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

/**
 * The `n`th event group id. GUESS: 43 alphanumerics, the shape of the ids sellers post; clients
 * treat it as opaque.
 *
 * @example eventGroupIdFor(42, 1) // 'Xq3…' (43 characters)
 */
export function eventGroupIdFor(seed: number, n: number): string {
  return chars(seed, 43, B62, 'event-group', n);
}

/** The account tail of the seller's bank account (3 digits, fixed per world). */
export function accountTailFor(seed: number): string {
  return String(hash53(`${seed}:account-tail`) % 1000).padStart(3, '0');
}

/**
 * A fresh finance state: one open group starting now.
 *
 * @example createFinanceState(42, Date.UTC(2026, 10, 1)).groups[0].status // 'Open'
 */
export function createFinanceState(seed: number, nowMs: number): FinanceState {
  return {
    originMs: nowMs,
    groups: [openGroupRec(seed, 1, nowMs, 0)],
    events: new Map(),
    eventSeq: 0,
    releaseSeq: 0,
    refunded: new Set(),
  };
}

function openGroupRec(seed: number, seq: number, startMs: number, beginning: number) {
  return {
    id: eventGroupIdFor(seed, seq),
    seq,
    startMs,
    status: 'Open' as const,
    beginningBalanceCents: beginning,
    eventIds: [],
  };
}

/**
 * Queue the first period's close and the scenario's adjustments (called once per fresh state).
 *
 * @example scheduleSettlement(state, clock.now())
 */
export function scheduleSettlement(state: MarketplaceState, nowMs: number): void {
  const ctx = { state };
  schedule(ctx, { kind: 'group-close', atMs: nowMs + state.config.settlementPeriodMs });
  state.config.adjustments.forEach((a, index) =>
    schedule(ctx, { kind: 'adjustment', atMs: nowMs + a.atMs, index }),
  );
}

/** The group open now. */
export function openGroup(state: MarketplaceState): EventGroupRec {
  return state.finance.groups.at(-1)!;
}

/** The seeded release delay of an event, 0..financesDelayMs. */
function releaseDelay(ctx: Ctx, key: string): number {
  const max = ctx.state.config.financesDelayMs;
  if (max <= 0) return 0;
  return Math.floor(streamFor(ctx.world.seed, 'marketplace', 'finance-delay', key).next() * max);
}

function addEvent(ctx: Ctx, e: Omit<FinanceEventRec, 'id' | 'releaseMs'>, key: string): void {
  const f = ctx.state.finance;
  const id = `fe-${++f.eventSeq}`;
  const rec: FinanceEventRec = { ...e, id, releaseMs: e.postedMs + releaseDelay(ctx, key) };
  f.events.set(id, rec);
  schedule(ctx, { kind: 'finance-release', atMs: rec.releaseMs, eventId: id });
}

/**
 * A confirmed package posts a shipment event; once the order is fully shipped, the seeded
 * returns draw may schedule its refund.
 *
 * @example postShipment(ctx, order, order.shipments.at(-1)!)
 */
export function postShipment(ctx: Ctx, order: OrderRec, shipment: ShipmentRec): void {
  const index = order.shipments.indexOf(shipment);
  addEvent(
    ctx,
    {
      kind: 'shipment',
      orderId: order.id,
      postedMs: ctx.clock.now(),
      items: shipment.items.map((s) => {
        const item = order.items.find((i) => i.orderItemId === s.orderItemId)!;
        return {
          orderItemId: item.orderItemId,
          sku: item.sku,
          quantity: s.quantity,
          ...shipmentAmounts(ctx.world.seed, item.skuIndex, item.unitPriceCents, s.quantity),
        };
      }),
    },
    `${order.id}#ship#${index}`,
  );
  const rate = ctx.state.config.refundRate;
  if (order.status === 'Shipped' && rate > 0) {
    const draw = streamFor(ctx.world.seed, 'marketplace', 'refund', order.id).next();
    if (draw < rate)
      schedule(ctx, {
        kind: 'order-refund',
        atMs: ctx.clock.now() + ctx.state.config.refundAfterMs,
        orderId: order.id,
      });
  }
}

/**
 * The buyer returned the order: a refund event gives back every shipped unit's charges and the
 * referral fee, less the refund administration fee (20% of the referral fee, at most $5.00 per
 * item). GUESS: the closing fee is not refunded; Amazon's order status stays Shipped.
 *
 * @example refundOrder(ctx, '113-…', job.atMs)
 */
export function refundOrder(ctx: Ctx, orderId: string, atMs: number): void {
  const order = ctx.state.orders.get(orderId);
  const f = ctx.state.finance;
  if (!order || f.refunded.has(orderId)) return;
  f.refunded.add(orderId);
  const items: FinanceItem[] = order.items
    .filter((i) => i.quantityShipped > 0)
    .map((i, line) => {
      const sold = shipmentAmounts(ctx.world.seed, i.skuIndex, i.unitPriceCents, i.quantityShipped);
      const referral = -sold.fees.find((x) => x.type === 'Commission')!.cents;
      const admin = Math.min(REFUND_ADMIN_MAX_CENTS, Math.round(referral * REFUND_ADMIN_SHARE));
      return {
        orderItemId: i.orderItemId,
        sku: i.sku,
        quantity: i.quantityShipped,
        charges: sold.charges.map((c) => ({ type: c.type, cents: -c.cents })),
        fees: [
          { type: 'Commission', cents: referral },
          { type: 'RefundCommission', cents: -admin },
        ],
        adjustmentItemId: String(hash53(`${orderId}#refund#${line}`) % 1e14).padStart(14, '0'),
      };
    });
  if (items.length === 0) return;
  addEvent(ctx, { kind: 'refund', orderId, postedMs: atMs, items }, `${orderId}#refund`);
}

/**
 * A scheduled adjustment, dated `postedBackMs` before now and released now (a back-dated one
 * lands in the open group, after the period it is dated in has closed).
 *
 * @example postAdjustment(ctx, 0, job.atMs)
 */
export function postAdjustment(ctx: Ctx, index: number, atMs: number): void {
  const spec = ctx.state.config.adjustments[index];
  if (!spec) return;
  const f = ctx.state.finance;
  const id = `fe-${++f.eventSeq}`;
  const rec: FinanceEventRec = {
    id,
    kind: 'adjustment',
    postedMs: Math.max(f.originMs, atMs - spec.postedBackMs),
    releaseMs: atMs,
    items: [],
    adjustment: { type: spec.type, cents: spec.amountCents },
  };
  f.events.set(id, rec);
  releaseEvent(ctx, id);
}

/**
 * Put a due event into the open group and journal it.
 *
 * @example releaseEvent(ctx, 'fe-3')
 */
export function releaseEvent(ctx: Ctx, eventId: string): void {
  const e = ctx.state.finance.events.get(eventId);
  if (!e || e.groupId) return;
  const group = openGroup(ctx.state);
  e.groupId = group.id;
  e.releaseSeq = ++ctx.state.finance.releaseSeq;
  group.eventIds.push(e.id);
  ctx.journal.append(
    ev.settlementEventPosted({
      sys: 'marketplace',
      groupId: group.id,
      eventId: e.id,
      kind: e.kind,
      ...(e.orderId ? { orderId: e.orderId } : {}),
      postedAt: e.postedMs,
      ...eventAmounts(e),
      ...(e.adjustment ? { detail: e.adjustment.type } : {}),
    }),
  );
}

/** The group's totals: beginning balance plus its released events. */
export function groupTotals(state: MarketplaceState, g: EventGroupRec) {
  let chargesCents = 0;
  let feesCents = 0;
  let refundsCents = 0;
  let adjustmentsCents = 0;
  for (const id of g.eventIds) {
    const e = state.finance.events.get(id)!;
    const a = eventAmounts(e);
    if (e.kind === 'refund') refundsCents += a.chargesCents;
    else chargesCents += a.chargesCents;
    feesCents += a.feesCents;
    adjustmentsCents += a.adjustmentCents;
  }
  return {
    chargesCents,
    feesCents,
    refundsCents,
    adjustmentsCents,
    netCents: g.beginningBalanceCents + chargesCents + feesCents + refundsCents + adjustmentsCents,
  };
}

/**
 * End the open period at `now` (the close job's due time): close its group, start the payout (or carry a non-positive balance
 * into the next group) and open the next group.
 *
 * @example closeGroup(ctx, job.atMs)
 */
export function closeGroup(ctx: Ctx, now: number): void {
  const state = ctx.state;
  const g = openGroup(state);
  const totals = groupTotals(state, g);
  g.status = 'Closed';
  g.endMs = now;
  const transfer = totals.netCents > 0;
  if (transfer) {
    g.transfer = 'Initiated';
    g.transferDateMs = now;
    g.traceId = chars(ctx.world.seed, 20, B62.slice(0, 36), 'trace', g.seq);
    schedule(ctx, {
      kind: 'transfer-succeeded',
      atMs: now + state.config.fundTransferMs,
      groupId: g.id,
    });
  }
  ctx.journal.append(
    ev.settlementGroupClosed({
      sys: 'marketplace',
      groupId: g.id,
      openedAt: g.startMs,
      closedAt: now,
      beginningBalanceCents: g.beginningBalanceCents,
      ...totals,
      events: g.eventIds.length,
      transfer,
    }),
  );
  if (transfer)
    ctx.journal.append(
      ev.settlementTransferUpdated({
        sys: 'marketplace',
        groupId: g.id,
        status: 'initiated',
        amountCents: totals.netCents,
        traceId: g.traceId,
      }),
    );
  state.finance.groups.push(
    openGroupRec(ctx.world.seed, g.seq + 1, now, transfer ? 0 : totals.netCents),
  );
  schedule(ctx, { kind: 'group-close', atMs: now + state.config.settlementPeriodMs });
}

/**
 * The bank has the payout.
 *
 * @example transferSucceeded(ctx, groupId)
 */
export function transferSucceeded(ctx: Ctx, groupId: string): void {
  const g = ctx.state.finance.groups.find((x) => x.id === groupId);
  if (!g || g.transfer !== 'Initiated') return;
  g.transfer = 'Succeeded';
  ctx.journal.append(
    ev.settlementTransferUpdated({
      sys: 'marketplace',
      groupId,
      status: 'succeeded',
      amountCents: groupTotals(ctx.state, g).netCents,
      traceId: g.traceId,
    }),
  );
}
