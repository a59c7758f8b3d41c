import type { World } from '../../world/index.js';
import { streamFor, type Rng } from '../../world/rng.js';

/**
 * The storefront's credentials, drawn from the world's seed in streams of their own (so the other
 * systems' credentials do not move): a custom app's Admin API access token (`shpat_` + 32 hex, the
 * shape Shopify issues), the app's API key and secret (the secret signs webhooks), and the shop's
 * `*.myshopify.com` domain.
 */
export interface StorefrontCredentials {
  shopDomain: string;
  accessToken: string;
  apiKey: string;
  apiSecretKey: string;
}

const HEX = '0123456789abcdef';

function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX[rng.int(0, 15)];
  return s;
}

const cache = new WeakMap<World, StorefrontCredentials>();

/**
 * @example storefrontCredentials(createWorld(42)).accessToken // 'shpat_' + 32 hex
 */
export function storefrontCredentials(world: World): StorefrontCredentials {
  const hit = cache.get(world);
  if (hit) return hit;
  const r = (name: string) => streamFor(world.seed, 'credentials', `storefront-${name}`);
  const creds = Object.freeze({
    shopDomain: `omnichaos-${hex(r('shop'), 6)}.myshopify.com`,
    accessToken: `shpat_${hex(r('token'), 32)}`,
    apiKey: hex(r('api-key'), 32),
    apiSecretKey: hex(r('api-secret'), 32),
  });
  cache.set(world, creds);
  return creds;
}
