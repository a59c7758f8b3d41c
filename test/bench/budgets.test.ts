import { describe, expect, it } from 'vitest';
import { budgetSummary } from '../../bench/budgets.js';

/**
 * `npm run bench`'s `budgets` list: every peak-volume budget with what was measured and whether
 * it holds; a section or system the run left out is `not run`, never a failure.
 */

const system = (bytesPerOrder: number, peakRssMB: number, rssMB: number, oom = false) => ({
  bytesPerOrder,
  peakRssMB,
  afterReset: { rssMB },
  oom,
});

describe('the budgets list of npm run bench', () => {
  it('says not run for everything when no section ran', () => {
    const lines = budgetSummary({});
    expect(lines.length).toBeGreaterThanOrEqual(14);
    for (const l of lines) expect(l).toMatchObject({ measured: 'not run', holds: 'not run' });
    expect(lines[0]!.budget).toBe('Square CreateOrder × 1,000,000: retained ≤ 1,024 B per order');
  });

  it('judges the systems that ran, and says not run for a system left out', () => {
    const lines = budgetSummary({
      memory: {
        ordersPerSystem: 1_000_000,
        square: system(776, 1347.2, 182),
        marketplace: undefined,
      },
    });
    const of = (prefix: string) => lines.filter((l) => l.budget.startsWith(prefix));
    expect(of('Square CreateOrder').map((l) => [l.measured, l.holds])).toEqual([
      ['776 B', true],
      ['1347.2 MB', true],
      ['182 MB', true],
      ['no OOM', true],
    ]);
    expect(of('SP-API orders').every((l) => l.holds === 'not run')).toBe(true);
    // over budget, and an OOM
    const bad = budgetSummary({
      memory: { ordersPerSystem: 10, square: system(1025, 1600, 250, true) },
    }).filter((l) => l.budget.startsWith('Square CreateOrder'));
    expect(bad.map((l) => l.holds)).toEqual([false, false, false, false]);
  });

  it('says which throughput ratios hold, marked as reported rather than required', () => {
    const lines = budgetSummary({ pipeline: { ratios: { squareWrite: 0.381, squareRead: 0.71 } } });
    const write = lines.find((l) => l.budget.startsWith('Square write'))!;
    const read = lines.find((l) => l.budget.startsWith('Square read'))!;
    expect(write).toMatchObject({ measured: 0.381, holds: false, required: false });
    expect(read).toMatchObject({ measured: 0.71, holds: true, required: false });
  });

  it('holds the report budget only when the command read the model file in time', () => {
    const report = (commandSeconds: number, read: string, holds: boolean) =>
      budgetSummary({
        oracle: {
          fromFile: { modelFile: { commandSeconds, read, holds, writeSeconds: 62.3 } },
          endOfRun: { judgeSeconds: 9.8 },
        },
      });
    const line = (lines: ReturnType<typeof budgetSummary>) =>
      lines.find((l) => l.budget.startsWith('`omnichaos report` on'))!;
    expect(line(report(23.2, '/x/journal.model (the folded model …)', true))).toMatchObject({
      measured: '23.2 s',
      holds: true,
      required: true,
    });
    expect(line(report(31, '/x/journal.model', false)).holds).toBe(false);
    // in time, but it folded the journal
    expect(line(report(20, '/x/journal.ndjson (journal.model not used: …)', false)).holds).toBe(
      false,
    );
    const end = report(23.2, 'x', true).find((l) => l.budget.startsWith('verdict at the end'))!;
    expect(end).toMatchObject({ measured: '9.8 s', holds: true });
  });

  it('holds the soak only when RSS stayed flat at the rate asked', () => {
    const soak = (flat: boolean, sent: number) =>
      budgetSummary({
        writeSoak: { flat, sent, seconds: 600, targetPerSec: 1000, rssSlopeMBPerMin: -0.466 },
      }).find((l) => l.budget.startsWith('10 min'))!;
    expect(soak(true, 599_848)).toMatchObject({
      measured: '-0.466 MB/min, 1000 writes/s reached',
      holds: true,
    });
    expect(soak(true, 387_673).holds).toBe(false);
    expect(soak(false, 599_848).holds).toBe(false);
  });
});
