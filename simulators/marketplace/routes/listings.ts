import { route, type RouteContext } from '../../core/define-simulator.js';
import { fail, invalid } from '../errors.js';
import { submissionIdFor, asinFor } from '../ids.js';
import { readPatchBody } from '../listing-patch.js';
import { schedule } from '../due.js';
import { applyPatchPlan, listingFor } from '../listings.js';
import { listParam, oneParam } from '../query.js';
import type { ListingRec, MarketplaceState } from '../state.js';
import { isoDate } from '../wire-orders.js';

/**
 * Listings Items 2021-08-01 (docs/dialects/marketplace.md): getListingsItem and patchListingsItem for
 * `fulfillment_availability` (quantity) and other attributes such as `purchasable_offer`.
 * An ACCEPTED patch is queued and applied `listingProcessingMs` later (GUESS: 2 minutes by
 * default; Amazon processes submissions asynchronously and publishes no figure); `0` applies at once.
 */
type Ctx = RouteContext<MarketplaceState>;

const INCLUDED = ['summaries', 'attributes', 'issues', 'offers', 'fulfillmentAvailability'];

function listingFromPath(ctx: Ctx): ListingRec {
  const sku = ctx.params.sku ?? '';
  ctx.annotate({ externalId: sku });
  // GUESS: another seller's id is refused like a bad token (403 Unauthorized).
  if (ctx.params.sellerId !== ctx.world.credentials.marketplace.sellerId)
    fail(403, 'Unauthorized', 'Access to requested resource is denied.');
  const ids = listParam(ctx.req.rawQuery, 'marketplaceIds');
  if (!ids || ids.length === 0) invalid('marketplaceIds is required.', 'marketplaceIds');
  if (!ids.includes(ctx.world.credentials.marketplace.marketplaceId))
    invalid('Invalid marketplaceIds.', 'marketplaceIds');
  const rec = listingFor(ctx, sku);
  if (!rec) fail(404, 'NotFound', `SKU '${sku.slice(0, 100)}' not found in marketplace.`, 'sku');
  return rec;
}

function listingWire(ctx: Ctx, rec: ListingRec, included: string[]) {
  const marketplaceId = ctx.world.credentials.marketplace.marketplaceId;
  const out: Record<string, unknown> = { sku: rec.sku };
  if (included.includes('summaries'))
    out.summaries = [
      {
        marketplaceId,
        asin: asinFor(ctx.world.seed, rec.skuIndex),
        productType: rec.productType,
        conditionType: 'new_new',
        // GUESS: a listing at zero quantity is discoverable but not buyable.
        status: rec.quantity > 0 ? ['BUYABLE', 'DISCOVERABLE'] : ['DISCOVERABLE'],
        itemName: ctx.world.sku(rec.skuIndex).name,
        createdDate: isoDate(rec.createdMs),
        lastUpdatedDate: isoDate(rec.updatedMs),
      },
    ];
  if (included.includes('attributes')) {
    const attrs: Record<string, unknown> = { ...rec.attributes };
    attrs.fulfillment_availability = [
      { fulfillment_channel_code: 'DEFAULT', quantity: rec.quantity },
    ];
    out.attributes = attrs;
  }
  if (included.includes('issues')) out.issues = [];
  if (included.includes('offers')) {
    const priceCents = rec.priceCents;
    out.offers = [
      {
        marketplaceId,
        offerType: 'B2C',
        price: { currencyCode: 'USD', amount: (priceCents / 100).toFixed(2) },
      },
    ];
  }
  if (included.includes('fulfillmentAvailability'))
    out.fulfillmentAvailability = [{ fulfillmentChannelCode: 'DEFAULT', quantity: rec.quantity }];
  return out;
}

function patch(ctx: Ctx) {
  const rec = listingFromPath(ctx);
  const plan = readPatchBody(ctx.body);
  const preview = oneParam(ctx.req.rawQuery, 'mode') === 'VALIDATION_PREVIEW';
  const submissionId = submissionIdFor(ctx.world.seed, ++ctx.state.submissionSeq);
  const ok = plan.issues.length === 0;
  const status = preview ? (ok ? 'VALID' : 'INVALID') : ok ? 'ACCEPTED' : 'INVALID';
  if (ok && !preview) {
    const delay = ctx.state.config.listingProcessingMs;
    // ACCEPTED means "queued": with a processing delay the change shows only when it falls due.
    if (delay > 0)
      schedule(ctx, { kind: 'listing-patch', atMs: ctx.clock.now() + delay, sku: rec.sku, plan });
    else applyPatchPlan(ctx, rec, plan, 'patch');
  }
  ctx.annotate({ submissionId, quantity: plan.quantity });
  return { status: 200, body: { sku: rec.sku, status, submissionId, issues: plan.issues } };
}

export const listingRoutes = [
  route<MarketplaceState>(
    'GET',
    '/listings/2021-08-01/items/:sellerId/:sku',
    'getListingsItem',
    (ctx) => {
      const rec = listingFromPath(ctx);
      const included = listParam(ctx.req.rawQuery, 'includedData') ?? ['summaries'];
      for (const i of included)
        if (!INCLUDED.includes(i))
          invalid(`Invalid includedData value: ${i.slice(0, 64)}.`, 'includedData');
      return { status: 200, body: listingWire(ctx, rec, included) };
    },
  ),
  route<MarketplaceState>(
    'PATCH',
    '/listings/2021-08-01/items/:sellerId/:sku',
    'patchListingsItem',
    patch,
  ),
];
