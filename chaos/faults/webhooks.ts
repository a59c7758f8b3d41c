import { z } from 'zod';
import { defineFault } from '../fault.js';

/** The same delivery arrives `copies` extra times: receivers must de-duplicate on the event id. */
export const webhookDuplicate = defineFault({
  type: 'webhook-duplicate',
  summary: 'deliver a webhook more than once (same event id)',
  params: z.object({ copies: z.number().int().min(1).max(10).default(1) }).strict(),
  onDelivery: (call) => ({ kind: 'duplicate', faultId: call.rule.id, copies: call.params.copies }),
});

/** Hold a delivery back by a seeded random amount so later events overtake it. */
export const webhookReorder = defineFault({
  type: 'webhook-reorder',
  summary: 'hold deliveries back by a random delay so later events arrive first',
  params: z.object({ maxDelayMs: z.number().positive().default(60_000) }).strict(),
  onDelivery: (call) => ({
    kind: 'delay',
    faultId: call.rule.id,
    scenarioMs: Math.round(call.rng.next() * call.params.maxDelayMs),
  }),
});

/** Deliver late by a fixed scenario delay. */
export const webhookDelay = defineFault({
  type: 'webhook-delay',
  summary: 'deliver webhooks late by delayMs of scenario time',
  params: z.object({ delayMs: z.number().positive().default(300_000) }).strict(),
  onDelivery: (call) => ({ kind: 'delay', faultId: call.rule.id, scenarioMs: call.params.delayMs }),
});

/** The delivery is lost; the vendor believes it was sent (no retry). Polling must catch up. */
export const webhookDrop = defineFault({
  type: 'webhook-drop',
  summary: 'lose a webhook delivery without retry',
  params: z.object({}).strict(),
  onDelivery: (call) => ({ kind: 'drop', faultId: call.rule.id }),
});
