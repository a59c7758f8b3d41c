import { z } from 'zod';
import { defineFault } from '../fault.js';
import { FORGERY_VARIANTS, type Forgery } from '../../simulators/core/outbox.js';
import { visit } from './schema-drift.js';

/** The same delivery arrives `copies` extra times: receivers must de-duplicate on the event id. */
export const webhookDuplicate = defineFault({
  type: 'webhook-duplicate',
  kind: 'delivery',
  summary: 'deliver a webhook more than once (same event id)',
  params: z.object({ copies: z.number().int().min(1).max(10).default(1) }).strict(),
  onDelivery: (call) => ({ kind: 'duplicate', faultId: call.rule.id, copies: call.params.copies }),
});

/** Hold a delivery back by a seeded random amount so later events overtake it. */
export const webhookReorder = defineFault({
  type: 'webhook-reorder',
  kind: 'delivery',
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
  kind: 'delivery',
  summary: 'deliver webhooks late by delayMs of scenario time',
  params: z.object({ delayMs: z.number().positive().default(300_000) }).strict(),
  onDelivery: (call) => ({ kind: 'delay', faultId: call.rule.id, scenarioMs: call.params.delayMs }),
});

/** The delivery is lost; the vendor believes it was sent (no retry). Polling must catch up. */
export const webhookDrop = defineFault({
  type: 'webhook-drop',
  kind: 'delivery',
  summary: 'lose a webhook delivery without retry',
  params: z.object({}).strict(),
  onDelivery: (call) => ({ kind: 'drop', faultId: call.rule.id }),
});

/**
 * A delivery the vendor would never have signed arrives first: the same event id and topic, with
 * some claims replaced (`set`: dot paths, `*` for every element, each value suffixed with the
 * event id so every forgery's claims are unique) and signed one of the `variants` ways (see
 * `Forgery`). The genuine delivery follows `holdMs` later. A receiver that checks signatures
 * answers the forgery 4xx and acts on the genuine one; one that does not acts on the forged
 * claims — which the oracle finds in its writes (`webhooks.forged-accepted`).
 */
export const webhookForge = defineFault({
  type: 'webhook-forge',
  kind: 'delivery',
  summary: 'send a forged copy first (unsigned, bad signature, wrong secret or replayed timestamp)',
  params: z
    .object({
      variants: z
        .array(z.enum(FORGERY_VARIANTS))
        .min(1)
        .default([...FORGERY_VARIANTS]),
      set: z.array(z.object({ path: z.string().min(1), value: z.string() }).strict()).default([]),
      /** Twice Standard Webhooks' 5-minute tolerance. */
      ageMs: z.number().positive().default(600_000),
      holdMs: z.number().nonnegative().default(60_000),
    })
    .strict(),
  onDelivery(call) {
    // A forger sends once; the vendor's own retries of the genuine delivery stay genuine.
    if (call.attempt > 1) return { kind: 'deliver' };
    const { variants, set, ageMs, holdMs } = call.params;
    const variant = variants[Math.floor(call.rng.next() * variants.length)]!;
    const forgery: Forgery =
      variant === 'wrong-secret'
        ? { variant, secret: `forged-key-${call.rule.id}` }
        : variant === 'stale-timestamp'
          ? { variant, ageMs }
          : { variant };
    const claims: string[] = [];
    let body = call.message.body;
    if (set.length > 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined; // not JSON: the forged copy carries the genuine body
      }
      if (parsed !== undefined) {
        for (const { path, value } of set)
          visit(parsed, path.split('.'), (holder, key) => {
            const claim = `${value}-${call.message.id}`;
            holder[key] = claim;
            if (!claims.includes(claim)) claims.push(claim);
          });
        body = JSON.stringify(parsed);
      }
    }
    return { kind: 'forge', faultId: call.rule.id, forgery, body, claims, holdMs };
  },
});
