import { streamFor, type Rng } from './rng.js';

/**
 * Credentials the world issues; every simulator accepts exactly these and rejects anything else.
 * Shapes imitate the vendors' so SDK-side format checks pass (see docs/dialects/README.md).
 *
 * @example createWorld(42).credentials.marketplace.marketplaceId // 'ATVPDKIKX0DER'
 */
export interface WorldCredentials {
  erp: {
    accountId: string;
    consumerKey: string;
    consumerSecret: string;
    tokenId: string;
    tokenSecret: string;
    accessToken: string;
  };
  pos: { applicationId: string; accessToken: string; webhookSignatureKey: string };
  wms: { token: string; webhookSecret: string };
  marketplace: {
    clientId: string;
    clientSecret: string;
    refreshToken: string;
    sellerId: string;
    marketplaceId: string;
  };
}

/** `n` characters drawn from `alphabet`. */
function chars(rng: Rng, n: number, alphabet: string): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

const HEX = '0123456789abcdef';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * One stream per secret, so adding a credential later leaves the existing ones unchanged.
 *
 * @example worldCredentials(42).erp.accountId // 'TSTDRV' + 7 digits
 */
export function worldCredentials(seed: number): WorldCredentials {
  const r = (name: string) => streamFor(seed, 'credentials', name);
  // One stream for all 24 bytes: a fresh stream per byte would repeat the same byte 24 times.
  const webhookRng = r('wms-webhook');
  const secretBytes = Buffer.from(Array.from({ length: 24 }, () => webhookRng.int(0, 255)));
  return {
    erp: {
      accountId: `TSTDRV${chars(r('erp-account'), 7, '0123456789')}`,
      consumerKey: chars(r('erp-ck'), 64, HEX),
      consumerSecret: chars(r('erp-cs'), 64, HEX),
      tokenId: chars(r('erp-tid'), 64, HEX),
      tokenSecret: chars(r('erp-ts'), 64, HEX),
      // NetSuite OAuth 2.0 access tokens are JWTs, hence `eyJ`; this one is opaque, only compared whole.
      accessToken: `eyJ${chars(r('erp-oauth2'), 61, B64URL)}`,
    },
    pos: {
      applicationId: `sq0idp-${chars(r('pos-app'), 22, B64URL)}`,
      accessToken: `EAAA${chars(r('pos-token'), 60, B64URL)}`,
      webhookSignatureKey: chars(r('pos-webhook'), 22, B64URL),
    },
    wms: {
      token: chars(r('wms-token'), 64, B64URL),
      // Standard Webhooks secret format: whsec_ + base64 of the raw key bytes.
      webhookSecret: `whsec_${secretBytes.toString('base64')}`,
    },
    marketplace: {
      clientId: `amzn1.application-oa2-client.${chars(r('mp-client'), 32, HEX)}`,
      clientSecret: `amzn1.oa2-cs.v1.${chars(r('mp-secret'), 64, HEX)}`,
      refreshToken: `Atzr|${chars(r('mp-refresh'), 120, B64URL)}`,
      sellerId: `A${chars(r('mp-seller'), 13, UPPER)}`,
      marketplaceId: 'ATVPDKIKX0DER', // Amazon.com (US)
    },
  };
}
