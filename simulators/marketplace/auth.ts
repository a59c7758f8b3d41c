import type { SimulatorContext } from '../core/define-simulator.js';
import type { AuthResult } from '../core/define-simulator.js';
import type { SimRequest, SimResponse } from '../core/types.js';
import { spErrors } from './errors.js';
import { accessTokenFor, requestIdFor } from './ids.js';
import type { MarketplaceState } from './state.js';

/**
 * Login with Amazon (docs/dialects/marketplace.md): refresh-token and client-credentials grants issue
 * `Atza|…` access tokens that expire on the SCENARIO clock; every SP-API call presents one in
 * `x-amz-access-token`. LWA errors are OAuth2-shaped, not SP-API-shaped.
 */
type Ctx = SimulatorContext<MarketplaceState>;

/** The seller's credential (refresh-token grant) and the app's grantless one. */
export const SELLER_CREDENTIAL = 'mkt-seller';
export const GRANTLESS_CREDENTIAL = 'mkt-grantless';

/** An OAuth2 error as LWA sends it. GUESS: exact descriptions (reference marks them UNVERIFIED). */
function oauthError(status: number, error: string, description: string): SimResponse {
  return {
    status,
    headers: { 'cache-control': 'no-store' },
    body: { error, error_description: description },
  };
}

/** Form-encoded (what LWA documents) or JSON (what some clients send) → flat string map. */
export function readGrant(req: SimRequest): Record<string, string> | undefined {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('json')) {
    try {
      const parsed: unknown = JSON.parse(req.rawBody);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
      return out;
    } catch {
      return undefined;
    }
  }
  return Object.fromEntries(new URLSearchParams(req.rawBody));
}

function issue(ctx: Ctx, credential: string, refreshToken?: string): SimResponse {
  const n = ++ctx.state.tokenSeq;
  const token = accessTokenFor(ctx.world.seed, n);
  const lifetimeMs = ctx.state.config.tokenLifetimeMs;
  ctx.state.tokens.set(token, { credential, expiresAtMs: ctx.clock.now() + lifetimeMs });
  const body: Record<string, unknown> = {
    access_token: token,
    token_type: 'bearer',
    expires_in: Math.round(lifetimeMs / 1000),
  };
  if (refreshToken) body.refresh_token = refreshToken;
  return { status: 200, headers: { 'cache-control': 'no-store' }, body };
}

/**
 * Handle `POST /auth/o2/token`.
 *
 * @example lwaToken(ctx, req) // { status: 200, body: { access_token: 'Atza|…', token_type: 'bearer', expires_in: 3600, refresh_token } }
 */
export function lwaToken(ctx: Ctx, req: SimRequest): SimResponse {
  const form = readGrant(req);
  if (!form) return oauthError(400, 'invalid_request', 'The request body is malformed.');
  const creds = ctx.world.credentials.marketplace;
  const grant = form.grant_type;
  if (grant !== 'refresh_token' && grant !== 'client_credentials')
    return oauthError(
      400,
      'unsupported_grant_type',
      'The authorization grant type is not supported.',
    );
  if (!form.client_id || !form.client_secret)
    return oauthError(400, 'invalid_request', 'client_id and client_secret are required.');
  if (form.client_id !== creds.clientId || form.client_secret !== creds.clientSecret)
    return oauthError(401, 'invalid_client', 'Client authentication failed');
  if (grant === 'client_credentials') {
    if (!form.scope) return oauthError(400, 'invalid_scope', 'A scope is required.');
    return issue(ctx, GRANTLESS_CREDENTIAL);
  }
  if (!form.refresh_token) return oauthError(400, 'invalid_request', 'refresh_token is required.');
  if (form.refresh_token !== creds.refreshToken)
    return oauthError(
      400,
      'invalid_grant',
      'The request has an invalid grant parameter : refresh_token',
    );
  return issue(ctx, SELLER_CREDENTIAL, creds.refreshToken);
}

/**
 * Why a token was refused, in the `details` text Amazon sends — clients refresh on the expiry one.
 * [3P] the revoked/malformed text is quoted from live responses in amzn/selling-partner-api-models
 * issue #2333; the expired and missing texts are the ones public SP-API clients match on to
 * refresh (GUESS that they are verbatim).
 */
export const TOKEN_DETAILS = {
  missing: 'Access token is missing in the request header.',
  invalid: 'The access token you provided is revoked, malformed or invalid.',
  expired: 'The access token you provided has expired.',
} as const;

/** The 403, with the request id the limiter stage would have added (auth runs before it). */
function denied(ctx: Ctx, why: keyof typeof TOKEN_DETAILS | undefined): SimResponse {
  const res = spErrors.error(403, 'Access to requested resource is denied.', {
    code: 'Unauthorized',
    ...(why ? { field: TOKEN_DETAILS[why] } : {}),
  });
  const id = requestIdFor(ctx.world.seed, ++ctx.state.requestSeq);
  return { ...res, headers: { ...res.headers, 'x-amzn-requestid': id } };
}

/**
 * The `authenticate` hook: a live seller token, else SP-API's 403 Unauthorized. GUESS: grantless
 * tokens (notifications scope) are refused on Orders and Listings with the same 403.
 *
 * @example authenticateSp(req, ctx) // { credential: 'mkt-seller' } or the 403 response
 */
export function authenticateSp(req: SimRequest, ctx: Ctx): AuthResult {
  const token = req.headers['x-amz-access-token'];
  if (!token) return denied(ctx, 'missing');
  const rec = ctx.state.tokens.get(token);
  if (!rec) return denied(ctx, 'invalid');
  if (rec.expiresAtMs <= ctx.clock.now()) return denied(ctx, 'expired');
  if (rec.credential !== SELLER_CREDENTIAL) return denied(ctx, undefined);
  return { credential: rec.credential };
}
