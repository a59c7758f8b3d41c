import { route, type RouteContext } from '../../core/define-simulator.js';
import { fail, invalid } from '../errors.js';
import { createFeedRec, newDocument } from '../feeds.js';
import type { FeedDocumentRec, FeedRec, MarketplaceState } from '../state.js';
import { presignQuery } from '../presign.js';
import { dateParam, intParam, listParam, oneParam } from '../query.js';
import { isoDate } from '../wire-orders.js';

/**
 * Feeds API 2021-06-30 (docs/dialects/marketplace.md): createFeedDocument, createFeed, getFeeds,
 * getFeed, cancelFeed, getFeedDocument. Bodies are NOT wrapped in `payload`; errors are `{ errors: [...] }`.
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

/**
 * A document with a fresh presigned URL (5 minutes, presign.ts). getFeedDocument adds
 * `compressionAlgorithm: 'GZIP'` for a compressed document (processing reports).
 */
function documentWire(ctx: Ctx, doc: FeedDocumentRec, gzipHeader = false) {
  const query = presignQuery(
    ctx.world.seed,
    doc.id,
    ctx.clock.now(),
    gzipHeader && !!doc.compressed,
  );
  return { feedDocumentId: doc.id, url: `${baseUrl(ctx)}/_feed-documents/${doc.id}?${query}` };
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

const STATUSES = ['CANCELLED', 'DONE', 'FATAL', 'IN_PROGRESS', 'IN_QUEUE'];
const RETENTION_MS = 90 * 86_400_000;

interface FeedsQuery {
  feedTypes: string[];
  marketplaceIds?: string[];
  processingStatuses?: string[];
  createdSince: number;
  createdUntil: number;
  pageSize: number;
  /** Feeds already returned (newest first). */
  offset: number;
}

function readFeedsQuery(ctx: Ctx): FeedsQuery {
  const raw = ctx.req.rawQuery;
  const token = oneParam(raw, 'nextToken');
  if (token !== undefined) {
    // "Specifying nextToken with any other parameters will cause the request to fail."
    if ([...new URLSearchParams(raw).keys()].some((k) => k !== 'nextToken'))
      invalid('nextToken must be the only parameter when it is given.', 'nextToken');
    try {
      const q = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as FeedsQuery;
      if (!Array.isArray(q.feedTypes) || !Number.isInteger(q.offset)) throw new Error('shape');
      return q;
    } catch {
      invalid('Invalid nextToken.', 'nextToken');
    }
  }
  const feedTypes = listParam(raw, 'feedTypes');
  if (!feedTypes || feedTypes.length === 0)
    invalid('Either feedTypes or nextToken is required.', 'feedTypes');
  if (feedTypes.length > 10) invalid('feedTypes accepts at most 10 values.', 'feedTypes');
  const marketplaceIds = listParam(raw, 'marketplaceIds');
  if (marketplaceIds && (marketplaceIds.length === 0 || marketplaceIds.length > 10))
    invalid('marketplaceIds accepts 1 to 10 values.', 'marketplaceIds');
  const processingStatuses = listParam(raw, 'processingStatuses');
  for (const st of processingStatuses ?? [])
    if (!STATUSES.includes(st))
      invalid(`Invalid processingStatuses value: ${st.slice(0, 64)}.`, 'processingStatuses');
  const now = ctx.clock.now();
  const createdSince =
    dateParam(oneParam(raw, 'createdSince'), 'createdSince') ?? now - RETENTION_MS;
  const createdUntil = dateParam(oneParam(raw, 'createdUntil'), 'createdUntil') ?? now;
  if (createdSince > createdUntil)
    invalid('createdSince must be before createdUntil.', 'createdSince');
  return {
    feedTypes,
    ...(marketplaceIds ? { marketplaceIds } : {}),
    ...(processingStatuses ? { processingStatuses } : {}),
    createdSince,
    createdUntil,
    pageSize: intParam(oneParam(raw, 'pageSize'), 'pageSize', 1, 100) ?? 10,
    offset: 0,
  };
}

/**
 * getFeeds (Feeds 2021-06-30 model): feeds matching every given filter — `feedTypes` (required
 * unless `nextToken`), `marketplaceIds` (any one matches), `processingStatuses`, `createdSince`
 * (default 90 days ago: feeds are kept 90 days), `createdUntil` (default now) — `pageSize` 1–100
 * (default 10); `nextToken` alone continues. Answer `{ feeds, nextToken? }`, not wrapped.
 * GUESS: newest first; the token carries the filter and the count already returned.
 */
function getFeeds(ctx: Ctx) {
  const q = readFeedsQuery(ctx);
  const matching = [...ctx.state.feeds.values()]
    .filter(
      (f) =>
        q.feedTypes.includes(f.feedType) &&
        (!q.marketplaceIds || f.marketplaceIds.some((m) => q.marketplaceIds!.includes(m))) &&
        (!q.processingStatuses || q.processingStatuses.includes(f.status)) &&
        f.createdMs >= q.createdSince &&
        f.createdMs <= q.createdUntil,
    )
    .reverse();
  const page = matching.slice(q.offset, q.offset + q.pageSize);
  const next = q.offset + q.pageSize < matching.length;
  const nextToken = next
    ? Buffer.from(JSON.stringify({ ...q, offset: q.offset + q.pageSize })).toString('base64url')
    : undefined;
  return { status: 200, body: { feeds: page.map(feedWire), ...(nextToken ? { nextToken } : {}) } };
}

export const feedRoutes = [
  route<MarketplaceState>('GET', '/feeds/2021-06-30/feeds', 'getFeeds', getFeeds),
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
      const enc = oneParam(ctx.req.rawQuery, 'enableContentEncodingUrlHeader');
      if (enc !== undefined && enc !== 'true' && enc !== 'false')
        invalid(
          'enableContentEncodingUrlHeader must be true or false.',
          'enableContentEncodingUrlHeader',
        );
      return {
        status: 200,
        body: {
          ...documentWire(ctx, doc, enc === 'true'),
          ...(doc.compressed ? { compressionAlgorithm: 'GZIP' } : {}),
        },
      };
    },
  ),
];
