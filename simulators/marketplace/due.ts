import type { DueJob, MarketplaceState } from './state.js';

/**
 * A queue of work that falls due on the scenario clock (Pending orders clearing, delayed listing
 * patches, feeds moving through their states). It lives in state, not in clock timers, so a
 * reset forgets it with everything else; settle.ts runs what is due.
 */
type WithoutSeq<T> = T extends unknown ? Omit<T, 'seq'> : never;

/**
 * Queue a job, keeping the queue sorted by (atMs, seq) so equal times run in the order queued.
 *
 * @example schedule(ctx, { kind: 'order-unshipped', atMs: now + 60_000, orderId })
 */
export function schedule(ctx: { state: MarketplaceState }, job: WithoutSeq<DueJob>): void {
  const due = ctx.state.due;
  const entry = { ...job, seq: ++ctx.state.dueSeq } as DueJob;
  // Jobs mostly arrive in time order (now + a fixed delay), so scan from the end.
  let i = due.length;
  while (i > 0 && due[i - 1]!.atMs > entry.atMs) i--;
  due.splice(i, 0, entry);
}

/**
 * Remove and return the earliest job due at or before `nowMs`, if any.
 *
 * @example takeDue(state, clock.now())?.kind // 'feed-done'
 */
export function takeDue(state: MarketplaceState, nowMs: number): DueJob | undefined {
  const head = state.due[0];
  if (!head || head.atMs > nowMs) return undefined;
  return state.due.shift();
}
