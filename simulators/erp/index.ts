import { defineSimulator, type SimulatorDefinition } from '../core/define-simulator.js';
import type { Exchange } from '../core/pipeline.js';
import { asyncJobRunner } from './async-jobs.js';
import { authenticate } from './auth.js';
import { netsuiteErrors } from './errors.js';
import { concurrencyLimiter } from './limiter.js';
import { RECORD_KINDS } from './records/registry.js';
import { replenishmentJob } from './replenishment.js';
import { asyncJobRoutes } from './routes/async-jobs.js';
import { readRoutes } from './routes/record-read.js';
import { writeRoutes } from './routes/record-write.js';
import { suiteqlRoutes } from './routes/suiteql.js';
import { transformRoutes } from './routes/transform.js';
import { createErpState, type ErpState } from './state.js';
import { erpExchange } from './exchange.js';
import { applyPriceBook } from './price-book.js';

/**
 * The ERP simulator, NetSuite SuiteTalk REST dialect (docs/dialects/erp.md): record service
 * (customer, inventoryItem, location, salesOrder, itemFulfillment, invoice, cashSale,
 * cashRefund, creditMemo), transforms, SuiteQL, async jobs, TBA/OAuth 2.0 auth, and the
 * account concurrency limit.
 */

/** Business identity of a write for fault decisions: the body's externalId, when it has one. */
function logicalKey(ex: Exchange<ErpState>): string | undefined {
  const { method, rawBody } = ex.req;
  if ((method !== 'POST' && method !== 'PUT') || rawBody.length === 0 || rawBody.length > 1_000_000)
    return undefined;
  if (ex.req.headers['x-netsuite-idempotency-key']) return undefined; // the core's default uses it
  try {
    const body = JSON.parse(rawBody) as { externalId?: unknown };
    return typeof body?.externalId === 'string'
      ? `${ex.operation}:eid:${body.externalId}`
      : undefined;
  } catch {
    return undefined;
  }
}

const routes = [
  ...Object.values(RECORD_KINDS).flatMap((kind) => [
    ...transformRoutes(kind),
    ...readRoutes(kind),
    ...writeRoutes(kind),
  ]),
  ...suiteqlRoutes,
  ...asyncJobRoutes,
];

/**
 * @example await startSimulators({ seed: 42, port: 0, simulators: [erpSimulator] })
 */
export const erpSimulator: SimulatorDefinition<ErpState, 'erp'> = defineSimulator<ErpState, 'erp'>({
  name: 'erp',
  dialect: 'netsuite',
  label: 'ERP · NetSuite',
  color: '#d9480f',
  portOffset: 1,
  readExchange: erpExchange,
  // No scaleQuotas: the account's concurrency limit is not a rate and stays as it is.
  errors: netsuiteErrors,
  createState: (ctx) => createErpState(ctx),
  sizes: (s) => ({
    records: [...s.records.values()].reduce((a, m) => a + m.size, 0),
    jobs: s.jobs.size,
    idempotencyKeys: s.idempotency.size,
    nonces: s.nonces.seen.size,
  }),
  routes,
  authenticate,
  limiter: concurrencyLimiter,
  logicalKey,
  lifecycle: [asyncJobRunner, replenishmentJob],
  priceBook: applyPriceBook,
  credentials: (world) => {
    const c = world.credentials.erp;
    return {
      accountId: c.accountId,
      consumerKey: c.consumerKey,
      consumerSecret: c.consumerSecret,
      tokenId: c.tokenId,
      tokenSecret: c.tokenSecret,
      accessToken: c.accessToken,
    };
  },
  env: (_url, world) => {
    const c = world.credentials.erp;
    return {
      OMNICHAOS_ERP_ACCOUNT: c.accountId,
      OMNICHAOS_ERP_CONSUMER_KEY: c.consumerKey,
      OMNICHAOS_ERP_CONSUMER_SECRET: c.consumerSecret,
      OMNICHAOS_ERP_TOKEN_ID: c.tokenId,
      OMNICHAOS_ERP_TOKEN_SECRET: c.tokenSecret,
      OMNICHAOS_ERP_ACCESS_TOKEN: c.accessToken,
    };
  },
});
