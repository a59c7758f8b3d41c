import { route, type RouteContext } from '../../core/define-simulator.js';
import { fail, invalid } from '../errors.js';
import { createFeedRec, newDocument } from '../feeds.js';
import type { FeedDocumentRec, FeedRec, MarketplaceState } from '../state.js';
import { isoDate } from '../wire-orders.js';

/**
 * Feeds API 2021-06-30 (docs/dialects/marketplace.md): createFeedDocument, createFeed, getFeed, cancelFeed,
 * getFeedDocument. Bodies are NOT wrapped in `payload`; errors are `{ errors: [...] }`.
 * Document URLs point back at this simulator (routes/documents.ts) instead of S3.
 */
type Ctx = RouteContext<MarketplaceState>;
type Json = Record<string, unknown>;

/** GUESS: only the listings feed is simulated; other feed types are refused up front. */
const FEED_TYPES = ['JSON_LISTINGS_FEED'];

function bodyObject(ctx: Ctx): Json {
  if (!ctx.body || typeof ctx.body !== 'object' || Array.isArray(ctx.body))
    invalid('The request body must be an object.', 'body');
  return ctx.body as Json;
}

/** Where a caller reaches us: the runtime's base URL, else the request's Host header. */
function baseUrl(ctx: Ctx): string {
  if (ctx.state.baseUrl) return ctx.state.baseUrl.replace(/\/$/, '');
  const h = ctx.req.headers;
  const proto = h['x-forwarded-proto'] ?? 'http';
  return `${proto}://${h['x-forwarded-host'] ?? h.host ?? 'localhost'}`;
}

function documentWire(ctx: Ctx, doc: FeedDocumentRec) {
  return { feedDocumentId: doc.id, url: `${baseUrl(ctx)}/_feed-documents/${doc.id}` };
}

function feedWire(f: FeedRec) {
  return {
    feedId: f.id,
    feedType: f.feedType,
    marketplaceIds: f.marketplaceIds,
    createdTime: isoDate(f.createdMs),
    processingStatus: f.status,
    ...(f.startMs !== undefined ? { processingStartTime: isoDate(f.startMs) } : {}),
    ...(f.endMs !== undefined ? { processingEndTime: isoDate(f.endMs) } : {}),
    ...(f.resultDocumentId ? { resultFeedDocumentId: f.resultDocumentId } : {}),
  };
}

function feedFromPath(ctx: Ctx): FeedRec {
  const id = ctx.params.feedId ?? '';
  ctx.annotate({ feedId: id });
  const feed = ctx.state.feeds.get(id);
  if (!feed) fail(404, 'NotFound', `Feed ${id.slice(0, 64)} was not found.`, 'feedId');
  return feed;
}

function createFeed(ctx: Ctx) {
  const b = bodyObject(ctx);
  if (typeof b.feedType !== 'string' || b.feedType.length === 0)
    invalid('feedType is required.', 'feedType');
  if (!FEED_TYPES.includes(b.feedType))
    invalid(`Unsupported feedType: ${b.feedType.slice(0, 64)}.`, 'feedType');
  const ids = b.marketplaceIds;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((i) => typeof i === 'string'))
    invalid('marketplaceIds must be a non-empty array of strings.', 'marketplaceIds');
  if (!ids.includes(ctx.world.credentials.marketplace.marketplaceId))
    invalid('Invalid marketplaceIds.', 'marketplaceIds');
  const docId = b.inputFeedDocumentId;
  if (typeof docId !== 'string') invalid('inputFeedDocumentId is required.', 'inputFeedDocumentId');
  // GUESS: an unknown (or report) document is refused at createFeed rather than failing later.
  if (ctx.state.documents.get(docId)?.kind !== 'input')
    invalid('Invalid inputFeedDocumentId.', 'inputFeedDocumentId');
  if (b.feedOptions !== undefined && (typeof b.feedOptions !== 'object' || b.feedOptions === null))
    invalid('feedOptions must be an object.', 'feedOptions');
  const feed = createFeedRec(ctx, b.feedType, ids as string[], docId);
  ctx.annotate({ feedId: feed.id });
  return { status: 202, body: { feedId: feed.id } };
}

export const feedRoutes = [
  route<MarketplaceState>('POST', '/feeds/2021-06-30/documents', 'createFeedDocument', (ctx) => {
    const b = bodyObject(ctx);
    const type = b.contentType;
    if (typeof type !== 'string' || type.length === 0 || type.length > 200)
      invalid('contentType is required.', 'contentType');
    const doc = newDocument(ctx, 'input', type);
    ctx.annotate({ feedDocumentId: doc.id });
    return { status: 201, body: documentWire(ctx, doc) };
  }),
  route<MarketplaceState>('POST', '/feeds/2021-06-30/feeds', 'createFeed', createFeed),
  route<MarketplaceState>('GET', '/feeds/2021-06-30/feeds/:feedId', 'getFeed', (ctx) => ({
    status: 200,
    body: feedWire(feedFromPath(ctx)),
  })),
  route<MarketplaceState>('DELETE', '/feeds/2021-06-30/feeds/:feedId', 'cancelFeed', (ctx) => {
    const feed = feedFromPath(ctx);
    // GUESS: only a feed still IN_QUEUE can be cancelled (docs/dialects/marketplace.md marks it UNVERIFIED).
    if (feed.status !== 'IN_QUEUE')
      invalid(`Feed ${feed.id} is ${feed.status}; only IN_QUEUE feeds can be cancelled.`, 'feedId');
    feed.status = 'CANCELLED';
    return { status: 200 };
  }),
  route<MarketplaceState>(
    'GET',
    '/feeds/2021-06-30/documents/:feedDocumentId',
    'getFeedDocument',
    (ctx) => {
      const id = ctx.params.feedDocumentId ?? '';
      ctx.annotate({ feedDocumentId: id });
      const doc = ctx.state.documents.get(id);
      if (!doc)
        fail(404, 'NotFound', `Feed document ${id.slice(0, 64)} was not found.`, 'feedDocumentId');
      return { status: 200, body: documentWire(ctx, doc) };
    },
  ),
];
