import { describe, expect, it } from 'vitest';
import { verdictExitCode } from '../../oracle/judge.js';
import { STARVED_RATIO } from '../../oracle/overload.js';
import { renderTerminal } from '../../report/terminal.js';
import { renderJunit } from '../../report/junit.js';
import { journal, MIN, scenario } from '../support/journal-builder.js';

/**
 * A run whose median order took 10 minutes to reach the ERP (lag.p50 fails), with the machine's
 * load as the runner journaled it. `lost` adds an order that never arrives.
 */
function slowRun(load: Record<string, number> | undefined, options: { lost?: boolean } = {}) {
  const j = journal()
    .runStarted({ scenario: scenario({ flows: ['order-to-erp'] }) })
    .http({ sys: 'marketplace', status: 200 })
    .http({ sys: 'erp', status: 200 })
    .mktOrder('113-1')
    .at(10 * MIN)
    .erpCreated('sales-order', 'SO1', { sourceOrderId: '113-1' });
  if (options.lost) j.mktOrder('113-2');
  j.at(20 * MIN);
  if (load)
    j.raw('run:load', {
      sys: 'runner',
      wallMs: 60_000,
      loopDelayP99Ms: 3,
      loopDelayMaxMs: 9,
      windowMs: 10_000,
      loadAvg1: 9.5,
      cpus: 2,
      ...load,
    });
  return j.runFinished().judge();
}

describe('a run on an overloaded machine', () => {
  it('calls a timing failure INCONCLUSIVE, exit 3, and says why', () => {
    const v = slowRun({ targetWaitRatio: 0.6, targetWorstWaitRatio: 0.9 });
    const lag = v.checks.find((c) => c.id === 'lag.p50')!;
    expect(lag.verdict).toBe('inconclusive');
    expect(lag.note).toContain('the target waited for a CPU 90% of its worst 10 s');
    expect(v.passed).toBe(false);
    expect(v.inconclusive).toBe(true);
    expect(v.counts.inconclusive).toBeGreaterThan(0);
    expect(verdictExitCode(v)).toBe(3);
    const text = renderTerminal(v, { color: false });
    expect(text).toContain('INCONCLUSIVE — only timing checks failed, on an overloaded machine');
    expect(text).toMatch(/INCONCLUSIVE\s+lag\.p50/);
    expect(renderJunit(v)).toMatch(/<error message="lag\.p50: [^"]*inconclusive"/);
  });

  it('still fails the same run on a machine that had CPU to spare', () => {
    for (const load of [undefined, { targetWorstWaitRatio: STARVED_RATIO - 0.01 }]) {
      const v = slowRun(load);
      expect(v.checks.find((c) => c.id === 'lag.p50')!.verdict).toBe('fail');
      expect(v.overloaded).toBeUndefined();
      expect(v.inconclusive).toBe(false);
      expect(verdictExitCode(v)).toBe(1);
    }
  });

  it('never softens an order that never arrived, or a correctness check', () => {
    const v = slowRun({ runnerWorstWaitRatio: 0.95 }, { lost: true });
    expect(v.overloaded).toContain('the runner waited for a CPU 95%');
    const exactlyOnce = v.checks.find((c) => c.id === 'order-to-erp.exactly-once')!;
    expect(exactlyOnce.verdict).toBe('fail');
    // the lost order makes every lag percentile a lower bound of something that never ended
    for (const c of v.checks.filter((c) => c.unbounded)) expect(c.verdict).toBe('fail');
    expect(v.inconclusive).toBe(false);
    expect(verdictExitCode(v)).toBe(1);
  });

  it('calls demand that ran far behind schedule overloaded (slip × speed)', () => {
    const j = journal().runStarted();
    for (let i = 0; i < 10; i++) j.demandArrival({ slipMs: 400 }); // × speed 60 = 24 s late
    j.mktOrder('113-1')
      .at(10 * MIN)
      .erpCreated('sales-order', 'SO1', { sourceOrderId: '113-1' })
      .at(20 * MIN)
      .raw('run:load', {
        sys: 'runner',
        wallMs: 1,
        loopDelayP99Ms: 1,
        loopDelayMaxMs: 1,
        windowMs: 10_000,
        loadAvg1: 1,
        cpus: 2,
      });
    const v = j.runFinished().judge();
    expect(v.overloaded).toMatch(/demand arrivals ran 400 ms late \(p99\)/);
  });
});
