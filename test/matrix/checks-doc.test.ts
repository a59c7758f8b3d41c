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
   * Every check has a (scenario, defect, integration) row whose direct signature it is: a new
   * check without one fails here.
   */
  it('has a failing detection-matrix row for every check', () => {
    const direct = new Set(MATRIX.flatMap((r) => (r.defect ? r.fails : [])));
    const without = CHECKS.map((c) => c.id).filter((id) => !direct.has(id));
    expect(without, 'checks no planted mistake fails directly').toEqual([]);
  });
});
