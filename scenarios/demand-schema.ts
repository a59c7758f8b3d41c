import * as z from 'zod';
import { keyed, report } from './fields.js';
import { fraction } from './number-fields.js';
import { duration, rate } from './time-fields.js';
import type { DemandStage, ScenarioDemand } from './types.js';

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
 * `demand:` — only the channels the world can generate orders for.
 *
 * @example demandField().parse({ marketplace: { stages: [{ for: '1m', rate: '1/s' }] } })
 */
export function demandField() {
  return keyed({
    marketplace: keyed({ stages }).optional(),
    pos: keyed({ stages, returns: fraction().optional() }).optional(),
    adjustments: keyed({ stages }).optional(),
  }).transform((raw): ScenarioDemand => {
    const demand: ScenarioDemand = {};
    if (raw.marketplace) demand.marketplace = { stages: raw.marketplace.stages };
    if (raw.pos) demand.pos = { stages: raw.pos.stages, returns: raw.pos.returns ?? 0 };
    if (raw.adjustments) demand.adjustments = { stages: raw.adjustments.stages };
    return demand;
  });
}
