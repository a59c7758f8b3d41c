import type { SimulatorContext } from '../core/define-simulator.js';
import { schedule } from './due.js';
import { processListingsFeed } from './feed-report.js';
import { feedDocumentIdFor, feedIdFor } from './ids.js';
import { notifyFeedFinished } from './notifications.js';
import type { FeedDocumentRec, FeedRec, MarketplaceState } from './state.js';
import { ev } from '../../journal/events.js';

/**
 * Feeds 2021-06-30 in domain terms (docs/dialects/marketplace.md): documents (upload slots and reports), feeds
 * moving IN_QUEUE → IN_PROGRESS → DONE (or FATAL) on the scenario clock, and the
 * FEED_PROCESSING_FINISHED notification at the end. Wire shapes are in routes/feeds.ts.
 */
type Ctx = SimulatorContext<MarketplaceState>;

/**
 * A new document. Its content arrives later (upload) or at once (a processing report).
 *
 * @example newDocument(ctx, 'input', 'application/json; charset=UTF-8').id // 'amzn1.tortuga.4.na.…'
 */
export function newDocument(
  ctx: Ctx,
  kind: FeedDocumentRec['kind'],
  contentType: string,
  content?: string,
): FeedDocumentRec {
  const doc: FeedDocumentRec = {
    id: feedDocumentIdFor(ctx.world.seed, ++ctx.state.documentSeq),
    kind,
    contentType,
    createdMs: ctx.clock.now(),
    ...(content !== undefined ? { content } : {}),
  };
  ctx.state.documents.set(doc.id, doc);
  return doc;
}

/**
 * Accept a feed: IN_QUEUE now, IN_PROGRESS half way through `feedProcessingMs`, DONE at the end.
 * GUESS: the half-way split (Amazon gives no figures).
 *
 * @example createFeedRec(ctx, 'JSON_LISTINGS_FEED', ['ATVPDKIKX0DER'], doc.id).status // 'IN_QUEUE'
 */
export function createFeedRec(
  ctx: Ctx,
  feedType: string,
  marketplaceIds: string[],
  inputDocumentId: string,
): FeedRec {
  const now = ctx.clock.now();
  const feed: FeedRec = {
    id: feedIdFor(ctx.world.seed, ++ctx.state.feedSeq),
    feedType,
    marketplaceIds,
    inputDocumentId,
    createdMs: now,
    status: 'IN_QUEUE',
  };
  ctx.state.feeds.set(feed.id, feed);
  const total = ctx.state.config.feedProcessingMs;
  schedule(ctx, { kind: 'feed-start', atMs: now + Math.floor(total / 2), feedId: feed.id });
  schedule(ctx, { kind: 'feed-done', atMs: now + total, feedId: feed.id });
  ctx.journal.append(
    ev.listingBatchSubmitted({ sys: 'marketplace', batchId: feed.id, kind: feedType }),
  );
  return feed;
}

/** The due-job for IN_QUEUE → IN_PROGRESS. */
export function startFeed(ctx: Ctx, feedId: string): void {
  const feed = ctx.state.feeds.get(feedId);
  if (!feed || feed.status !== 'IN_QUEUE') return;
  feed.status = 'IN_PROGRESS';
  feed.startMs = ctx.clock.now();
}

/**
 * The due-job that processes the document, writes the report and notifies.
 *
 * @example finishFeed(ctx, feed.id) // feed.status === 'DONE'
 */
export function finishFeed(ctx: Ctx, feedId: string): void {
  const feed = ctx.state.feeds.get(feedId);
  if (!feed || (feed.status !== 'IN_QUEUE' && feed.status !== 'IN_PROGRESS')) return;
  const now = ctx.clock.now();
  feed.startMs ??= now;
  const input = ctx.state.documents.get(feed.inputDocumentId);
  const outcome = processListingsFeed(ctx, feed.id, input?.content);
  const report = newDocument(
    ctx,
    'result',
    'application/json; charset=UTF-8',
    JSON.stringify(outcome.report),
  );
  // Processing reports come back GZIP-compressed (getFeedDocument says `compressionAlgorithm:
  // GZIP`; Feeds 2021-06-30 use case guide, step "Download the feed processing report").
  report.compressed = true;
  feed.status = outcome.fatal ? 'FATAL' : 'DONE';
  feed.endMs = now;
  feed.resultDocumentId = report.id;
  ctx.journal.append(
    ev.listingBatchProcessed({
      sys: 'marketplace',
      batchId: feed.id,
      status: feed.status,
      ...outcome.report.summary,
    }),
  );
  notifyFeedFinished(ctx, feed);
}
