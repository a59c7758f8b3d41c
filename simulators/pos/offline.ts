import type { SimulatorContext } from '../core/define-simulator.js';
import { emitOrderUpdated } from './orders.js';
import { announceRefund, linkRefund } from './refunds.js';
import { resolveLocation, type OfflineBacklog, type PosState } from './state.js';
import { applyMoves, emitCounts } from './stock.js';
import { emit } from './webhooks.js';
import { iso } from './wire.js';
import { paymentWire } from './wire-payments.js';
import { ev } from '../../journal/events.js';

/**
 * Stores that lose their network (docs/architecture.md, "offline mode" in Square's SearchOrders docs):
 * sales stay on the till — not in the API, not webhooked — and are uploaded the moment the store
 * is back, keeping their ORIGINAL `created_at` with a NEW `updated_at` (the upload time). A
 * target that polls by `created_at` windows misses them; one that polls by `updated_at` does not.
 */
type Ctx = SimulatorContext<PosState>;

/**
 * Take a store (Square location id or world store id `ST-001`) off or back on line. Coming back
 * uploads its backlog at once. Throws for an unknown store.
 *
 * @example await setStoreOffline(ctx, 'ST-001', true)
 */
export function setStoreOffline(ctx: Ctx, locationId: string, offline: boolean): void {
  const id = resolveLocation(ctx.state, locationId);
  if (!id)
    throw new Error(
      `[omnichaos:pos] setStoreOffline: unknown store "${locationId}"; use a Square location id or a world store id like ST-001`,
    );
  const storeId = ctx.state.storeBySquareId.get(id)!.id;
  const backlog = ctx.state.offline.get(id);
  if (offline) {
    if (backlog) return;
    ctx.state.offline.set(id, { orderIds: [], refundIds: [], stock: [] });
    ctx.journal.append(ev.storeOffline({ sys: 'pos', locationId: id, storeId }));
    return;
  }
  if (!backlog) return;
  ctx.state.offline.delete(id);
  upload(ctx, backlog);
  ctx.journal.append(
    ev.storeOnline({
      sys: 'pos',
      locationId: id,
      storeId,
      uploadedSales: backlog.orderIds.length,
      uploadedRefunds: backlog.refundIds.length,
    }),
  );
}

/** Is this store (either id) offline right now? */
export function isStoreOffline(state: PosState, locationId: string): boolean {
  const id = resolveLocation(state, locationId);
  return id !== undefined && state.offline.has(id);
}

function upload(ctx: Ctx, backlog: OfflineBacklog): void {
  const now = ctx.clock.now();
  for (const orderId of backlog.orderIds) {
    const order = ctx.state.orders.get(orderId)!;
    order.hidden = false;
    order.updatedAt = now;
    for (const pid of order.paymentIds) {
      const p = ctx.state.payments.get(pid)!;
      p.hidden = false;
      p.updatedAt = now;
      emit(ctx, 'payment.created', 'payment', p.id, { payment: paymentWire(p) });
    }
    emitOrderUpdated(ctx, order);
    ctx.journal.append(
      ev.storeSaleUploaded({
        sys: 'pos',
        saleId: orderId,
        locationId: order.locationId,
        completedAt: iso(order.createdAt),
        uploadedAt: iso(now),
      }),
    );
  }
  for (const refundId of backlog.refundIds) {
    const r = ctx.state.refunds.get(refundId)!;
    r.hidden = false;
    r.updatedAt = now;
    linkRefund(ctx, r);
    announceRefund(ctx, r);
  }
  // Stock moves carry the till's times: Square orders inventory changes by occurred_at.
  emitCounts(ctx, applyMoves(ctx, backlog.stock));
}

/**
 * The `store-offline` switch the chaos engine flips (chaos/faults/store-offline.ts):
 * `params.stores` lists store ids (`ST-001`) or Square location ids; absent means every store.
 *
 * @example await storeOfflineSwitch(ctx, true, { stores: ['ST-001'] })
 */
export function storeOfflineSwitch(ctx: Ctx, on: boolean, params: Record<string, unknown>): void {
  const wanted = Array.isArray(params.stores)
    ? params.stores.filter((s): s is string => typeof s === 'string')
    : ctx.state.stores.map((s) => s.squareId);
  for (const store of wanted) {
    if (resolveLocation(ctx.state, store)) setStoreOffline(ctx, store, on);
    else ctx.journal.append(ev.storeSwitchIgnored({ sys: 'pos', store, reason: 'unknown store' }));
  }
}
