/**
 * The detection matrix's rows (run by matrix.test.ts; docs/checks.md's coverage table is built
 * from them by checks-doc.test.ts).
 */

import { CHECKS } from '../../oracle/checks/index.js';

export interface Row {
  scenario: string;
  defect?: string;
  /** The checks that must fail: the mistake's direct signature. */
  fails: string[];
  /** Knock-on failures the mistake may also cause (e.g. a lost order also lags forever). */
  mayFail?: string[];
  /** Runs in `npm test`; the rest only under `npm run test:matrix`. */
  ci?: boolean;
  /** The target: examples/reference-integration (default) or examples/python-integration. */
  integration?: 'reference' | 'python';
}

/**
 * The ERP-books checks a reconciliation sums up: records lost or doubled move a day's count and
 * total; records mis-priced its total only.
 */
const RECORDS = [
  'order-to-erp.exactly-once',
  'pos-to-erp.exactly-once',
  'pos-to-erp.refunds-exactly-once',
];
const AMOUNTS = ['order-to-erp.lines-match', 'pos-to-erp.totals-match'];

/**
 * What believing a forged delivery does besides (forged-webhooks): the genuine delivery that
 * follows is dropped as a duplicate — a shipment never confirmed, a storefront order never
 * booked or routed (its lag never ends, the fault windows' backlog never clears) — and a forged
 * storefront order ships under a reference no channel knows, so nobody confirms it.
 */
const FORGED_KNOCK_ONS = [
  'fulfillment.shipment-confirmed',
  'order-to-erp.exactly-once',
  'fulfillment.wms-exactly-once',
  'lag.p95',
  'lag.p99',
  'resilience.recovery-time',
];

export const MATRIX: Row[] = reconciled([
  { scenario: 'smoke', fails: [], ci: true },
  { scenario: 'erp-maintenance-window', fails: [], ci: true },
  { scenario: 'lost-responses', fails: [] },
  { scenario: 'marketplace-throttling', fails: [] },
  { scenario: 'store-outage', fails: [] },
  { scenario: 'webhook-storm', fails: [] },
  { scenario: 'schema-drift', fails: [] },
  { scenario: 'returns-surge', fails: [] },
  { scenario: 'inventory-drift', fails: [] },
  { scenario: 'black-friday', fails: [] },
  { scenario: 'erp-hang', fails: [] },
  { scenario: 'flash-sale', fails: [] },
  { scenario: 'forged-webhooks', fails: [] },
  { scenario: 'marketplace-burst', fails: [] },
  { scenario: 'month-end', fails: [] },
  { scenario: 'promotion-launch', fails: [] },
  { scenario: 'cyber-monday', fails: [] },
  {
    scenario: 'promotion-launch',
    defect: 'hourly-price-sync',
    fails: ['pricing.stale-price-orders'],
    // nothing reaches the channels within the run: every change also never propagates
    mayFail: ['pricing.propagation.p95'],
  },
  {
    scenario: 'promotion-launch',
    defect: 'ignores-throttle-status',
    // updates answered THROTTLED are taken for done: those prices never reach the storefront
    // (a lost promotion end leaves the promotional price live); it retries 429s on its own tick.
    // The THROTTLED answers (HTTP 200) count as throttled: 0.378 of its storefront calls.
    fails: ['pricing.propagation.p95', 'resilience.throttle-pressure'],
    mayFail: ['pricing.stale-price-orders', 'pricing.promotion-window', 'resilience.retry-after'],
  },
  {
    scenario: 'promotion-launch',
    defect: 'one-variant-per-call',
    // four times the mutations for the same bucket: the launch's prices arrive too late, and
    // so does the promotion's end
    fails: ['pricing.propagation.p95'],
    mayFail: ['pricing.stale-price-orders', 'pricing.promotion-window'],
  },
  {
    scenario: 'promotion-launch',
    defect: 'no-promotion-end',
    fails: ['pricing.promotion-window'],
    // the promotion's end never reaches the storefront, so orders after it pay the old price
    mayFail: ['pricing.propagation.p95', 'pricing.stale-price-orders'],
  },
  { scenario: 'month-end', defect: 'books-gross', fails: ['settlement.amounts-match'] },
  {
    scenario: 'month-end',
    defect: 'double-books-settlement',
    fails: ['settlement.booked-once', 'settlement.orders-covered'],
    mayFail: ['resilience.unsafe-retries'],
  },
  { scenario: 'month-end', defect: 'drops-late-adjustments', fails: ['settlement.amounts-match'] },
  {
    scenario: 'erp-maintenance-window',
    defect: 'drop-on-5xx',
    fails: ['order-to-erp.exactly-once', 'pos-to-erp.exactly-once'],
    mayFail: ['fulfillment.erp-fulfillment', 'lag.p95', 'lag.p99', 'resilience.recovery-time'],
    ci: true,
  },
  {
    scenario: 'erp-maintenance-window',
    defect: 'ignore-retry-after',
    fails: ['resilience.retry-after'],
    // the same client also stops pacing itself by x-amzn-RateLimit-Limit, so SP-API throttles it
    mayFail: ['resilience.throttle-pressure'],
  },
  {
    scenario: 'erp-maintenance-window',
    defect: 'no-circuit-breaker',
    fails: ['resilience.outage-hammering'],
  },
  {
    scenario: 'erp-maintenance-window',
    defect: 'retry-storm',
    fails: ['resilience.outage-hammering', 'resilience.retry-amplification'],
    // the hand-rolled loop knows nothing of Retry-After either, and its storms of 429s on
    // SP-API hold back reading the last orders: some never reach the ERP or the warehouse
    mayFail: [
      'resilience.retry-after',
      'order-to-erp.exactly-once',
      'fulfillment.wms-exactly-once',
      'lag.p95',
      'lag.p99',
      // … and confirmations wait behind them too
      'fulfillment.confirm-lag.p95',
    ],
  },
  {
    scenario: 'lost-responses',
    defect: 'no-idempotency',
    fails: ['order-to-erp.exactly-once', 'pos-to-erp.exactly-once', 'resilience.unsafe-retries'],
    // without an external id the sales order cannot be found (eid:) to fulfil it; writes
    // dead-lettered on the duplicate never arrive: the lag percentile or backlog on them fails
    mayFail: ['fulfillment.erp-fulfillment', 'lag.p95', 'lag.p99', 'resilience.recovery-time'],
    ci: true,
  },
  {
    scenario: 'store-outage',
    defect: 'created-after-polling',
    fails: ['pos-to-erp.exactly-once'],
    mayFail: ['pos-to-erp.refunds-exactly-once', 'lag.p95', 'lag.p99'],
    ci: true,
  },
  {
    scenario: 'webhook-storm',
    defect: 'no-webhook-dedupe',
    // Effects, not attempts: every repeat it makes (a second shipment confirmation, a second ERP
    // fulfillment of a shipped order) is refused by the vendor, so nothing happened twice and
    // nothing fails — the oracle must not cry wolf over refused attempts.
    fails: [],
  },
  {
    scenario: 'inventory-drift',
    defect: 'stale-inventory',
    fails: ['inventory-sync.freshness.p95'],
    mayFail: ['inventory-sync.oversell'],
  },
  {
    scenario: 'flash-sale',
    defect: 'publishes-on-hand',
    fails: ['inventory-sync.oversell'],
    mayFail: ['inventory-sync.freshness.p95'],
  },
  {
    scenario: 'forged-webhooks',
    defect: 'skips-signature-checks',
    fails: ['webhooks.forged-accepted'],
    // having taken the forgery for the event, it drops the genuine delivery as a duplicate (a
    // storefront order: never booked or routed, so its lag never ends)
    mayFail: FORGED_KNOCK_ONS,
  },
  {
    scenario: 'erp-hang',
    defect: 'no-client-timeouts',
    fails: ['order-to-erp.exactly-once', 'pos-to-erp.exactly-once'],
    mayFail: [
      // every worker ends up waiting on a hung ERP call, so routing to the warehouse stalls too
      'fulfillment.wms-exactly-once',
      'pos-to-erp.refunds-exactly-once',
      'pos-to-erp.totals-match',
      'fulfillment.erp-fulfillment',
      'lag.p50',
      'lag.p95',
      'lag.p99',
      'resilience.recovery-time',
    ],
  },
  {
    scenario: 'lost-responses',
    defect: 'fresh-id-retries',
    fails: [
      'order-to-erp.exactly-once',
      'pos-to-erp.exactly-once',
      // the second record under a fresh id: each day's count and total are over
      'reconciliation.daily-counts',
      'reconciliation.daily-totals',
    ],
    // the retried writes change identity (unsafe-retries); a second sales order per order
    mayFail: ['resilience.unsafe-retries', 'fulfillment.erp-fulfillment'],
  },
  {
    scenario: 'smoke',
    defect: 'confirms-shipment-early',
    fails: ['ordering.causality'],
    // the placeholder tracking number is the only confirmation the marketplace gets
    mayFail: ['fulfillment.shipment-confirmed', 'fulfillment.confirm-lag.p95'],
  },
  {
    scenario: 'webhook-storm',
    defect: 'skips-erp-fulfillment',
    fails: ['fulfillment.erp-fulfillment'],
  },
  {
    scenario: 'lost-responses',
    defect: 'fresh-wms-reference-retries',
    fails: ['fulfillment.wms-exactly-once'],
    // the second order ships too, under a reference no channel knows: a parcel nobody confirms
    // on the marketplace or fulfils in the ERP; the retried order changed body (unsafe-retries)
    mayFail: [
      'fulfillment.shipment-confirmed',
      'fulfillment.erp-fulfillment',
      'resilience.unsafe-retries',
      'inventory-sync.oversell',
    ],
  },
  {
    // Not marketplace-throttling: its storm throttles every operation from one shared bucket, so
    // a client pacing each operation at the advertised rate still meets ~20% 429s there.
    scenario: 'marketplace-burst',
    defect: 'no-rate-pacing',
    fails: ['resilience.throttle-pressure'],
    // throttled calls wait out their Retry-After, so marketplace orders arrive later
    mayFail: ['lag.p95', 'lag.p99'],
  },
  {
    scenario: 'erp-maintenance-window',
    defect: 'slow-retry-sweep',
    fails: ['resilience.recovery-time'],
    // the orders and fulfillments of the outage's backlog wait for the sweep
    mayFail: ['lag.p95', 'lag.p99', 'fulfillment.erp-fulfillment'],
  },
  {
    scenario: 'month-end',
    defect: 'books-payouts-next-period',
    fails: ['settlement.lag'],
    // the last payout waits for a period that closes at the very end of the run
    mayFail: ['settlement.booked-once', 'settlement.orders-covered'],
  },
  {
    scenario: 'returns-surge',
    defect: 'batches-store-sales',
    // sales wait up to five minutes for the scheduled export: the tail of the lag, not its middle
    fails: ['lag.p95', 'lag.p99'],
    mayFail: ['lag.p50'],
  },
  {
    scenario: 'erp-maintenance-window',
    defect: 'batches-tracking-uploads',
    fails: ['fulfillment.confirm-lag.p95'],
  },
  {
    scenario: 'webhook-storm',
    defect: 'books-sales-per-webhook',
    // a repeated payment.created books the sale again (not refused: no external id), a dropped
    // one never books it (its lag and the chaos window's backlog never end); a sale whose
    // webhook came late may reach the ERP after its refund
    fails: ['resilience.webhook-duplicates', 'pos-to-erp.exactly-once'],
    mayFail: ['lag.p95', 'lag.p99', 'resilience.recovery-time', 'ordering.causality'],
  },
  {
    scenario: 'forged-webhooks',
    defect: 'skips-storefront-hmac',
    // forged orders/create events (ids the shop never issued) become ERP sales orders and
    // warehouse orders
    fails: ['webhooks.forged-accepted'],
    mayFail: FORGED_KNOCK_ONS,
  },
  {
    scenario: 'webhook-storm',
    defect: 'no-storefront-reconciliation',
    // a storefront order whose orders/create delivery was dropped never reaches the ERP
    fails: ['order-to-erp.exactly-once'],
    // nor the warehouse; its lag, and the chaos window's backlog, never end
    mayFail: ['fulfillment.wms-exactly-once', 'lag.p95', 'lag.p99', 'resilience.recovery-time'],
  },
  {
    scenario: 'cyber-monday',
    defect: 'no-storefront-stock',
    // the storefront never hears of Amazon's sales: it sells the limited SKUs' units twice
    fails: ['inventory-sync.oversell'],
    // and every SKU Amazon sold stays above true availability on the storefront to the end
    mayFail: ['inventory-sync.freshness.p95'],
  },
  ...pythonRows(),
]);

/**
 * A row whose mistake loses, doubles or mis-prices ERP records (it fails or may fail one of the
 * ERP-books checks) may also fail the reconciliation of the channel/store/day those records fall
 * in: the same records, summed. Rows whose direct signature it is list it under `fails`.
 */
function reconciled(rows: Row[]): Row[] {
  return rows.map((r) => {
    const all = [...r.fails, ...(r.mayFail ?? [])];
    const records = all.some((id) => RECORDS.includes(id));
    const amounts = records || all.some((id) => AMOUNTS.includes(id));
    const extra = [
      ...(amounts ? ['reconciliation.daily-totals'] : []),
      ...(records ? ['reconciliation.daily-counts'] : []),
    ].filter((id) => !all.includes(id));
    return extra.length ? { ...r, mayFail: [...(r.mayFail ?? []), ...extra] } : r;
  });
}

/**
 * The second column: examples/python-integration (Python 3, standard library only, written from
 * the docs alone), clean in every library scenario and with each of its own defect switches.
 */
function pythonRows(): Row[] {
  const clean = [
    'smoke',
    'erp-maintenance-window',
    'lost-responses',
    'marketplace-throttling',
    'store-outage',
    'webhook-storm',
    'schema-drift',
    'returns-surge',
    'inventory-drift',
    'black-friday',
    'erp-hang',
    'flash-sale',
    'forged-webhooks',
    'marketplace-burst',
    'promotion-launch',
    'month-end',
    'cyber-monday',
  ];
  const rows: Omit<Row, 'integration'>[] = [
    ...clean.map((scenario) => ({ scenario, fails: [], ci: scenario === 'smoke' })),
    {
      scenario: 'lost-responses',
      defect: 'new-external-id-on-retry',
      fails: [
        'order-to-erp.exactly-once',
        'pos-to-erp.exactly-once',
        'resilience.unsafe-retries',
        'reconciliation.daily-counts',
        'reconciliation.daily-totals',
      ],
      // the fulfillment looks the sales order up by its own external id (eid:<AmazonOrderId>);
      // a cash sale booked twice under a fresh id is found by its content
      mayFail: ['fulfillment.erp-fulfillment', 'pos-to-erp.exactly-once'],
      ci: true,
    },
    {
      scenario: 'smoke',
      defect: 'rounds-prices',
      // every count matches; the day's totals are off by the rounding
      fails: ['order-to-erp.lines-match', 'pos-to-erp.totals-match', 'reconciliation.daily-totals'],
      ci: true,
    },
    {
      scenario: 'store-outage',
      defect: 'polls-by-created-at',
      fails: ['pos-to-erp.exactly-once'],
      mayFail: ['pos-to-erp.refunds-exactly-once', 'lag.p95', 'lag.p99'],
    },
    {
      scenario: 'returns-surge',
      defect: 'skips-refunds',
      fails: ['pos-to-erp.refunds-exactly-once'],
    },
    {
      scenario: 'lost-responses',
      defect: 'confirms-early',
      fails: ['fulfillment.shipment-confirmed'],
      // a confirmation before the shipment is also an impossible ordering
      mayFail: ['ordering.causality'],
    },
    {
      scenario: 'flash-sale',
      defect: 'syncs-on-hand',
      fails: ['inventory-sync.oversell'],
      // an oversold order can ship before the ERP has stock committed to it: the ERP refuses
      // its fulfillment ("no items to fulfill")
      mayFail: ['inventory-sync.freshness.p95', 'fulfillment.erp-fulfillment'],
    },
    {
      scenario: 'inventory-drift',
      defect: 'stale-inventory',
      fails: ['inventory-sync.freshness.p95'],
      mayFail: ['inventory-sync.oversell'],
    },
    {
      scenario: 'cyber-monday',
      defect: 'leaves-storefront-stock',
      // the storefront never hears of Amazon's sales: it sells the limited SKUs' units twice
      fails: ['inventory-sync.oversell'],
      mayFail: ['inventory-sync.freshness.p95'],
    },
    {
      scenario: 'erp-maintenance-window',
      defect: 'ignore-retry-after',
      fails: ['resilience.retry-after'],
      // it stops pacing SP-API calls too
      mayFail: ['resilience.throttle-pressure'],
    },
    {
      scenario: 'erp-maintenance-window',
      defect: 'no-backoff',
      fails: [
        'resilience.retry-amplification',
        'resilience.retry-after',
        'resilience.outage-hammering',
      ],
    },
    {
      scenario: 'erp-hang',
      defect: 'no-client-timeouts',
      fails: ['order-to-erp.exactly-once', 'pos-to-erp.exactly-once'],
      // every job worker ends up waiting on a hung ERP call, so the other flows stall too
      mayFail: [
        'fulfillment.wms-exactly-once',
        'fulfillment.shipment-confirmed',
        'fulfillment.erp-fulfillment',
        'pos-to-erp.refunds-exactly-once',
        'pos-to-erp.totals-match',
        'lag.p50',
        'lag.p95',
        'lag.p99',
        'resilience.recovery-time',
      ],
    },
    {
      scenario: 'returns-surge',
      defect: 'delays-store-sales',
      fails: ['lag.p50'],
      // the parked sales reach the ERP after their refunds did: a refund before its sale
      mayFail: ['lag.p95', 'lag.p99', 'ordering.causality'],
    },
    {
      scenario: 'forged-webhooks',
      defect: 'no-signature-check',
      fails: ['webhooks.forged-accepted'],
      // having taken the forgery for the event, it drops the genuine delivery as a duplicate
      mayFail: FORGED_KNOCK_ONS,
    },
    {
      scenario: 'forged-webhooks',
      defect: 'skips-shopify-hmac',
      // forged orders/create deliveries (ids the shop never issued) become ERP sales orders and
      // warehouse orders
      fails: ['webhooks.forged-accepted'],
      mayFail: FORGED_KNOCK_ONS,
    },
    {
      scenario: 'webhook-storm',
      defect: 'storefront-webhooks-only',
      // a storefront order whose every orders/create delivery was lost never reaches the ERP
      fails: ['order-to-erp.exactly-once'],
      // nor the warehouse; its lag, and the chaos window's backlog, never end
      mayFail: ['fulfillment.wms-exactly-once', 'lag.p95', 'lag.p99', 'resilience.recovery-time'],
    },
    {
      scenario: 'promotion-launch',
      defect: 'hourly-price-sync',
      fails: ['pricing.stale-price-orders'],
      // nothing reaches the channels within the run: every change also never propagates
      mayFail: ['pricing.propagation.p95'],
    },
    { scenario: 'month-end', defect: 'books-gross', fails: ['settlement.amounts-match'] },
  ];
  return rows.map((r) => ({ ...r, integration: 'python' }));
}

const PY = ' (Python)';

/**
 * docs/checks.md's coverage table: for each check, the library scenarios in which the detection
 * matrix shows a planted mistake failing it (the row's `fails`, its direct signature) and where
 * it may fail as a knock-on (`mayFail`). Built from the rows, so it cannot claim what no row runs.
 */
export function coverageTable(): string {
  const cell = (list: Set<string>) =>
    list.size
      ? [...list]
          .sort()
          .map((s) => (s.endsWith(PY) ? `\`${s.slice(0, -PY.length)}\`${PY}` : `\`${s}\``))
          .join(', ')
      : '—';
  const lines = [
    '| check | fails on (direct signature of a planted mistake) | may also fail on (knock-on) |',
    '| --- | --- | --- |',
  ];
  for (const check of CHECKS) {
    const direct = new Set<string>();
    const knock = new Set<string>();
    for (const row of MATRIX) {
      const where = row.integration === 'python' ? `${row.scenario}${PY}` : row.scenario;
      if (row.fails.includes(check.id)) direct.add(where);
      else if (row.mayFail?.includes(check.id)) knock.add(where);
    }
    for (const s of direct) knock.delete(s);
    lines.push(`| \`${check.id}\` | ${cell(direct)} | ${cell(knock)} |`);
  }
  return lines.join('\n');
}

/**
 * The README's detection matrix: both example integrations side by side — how many library
 * scenarios each passes clean, and for each check the planted mistakes (defect switches) whose
 * direct signature it is. Built from the rows, like docs/checks.md's coverage table.
 */
export function readmeMatrix(libraryScenarios: number): string {
  const cell = (list: Set<string>) =>
    list.size
      ? [...list]
          .sort()
          .map((d) => `\`${d}\``)
          .join(', ')
      : '—';
  const clean = (integration: 'reference' | 'python') =>
    new Set(
      MATRIX.filter((r) => !r.defect && (r.integration ?? 'reference') === integration).map(
        (r) => r.scenario,
      ),
    ).size;
  const lines = [
    '| check | reference integration (TypeScript) | Python integration |',
    '| --- | --- | --- |',
    `| every check, no mistake planted | passes ${clean('reference')} of ${libraryScenarios} library scenarios | passes ${clean('python')} of ${libraryScenarios} |`,
  ];
  for (const check of CHECKS) {
    const by = { reference: new Set<string>(), python: new Set<string>() };
    for (const row of MATRIX)
      if (row.defect && row.fails.includes(check.id))
        by[row.integration ?? 'reference'].add(row.defect);
    lines.push(`| \`${check.id}\` | ${cell(by.reference)} | ${cell(by.python)} |`);
  }
  return lines.join('\n');
}
