import { createHmac } from 'node:crypto';
import type { SimulatorContext } from '../core/define-simulator.js';
import type { WebhookSigner } from '../core/outbox.js';
import type { World } from '../../world/index.js';
import { eventId } from './ids.js';
import type { PosState } from './state.js';
import { iso } from './wire.js';

/**
 * Square webhooks (docs/dialects/pos.md): the envelope `{ merchant_id, type, event_id, created_at,
 * data: { type, id, object } }`, signed `base64(HMAC-SHA256(signature key, notification URL +
 * body))` in `x-square-hmacsha256-signature`, which the SDK's `WebhooksHelper.verifySignature`
 * checks.
 */

/**
 * The signature Square puts in `x-square-hmacsha256-signature`.
 *
 * @example squareSignature('key', 'https://example.com/hook', '{}')
 */
export function squareSignature(key: string, url: string, body: string): string {
  return createHmac('sha256', key)
    .update(url + body)
    .digest('base64');
}

/**
 * Headers for one delivery attempt. `square-retry-number` counts retries only (0 on the first
 * delivery); `square-initial-delivery-timestamp` stays the first attempt's time across retries.
 *
 * @example const sign = squareWebhookSigner(world); sign(message, 1, clock)
 */
export function squareWebhookSigner(world: World): WebhookSigner {
  const key = world.credentials.pos.webhookSignatureKey;
  return (message, attempt, _clock, forgery) => {
    // Square signs the URL and body only: a replay carries a valid signature whatever its age,
    // so there is no stale-timestamp forgery to send (receivers de-duplicate on event_id).
    if (forgery?.variant === 'stale-timestamp') return undefined;
    const signature =
      forgery?.variant === 'wrong-secret'
        ? squareSignature(forgery.secret, message.url, message.body)
        : forgery?.variant === 'bad-signature'
          ? squareSignature(key, message.url, `${message.body}\n`)
          : squareSignature(key, message.url, message.body);
    return {
      ...(forgery?.variant === 'unsigned' ? {} : { 'x-square-hmacsha256-signature': signature }),
      // The core hands signers the world only, not the config, so this is fixed (docs/dialects/pos.md
      // allows `Production` | `Sandbox`; the test card tokens we accept are Sandbox ones).
      'square-environment': 'Sandbox',
      'square-initial-delivery-timestamp': iso(message.createdAt),
      'square-retry-number': String(attempt - 1),
      // GUESS: the reason values are undocumented; a failed earlier attempt is all we know.
      ...(attempt > 1 ? { 'square-retry-reason': 'http_error' } : {}),
      'user-agent': 'Square-Webhooks',
    };
  };
}

/**
 * Queue one Square event. `event_id` is UUID-shaped and derived from the seed and a counter, so a
 * replay sends the same ids; receivers de-duplicate on it.
 *
 * @example emit(ctx, 'payment.created', 'payment', payment.id, { payment: wire })
 */
export function emit(
  ctx: SimulatorContext<PosState>,
  type: string,
  dataType: string,
  id: string,
  object: Record<string, unknown>,
): void {
  const { state } = ctx;
  const event_id = eventId(ctx.world.seed, ++state.seq.event);
  ctx.outbox.enqueue(
    type,
    {
      merchant_id: state.merchantId,
      type,
      event_id,
      created_at: iso(ctx.clock.now()),
      data: { type: dataType, id, object },
    },
    { id: event_id },
  );
}
