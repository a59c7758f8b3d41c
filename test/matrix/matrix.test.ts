import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldJournal, judge } from '../../oracle/judge.js';
import { loadScenarioFile } from '../../scenarios/load.js';
import { runScenario } from '../../runner/run.js';
import { freePort, packageRoot, referenceTarget } from '../../runner/reference.js';

/**
 * The detection matrix: omnichaos proving its own verdicts. The reference integration passes
 * the library scenarios clean; each defect switched on alone fails, in the scenario built for
 * it, exactly the checks listed here — no more (no false alarm) and no fewer (no miss).
 *
 * `npm test` runs the CI rows; `npm run test:matrix` (MATRIX=full) runs every row. Each row is
 * one real run (simulators, the reference integration as a child process, faults, oracle),
 * 20–40 s of wall time.
 */

interface Row {
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

const FULL = process.env.MATRIX === 'full';
const ROWS = MATRIX.filter((r) => FULL || r.ci);

describe('detection matrix: the reference integration, clean and with one defect each', () => {
  for (const row of ROWS) {
    const name = row.defect
      ? `${row.defect} in ${row.scenario} fails exactly: ${row.fails.join(', ')}`
      : `clean in ${row.scenario}: every check holds`;
    it(
      name,
      async () => {
        const scenario = await loadScenarioFile(
          join(packageRoot(), 'scenarios', `${row.scenario}.yaml`),
        );
        const outDir = mkdtempSync(join(tmpdir(), `omnichaos-matrix-${row.scenario}-`));
        scenario.target = referenceTarget({
          port: await freePort(),
          stateDir: join(outDir, 'reference-state'),
          defects: row.defect ? [row.defect] : [],
        });
        const result = await runScenario({ scenario, outDir, out: () => undefined });
        expect(result.error).toBeUndefined();
        const verdict = result.verdict!;
        const failed = verdict.checks.filter((r) => r.verdict === 'fail');
        const ids = failed.map((r) => r.id);
        const summary = failed.map((r) => `${r.id}=${String(r.measured)}`).join(', ');
        // the mistake's signature fails …
        for (const id of row.fails)
          expect(ids, `${id} should fail; failed: ${summary}`).toContain(id);
        // … and nothing else does beyond its listed knock-on effects: no false alarms
        const allowed = new Set([...row.fails, ...(row.mayFail ?? [])]);
        expect(
          ids.filter((id) => !allowed.has(id)),
          `unexpected failures: ${summary}`,
        ).toEqual([]);
        expect(result.exitCode).toBe(row.fails.length ? 1 : 0);
        // The run judged the model it fed as it went (decision 0009); re-reading the journal
        // file, as `omnichaos report` does, must give the same verdict.
        const reread = judge(await foldJournal(join(outDir, 'journal.ndjson')));
        const view = (v: typeof verdict) =>
          v.checks.map((c) => [c.id, c.verdict, c.measured, c.evidence]);
        expect(view(reread)).toEqual(view(verdict));
      },
      180_000,
    );
  }
});
