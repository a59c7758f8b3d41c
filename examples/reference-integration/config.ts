/**
 * The reference integration is configured only by the runner's env vars (README "target
 * contract"), plus `PORT`, `STATE_DIR` and `DEFECTS`.
 */

/** Realistic mistakes, each switched on alone by `DEFECTS=a,b` to prove the oracle catches it. */
export const DEFECTS = [
  'no-idempotency',
  'ignore-retry-after',
  'retry-storm',
  'no-circuit-breaker',
  'created-after-polling',
  'no-webhook-dedupe',
  'drop-on-5xx',
  'stale-inventory',
  'publishes-on-hand',
  'no-client-timeouts',
  'skips-signature-checks',
  'fresh-id-retries',
  'confirms-shipment-early',
  'books-gross',
  'double-books-settlement',
  'drops-late-adjustments',
  'skips-erp-fulfillment',
  'no-rate-pacing',
  'slow-retry-sweep',
  'books-payouts-next-period',
  'fresh-wms-reference-retries',
  'hourly-price-sync',
  'ignores-throttle-status',
  'one-variant-per-call',
  'no-promotion-end',
  'batches-store-sales',
  'batches-tracking-uploads',
  'books-sales-per-webhook',
  'skips-storefront-hmac',
  'no-storefront-reconciliation',
  'no-storefront-stock',
] as const;
export type Defect = (typeof DEFECTS)[number];

export interface Config {
  port: number;
  stateDir: string;
  defects: ReadonlySet<Defect>;
  /** Wall ms between polls of a channel. */
  pollMs: number;
  /** Scenario seconds per wall second (`OMNICHAOS_SPEED`), and whose clock we read. */
  speed: number;
  targetClock: 'scenario' | 'wall';
  erp?: {
    url: string;
    account: string;
    consumerKey: string;
    consumerSecret: string;
    tokenId: string;
    tokenSecret: string;
  };
  pos?: { url: string; token: string; webhookSignatureKey?: string };
  marketplace?: {
    url: string;
    lwaUrl: string;
    clientId: string;
    clientSecret: string;
    refreshToken: string;
    sellerId: string;
    marketplaceId: string;
  };
  wms?: { url: string; token: string; webhookSecret?: string };
  storefront?: { graphqlUrl: string; accessToken: string; apiSecret: string };
  /** Wall ms between price syncs from the ERP to the channels (`hourly-price-sync`: one an hour). */
  priceMs: number;
  /** Wall ms between stock syncs to the marketplace (`stale-inventory`: one an hour). */
  inventoryMs: number;
  /** Units held back from every listing: orders placed since the last poll are not known yet. */
  safetyStock: number;
  /**
   * Units held back from a listing that is nearly sold out, where a race is an oversell: 3 by
   * default (with 2, flash-sale oversold one unit — a SKU's first minutes of a rush sell faster
   * than the still-settling orders' estimate knew, and SP-API lists an order two minutes late).
   */
  lowStockBuffer: number;
  /** The ERP location marketplace sales orders are booked at (the 3PL's warehouse). */
  fulfilmentLocation: string;
}

function need(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v)
    throw new Error(`[reference-integration] ${name} is not set (the omnichaos runner sets it)`);
  return v;
}

/**
 * Our timer ms for `ms` of scenario time: on the scenario clock the same, on the wall clock the
 * scenario's speed faster (README "target contract", OMNICHAOS_TARGET_CLOCK). Only the defects
 * that wait in scenario terms use it.
 *
 * @example scenarioWait(config, 6 * 60_000) // 24_000 at speed 15 on the wall clock
 */
export function scenarioWait(config: Pick<Config, 'speed' | 'targetClock'>, ms: number): number {
  return config.targetClock === 'scenario' ? ms : ms / config.speed;
}

/**
 * Wall ms of the next scheduled batch, for the defects that batch work on a timetable: batches
 * run every `periodMs` of scenario time, on the clock (at :00, :05, … for five minutes), so a
 * piece of work waits up to a whole period.
 *
 * @example nextBatch(config, 5 * 60_000) // the next five-minute mark, in our timer's ms
 */
export function nextBatch(
  config: Pick<Config, 'speed' | 'targetClock'>,
  periodMs: number,
  now = Date.now(),
): number {
  const period = scenarioWait(config, periodMs);
  return Math.ceil(now / period) * period;
}

/** @example readConfig(process.env).defects.has('retry-storm') */
export function readConfig(env: NodeJS.ProcessEnv): Config {
  const defects = new Set<Defect>();
  for (const raw of (env.DEFECTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!(DEFECTS as readonly string[]).includes(raw))
      throw new Error(
        `[reference-integration] unknown defect "${raw}"; known: ${DEFECTS.join(', ')}`,
      );
    defects.add(raw as Defect);
  }
  return {
    port: Number(env.PORT ?? 8787),
    stateDir: env.STATE_DIR ?? '.reference-integration',
    defects,
    pollMs: Number(env.POLL_MS ?? 500),
    speed: Number(env.OMNICHAOS_SPEED ?? 1) || 1,
    targetClock: env.OMNICHAOS_TARGET_CLOCK === 'scenario' ? 'scenario' : 'wall',
    safetyStock: Number(env.SAFETY_STOCK ?? 0),
    lowStockBuffer: Number(env.LOW_STOCK_BUFFER ?? 3),
    fulfilmentLocation: env.FULFILMENT_LOCATION ?? 'WH-1',
    priceMs: defects.has('hourly-price-sync') ? 3_600_000 : Number(env.PRICE_MS ?? 2_000),
    inventoryMs: defects.has('stale-inventory') ? 3_600_000 : Number(env.INVENTORY_MS ?? 1_000),
    erp: env.OMNICHAOS_ERP_URL
      ? {
          url: env.OMNICHAOS_ERP_URL,
          account: need(env, 'OMNICHAOS_ERP_ACCOUNT'),
          consumerKey: need(env, 'OMNICHAOS_ERP_CONSUMER_KEY'),
          consumerSecret: need(env, 'OMNICHAOS_ERP_CONSUMER_SECRET'),
          tokenId: need(env, 'OMNICHAOS_ERP_TOKEN_ID'),
          tokenSecret: need(env, 'OMNICHAOS_ERP_TOKEN_SECRET'),
        }
      : undefined,
    pos: env.OMNICHAOS_POS_URL
      ? {
          url: env.OMNICHAOS_POS_URL,
          token: need(env, 'OMNICHAOS_POS_ACCESS_TOKEN'),
          webhookSignatureKey: env.OMNICHAOS_POS_WEBHOOK_SIGNATURE_KEY,
        }
      : undefined,
    marketplace: env.OMNICHAOS_MARKETPLACE_URL
      ? {
          url: env.OMNICHAOS_MARKETPLACE_URL,
          lwaUrl: need(env, 'OMNICHAOS_MARKETPLACE_LWA_URL'),
          clientId: need(env, 'OMNICHAOS_MARKETPLACE_CLIENT_ID'),
          clientSecret: need(env, 'OMNICHAOS_MARKETPLACE_CLIENT_SECRET'),
          refreshToken: need(env, 'OMNICHAOS_MARKETPLACE_REFRESH_TOKEN'),
          sellerId: need(env, 'OMNICHAOS_MARKETPLACE_SELLER_ID'),
          marketplaceId: need(env, 'OMNICHAOS_MARKETPLACE_MARKETPLACE_ID'),
        }
      : undefined,
    storefront: env.OMNICHAOS_STOREFRONT_GRAPHQL_URL
      ? {
          graphqlUrl: env.OMNICHAOS_STOREFRONT_GRAPHQL_URL,
          accessToken: need(env, 'OMNICHAOS_STOREFRONT_ACCESS_TOKEN'),
          apiSecret: need(env, 'OMNICHAOS_STOREFRONT_API_SECRET'),
        }
      : undefined,
    wms: env.OMNICHAOS_WMS_URL
      ? {
          url: env.OMNICHAOS_WMS_URL,
          token: need(env, 'OMNICHAOS_WMS_TOKEN'),
          webhookSecret: env.OMNICHAOS_WMS_WEBHOOK_SECRET,
        }
      : undefined,
  };
}
