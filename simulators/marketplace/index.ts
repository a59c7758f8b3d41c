import { defineSimulator, type SimulatorDefinition } from '../core/define-simulator.js';
import type { Exchange } from '../core/pipeline.js';
import { authenticateSp } from './auth.js';
import { spErrors } from './errors.js';
import { spLimiter } from './limiter.js';
import { placeOrder } from './orders.js';
import { authRoutes } from './routes/auth.js';
import { listingRoutes } from './routes/listings.js';
import { documentRoutes } from './routes/documents.js';
import { feedRoutes } from './routes/feeds.js';
import { financeRoutes } from './routes/finances.js';
import { orderRoutes } from './routes/orders.js';
import { settleJob, settlingFirst } from './settle.js';
import { createMarketplaceState, type MarketplaceState } from './state.js';
import { marketplaceExchange } from './exchange.js';

export type { MarketplaceState } from './state.js';
export { placeOrder } from './orders.js';

/**
 * The marketplace simulator in the Amazon SP-API dialect (docs/dialects/marketplace.md): LWA tokens, Orders v0,
 * Listings Items 2021-08-01, Feeds 2021-06-30 (JSON_LISTINGS_FEED), Finances v0 (settlements), ORDER_CHANGE and
 * FEED_PROCESSING_FINISHED notifications (as HTTP POSTs), per-operation usage plans. Demand channel `marketplace-order`
 * places world orders (docs/architecture.md). Real clients work by changing the base URL and the LWA URL.
 */

/** The business identity for fault decisions: the order id or SKU in the path. */
function logicalKey(ex: Exchange<MarketplaceState>): string | undefined {
  const id =
    ex.params.orderId ??
    ex.params.sku ??
    ex.params.feedId ??
    ex.params.feedDocumentId ??
    ex.params.eventGroupId;
  return id === undefined ? undefined : `${ex.operation}:${id}`;
}

export const marketplaceSimulator: SimulatorDefinition<MarketplaceState, 'marketplace'> =
  defineSimulator({
    name: 'marketplace',
    dialect: 'amazon-sp',
    label: 'Marketplace · Amazon SP-API',
    color: '#1971c2',
    portOffset: 4,
    readExchange: marketplaceExchange,
    sendsWebhooks: true,
    sellsAtListedPrice: true,
    scenarioDemand: { marketplace: { channel: 'marketplace-order' } },
    // Usage plans are per second; rateScale multiplies every operation's rate and burst.
    scaleQuotas: (settings, speed) =>
      settings.rateScale === undefined ? { ...settings, rateScale: speed } : { ...settings },
    errors: spErrors,
    createState: (ctx) => createMarketplaceState(ctx),
    sizes: (s) => ({
      orders: s.orders.size,
      listings: s.listings.size,
      feeds: s.feeds.size,
      documents: s.documents.size,
      due: s.due.length,
      tokens: s.tokens.size,
    }),
    authenticate: (req, ctx) => authenticateSp(req, ctx),
    limiter: spLimiter,
    logicalKey,
    routes: [
      ...authRoutes,
      ...[...orderRoutes, ...listingRoutes, ...feedRoutes, ...documentRoutes, ...financeRoutes].map(
        settlingFirst,
      ),
    ],
    lifecycle: [settleJob],
    demand: { 'marketplace-order': (ctx, index) => placeOrder(ctx, index) },
    credentials: (world) => ({ ...world.credentials.marketplace }),
    env: (baseUrl, world) => ({
      OMNICHAOS_MARKETPLACE_CLIENT_ID: world.credentials.marketplace.clientId,
      OMNICHAOS_MARKETPLACE_CLIENT_SECRET: world.credentials.marketplace.clientSecret,
      OMNICHAOS_MARKETPLACE_REFRESH_TOKEN: world.credentials.marketplace.refreshToken,
      OMNICHAOS_MARKETPLACE_SELLER_ID: world.credentials.marketplace.sellerId,
      OMNICHAOS_MARKETPLACE_MARKETPLACE_ID: world.credentials.marketplace.marketplaceId,
      OMNICHAOS_MARKETPLACE_LWA_URL: `${baseUrl.replace(/\/$/, '')}/auth/o2/token`,
    }),
  });
