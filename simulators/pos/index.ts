import { fraction } from '../../scenarios/number-fields.js';
import { defineSimulator, type SimulatorDefinition } from '../core/define-simulator.js';
import type { Exchange } from '../core/pipeline.js';
import { squareErrors } from './errors.js';
import { squareLimiter } from './limiter.js';
import { storeOfflineSwitch } from './offline.js';
import { catalogRoutes } from './routes/catalog.js';
import { inventoryRoutes } from './routes/inventory.js';
import { locationRoutes } from './routes/locations.js';
import { orderRoutes } from './routes/orders.js';
import { paymentRoutes } from './routes/payments.js';
import { refundRoutes } from './routes/refunds.js';
import { ringUpSale } from './sales.js';
import { createPosState, type PosState } from './state.js';
import { squareWebhookSigner } from './webhooks.js';
import { posExchange } from './exchange.js';

export { setStoreOffline, isStoreOffline } from './offline.js';
export type { PosState } from './state.js';

/**
 * The POS simulator in the Square Connect v2 dialect (docs/dialects/pos.md). Real Square clients work by
 * changing only the base URL: `new SquareClient({ token, baseUrl })`. Demand channel `pos-sale`
 * rings up world sales at their stores; the `store-offline` switch keeps a store's sales on the
 * till until it comes back (docs/architecture.md).
 */

/** The request's business identity for fault decisions: its idempotency key, else the path id. */
function logicalKey(ex: Exchange<PosState>): string | undefined {
  const raw = ex.req.rawBody;
  if (raw.includes('idempotency_key')) {
    try {
      const key = (JSON.parse(raw) as { idempotency_key?: unknown }).idempotency_key;
      if (typeof key === 'string') return `${ex.operation}:${key}`;
    } catch {
      // malformed JSON: the handler answers it; fall back to the path
    }
  }
  return undefined;
}

export const posSimulator: SimulatorDefinition<PosState, 'pos'> = defineSimulator({
  name: 'pos',
  dialect: 'square',
  label: 'POS · Square',
  color: '#5f3dc4',
  portOffset: 2,
  readExchange: posExchange,
  sendsWebhooks: true,
  scenarioDemand: {
    // returns: the share of sales refunded 2–20 scenario minutes later, 0..1; absent, the world's
    // own mix (about 5%, 10 minutes to 4 hours later)
    pos: { channel: 'pos-sale', fields: { returns: fraction().optional() } },
  },
  // Square: the simulator's default bucket, 20/s with a burst of 40 (docs/dialects/pos.md).
  scaleQuotas: (settings, speed) =>
    settings.rateLimit === undefined
      ? { ...settings, rateLimit: { ratePerSec: 20 * speed, burst: 40 } }
      : { ...settings },
  errors: squareErrors,
  createState: (ctx) => createPosState(ctx),
  sizes: (s) => ({
    orders: s.orders.size,
    payments: s.payments.size,
    refunds: s.refunds.size,
    idempotencyKeys: s.idempotency.keys.size,
    paymentKeys: s.paymentByKey.size,
    usedNonces: s.usedNonces.size,
    inventoryChanges: s.inventoryChanges.length,
  }),
  authenticate: (req, ctx) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token && token === ctx.world.credentials.pos.accessToken)
      return { credential: 'pos-merchant' };
    return squareErrors.error(401, 'This request could not be authorized.', {
      code: 'UNAUTHORIZED',
    });
  },
  limiter: squareLimiter,
  logicalKey,
  routes: [
    ...locationRoutes,
    ...catalogRoutes,
    ...orderRoutes,
    ...paymentRoutes,
    ...refundRoutes,
    ...inventoryRoutes,
  ],
  demand: { 'pos-sale': (ctx, index) => ringUpSale(ctx, index) },
  switches: { 'store-offline': (ctx, on, params) => storeOfflineSwitch(ctx, on, params) },
  webhookSigner: (world) => squareWebhookSigner(world),
  credentials: (world) => ({ ...world.credentials.pos }),
  env: (_url, world) => ({
    OMNICHAOS_POS_ACCESS_TOKEN: world.credentials.pos.accessToken,
    OMNICHAOS_POS_APPLICATION_ID: world.credentials.pos.applicationId,
    OMNICHAOS_POS_WEBHOOK_SIGNATURE_KEY: world.credentials.pos.webhookSignatureKey,
  }),
});
