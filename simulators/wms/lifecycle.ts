import type { LifecycleJob, SimulatorContext } from '../core/define-simulator.js';
import { release, shipOut, shortfall } from './inventory.js';
import { setStatus, toException } from './orders.js';
import type { OrderRec, ShipmentRec, WmsState } from './state.js';
import { trackingFor } from './tracking.js';
import { emit } from './webhooks.js';
import { ev } from '../../journal/events.js';

/**
 * The fulfillment floor on the scenario clock. Each pass moves Processing shipments along
 * AwaitingPick → Picked → Packed → Shipped (order Fulfilled, shipment Completed, tracking,
 * `order.shipped`) → Delivered (`order.shipment.delivered`), at the config's offsets from order
 * creation. At pick time the units must be on hand: an adjustment may have written them off
 * since the order was committed, and then the order goes to Exception instead (oversell).
 */
type Ctx = SimulatorContext<WmsState>;

function pick(ctx: Ctx, o: OrderRec, s: ShipmentRec, now: number): boolean {
  const missing = shortfall(ctx.state, o.lines, (st) => st.onHand);
  if (missing) {
    if (o.committed) release(ctx, o.lines);
    o.committed = false;
    toException(ctx, o, missing.reason);
    return false;
  }
  s.step = 'Picked';
  s.pickedAt = now;
  return true;
}

function ship(ctx: Ctx, o: OrderRec, s: ShipmentRec, now: number): void {
  shipOut(ctx, o.lines);
  o.committed = false;
  s.step = 'Shipped';
  s.status = 'Completed';
  s.shippedAt = now;
  s.tracking = trackingFor(ctx.world.seed, s.id, now);
  setStatus(ctx, o, 'Fulfilled');
  ctx.journal.append(
    ev.warehouseOrderShipped({
      sys: 'wms',
      orderId: String(o.id),
      sourceOrderId: o.referenceId,
      shipmentId: String(s.id),
      trackingNumber: s.tracking.trackingNumber,
      carrier: s.tracking.carrier,
    }),
  );
  emit(ctx, 'order.shipped', o);
}

/** Advance one order as far as the clock allows. */
export function advanceOrder(ctx: Ctx, o: OrderRec, now: number): void {
  const s = ctx.state.shipments.get(o.shipmentId)!;
  const { config } = ctx.state;
  const age = now - o.createdAt;
  if (o.status === 'Processing' && s.step === 'AwaitingPick' && age >= config.pickAfterMs) {
    if (!pick(ctx, o, s, now)) return;
    s.lastUpdateAt = now;
  }
  if (o.status === 'Processing' && s.step === 'Picked' && age >= config.packAfterMs) {
    s.step = 'Packed';
    s.packedAt = now;
    s.lastUpdateAt = now;
  }
  if (o.status === 'Processing' && s.step === 'Packed' && age >= config.shipAfterMs) {
    ship(ctx, o, s, now);
    s.lastUpdateAt = now;
  }
  if (s.step === 'Shipped' && age >= config.shipAfterMs + config.deliverAfterMs) {
    s.step = 'Delivered';
    s.deliveredAt = now;
    s.lastUpdateAt = now;
    ctx.journal.append(
      ev.warehouseOrderDelivered({
        sys: 'wms',
        orderId: String(o.id),
        sourceOrderId: o.referenceId,
        shipmentId: String(s.id),
      }),
    );
    emit(ctx, 'order.shipment.delivered', o);
  }
}

/**
 * One pass over the orders still moving (oldest first, so stock goes to the earliest order).
 *
 * @example advanceAll(ctx) // ships every order older than shipAfterMs
 */
export function advanceAll(ctx: Ctx): void {
  const now = ctx.clock.now();
  for (const id of [...ctx.state.active]) {
    const o = ctx.state.orders.get(id)!;
    advanceOrder(ctx, o, now);
    const s = ctx.state.shipments.get(o.shipmentId)!;
    if (o.status !== 'Processing' && !(o.status === 'Fulfilled' && s.step !== 'Delivered'))
      ctx.state.active.delete(id);
  }
}

/**
 * The lifecycle job: one pass each scenario minute, so timings are exact to the minute.
 *
 * @example runtime.start() // schedules floorJob on the scenario clock
 */
export const floorJob: LifecycleJob<WmsState> = {
  name: 'wms-floor',
  everyMs: 60_000,
  run: (ctx) => advanceAll(ctx),
};
