import { registeredSimulators } from '../simulators/index.js';
import type { Scenario } from '../scenarios/types.js';

/**
 * Vendors' normal rate limits are wall-clock quotas (docs/architecture.md#time), but a scenario at speed 20
 * pushes 20 scenario seconds of demand through every wall second. Left alone, a compressed run
 * would hold the target to a twentieth of the quota a real day gives it per order — a failure
 * the production system would never see. So, unless the scenario sets them itself under
 * `simulators:`, the rate quotas grow with the clock speed: each simulator's manifest says how
 * (`scaleQuotas`). Concurrency limits (NetSuite) are not rates and stay as they are. See docs/decisions/0006-quotas-follow-clock-speed.md.
 *
 * @example quotaConfig(scenario).marketplace // { rateScale: 20 } at speed 20
 */
export function quotaConfig(scenario: Scenario): Scenario['simulators'] {
  const speed = scenario.clock.speed;
  const given = scenario.simulators;
  const out: Scenario['simulators'] = { ...given };
  if (speed === 1) return out;
  for (const def of registeredSimulators())
    if (def.scaleQuotas) out[def.name] = def.scaleQuotas(given[def.name] ?? {}, speed);
  return out;
}
