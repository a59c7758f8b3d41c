import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../oracle/checks/index.js';
import { coverageTable, MATRIX } from './rows.js';

describe('docs/checks.md', () => {
  it('shows the coverage table the detection matrix proves', () => {
    const doc = readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8');
    // prettier pads the table; compare cell by cell
    const cells = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('|') && !/^\|[\s-|]+\|$/.test(l))
        .map((l) =>
          l
            .split('|')
            .slice(1, -1)
            .map((c) => c.trim()),
        );
    expect(cells(doc), 'paste the table printed by coverageTable() into docs/checks.md').toEqual(
      cells(coverageTable()),
    );
  });

  it('names only library scenarios and known checks', () => {
    const ids = new Set(CHECKS.map((c) => c.id));
    for (const row of MATRIX) {
      readFileSync(new URL(`../../scenarios/${row.scenario}.yaml`, import.meta.url));
      for (const id of [...row.fails, ...(row.mayFail ?? [])]) expect(ids).toContain(id);
    }
  });
});
