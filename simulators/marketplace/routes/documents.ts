import { route, type RouteContext } from '../../core/define-simulator.js';
import type { SimResponse } from '../../core/types.js';
import { DOCUMENT_URL_TTL_MS } from '../feeds.js';
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

function upload(ctx: Ctx): SimResponse {
  const doc = ctx.state.documents.get(ctx.params.documentId ?? '');
  if (!doc) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  ctx.annotate({ feedDocumentId: doc.id });
  // Reports are Amazon's to write; an upload URL expires 5 minutes after it was issued.
  if (doc.kind !== 'input') return s3Error(403, 'AccessDenied', 'Access Denied');
  if (ctx.clock.now() > doc.createdMs + DOCUMENT_URL_TTL_MS)
    return s3Error(403, 'AccessDenied', 'Request has expired');
  doc.content = typeof ctx.body === 'string' ? ctx.body : '';
  return { status: 200 };
}

export const documentRoutes = [
  route<MarketplaceState>('PUT', '/_feed-documents/:documentId', 'uploadFeedDocument', upload, {
    body: 'text',
    public: true,
  }),
  route<MarketplaceState>(
    'GET',
    '/_feed-documents/:documentId',
    'downloadFeedDocument',
    (ctx) => {
      const doc = ctx.state.documents.get(ctx.params.documentId ?? '');
      // GUESS: download URLs do not expire here (Amazon's last 5 minutes from getFeedDocument).
      if (doc?.content === undefined)
        return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      return { status: 200, headers: { 'content-type': doc.contentType }, body: doc.content };
    },
    { public: true },
  ),
];
