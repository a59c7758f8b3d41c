import { createHmac } from 'node:crypto';
import type { SimulatorContext } from '../core/define-simulator.js';
import type { WebhookSigner } from '../core/outbox.js';
import type { World } from '../../world/index.js';
import { hash53 } from '../../world/rng.js';
import { storefrontCredentials } from './credentials.js';
import { numericId } from './ids.js';
import { API_VERSION } from './schema.js';
import type { FulfillmentRec, OrderRec, StorefrontState } from './state.js';
import { centsToDecimal } from './schema.js';
import { restTime } from './time.js';

/**
 * Shopify webhooks over HTTPS (docs/dialects/storefront.md):
 * - `X-Shopify-Hmac-Sha256` = base64 HMAC-SHA256 of the raw body keyed with the app's client
 *   secret (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries);
 * - `X-Shopify-Topic`, `X-Shopify-Shop-Domain`, `X-Shopify-API-Version`, `X-Shopify-Webhook-Id`,
 *   `X-Shopify-Event-Id` and `X-Shopify-Triggered-At`; the event id is what tells a duplicate
 *   (https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates);
 * - at least once: 8 retries over 4 hours on an exponential schedule, with the original payload
 *   (https://shopify.dev/changelog/updates-to-webhook-retry-mechanism), 5 s to answer.
 * Payloads are the REST representation of the resource at the API version (GUESS: the subset of
 * fields listed in the dialect page).
 */
export type StorefrontTopic =
  'orders/create' | 'orders/updated' | 'inventory_levels/update' | 'fulfillments/create';

/**
 * GUESS: the exponential schedule's steps. Shopify publishes "8 retries over 4 hours" only;
 * doubling from one minute (1, 2, 4 … 64 minutes, then 112) adds up to just under 4 hours.
 */
export const SHOPIFY_RETRY_SCHEDULE_MS = [1, 2, 4, 8, 16, 32, 64, 112].map((m) => m * 60_000);

/** Five seconds to answer, including the one-second connect. */
export const SHOPIFY_WEBHOOK_TIMEOUT_MS = 5_000;

/** A UUID-shaped id from a hash (Shopify's webhook and event ids are UUIDs). */
function uuidFrom(text: string): string {
  const a = hash53(text, 1).toString(16).padStart(14, '0');
  const b = hash53(text, 2).toString(16).padStart(14, '0');
  const h = (a + b).slice(0, 28).padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** @example shopifyHmac('secret', '{}') // base64 HMAC-SHA256 */
export function shopifyHmac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

/**
 * The signer. Shopify signs no timestamp, so a `stale-timestamp` forgery cannot be expressed.
 *
 * @example storefrontWebhookSigner(world)(message, 1, clock)['x-shopify-hmac-sha256']
 */
export function storefrontWebhookSigner(world: World): WebhookSigner {
  const creds = storefrontCredentials(world);
  return (message, _attempt, _clock, forgery) => {
    if (forgery?.variant === 'stale-timestamp') return undefined;
    const hmac =
      forgery?.variant === 'wrong-secret'
        ? shopifyHmac(forgery.secret, message.body)
        : forgery?.variant === 'bad-signature'
          ? shopifyHmac(creds.apiSecretKey, `${message.body}\n`)
          : shopifyHmac(creds.apiSecretKey, message.body);
    return {
      'content-type': 'application/json',
      ...(forgery?.variant === 'unsigned' ? {} : { 'x-shopify-hmac-sha256': hmac }),
      'x-shopify-topic': message.topic,
      'x-shopify-shop-domain': creds.shopDomain,
      'x-shopify-api-version': API_VERSION,
      'x-shopify-webhook-id': message.id,
      'x-shopify-event-id': uuidFrom(`event:${message.id}`),
      'x-shopify-triggered-at': new Date(message.createdAt).toISOString(),
      'user-agent': 'Shopify-Captain-Hook',
    };
  };
}

type Ctx = SimulatorContext<StorefrontState>;

/** Queue one webhook; its id is a UUID from the seed and a counter, stable across retries. */
export function emit(ctx: Ctx, topic: StorefrontTopic, payload: unknown): void {
  const seq = ++ctx.state.eventSeq;
  ctx.outbox.enqueue(topic, payload, { id: uuidFrom(`${ctx.world.seed}:storefront:${seq}`) });
}

export function orderPayload(state: StorefrontState, o: OrderRec): Record<string, unknown> {
  const total = o.lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0);
  const fulfilled = o.lines.reduce((s, l) => s + l.fulfilled, 0);
  const units = o.lines.reduce((s, l) => s + l.quantity, 0);
  return {
    id: o.id,
    admin_graphql_api_id: `gid://shopify/Order/${o.id}`,
    name: o.name,
    order_number: 1000 + o.seq,
    created_at: restTime(o.createdMs),
    updated_at: restTime(o.updatedMs),
    processed_at: restTime(o.createdMs),
    currency: 'USD',
    total_price: centsToDecimal(total),
    subtotal_price: centsToDecimal(total),
    financial_status: 'paid',
    fulfillment_status: fulfilled === 0 ? null : fulfilled >= units ? 'fulfilled' : 'partial',
    line_items: o.lines.map((l) => ({
      id: l.id,
      admin_graphql_api_id: `gid://shopify/LineItem/${l.id}`,
      sku: l.sku,
      title: l.title,
      name: l.title,
      quantity: l.quantity,
      price: centsToDecimal(l.unitPriceCents),
      variant_id: numericId(state, 'variant', l.skuIndex),
      fulfillable_quantity: l.quantity - l.fulfilled,
      fulfillment_status: l.fulfilled >= l.quantity ? 'fulfilled' : null,
    })),
  };
}

export function fulfillmentPayload(
  state: StorefrontState,
  o: OrderRec,
  f: FulfillmentRec,
): Record<string, unknown> {
  return {
    id: f.id,
    admin_graphql_api_id: `gid://shopify/Fulfillment/${f.id}`,
    order_id: o.id,
    name: `${o.name}.${o.fulfillments.indexOf(f) + 1}`,
    status: 'success',
    created_at: restTime(f.createdMs),
    updated_at: restTime(f.createdMs),
    tracking_company: f.trackingCompany,
    tracking_number: f.trackingNumber,
    tracking_numbers: f.trackingNumber ? [f.trackingNumber] : [],
    tracking_url: f.trackingUrl,
    tracking_urls: f.trackingUrl ? [f.trackingUrl] : [],
    line_items: f.lines.map((fl) => {
      const l = o.lines.find((x) => x.id === fl.lineId)!;
      return {
        id: l.id,
        sku: l.sku,
        quantity: fl.quantity,
        variant_id: numericId(state, 'variant', l.skuIndex),
      };
    }),
  };
}
