import { createHmac } from 'node:crypto';
import type { SimulatorContext } from '../core/define-simulator.js';
import type { WebhookSigner } from '../core/outbox.js';
import type { World } from '../../world/index.js';
import { unitHash } from '../../world/rng.js';
import type { OrderRec, WmsState } from './state.js';
import { orderWire, shipmentWire } from './wire.js';

/**
 * ShipBob webhooks (docs/dialects/wms.md), signed the Standard Webhooks way: `webhook-id`,
 * `webhook-timestamp` (unix seconds), `webhook-signature: v1,<base64 HMAC-SHA256(key,
 * "id.timestamp.body")>` with key = base64-decoded part of `whsec_…`. Topic in `x-webhook-topic`
 * plus the legacy `shipbob-topic`. The core outbox retries until a 2xx.
 */
export type WmsTopic =
  | 'order.shipped'
  | 'order.shipment.delivered'
  | 'order.shipment.exception'
  | 'order.shipment.cancelled';

/**
 * @example standardSignature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_1', 1700000000, '{}')
 */
export function standardSignature(secret: string, id: string, ts: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64')}`;
}

/**
 * The signer. `webhook-timestamp` is the sending machine's epoch time at the attempt
 * (`clock.epochNow()`; scenario time on a virtual clock), since receivers check it against their
 * own clock with a 5-minute tolerance (Standard Webhooks).
 *
 * @example const sign = shipbobWebhookSigner(world); sign(message, 1, clock)['webhook-signature']
 */
export function shipbobWebhookSigner(world: World): WebhookSigner {
  const secret = world.credentials.wms.webhookSecret;
  const subscription = String(1_000 + Math.floor(unitHash(world.seed, 'wms-subscription') * 9_000));
  return (message, _attempt, clock, forgery) => {
    const age = forgery?.variant === 'stale-timestamp' ? forgery.ageMs : 0;
    const ts = Math.floor((clock.epochNow() - age) / 1000);
    const signature =
      forgery?.variant === 'wrong-secret'
        ? standardSignature(
            `whsec_${Buffer.from(forgery.secret).toString('base64')}`,
            message.id,
            ts,
            message.body,
          )
        : forgery?.variant === 'bad-signature'
          ? standardSignature(secret, message.id, ts, `${message.body}\n`)
          : standardSignature(secret, message.id, ts, message.body);
    return {
      'content-type': 'application/json',
      'webhook-id': message.id,
      'webhook-timestamp': String(ts),
      ...(forgery?.variant === 'unsigned' ? {} : { 'webhook-signature': signature }),
      'x-webhook-topic': message.topic,
      'shipbob-topic': message.topic,
      'shipbob-subscription-id': subscription,
      'user-agent': 'ShipBob-Webhooks',
    };
  };
}

/**
 * Queue one event. The payload is the order view for `order.shipped` and the shipment view for
 * shipment topics — GUESS: ShipBob does not publish per-topic payloads (docs/dialects/wms.md).
 * `webhook-id` is derived from the seed and a counter, stable across retries.
 *
 * @example emit(ctx, 'order.shipped', order)
 */
export function emit(ctx: SimulatorContext<WmsState>, topic: WmsTopic, o: OrderRec): void {
  const { state } = ctx;
  const seq = ++state.seq.event;
  const id = `msg_${Math.floor(unitHash(ctx.world.seed, 'wms-event', seq) * 1e12).toString(36)}${seq.toString(36)}`;
  const s = state.shipments.get(o.shipmentId)!;
  const view = topic === 'order.shipped' ? orderWire(state, o) : shipmentWire(state, o, s);
  ctx.outbox.enqueue(topic, { topic, ...view }, { id });
}
