import type { Scenario } from '../scenarios/types.js';

/**
 * Vendors' normal rate limits are wall-clock quotas (design §1), but a scenario at speed 20
 * pushes 20 scenario seconds of demand through every wall second. Left alone, a compressed run
 * would hold the target to a twentieth of the quota a real day gives it per order — a failure
 * the production system would never see. So, unless the scenario sets them itself under
 * `simulators:`, the rate quotas grow with the clock speed. Concurrency limits (NetSuite) are
 * not rates and stay as they are. See docs/decisions/0006-quotas-follow-clock-speed.md.
 *
 * @example quotaConfig(scenario).marketplace // { rateScale: 20 } at speed 20
 */
export function quotaConfig(scenario: Scenario): Scenario['simulators'] {
  const speed = scenario.clock.speed;
  const given = scenario.simulators;
  const out: Scenario['simulators'] = { ...given };
  if (speed === 1) return out;
  const marketplace = given.marketplace ?? {};
  if (marketplace.rateScale === undefined) out.marketplace = { ...marketplace, rateScale: speed };
  const wms = given.wms ?? {};
  // ShipBob: 150 requests per minute per token (reference §4).
  if (wms.rateLimit === undefined)
    out.wms = { ...wms, rateLimit: { limit: Math.round(150 * speed), windowMs: 60_000 } };
  const pos = given.pos ?? {};
  // Square: the simulator's default bucket, 20/s with a burst of 40 (docs/dialects/pos.md).
  if (pos.rateLimit === undefined)
    out.pos = { ...pos, rateLimit: { ratePerSec: 20 * speed, burst: 40 } };
  return out;
}
