import { defineSimulator, type SimulatorDefinition } from '../core/define-simulator.js';
import type { Exchange } from '../core/pipeline.js';
import { hash53 } from '../../world/rng.js';
import { storefrontSettings } from './config.js';
import { storefrontExchange } from './exchange.js';
import { storefrontCredentials } from './credentials.js';
import { INVALID_TOKEN_MESSAGE, shopifyErrors } from './errors.js';
import { placeOrder } from './orders.js';
import { graphqlRoutes } from './routes/graphql.js';
import { API_VERSION } from './schema.js';
import { createStorefrontState, type StorefrontState } from './state.js';
import {
  SHOPIFY_RETRY_SCHEDULE_MS,
  SHOPIFY_WEBHOOK_TIMEOUT_MS,
  storefrontWebhookSigner,
} from './webhooks.js';

export type { StorefrontState } from './state.js';
export { storefrontCredentials } from './credentials.js';
export { placeOrder as placeStorefrontOrder } from './orders.js';

/**
 * The storefront simulator in the Shopify Admin GraphQL API dialect, version 2025-01
 * (docs/dialects/storefront.md): one GraphQL endpoint behind `X-Shopify-Access-Token`, a schema
 * for orders, products and variants, inventory and fulfillment orders, calculated query cost on
 * a leaky bucket, and HMAC-signed webhooks. Demand channel `storefront-order` places world-seeded
 * checkouts at the variants' current prices.
 */

/**
 * The business identity of a GraphQL call for fault decisions: its exact body, so a retry of the
 * same query or mutation shares a key (every call goes to the one path).
 */
function logicalKey(ex: Exchange<StorefrontState>): string | undefined {
  if (ex.operation !== 'graphql') return undefined;
  return `graphql:${hash53(ex.req.rawBody).toString(36)}`;
}

export const storefrontSimulator: SimulatorDefinition<StorefrontState, 'storefront'> =
  defineSimulator({
    name: 'storefront',
    dialect: 'shopify-admin',
    label: 'Storefront · Shopify',
    color: '#5c940d',
    portOffset: 5,
    readExchange: storefrontExchange,
    sendsWebhooks: true,
    sellsAtListedPrice: true,
    settings: storefrontSettings,
    scenarioDemand: { storefront: { channel: 'storefront-order' } },
    // The bucket restores per wall second: at speed N a run pushes N times the demand through it.
    scaleQuotas: (settings, speed) =>
      settings.restoreRate === undefined
        ? {
            ...settings,
            restoreRate:
              (settings.plan === 'plus'
                ? 1000
                : settings.plan === 'advanced'
                  ? 200
                  : settings.plan === 'enterprise'
                    ? 2000
                    : 100) * speed,
          }
        : { ...settings },
    errors: shopifyErrors,
    createState: (ctx) => createStorefrontState(ctx),
    // https://shopify.dev/docs/api/admin-graphql#authentication: the access token in a header.
    authenticate: (req, ctx) =>
      req.headers['x-shopify-access-token'] === storefrontCredentials(ctx.world).accessToken
        ? { credential: 'storefront-app' }
        : shopifyErrors.error(401, INVALID_TOKEN_MESSAGE),
    logicalKey,
    routes: [...graphqlRoutes],
    demand: { 'storefront-order': (ctx, index) => placeOrder(ctx, index) },
    webhookSigner: (world) => storefrontWebhookSigner(world),
    webhookDelivery: {
      retryScheduleMs: SHOPIFY_RETRY_SCHEDULE_MS,
      timeoutMs: SHOPIFY_WEBHOOK_TIMEOUT_MS,
    },
    credentials: (world) => ({ ...storefrontCredentials(world), apiVersion: API_VERSION }),
    env: (baseUrl, world) => {
      const c = storefrontCredentials(world);
      return {
        OMNICHAOS_STOREFRONT_ACCESS_TOKEN: c.accessToken,
        OMNICHAOS_STOREFRONT_API_SECRET: c.apiSecretKey,
        OMNICHAOS_STOREFRONT_SHOP_DOMAIN: c.shopDomain,
        OMNICHAOS_STOREFRONT_API_VERSION: API_VERSION,
        OMNICHAOS_STOREFRONT_GRAPHQL_URL: `${baseUrl.replace(/\/$/, '')}/admin/api/${API_VERSION}/graphql.json`,
      };
    },
  });
