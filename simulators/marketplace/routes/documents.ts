import { route, type RouteContext } from '../../core/define-simulator.js';
import type { SimResponse } from '../../core/types.js';
import { gzipSync } from 'node:zlib';
import { checkPresigned } from '../presign.js';
import type { MarketplaceState } from '../state.js';

/**
 * The "presigned S3 URLs" of feed documents, served by the simulator itself: PUT uploads a feed's
 * input, GET downloads a document. Public like a presigned URL (the id is the secret). Errors
 * are S3's XML, not SP-API's JSON, because a real client is talking to S3 here.
 */
type Ctx = RouteContext<MarketplaceState>;

function s3Error(status: number, code: string, message: string): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}

/** The presigned query must be intact and younger than 5 minutes (presign.ts). */
function refused(ctx: Ctx, docId: string): SimResponse | { gzipHeader: boolean } {
  const check = checkPresigned(ctx.world.seed, docId, ctx.req.rawQuery, ctx.clock.now());
  return check.ok ? check : s3Error(403, check.code, check.message);
}

function upload(ctx: Ctx): SimResponse {
  const doc = ctx.state.documents.get(ctx.params.documentId ?? '');
  if (!doc) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  ctx.annotate({ feedDocumentId: doc.id });
  const check = refused(ctx, doc.id);
  if ('status' in check) return check;
  // Reports are Amazon's to write.
  if (doc.kind !== 'input') return s3Error(403, 'AccessDenied', 'Access Denied');
  doc.content = typeof ctx.body === 'string' ? ctx.body : '';
  return { status: 200 };
}

/**
 * Download. A compressed document (a processing report, `compressionAlgorithm: GZIP` in
 * getFeedDocument) is served as gzip bytes; `Content-Encoding: gzip` only when the URL was asked
 * for with `enableContentEncodingUrlHeader=true` (Feeds 2021-06-30 model: the default is
 * `identity`, and the client decompresses itself).
 */
function download(ctx: Ctx): SimResponse {
  const doc = ctx.state.documents.get(ctx.params.documentId ?? '');
  if (doc?.content === undefined)
    return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  const check = refused(ctx, doc.id);
  if ('status' in check) return check;
  if (!doc.compressed)
    return { status: 200, headers: { 'content-type': doc.contentType }, body: doc.content };
  return {
    status: 200,
    headers: {
      'content-type': doc.contentType,
      ...(check.gzipHeader ? { 'content-encoding': 'gzip' } : {}),
    },
    body: gzipSync(Buffer.from(doc.content, 'utf8')),
  };
}

export const documentRoutes = [
  route<MarketplaceState>('PUT', '/_feed-documents/:documentId', 'uploadFeedDocument', upload, {
    body: 'text',
    public: true,
  }),
  route<MarketplaceState>('GET', '/_feed-documents/:documentId', 'downloadFeedDocument', download, {
    public: true,
  }),
];
