import type { AuthResult } from '../core/define-simulator.js';
import type { SimRequest } from '../core/types.js';
import type { World } from '../../world/index.js';
import { INVALID_LOGIN_DETAIL, netsuiteError } from './errors.js';
import { parseOAuthHeader, sameSignature, sign } from './oauth1.js';
import type { ErpContext, NonceMemory } from './state.js';

/**
 * NetSuite authentication: OAuth 1.0a token-based auth (`Authorization: OAuth realm=…,
 * oauth_consumer_key=…, oauth_token=…, oauth_signature_method="HMAC-SHA256", …`) with the world's
 * consumer key / token, or OAuth 2.0 `Bearer <accessToken>`. Anything else: Oracle's documented
 * 401 INVALID_LOGIN body.
 *
 * TBA checks, as Oracle documents them (Error Messages for RESTlets, SOAP Web Services, and REST
 * Web Services, ns-online-help subsect_156935170194; TBA flow errors, subsect_156934879823):
 * - `nonce_rejected`: a nonce shorter than six characters;
 * - `InvalidTimestamp`: `oauth_timestamp` more than five minutes from server time;
 * - `nonce_used`: a nonce + timestamp this consumer/token already used — the classic bug of
 *   retrying a request with the same signed header.
 * REST answers all of them with the same 401 INVALID_LOGIN body (the specific reason shows only
 * in the account's Login Audit Trail), so the simulator does too and journals nothing more.
 *
 * Server time: a simulator's target may read either the machine's clock or scenario time (see
 * docs/dialects/erp.md), so a timestamp within the window of either is on time.
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
 * proto), plus any X-Forwarded-Prefix of a mount. Empty without a Host header.
 */
function candidateUrls(req: SimRequest): string[] {
  const h = req.headers;
  const host = h['x-forwarded-host'] ?? h.host;
  if (!host) return [];
  const prefix = (h['x-forwarded-prefix'] ?? '').replace(/\/$/, '');
  const protos = h['x-forwarded-proto'] ? [h['x-forwarded-proto']] : ['http', 'https'];
  return protos.map((p) => `${p}://${host}${prefix}${req.path}`);
}

/** Shortest nonce NetSuite takes (nonce_rejected below six characters). */
const MIN_NONCE_LENGTH = 6;

function onTime(fields: Record<string, string>, ctx: ErpContext): boolean {
  const raw = fields.oauth_timestamp ?? '';
  if (!/^\d{1,12}$/.test(raw)) return false;
  const ts = Number(raw) * 1000;
  const skew = ctx.state.config.oauthTimestampSkewSeconds * 1000;
  const near = (server: number) => Math.abs(ts - server) <= skew;
  return near(ctx.clock.now()) || near(ctx.clock.epochNow());
}

/** Forget nonces both clocks have moved two windows past (their timestamps can no longer pass). */
function evict(memory: NonceMemory, wall: number, scenario: number): void {
  const { order, seen } = memory;
  while (memory.head < order.length) {
    const [key, wallAt, scenarioAt] = order[memory.head]!;
    if (wallAt > wall || scenarioAt > scenario) break;
    seen.delete(key);
    memory.head++;
  }
  if (memory.head > 1024 && memory.head * 2 > order.length) {
    order.splice(0, memory.head);
    memory.head = 0;
  }
}

/** True the first time a consumer/token sends this nonce + timestamp within the window. */
function freshNonce(fields: Record<string, string>, ctx: ErpContext): boolean {
  const memory = ctx.state.nonces;
  const wall = ctx.clock.wallNow();
  const scenario = ctx.clock.now();
  evict(memory, wall, scenario);
  const key = `${fields.oauth_consumer_key}|${fields.oauth_token}|${fields.oauth_timestamp}|${fields.oauth_nonce}`;
  if (memory.seen.has(key)) return false;
  const keep = 2 * ctx.state.config.oauthTimestampSkewSeconds * 1000;
  memory.seen.set(key, wall + keep);
  memory.order.push([key, wall + keep, scenario + keep]);
  return true;
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
  if (fields.oauth_version !== undefined && fields.oauth_version !== '1.0') return denied();
  const signature = fields.oauth_signature;
  if (!signature) return denied();
  if ((fields.oauth_nonce ?? '').length < MIN_NONCE_LENGTH) return denied();
  if (ctx.state.config.oauthSignature === 'verify') {
    // No Host header, no URL to check the signature against: refused, never waved through.
    const urls = candidateUrls(req);
    if (urls.length === 0) return denied();
    const secrets = { consumerSecret: creds.consumerSecret, tokenSecret: creds.tokenSecret };
    const ok = urls.some((url) =>
      sameSignature(sign(req.method, url, req.rawQuery, fields, secrets), signature),
    );
    if (!ok) return denied();
  }
  if (!onTime(fields, ctx)) return denied();
  if (!freshNonce(fields, ctx)) return denied();
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
