#!/usr/bin/env node
// The marketplace's Finances v0 answers, checked against Amazon's own API model.
//
//   npm run conformance:finances -- <path>
//
// <path> is a checkout of github.com/amzn/selling-partner-api-models, or its bare git directory
// (the repository snapshot); the script reads models/finances-api-model/financesV0.json from it
// (the model is never copied into this repository). It builds a marketplace on a virtual clock,
// ships, refunds and adjusts so that every event kind and both group states exist, calls each
// Finances operation (pages and refusals included) through the whole pipeline, and validates
// every body with Ajv against the operation's response schema for its status. The model's
// object schemas are made closed (additionalProperties: false) so a field the model does not
// know — a misspelt name — fails too. Prints one line per response; exits 1 on any mismatch.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const MODEL = 'models/finances-api-model/financesV0.json';

function readModel(source) {
  const abs = resolve(source);
  if (existsSync(join(abs, MODEL))) return JSON.parse(readFileSync(join(abs, MODEL), 'utf8'));
  const gitDir = existsSync(join(abs, 'HEAD')) ? abs : join(abs, '.git');
  if (!existsSync(join(gitDir, 'HEAD')))
    throw new Error(`${source}: neither a checkout with ${MODEL} nor a git directory`);
  const text = execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${MODEL}`], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(String(text));
}

/** Every object schema closed, so unknown properties are reported. */
function closeObjects(node) {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = closeObjects(v);
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}

/** The paths and operation ids of the model, so a route answering a wrong path shows. */
function operations(model) {
  const ops = {};
  for (const [path, methods] of Object.entries(model.paths))
    for (const [method, op] of Object.entries(methods))
      ops[op.operationId] = { path, method, responses: op.responses };
  return ops;
}

/**
 * Validate the simulator's answers; resolves to { checked, failures }.
 *
 * @param {string} source path to the models checkout or git directory
 */
export async function runFinancesConformance(source, { quiet = false } = {}) {
  const model = readModel(source);
  const { default: Ajv } = await import('ajv');
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const definitions = closeObjects(model.definitions);
  ajv.addSchema({ $id: 'finances', definitions });
  const ops = operations(model);
  const validate = (op, status, body) => {
    const response = ops[op].responses[String(status)];
    if (!response) return [`status ${status} is not in the model for ${op}`];
    const ref = response.schema?.$ref?.replace('#/definitions/', '');
    if (!ref) return [`no schema for ${op} ${status}`];
    const v = ajv.getSchema(`finances#/definitions/${ref}`);
    return v(body)
      ? []
      : v.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  };

  const { makeMarketplaceRuntime, MKT_TEST_START } = await import(
    pathToFileURL(join(repo, 'dist/simulators/marketplace/testing.js')).href
  );
  const HOUR = 3_600_000;
  const MIN = 60_000;
  const mkt = makeMarketplaceRuntime({
    config: {
      rateLimits: false,
      tokenLifetimeMs: 100 * HOUR,
      settlementPeriodMs: HOUR,
      financesDelayMs: 10 * MIN,
      fundTransferMs: 10 * MIN,
      refundRate: 0.5,
      refundAfterMs: 20 * MIN,
      adjustments: [
        { atMs: 30 * MIN, amountCents: -799 },
        {
          atMs: HOUR + 5 * MIN,
          amountCents: 1250,
          type: 'LostOrDamagedReimbursement',
          postedBackMs: 15 * MIN,
        },
      ],
    },
  });
  await mkt.login();
  const mp = mkt.creds.marketplaceId;
  const shipped = [];
  for (let i = 0; i < 8; i++) {
    const placed = mkt.order(i);
    if (!placed.created) continue;
    const items = (await mkt.call('GET', `/orders/v0/orders/${placed.orderId}/orderItems`)).body;
    const res = await mkt.call('POST', `/orders/v0/orders/${placed.orderId}/shipmentConfirmation`, {
      marketplaceId: mp,
      packageDetail: {
        packageReferenceId: String(i + 1),
        carrierCode: 'UPS',
        trackingNumber: `1ZCONF${i}`,
        shipDate: new Date(mkt.clock.now()).toISOString(),
        orderItems: items.payload.OrderItems.map((x) => ({
          orderItemId: x.OrderItemId,
          quantity: x.QuantityOrdered,
        })),
      },
    });
    if (res.status === 204) shipped.push(placed.orderId);
    await mkt.clock.advanceScenario(2 * MIN);
  }
  await mkt.clock.advanceScenario(2 * HOUR);

  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const calls = [];
  const call = async (op, path) => {
    const res = await mkt.call('GET', path);
    calls.push({ op, path, status: res.status, body: res.body });
    return res;
  };
  const pageAll = async (op, path, query) => {
    let token;
    do {
      const q = token ? `NextToken=${encodeURIComponent(token)}` : query;
      const res = await call(op, `${path}${q ? `?${q}` : ''}`);
      token = res.body?.payload?.NextToken;
    } while (token);
  };
  await pageAll(
    'listFinancialEventGroups',
    '/finances/v0/financialEventGroups',
    'MaxResultsPerPage=1',
  );
  const groups = (await mkt.call('GET', '/finances/v0/financialEventGroups')).body.payload
    .FinancialEventGroupList;
  for (const g of groups)
    await pageAll(
      'listFinancialEventsByGroupId',
      `/finances/v0/financialEventGroups/${g.FinancialEventGroupId}/financialEvents`,
      'MaxResultsPerPage=2',
    );
  for (const id of shipped.slice(0, 3))
    await pageAll('listFinancialEventsByOrderId', `/finances/v0/orders/${id}/financialEvents`, '');
  await pageAll(
    'listFinancialEvents',
    '/finances/v0/financialEvents',
    `PostedAfter=${iso(MKT_TEST_START)}&MaxResultsPerPage=3`,
  );
  // Refusals: their bodies must fit the model's error responses too.
  await call('listFinancialEvents', '/finances/v0/financialEvents?MaxResultsPerPage=101');
  await call(
    'listFinancialEvents',
    `/finances/v0/financialEvents?PostedBefore=${iso(MKT_TEST_START)}`,
  );
  await call(
    'listFinancialEventGroups',
    `/finances/v0/financialEventGroups?FinancialEventGroupStartedAfter=${iso(mkt.clock.now())}`,
  );
  await call(
    'listFinancialEventsByGroupId',
    '/finances/v0/financialEventGroups/unknown/financialEvents',
  );
  await call('listFinancialEventsByOrderId', '/finances/v0/orders/bad/financialEvents');

  const kinds = new Set();
  let failures = 0;
  for (const c of calls) {
    const fe = c.body?.payload?.FinancialEvents;
    if (fe) for (const [k, v] of Object.entries(fe)) if (v.length) kinds.add(k);
    for (const g of c.body?.payload?.FinancialEventGroupList ?? [])
      kinds.add(`group:${g.ProcessingStatus}`);
    const errors = validate(c.op, c.status, c.body);
    if (errors.length) failures++;
    if (!quiet || errors.length)
      console.log(
        `${errors.length ? 'FAIL' : 'ok  '} ${c.status} ${c.op} ${c.path.slice(0, 110)}${errors.length ? `\n     ${errors.join('\n     ')}` : ''}`,
      );
  }
  const needed = [
    'ShipmentEventList',
    'RefundEventList',
    'AdjustmentEventList',
    'group:Open',
    'group:Closed',
  ];
  const missing = needed.filter((k) => !kinds.has(k));
  if (missing.length) {
    console.log(`FAIL nothing exercised ${missing.join(', ')}`);
    failures++;
  }
  console.log(`${calls.length} responses checked against ${MODEL}; ${failures} failed`);
  return { checked: calls.length, failures };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const source = process.argv[2];
  if (!source) {
    console.error(
      'usage: npm run conformance:finances -- <selling-partner-api-models checkout or git dir>',
    );
    process.exit(2);
  }
  const { failures } = await runFinancesConformance(source);
  process.exit(failures ? 1 : 0);
}
