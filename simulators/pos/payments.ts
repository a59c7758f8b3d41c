import type { SimulatorContext } from '../core/define-simulator.js';
import { fail } from './errors.js';
import { objectId } from './ids.js';
import { completeOrder } from './orders.js';
import { NO_IDS, type OrderRec, type PaymentRec, type PosState, type SourceType } from './state.js';
import { emit } from './webhooks.js';
import { paymentWire } from './wire-payments.js';

/**
 * Payment rules (docs/dialects/pos.md CreatePayment): a card token, `CASH` or `EXTERNAL` source;
 * `autocomplete` (default true) captures at once; `order_id` pays that order, and an order paid
 * in full with completed payments becomes COMPLETED.
 */
type Ctx = SimulatorContext<PosState>;

/**
 * Sandbox test tokens that fail, with the code Square answers (Square's "Sandbox test values"
 * page, https://developer.squareup.com/docs/devtools/sandbox/payments). A decline still creates
 * the payment, FAILED, and the error response carries it (SDK CreatePaymentResponse: "the payment
 * field might be present with a status of FAILED"). GUESS: the HTTP status (402).
 */
const DECLINES: Record<string, [string, string]> = {
  'cnon:card-nonce-declined': ['GENERIC_DECLINE', 'Authorization error: GENERIC_DECLINE'],
  'cnon:card-nonce-rejected-cvv': ['CVV_FAILURE', 'Authorization error: CVV_FAILURE'],
  'cnon:card-nonce-rejected-postalcode': [
    'ADDRESS_VERIFICATION_FAILURE',
    'Authorization error: ADDRESS_VERIFICATION_FAILURE',
  ],
  'cnon:card-nonce-rejected-expiration': [
    'INVALID_EXPIRATION',
    'Authorization error: INVALID_EXPIRATION',
  ],
};

/**
 * Sandbox test nonces that may be used any number of times (they are test values, not tokens).
 * Every other `cnon:` nonce is single-use, as the nonces Square's payment forms produce are: a
 * second payment with one is 400 CARD_TOKEN_USED. `cnon:card-nonce-already-used` is the sandbox
 * value that always answers that error.
 */
const REUSABLE_TEST_NONCES = new Set(['cnon:card-nonce-ok', ...Object.keys(DECLINES)]);

/** The decline a sandbox token asks for, if any. */
export function declineOf(sourceId: string): [string, string] | undefined {
  return DECLINES[sourceId];
}

/**
 * Spend a card nonce: refuse one already used. Cards on file (`ccof:`) and CASH/EXTERNAL are
 * not nonces.
 *
 * @example spendNonce(state, 'cnon:abc')
 */
export function spendNonce(state: PosState, sourceId: string): void {
  if (!sourceId.startsWith('cnon:') || REUSABLE_TEST_NONCES.has(sourceId)) return;
  if (sourceId === 'cnon:card-nonce-already-used' || state.usedNonces.has(sourceId))
    fail(400, 'CARD_TOKEN_USED', 'Card nonce already used; please request new nonce.', 'source_id');
  state.usedNonces.add(sourceId);
}

/**
 * Which kind of source a `source_id` names; declines and unknown tokens throw Square's errors.
 *
 * @example sourceTypeOf('cnon:card-nonce-ok') // 'CARD'
 */
export function sourceTypeOf(sourceId: string): SourceType {
  if (sourceId === 'CASH') return 'CASH';
  if (sourceId === 'EXTERNAL') return 'EXTERNAL';
  // Card nonces (`cnon:`) and cards on file (`ccof:`); anything else is not a card Square knows.
  if (/^(cnon|ccof):[\w-]{1,200}$/.test(sourceId)) return 'CARD';
  return fail(400, 'INVALID_CARD_DATA', 'Invalid card data.', 'source_id');
}

export interface NewPayment {
  sourceType: SourceType;
  amountCents: number;
  tipCents: number;
  appFeeCents?: number;
  /** A declined card: the payment is stored FAILED with this code. */
  failure?: string;
  autocomplete: boolean;
  locationId: string;
  order?: OrderRec;
  cashSuppliedCents?: number;
  external?: { type: string; source: string };
  referenceId?: string;
  note?: string;
  customerId?: string;
  entryMethod?: 'EMV' | 'KEYED';
  hidden?: boolean;
  /** Scenario ms; default now (offline uploads keep the sale's time). */
  at?: number;
}

/** What the order still needs: its total minus every live (not canceled/failed) payment. */
export function amountDue(state: PosState, o: OrderRec): number {
  const paid = o.paymentIds
    .map((id) => state.payments.get(id)!)
    .filter((p) => p.status !== 'CANCELED' && p.status !== 'FAILED')
    .reduce((a, p) => a + p.amountCents, 0);
  return o.totalCents - paid;
}

/**
 * Store a payment and link it to its order. Emits nothing (callers decide: a till payment on an
 * offline store is not seen yet).
 *
 * @example const p = recordPayment(ctx, { sourceType: 'CASH', amountCents: 500, … })
 */
export function recordPayment(ctx: Ctx, input: NewPayment): PaymentRec {
  const at = input.at ?? ctx.clock.now();
  const p: PaymentRec = {
    id: objectId(ctx.world.seed, 'payment', ++ctx.state.seq.payment, 29),
    orderId: input.order?.id,
    locationId: input.locationId,
    amountCents: input.amountCents,
    tipCents: input.tipCents,
    ...(input.appFeeCents !== undefined ? { appFeeCents: input.appFeeCents } : {}),
    ...(input.failure ? { failure: input.failure } : {}),
    status: input.failure ? 'FAILED' : input.autocomplete ? 'COMPLETED' : 'APPROVED',
    sourceType: input.sourceType,
    entryMethod: input.sourceType === 'CARD' ? (input.entryMethod ?? 'KEYED') : undefined,
    cashSuppliedCents: input.cashSuppliedCents,
    external: input.external,
    createdAt: at,
    updatedAt: at,
    refundedCents: 0,
    refundIds: NO_IDS,
    referenceId: input.referenceId,
    note: input.note,
    customerId: input.customerId,
    hidden: input.hidden ?? false,
  };
  ctx.state.payments.set(p.id, p);
  if (input.order) input.order.paymentIds = [...input.order.paymentIds, p.id];
  return p;
}

/** Complete the order once completed payments cover it. */
export function settleOrder(ctx: Ctx, o: OrderRec): void {
  if (o.state !== 'OPEN') return;
  const completed = o.paymentIds
    .map((id) => ctx.state.payments.get(id)!)
    .filter((p) => p.status === 'COMPLETED')
    .reduce((a, p) => a + p.amountCents, 0);
  if (completed >= o.totalCents) completeOrder(ctx, o);
}

/**
 * CreatePayment through the API: store, send `payment.created`, complete the order if paid.
 *
 * @example createPayment(ctx, { sourceType: 'CARD', amountCents: 1999, tipCents: 0, autocomplete: true, locationId })
 */
export function createPayment(ctx: Ctx, input: NewPayment): PaymentRec {
  const p = recordPayment(ctx, input);
  emit(ctx, 'payment.created', 'payment', p.id, { payment: paymentWire(p) });
  if (input.order && !input.failure) settleOrder(ctx, input.order);
  return p;
}

/**
 * CompletePayment / CancelPayment on an APPROVED payment. GUESS: any other status is a 400
 * BAD_REQUEST (Square's exact code for this is not in the fact sheet).
 *
 * @example finishPayment(ctx, payment, 'COMPLETED')
 */
export function finishPayment(ctx: Ctx, p: PaymentRec, to: 'COMPLETED' | 'CANCELED'): void {
  if (p.status === to) return;
  if (p.status !== 'APPROVED')
    fail(
      400,
      'BAD_REQUEST',
      `Payment \`${p.id}\` is ${p.status} and cannot be ${to.toLowerCase()}.`,
    );
  p.status = to;
  p.updatedAt = ctx.clock.now();
  emit(ctx, 'payment.updated', 'payment', p.id, { payment: paymentWire(p) });
  const order = p.orderId ? ctx.state.orders.get(p.orderId) : undefined;
  if (order && to === 'COMPLETED') settleOrder(ctx, order);
}
