import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldJournal, judge } from '../../oracle/judge.js';
import { loadScenarioFile } from '../../scenarios/load.js';
import { runScenario } from '../../runner/run.js';
import { freePort, packageRoot, referenceTarget } from '../../runner/reference.js';
import { MATRIX } from './rows.js';
import { havePython, pythonTarget } from '../support/python-target.js';

/**
 * The detection matrix: omnichaos proving its own verdicts. The reference integration and the
 * independent Python one (examples/python-integration) pass the library scenarios clean; each defect switched on alone fails, in the scenario built for
 * it, exactly the checks listed here — no more (no false alarm) and no fewer (no miss).
 *
 * `npm test` runs the CI rows; `npm run test:matrix` (MATRIX=full) runs every row. Each row is
 * one real run (simulators, the integration as a child process, faults, oracle),
 * 20–40 s of wall time.
 */

const FULL = process.env.MATRIX === 'full';
const ROWS = MATRIX.filter((r) => FULL || r.ci);

describe('detection matrix: each integration, clean and with one defect each', () => {
  for (const row of ROWS) {
    const python = row.integration === 'python';
    const name =
      (python ? '[python] ' : '') +
      (row.defect
        ? `${row.defect} in ${row.scenario} fails exactly: ${row.fails.join(', ')}`
        : `clean in ${row.scenario}: every check holds`);
    it.skipIf(python && !havePython)(
      name,
      async () => {
        const scenario = await loadScenarioFile(
          join(packageRoot(), 'scenarios', `${row.scenario}.yaml`),
        );
        const outDir = mkdtempSync(join(tmpdir(), `omnichaos-matrix-${row.scenario}-`));
        const defects = row.defect ? [row.defect] : [];
        scenario.target = python
          ? pythonTarget({ port: await freePort(), defects })
          : referenceTarget({
              port: await freePort(),
              stateDir: join(outDir, 'reference-state'),
              defects,
            });
        const result = await runScenario({ scenario, outDir, out: () => undefined });
        expect(result.error).toBeUndefined();
        const verdict = result.verdict!;
        // On a machine too loaded to time anything (oracle/overload.ts) a timing check that
        // failed is INCONCLUSIVE: it still did not hold, but it is no false alarm either.
        const notHeld = verdict.checks.filter(
          (r) => r.verdict === 'fail' || r.verdict === 'inconclusive',
        );
        const ids = verdict.checks.filter((r) => r.verdict === 'fail').map((r) => r.id);
        const summary = notHeld
          .map((r) => `${r.id}=${String(r.measured)}${r.verdict === 'inconclusive' ? '?' : ''}`)
          .join(', ');
        if (verdict.overloaded) console.warn(`[matrix] ${row.scenario}: ${verdict.overloaded}`);
        // the mistake's signature fails …
        for (const id of row.fails)
          expect(
            notHeld.map((r) => r.id),
            `${id} should fail; failed: ${summary}`,
          ).toContain(id);
        // … and nothing else does beyond its listed knock-on effects: no false alarms
        const allowed = new Set([...row.fails, ...(row.mayFail ?? [])]);
        expect(
          ids.filter((id) => !allowed.has(id)),
          `unexpected failures: ${summary}`,
        ).toEqual([]);
        expect(result.exitCode).toBe(
          ids.length ? 1 : verdict.inconclusive ? 3 : row.fails.length ? 1 : 0,
        );
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
