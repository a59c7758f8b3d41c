/**
 * One cheap, authenticated read per simulator, built from the plan's URLs and credentials: the
 * request an integration makes most (look a record up), through the whole simulator pipeline
 * (auth, vendor limits, faults, handler) but with a small, constant answer, so what a run
 * measures is the pipeline, not payload size. Paths and headers: docs/dialects/*.md.
 */
import { rebaseUrl } from './control.js';

/**
 * @typedef {import('./plan.js').Plan} Plan
 * @typedef {{ sim: string, operation: string, url: string, headers: Record<string, string> }} Read
 */

/** A SKU every world has (world/skus: SKU-00001 … SKU-<skus>). */
const SKU = 'SKU-00001';
/** What the pinned Square SDK sends (node_modules/square). */
const SQUARE_VERSION = '2026-05-20';

/**
 * @type {Record<string, (c: Record<string, string>, token: string | undefined) => { operation: string, path: string, headers: Record<string, string> }>}
 */
const READS = {
  // NetSuite REST record GET by external id; OAuth 2.0 bearer (docs/dialects/erp.md).
  erp: (c) => ({
    operation: 'inventoryItem.get',
    path: `/services/rest/record/v1/inventoryItem/eid:${SKU}`,
    headers: { authorization: `Bearer ${c.accessToken}` },
  }),
  // Square ListLocations (docs/dialects/pos.md).
  pos: (c) => ({
    operation: 'ListLocations',
    path: '/v2/locations',
    headers: { authorization: `Bearer ${c.accessToken}`, 'square-version': SQUARE_VERSION },
  }),
  // ShipBob inventory-level list, one item (docs/dialects/wms.md).
  wms: (c) => ({
    operation: 'inventoryLevel.list',
    path: '/2026-01/inventory-level?PageSize=1',
    headers: { authorization: `Bearer ${c.token}` },
  }),
  // SP-API getListingsItem with an LWA access token (docs/dialects/marketplace.md).
  marketplace: (c, token) => ({
    operation: 'getListingsItem',
    path: `/listings/2021-08-01/items/${c.sellerId}/${SKU}?marketplaceIds=${c.marketplaceId}`,
    headers: { 'x-amz-access-token': token ?? '' },
  }),
};

/** The simulators this module knows a read for. */
export const READ_SIMULATORS = Object.keys(READS);

/**
 * The reads for `names` (default: every simulator in the plan this module knows).
 *
 * @example simulatorReads(plan, 'http://127.0.0.1:4000', ['erp', 'pos'], undefined)[0].operation // 'inventoryItem.get'
 * @param {Plan} plan
 * @param {string} base OMNICHAOS_URL (simulator URLs are rebased onto its host)
 * @param {string[]} names simulators to read from; [] = all
 * @param {string | undefined} marketplaceToken an LWA access token (see lwaTokenRequest)
 * @returns {Read[]}
 */
export function simulatorReads(plan, base, names, marketplaceToken) {
  const wanted = names.length > 0 ? names : Object.keys(plan.simulators).filter((s) => READS[s]);
  return wanted.map((sim) => {
    const entry = plan.simulators[sim];
    const build = READS[sim];
    if (!entry || !build)
      throw new Error(
        `[omnichaos:k6] -e SIMULATORS: no read for "${sim}"; known: ${READ_SIMULATORS.filter((s) => plan.simulators[s]).join(', ')}`,
      );
    if (sim === 'marketplace' && !marketplaceToken)
      throw new Error('[omnichaos:k6] the marketplace read needs an LWA access token first');
    const read = build(entry.credentials, marketplaceToken);
    const url = rebaseUrl(entry.url, plan.control, base) + read.path;
    return { sim, operation: read.operation, url, headers: read.headers };
  });
}

/**
 * The Login with Amazon refresh-token grant that yields an SP-API access token, or undefined
 * when the plan has no marketplace. Post `form` form-encoded; the answer's `access_token` goes
 * into `simulatorReads`.
 *
 * @example lwaTokenRequest(plan, base)?.url // 'http://127.0.0.1:4004/auth/o2/token'
 * @param {Plan} plan
 * @param {string} base OMNICHAOS_URL
 */
export function lwaTokenRequest(plan, base) {
  const mkt = plan.simulators.marketplace;
  if (!mkt) return undefined;
  const c = mkt.credentials;
  return {
    url: `${rebaseUrl(mkt.url, plan.control, base)}/auth/o2/token`,
    form: {
      grant_type: 'refresh_token',
      refresh_token: c.refreshToken ?? '',
      client_id: c.clientId ?? '',
      client_secret: c.clientSecret ?? '',
    },
  };
}

/**
 * The read for iteration `i`: simulators in turn, so each gets an equal share of the rate.
 *
 * @example readFor(reads, 5).sim
 * @param {Read[]} reads
 * @param {number} i
 */
export function readFor(reads, i) {
  const read = reads[i % reads.length];
  if (!read) throw new Error('[omnichaos:k6] no simulator reads to make');
  return read;
}
