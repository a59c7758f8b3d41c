import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * OAuth 1.0a (RFC 5849) as NetSuite token-based authentication uses it: HMAC-SHA256 over
 * `METHOD&enc(base URL)&enc(sorted params)`, keyed `enc(consumerSecret)&enc(tokenSecret)`.
 * Params = the `oauth_*` header fields (not `realm`, not the signature) + the query string.
 * Bodies are JSON, so no form parameters take part. Parsing follows the `oauth-1.0a` package
 * that `netsuite-rest` signs with (values percent-decoded, keys as sent).
 */

/**
 * RFC 3986 percent-encoding as OAuth wants it (`!*'()` escaped too).
 *
 * @example percentEncode("a b!") // 'a%20b%21'
 */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(
    /[!*'()]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Fields of an `Authorization: OAuth k="v", …` header, values percent-decoded; undefined when the
 * header is not OAuth.
 *
 * @example parseOAuthHeader('OAuth realm="X", oauth_token="t"') // { realm: 'X', oauth_token: 't' }
 */
export function parseOAuthHeader(header: string): Record<string, string> | undefined {
  const m = /^OAuth\s+(.*)$/is.exec(header.trim());
  if (!m) return undefined;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const re = /([A-Za-z0-9_\-.]+)\s*=\s*"([^"]*)"/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[1]!)) !== null) out[p[1]!] = decode(p[2]!);
  return out;
}

/** Query parameters as `oauth-1.0a` reads them: split on & and =, values decoded. */
function queryParams(rawQuery: string): Array<[string, string]> {
  if (rawQuery === '') return [];
  return rawQuery.split('&').map((pair) => {
    const [k = '', v = ''] = pair.split('=');
    return [k, decode(v)];
  });
}

/**
 * The signature base string.
 *
 * @example baseString('GET', 'http://h/services/rest/record/v1/customer', 'limit=5', oauthFields)
 */
export function baseString(
  method: string,
  baseUrl: string,
  rawQuery: string,
  oauth: Record<string, string>,
): string {
  const params: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(oauth)) {
    if (k.startsWith('oauth_') && k !== 'oauth_signature') params.push([k, v]);
  }
  params.push(...queryParams(rawQuery));
  const encoded = params.map(([k, v]) => [percentEncode(k), percentEncode(v)] as const);
  encoded.sort(([ka, va], [kb, vb]) =>
    ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0,
  );
  const paramString = encoded.map(([k, v]) => `${k}=${v}`).join('&');
  return `${method.toUpperCase()}&${percentEncode(baseUrl)}&${percentEncode(paramString)}`;
}

/**
 * HMAC-SHA256 signature (base64) of a request.
 *
 * @example sign('GET', url, '', fields, { consumerSecret, tokenSecret })
 */
export function sign(
  method: string,
  baseUrl: string,
  rawQuery: string,
  oauth: Record<string, string>,
  secrets: { consumerSecret: string; tokenSecret: string },
): string {
  const key = `${percentEncode(secrets.consumerSecret)}&${percentEncode(secrets.tokenSecret)}`;
  return createHmac('sha256', key)
    .update(baseString(method, baseUrl, rawQuery, oauth))
    .digest('base64');
}

/**
 * Constant-time comparison of two base64 signatures.
 *
 * @example sameSignature(expected, fields.oauth_signature)
 */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
