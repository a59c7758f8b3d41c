import { describe, expect, it } from 'vitest';
import type { CompiledPlan } from '../../runner/plan.js';
import { runBin } from '../support/cli.js';
import { startUp } from '../support/up.js';

/** `GET /_omnichaos/plan`: what an external driver (k6) needs to place a scenario's demand. */
describe('omnichaos up --scenario: the compiled plan', () => {
  it('without --demand, hands the demand to an external driver, in scenario and wall time', async () => {
    const up = await startUp(['--port', '0', '--scenario', 'scenarios/smoke.yaml']);
    try {
      const plan = (await (await fetch(`${up.controlUrl}/_omnichaos/plan`)).json()) as CompiledPlan;
      expect(plan).toMatchObject({ scenario: 'smoke', seed: 42, driver: 'external' });
      expect(plan.clock).toMatchObject({ speed: 10, durationMs: 120_000, wallDurationS: 12 });
      const marketplace = plan.demand.find((d) => d.key === 'marketplace')!;
      // smoke: 0.3 orders per scenario second for 2 minutes, at speed 10.
      expect(marketplace).toMatchObject({
        channel: 'marketplace-order',
        path: '/_omnichaos/demand/marketplace-order/{index}',
        expectedArrivals: 36,
        wallStages: [{ durationS: 12, fromPerSec: 3, toPerSec: 3 }],
      });
      expect(plan.simulators.pos!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(plan.presets).toContain('erp-maintenance');
      // Nothing places demand until the external driver does.
      const arrivals = (await (
        await fetch(`${up.controlUrl}/_omnichaos/journal?type=demand:arrival`)
      ).json()) as { events: unknown[] };
      expect(arrivals.events).toHaveLength(0);
      const admitted = await fetch(`${up.controlUrl}${marketplace.path.replace('{index}', '0')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      expect(admitted.status).toBe(200);
    } finally {
      expect(await up.stop()).toBe(0);
    }
  });

  it('with --demand, the built-in driver places the arrivals and the plan says so', async () => {
    const up = await startUp(['--port', '0', '--scenario', 'scenarios/smoke.yaml', '--demand']);
    try {
      const plan = (await (await fetch(`${up.controlUrl}/_omnichaos/plan`)).json()) as CompiledPlan;
      expect(plan.driver).toBe('built-in');
      await expect
        .poll(
          async () =>
            (
              (await (
                await fetch(`${up.controlUrl}/_omnichaos/journal?type=demand:arrival`)
              ).json()) as { events: unknown[] }
            ).events.length,
          { timeout: 10_000 },
        )
        .toBeGreaterThan(2);
    } finally {
      expect(await up.stop()).toBe(0);
    }
  });

  it('--demand without a scenario is a usage error', async () => {
    const r = await runBin(['up', '--port', '0', '--demand']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--scenario');
  });
});
