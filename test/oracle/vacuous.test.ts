import { describe, expect, it } from 'vitest';
import { ev } from '../../journal/events.js';
import { journal, MIN, scenario } from '../support/journal-builder.js';

/**
 * A target that only answers its health check: orders arrive, stock moves, nothing is carried.
 * No check may pass on that — each fails or is NOT CHECKED.
 */
function healthOnly() {
  const j = journal()
    .append(
      ev.runStarted({ scenario: scenario(), simulators: ['erp', 'pos', 'wms', 'marketplace'] }),
    )
    .faultAdded('erp-down', { type: 'outage', system: 'erp', fromMs: 0, untilMs: MIN })
    .wmsInventory('SKU-00001', 100);
  for (let i = 0; i < 10; i++)
    j.at(i * 10_000)
      .mktOrder(`113-${i}`, { totalCents: 500, lines: [{ sku: 'SKU-00001', quantity: 1 }] })
      .posOrder(`sq-${i}`, 700);
  // the channel lowers its own listing with each sale; the warehouse's stock moves
  j.at(2 * MIN)
    .append(
      ev.listingQuantityChanged({
        sys: 'marketplace',
        sku: 'SKU-00001',
        quantity: 3,
        reason: 'order',
      }),
    )
    .wmsInventory('SKU-00001', 9)
    .webhookAttempt('pos', 'evt-1')
    .webhookAttempt('pos', 'evt-1');
  return j.at(4 * MIN).runFinished();
}

describe('a target that does nothing', () => {
  it('passes no check, and the verdict names the systems it never called', () => {
    const verdict = healthOnly().judge();
    const passed = verdict.checks.filter((c) => c.verdict === 'pass').map((c) => c.id);
    expect(passed).toEqual([]);
    expect(verdict.neverCalled).toEqual(['erp', 'marketplace', 'pos', 'wms']);
    expect(verdict.passed).toBe(false);
  });

  it('is NOT CHECKED on unsafe-retries (no write was retried), not a pass', () => {
    const r = healthOnly().check('resilience.unsafe-retries');
    expect(r.verdict).toBe('not-checked');
    expect(r.note).toBe('no write was retried after a failure');
  });

  it('is NOT CHECKED on oversell when it never published a listing and nothing oversold', () => {
    const r = healthOnly().check('inventory-sync.oversell');
    expect(r.verdict).toBe('not-checked');
  });

  it('judges oversell once the channel accepted a listing write, even one that changed nothing', () => {
    const r = healthOnly()
      .http({ sys: 'marketplace', method: 'PATCH', op: 'patchListingsItem', status: 200 })
      .check('inventory-sync.oversell');
    expect(r.verdict).toBe('pass');
  });

  it('fails freshness when listings went stale and the target never published one', () => {
    const r = healthOnly().check('inventory-sync.freshness.p95');
    expect(r.verdict).toBe('fail');
    expect(r.unbounded).toBe(true);
  });

  it('fails lag.p50 (every order never arrived) and recovery (the backlog never cleared)', () => {
    const v = healthOnly().judge();
    for (const id of ['lag.p50', 'lag.p95', 'lag.p99', 'resilience.recovery-time'])
      expect(
        v.checks.find((c) => c.id === id),
        id,
      ).toMatchObject({ verdict: 'fail', unbounded: true });
  });

  it('an empty journal passes nothing either', () => {
    const v = journal().runStarted().runFinished().judge();
    expect(v.checks.filter((c) => c.verdict === 'pass')).toEqual([]);
  });
});
