import { createHmac } from 'node:crypto';

/**
 * The "presigned S3 URLs" of feed documents. Amazon hands out document URLs that expire after 5
 * minutes (Feeds API 2021-06-30 model, `FeedDocument.url` / `CreateFeedDocumentResponse.url`:
 * "This URL expires after 5 minutes"). Each URL the simulator issues carries S3's query-string
 * signature fields (`X-Amz-Date`, `X-Amz-Expires`, `X-Amz-Signature`) and is refused once expired
 * or tampered with, as S3 refuses it: 403 `AccessDenied` "Request has expired", 403
 * `SignatureDoesNotMatch`. The signature is an HMAC over the document id, the issue time and the
 * response overrides, keyed by the world seed (deterministic, no real AWS credentials).
 */

export const DOCUMENT_URL_TTL_S = 300;

/** S3's basic ISO 8601 form: `20261127T050000Z`. */
function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function parseAmzDate(v: string): number {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(v);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}

function sign(seed: number, docId: string, date: string, encoding: string): string {
  return createHmac('sha256', `omnichaos-s3-presign:${seed}`)
    .update(`${docId}\n${date}\n${DOCUMENT_URL_TTL_S}\n${encoding}`)
    .digest('hex');
}

/**
 * The query string of a document URL issued now.
 *
 * @example presignQuery(42, 'amzn1.tortuga.4.na.x', now, false) // 'X-Amz-Algorithm=…&X-Amz-Signature=…'
 */
export function presignQuery(
  seed: number,
  docId: string,
  nowMs: number,
  gzipHeader: boolean,
): string {
  const date = amzDate(Math.floor(nowMs / 1000) * 1000);
  const encoding = gzipHeader ? 'gzip' : '';
  const q = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Date': date,
    'X-Amz-Expires': String(DOCUMENT_URL_TTL_S),
    'X-Amz-SignedHeaders': 'host',
  });
  if (encoding) q.set('response-content-encoding', encoding);
  q.set('X-Amz-Signature', sign(seed, docId, date, encoding));
  return q.toString();
}

export type PresignCheck =
  | { ok: true; gzipHeader: boolean }
  | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch'; message: string };

/**
 * Check a request's presigned query at `nowMs`.
 *
 * @example checkPresigned(42, id, rawQuery, now) // { ok: true, gzipHeader: false }
 */
export function checkPresigned(
  seed: number,
  docId: string,
  rawQuery: string,
  nowMs: number,
): PresignCheck {
  const q = new URLSearchParams(rawQuery);
  const date = q.get('X-Amz-Date');
  const signature = q.get('X-Amz-Signature');
  if (!date || !signature || q.get('X-Amz-Expires') !== String(DOCUMENT_URL_TTL_S))
    return {
      ok: false,
      code: 'AccessDenied',
      message:
        'Query-string authentication requires the X-Amz-Date, X-Amz-Expires and X-Amz-Signature parameters',
    };
  const encoding = q.get('response-content-encoding') ?? '';
  if (signature !== sign(seed, docId, date, encoding))
    return {
      ok: false,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided.',
    };
  const issued = parseAmzDate(date);
  if (!(nowMs <= issued + DOCUMENT_URL_TTL_S * 1000))
    return { ok: false, code: 'AccessDenied', message: 'Request has expired' };
  return { ok: true, gzipHeader: encoding === 'gzip' };
}
