import type { LifecycleJob, RouteDefinition, SimulatorContext } from '../core/define-simulator.js';
import { takeDue } from './due.js';
import { finishFeed, startFeed } from './feeds.js';
import {
  closeGroup,
  postAdjustment,
  refundOrder,
  releaseEvent,
  transferSucceeded,
} from './finances.js';
import { applyPatchPlan, listingFor } from './listings.js';
import { notifyOrderChange } from './notifications.js';
import type { DueJob, MarketplaceState } from './state.js';

/**
 * Runs the work that has fallen due (due.ts): from a lifecycle job, so notifications go out on
 * time while nobody calls, and before every request, so what a caller reads is exact to the ms.
 */
type Ctx = SimulatorContext<MarketplaceState>;

function run(ctx: Ctx, job: DueJob): void {
  switch (job.kind) {
    case 'order-unshipped': {
      const order = ctx.state.orders.get(job.orderId);
      if (!order || order.status !== 'Pending') return;
      order.status = 'Unshipped';
      order.updatedMs = ctx.clock.now();
      notifyOrderChange(ctx, order, 'OrderStatusChange');
      return;
    }
    case 'listing-patch': {
      const rec = listingFor(ctx, job.sku);
      if (rec) applyPatchPlan(ctx, rec, job.plan, 'patch');
      return;
    }
    case 'feed-start':
      startFeed(ctx, job.feedId);
      return;
    case 'feed-done':
      finishFeed(ctx, job.feedId);
      return;
    case 'finance-release':
      releaseEvent(ctx, job.eventId);
      return;
    case 'group-close':
      closeGroup(ctx, job.atMs);
      return;
    case 'transfer-succeeded':
      transferSucceeded(ctx, job.groupId);
      return;
    case 'order-refund':
      refundOrder(ctx, job.orderId, job.atMs);
      return;
    case 'adjustment':
      postAdjustment(ctx, job.index, job.atMs);
  }
}

/**
 * Run every job due by now, earliest first.
 *
 * @example settleDue(ctx)
 */
export function settleDue(ctx: Ctx): void {
  const now = ctx.clock.now();
  for (let job = takeDue(ctx.state, now); job; job = takeDue(ctx.state, now)) run(ctx, job);
}

/**
 * GUESS: a 1 s scenario tick — fine enough that notifications leave within a second of the event.
 *
 * @example runtime.start() // schedules settleJob on the scenario clock
 */
export const settleJob: LifecycleJob<MarketplaceState> = {
  name: 'marketplace-due',
  everyMs: 1_000,
  run: (ctx) => settleDue(ctx),
};

/**
 * Wrap a route so due work runs before it answers.
 *
 * @example routes.map(settlingFirst)
 */
export function settlingFirst(
  def: RouteDefinition<MarketplaceState>,
): RouteDefinition<MarketplaceState> {
  return {
    ...def,
    handler: (ctx) => {
      settleDue(ctx);
      return def.handler(ctx);
    },
  };
}
