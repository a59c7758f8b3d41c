import * as z from 'zod';
import { keyed, report } from './fields.js';
import { registeredSimulators } from '../simulators/index.js';
import { duration, rate } from './time-fields.js';
import type { ChannelDemand, DemandStage, ScenarioDemand } from './types.js';

/**
 * `demand:` — arrivals per channel as a list of stages, k6 style: hold a rate, or ramp linearly
 * from one rate to another.
 */

const STAGE_EXAMPLE = 'e.g. { for: 10m, rate: 2/s } or { for: 20m, from: 2/s, to: 20/s }';

const stage = keyed({
  for: duration({ positive: true }),
  rate: rate().optional(),
  from: rate().optional(),
  to: rate().optional(),
}).transform((raw, ctx): DemandStage => {
  const durationMs = raw.for;
  if (raw.rate !== undefined) {
    const extra = raw.from !== undefined ? 'from' : raw.to !== undefined ? 'to' : undefined;
    if (extra) {
      const message = "a stage has either 'rate' (constant) or 'from' and 'to' (a ramp), not both";
      report(
        ctx,
        [extra],
        message,
        "remove 'rate' to ramp, or 'from'/'to' to hold one rate",
        'key',
      );
    }
    return { durationMs, fromPerSec: raw.rate, toPerSec: raw.rate };
  }
  if (raw.from === undefined && raw.to === undefined) {
    report(ctx, [], "a stage needs 'rate' (constant) or 'from' and 'to' (a ramp)", STAGE_EXAMPLE);
    return { durationMs, fromPerSec: 0, toPerSec: 0 };
  }
  if (raw.from === undefined || raw.to === undefined) {
    const missing = raw.from === undefined ? 'from' : 'to';
    report(
      ctx,
      [missing],
      `a ramp needs both 'from' and 'to'; '${missing}' is missing`,
      STAGE_EXAMPLE,
    );
  }
  return { durationMs, fromPerSec: raw.from ?? 0, toPerSec: raw.to ?? 0 };
});

const stages = z.array(stage).min(1);

/**
 * `demand:` — one section per scenario demand key a registered simulator takes
 * (its manifest's `scenarioDemand`): `stages` plus that section's own fields.
 *
 * @example demandField().parse({ marketplace: { stages: [{ for: '1m', rate: '1/s' }] } })
 */
export function demandField() {
  const shape: Record<string, z.ZodType> = {};
  const sections: { key: string; channel: string }[] = [];
  for (const def of registeredSimulators())
    for (const [key, section] of Object.entries(def.scenarioDemand ?? {})) {
      shape[key] = keyed({ stages, ...section.fields }).optional();
      sections.push({ key, channel: section.channel });
    }
  // In channel-name order, whatever the registry order: the driver schedules in this order, and
  // arrivals due at the same instant must run in the same order on every run.
  sections.sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
  return keyed(shape).transform((raw): ScenarioDemand => {
    const demand: ScenarioDemand = {};
    for (const { key } of sections) {
      const section = raw[key] as ChannelDemand | undefined;
      if (section) demand[key] = section;
    }
    return demand;
  });
}
