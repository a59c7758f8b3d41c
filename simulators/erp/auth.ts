import type { AuthResult } from '../core/define-simulator.js';
import type { SimRequest } from '../core/types.js';
import type { World } from '../../world/index.js';
import { INVALID_LOGIN_DETAIL, netsuiteError } from './errors.js';
import { parseOAuthHeader, sameSignature, sign } from './oauth1.js';
import type { ErpContext } from './state.js';

/**
 * NetSuite authentication: OAuth 1.0a token-based auth (`Authorization: OAuth realm=…,
 * oauth_consumer_key=…, oauth_token=…, oauth_signature_method="HMAC-SHA256", …`) with the world's
 * consumer key / token, or OAuth 2.0 `Bearer <accessToken>`. Anything else: Oracle's documented
 * 401 INVALID_LOGIN body. Not checked: timestamps and nonce reuse (a retried request with the
 * same header passes, where NetSuite may refuse it).
 */

const denied = (): AuthResult =>
  netsuiteError(401, INVALID_LOGIN_DETAIL, { code: 'INVALID_LOGIN' });

/** Account ids compare case-insensitively, `_` and `-` alike (`TSTDRV1_SB1` ~ `tstdrv1-sb1`). */
function sameAccount(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/_/g, '-');
  return norm(a) === norm(b);
}

/**
 * The URLs the client may have signed: the Host header with http and https (or the forwarded
 * proto), plus any X-Forwarded-Prefix of a mount. Empty without a Host header (the msw transport supplies one from the URL).
 */
function candidateUrls(req: SimRequest): string[] {
  const h = req.headers;
  const host = h['x-forwarded-host'] ?? h.host;
  if (!host) return [];
  const prefix = (h['x-forwarded-prefix'] ?? '').replace(/\/$/, '');
  const protos = h['x-forwarded-proto'] ? [h['x-forwarded-proto']] : ['http', 'https'];
  return protos.map((p) => `${p}://${host}${prefix}${req.path}`);
}

function checkOAuth1(
  req: SimRequest,
  fields: Record<string, string>,
  ctx: ErpContext,
  world: World,
): AuthResult {
  const creds = world.credentials.erp;
  if (fields.oauth_consumer_key !== creds.consumerKey || fields.oauth_token !== creds.tokenId)
    return denied();
  if (fields.realm !== undefined && !sameAccount(fields.realm, creds.accountId)) return denied();
  if (fields.oauth_signature_method !== 'HMAC-SHA256') return denied();
  const signature = fields.oauth_signature;
  if (!signature) return denied();
  const urls = ctx.state.config.oauthSignature === 'verify' ? candidateUrls(req) : [];
  if (urls.length > 0) {
    const secrets = { consumerSecret: creds.consumerSecret, tokenSecret: creds.tokenSecret };
    const ok = urls.some((url) =>
      sameSignature(sign(req.method, url, req.rawQuery, fields, secrets), signature),
    );
    if (!ok) return denied();
  }
  return { credential: `tba:${creds.tokenId.slice(0, 8)}` };
}

/**
 * @example authenticate(req, ctx) // { credential: 'tba:3f9a…' } or the 401 response
 */
export function authenticate(req: SimRequest, ctx: ErpContext): AuthResult {
  const header = req.headers.authorization ?? '';
  const creds = ctx.world.credentials.erp;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1] === creds.accessToken ? { credential: 'oauth2' } : denied();
  const fields = parseOAuthHeader(header);
  if (!fields) return denied();
  return checkOAuth1(req, fields, ctx, ctx.world);
}
