import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../oracle/checks/index.js';
import { expectDocTable } from '../support/doc-table.js';
import { coverageTable, MATRIX, readmeMatrix } from './rows.js';

describe('docs/checks.md and the README matrix', () => {
  it('shows the coverage table the detection matrix proves', async () => {
    await expectDocTable('docs/checks.md', coverageTable());
  });

  it("shows the README's matrix: both integrations, the mistakes each check catches", async () => {
    const library = readdirSync(new URL('../../scenarios/', import.meta.url)).filter((f) =>
      f.endsWith('.yaml'),
    ).length;
    await expectDocTable('README.md', readmeMatrix(library));
  });

  it('names only library scenarios and known checks', () => {
    const ids = new Set(CHECKS.map((c) => c.id));
    for (const row of MATRIX) {
      readFileSync(new URL(`../../scenarios/${row.scenario}.yaml`, import.meta.url));
      for (const id of [...row.fails, ...(row.mayFail ?? [])]) expect(ids).toContain(id);
    }
  });

  /**
   * Every check must have a (scenario, defect, integration) row whose direct signature it is.
   * The checks below have none yet — they fail only as knock-ons, or no planted mistake reaches
   * them. The list may only shrink: a new check without a row fails here, and so does a check
   * that gained a row but is still listed.
   */
  const NO_FAILING_ROW_YET = [
    'fulfillment.confirm-lag.p95',
    'lag.p95',
    'lag.p99',
    // Its old row (no-webhook-dedupe in webhook-storm) does no harm now that the vendors refuse
    // every repeat and the check counts effects: it needs a mistake whose repeat is not refused.
    'resilience.webhook-duplicates',
  ];

  it('has a failing detection-matrix row for every check, but the listed gaps', () => {
    const direct = new Set(MATRIX.flatMap((r) => (r.defect ? r.fails : [])));
    const without = CHECKS.map((c) => c.id).filter((id) => !direct.has(id));
    expect(without.sort()).toEqual([...NO_FAILING_ROW_YET].sort());
  });
});
