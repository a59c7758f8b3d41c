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
}

export const MATRIX: Row[] = [
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
  },
  {
    scenario: 'lost-responses',
    defect: 'no-idempotency',
    fails: ['order-to-erp.exactly-once', 'pos-to-erp.exactly-once', 'resilience.unsafe-retries'],
    // without an external id the sales order cannot be found (eid:) to fulfil it
    mayFail: ['fulfillment.erp-fulfillment'],
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
    fails: ['resilience.webhook-duplicates'],
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
    // having taken the forgery for the event, it drops the genuine delivery as a duplicate
    mayFail: ['fulfillment.shipment-confirmed'],
  },
  {
    scenario: 'erp-hang',
    defect: 'no-client-timeouts',
    fails: ['order-to-erp.exactly-once', 'pos-to-erp.exactly-once'],
    mayFail: [
      'pos-to-erp.refunds-exactly-once',
      'pos-to-erp.totals-match',
      'fulfillment.erp-fulfillment',
      'lag.p50',
      'lag.p95',
      'lag.p99',
      'resilience.recovery-time',
    ],
  },
];

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
          .map((s) => `\`${s}\``)
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
      if (row.fails.includes(check.id)) direct.add(`${row.scenario}`);
      else if (row.mayFail?.includes(check.id)) knock.add(`${row.scenario}`);
    }
    for (const s of direct) knock.delete(s);
    lines.push(`| \`${check.id}\` | ${cell(direct)} | ${cell(knock)} |`);
  }
  return lines.join('\n');
}
