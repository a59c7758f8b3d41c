import type { SimulatorContext } from '../core/define-simulator.js';
import { SimError } from '../core/errors.js';
import { readPatchBody, type PatchPlan } from './listing-patch.js';
import { applyPatchPlan, listingFor } from './listings.js';
import type { MarketplaceState } from './state.js';

/**
 * Processing a JSON_LISTINGS_FEED document (schema v2, docs/dialects/marketplace.md) and writing its processing
 * report. Each message is checked exactly as patchListingsItem checks a body (listing-patch.ts)
 * and applied the same way, journaled with reason `feed`.
 */
type Ctx = Pick<SimulatorContext<MarketplaceState>, 'state' | 'world' | 'clock' | 'journal'>;
type Json = Record<string, unknown>;

export interface FeedIssue {
  messageId: number;
  sku?: string;
  code: string;
  severity: 'ERROR' | 'WARNING' | 'INFO';
  message: string;
  attributeName?: string;
}

export interface FeedOutcome {
  /** The document could not be read at all: the feed ends FATAL. */
  fatal: boolean;
  report: {
    header: { sellerId: string; version: string; feedId: string };
    issues: FeedIssue[];
    summary: {
      errors: number;
      warnings: number;
      messagesProcessed: number;
      messagesAccepted: number;
      messagesInvalid: number;
    };
  };
}

// GUESS: Amazon's issue codes for structural problems are not in the models; these are ours.
const CODE_MESSAGE = '4000001';
const CODE_DOCUMENT = '4000000';

function isObj(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** A message's changes as a patch plan; UPDATE / PARTIAL_UPDATE attributes become `replace`s. */
function planFor(m: Json): PatchPlan {
  if (m.operationType === 'PATCH')
    return readPatchBody({ productType: m.productType, patches: m.patches });
  if (!isObj(m.attributes)) throw new Error('attributes must be an object.');
  const patches = Object.entries(m.attributes).map(([name, value]) => ({
    op: 'replace',
    path: `/attributes/${name}`,
    value,
  }));
  return readPatchBody({ productType: m.productType, patches });
}

function reasonOf(err: unknown): string {
  if (err instanceof SimError) {
    const body = err.response.body as { errors?: { message?: string }[] } | undefined;
    return body?.errors?.[0]?.message ?? 'Invalid message.';
  }
  return err instanceof Error ? err.message : 'Invalid message.';
}

/** Check and apply one message; returns its issues (empty when accepted). */
function processMessage(ctx: Ctx, raw: unknown, index: number): FeedIssue[] {
  const m = isObj(raw) ? raw : {};
  const messageId = Number.isSafeInteger(m.messageId) ? (m.messageId as number) : index + 1;
  const sku = typeof m.sku === 'string' ? m.sku : undefined;
  const bad = (message: string, code = CODE_MESSAGE): FeedIssue[] => [
    {
      messageId,
      ...(sku !== undefined ? { sku: sku.slice(0, 100) } : {}),
      code,
      severity: 'ERROR',
      message,
    },
  ];
  if (!isObj(raw)) return bad('The message must be an object.');
  if (sku === undefined) return bad('sku is required.');
  // GUESS: DELETE is not simulated (listings mirror the world's catalog and cannot go away).
  if (!['PATCH', 'UPDATE', 'PARTIAL_UPDATE'].includes(String(m.operationType)))
    return bad('operationType must be PATCH, UPDATE or PARTIAL_UPDATE.');
  const rec = listingFor(ctx, sku);
  if (!rec) return bad(`SKU '${sku.slice(0, 100)}' not found in marketplace.`);
  let plan: PatchPlan;
  try {
    plan = planFor(m);
  } catch (err) {
    return bad(reasonOf(err));
  }
  if (plan.issues.length > 0)
    return plan.issues.map((i) => ({
      messageId,
      sku,
      code: i.code,
      severity: i.severity,
      message: i.message,
      attributeName: i.attributeNames[0],
    }));
  applyPatchPlan(ctx, rec, plan, 'feed');
  return [];
}

/**
 * Read, check and apply a JSON_LISTINGS_FEED document.
 *
 * @example processListingsFeed(ctx, '50123456790', '{"header":…,"messages":[…]}').report.summary
 * // { errors: 0, warnings: 0, messagesProcessed: 1, messagesAccepted: 1, messagesInvalid: 0 }
 */
export function processListingsFeed(
  ctx: Ctx,
  feedId: string,
  content: string | undefined,
): FeedOutcome {
  const sellerId = ctx.world.credentials.marketplace.sellerId;
  const report: FeedOutcome['report'] = {
    header: { sellerId, version: '2.0', feedId },
    issues: [],
    summary: {
      errors: 0,
      warnings: 0,
      messagesProcessed: 0,
      messagesAccepted: 0,
      messagesInvalid: 0,
    },
  };
  const fatal = (message: string): FeedOutcome => {
    report.issues.push({ messageId: 0, code: CODE_DOCUMENT, severity: 'ERROR', message });
    report.summary.errors = 1;
    return { fatal: true, report };
  };
  let doc: unknown;
  try {
    doc = JSON.parse(content ?? '');
  } catch {
    return fatal(
      content === undefined ? 'No document was uploaded.' : 'The document is not valid JSON.',
    );
  }
  if (!isObj(doc) || !isObj(doc.header) || !Array.isArray(doc.messages))
    return fatal('The document needs a header object and a messages array.');
  // GUESS: a header naming another seller fails the whole feed.
  if (doc.header.sellerId !== sellerId) return fatal('header.sellerId does not match the seller.');
  if (doc.header.version !== '2.0') return fatal("header.version must be '2.0'.");
  doc.messages.forEach((raw, i) => {
    const issues = processMessage(ctx, raw, i);
    report.summary.messagesProcessed++;
    if (issues.length === 0) report.summary.messagesAccepted++;
    else report.summary.messagesInvalid++;
    report.summary.errors += issues.filter((x) => x.severity === 'ERROR').length;
    report.issues.push(...issues);
  });
  return { fatal: false, report };
}
