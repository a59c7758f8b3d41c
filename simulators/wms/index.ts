import { defineSimulator, type SimulatorDefinition } from '../core/define-simulator.js';
import type { Exchange } from '../core/pipeline.js';
import { shipbobErrors } from './errors.js';
import { adjustStock } from './inventory.js';
import { floorJob } from './lifecycle.js';
import { shipbobLimiter } from './limiter.js';
import { channelRoutes, inventoryRoutes } from './routes/inventory.js';
import { orderRoutes } from './routes/orders.js';
import { shipmentRoutes } from './routes/shipments.js';
import { createWmsState, type WmsState } from './state.js';
import { shipbobWebhookSigner } from './webhooks.js';
import { wmsExchange } from './exchange.js';

export type { WmsState } from './state.js';
export { isShipBobError } from './errors.js';

/**
 * The WMS simulator in the ShipBob Developer API dialect (docs/dialects/wms.md, paths under `/2026-01`).
 * Orders commit stock or go to Exception, move through the floor on the scenario clock and ship
 * with a tracking number; webhooks are Standard-Webhooks signed. Demand channel
 * `wms-adjustment` writes off seeded stock (damage / cycle count) so oversell can happen.
 */

/** A create's business identity is its reference_id, so retries of one order share a key. */
function logicalKey(ex: Exchange<WmsState>): string | undefined {
  if (ex.operation !== 'order.create' || !ex.req.rawBody.includes('reference_id')) return undefined;
  try {
    const ref = (JSON.parse(ex.req.rawBody) as { reference_id?: unknown }).reference_id;
    if (typeof ref === 'string') return `order.create:${ref}`;
  } catch {
    // malformed JSON: the handler answers it; fall back to the default key
  }
  return undefined;
}

/**
 * @example startSimulators({ seed: 42, port: 0, simulators: [wmsSimulator] })
 */
export const wmsSimulator: SimulatorDefinition<WmsState, 'wms'> = defineSimulator({
  name: 'wms',
  dialect: 'shipbob',
  label: 'WMS · ShipBob',
  color: '#2b8a3e',
  portOffset: 3,
  readExchange: wmsExchange,
  sendsWebhooks: true,
  // Stock write-offs at the warehouse (damage, cycle counts): units leave without an order.
  scenarioDemand: { adjustments: { channel: 'wms-adjustment' } },
  // ShipBob: 150 requests per minute per token (docs/dialects/wms.md).
  scaleQuotas: (settings, speed) =>
    settings.rateLimit === undefined
      ? { ...settings, rateLimit: { limit: Math.round(150 * speed), windowMs: 60_000 } }
      : { ...settings },
  errors: shipbobErrors,
  createState: (ctx) => createWmsState(ctx),
  sizes: (s) => ({
    orders: s.orders.size,
    shipments: s.shipments.size,
    references: s.orderByReference.size,
  }),
  authenticate: (req, ctx) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token && token === ctx.world.credentials.wms.token) return { credential: 'wms-token' };
    // GUESS: ShipBob's 401 body; ASP.NET answers ProblemDetails.
    return shipbobErrors.error(401, 'Authorization has been denied for this request.');
  },
  limiter: shipbobLimiter,
  logicalKey,
  routes: [...orderRoutes, ...shipmentRoutes, ...inventoryRoutes, ...channelRoutes],
  lifecycle: [floorJob],
  demand: { 'wms-adjustment': (ctx, index) => adjustStock(ctx, index) },
  webhookSigner: (world) => shipbobWebhookSigner(world),
  credentials: (world) => ({ ...world.credentials.wms }),
  env: (_url, world) => ({
    OMNICHAOS_WMS_TOKEN: world.credentials.wms.token,
    OMNICHAOS_WMS_WEBHOOK_SECRET: world.credentials.wms.webhookSecret,
  }),
});
