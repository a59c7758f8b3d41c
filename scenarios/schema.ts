import * as z from 'zod';
import { FLOWS, type Flow } from './catalog.js';
import { demandField } from './demand-schema.js';
import { expectationsField } from './expectations.js';
import { faultsField } from './fault-schema.js';
import { pricingField, pricingSkuReach } from './pricing-schema.js';
import { keyed, report } from './fields.js';
import { integer, positiveNumber } from './number-fields.js';
import { httpUrl, slug, stringValue, text } from './text-fields.js';
import { duration, instant } from './time-fields.js';
import { fromRegistry, registeredSimulators, type AnySimulator } from '../simulators/index.js';
import type { Scenario, ScenarioFault } from './types.js';
import { formatDuration } from './units.js';
import { DEFAULT_WORLD_SIZE } from '../world/size.js';

export type { Scenario } from './types.js';

/**
 * The scenario file format, version 1: the zod schema that checks a parsed YAML document and turns
 * it into a normalized `Scenario`. Each field's wording lives in *-fields.ts; the
 * keys and their meaning are documented in scenarios/examples/annotated.yaml.
 */

/**
 * Where a run starts when the file does not say: Black Friday 2026, 05:00 UTC (midnight on the US
 * east coast), as an ISO instant.
 *
 * @example Date.parse(DEFAULT_SCENARIO_START) // 1_795_755_600_000
 */
export const DEFAULT_SCENARIO_START = '2026-11-27T05:00:00.000Z';

/** How long the runner waits for the target's health URL unless told otherwise. */
const DEFAULT_HEALTH_TIMEOUT_MS = 30_000;

const clockField = keyed({
  duration: duration({ positive: true }),
  speed: positiveNumber().optional(),
  drain: duration().optional(),
  start: instant().optional(),
});

const worldField = keyed({
  skus: integer(1, 100_000).optional(),
  warehouses: integer(1, 20).optional(),
  stores: integer(0, 500).optional(),
  customers: integer(1, 10_000_000).optional(),
  limitedStock: keyed({ skus: integer(1, 100_000), units: integer(0, 1_000_000) }).optional(),
});

/** One key per registered system (its manifest's name), each with `field`. */
function perSystem<T>(field: (def: AnySimulator) => z.ZodType<T>): z.ZodType<Record<string, T>> {
  const shape = Object.fromEntries(
    registeredSimulators().map((def) => [def.name, field(def).optional()]),
  );
  return keyed(shape) as unknown as z.ZodType<Record<string, T>>;
}

function targetField() {
  return keyed({
    command: text().optional(),
    cwd: text().optional(),
    env: z.record(z.string(), stringValue()).optional(),
    health: httpUrl().optional(),
    healthTimeout: duration({ positive: true }).optional(),
    webhooks: perSystem(() => httpUrl()).optional(),
    clock: z.enum(['auto', 'scenario', 'wall']).optional(),
  });
}

/**
 * `simulators:` — per-system settings handed to the simulator as its config, checked by the
 * simulator manifest's `settings` schema when it has one (otherwise each simulator checks its own
 * keys at start-up, e.g. `marketplace: { rateScale: 30 }`).
 */
function simulatorsField() {
  return perSystem<Record<string, unknown>>(
    (def) => def.settings ?? z.record(z.string(), z.unknown()),
  );
}

const flowsField = z
  .array(z.enum(FLOWS))
  .min(1)
  .transform((flows, ctx): Flow[] => {
    flows.forEach((flow, index) => {
      const first = flows.indexOf(flow);
      if (first !== index) {
        report(ctx, [index], `'${flow}' is listed twice (also at flows[${first}])`);
      }
    });
    return [...new Set(flows)];
  });

/** A fault whose window opens after the run has ended would never apply: almost surely a typo. */
function checkWindowsFitRun(
  faults: ScenarioFault[],
  runEndMs: number,
  ctx: z.core.$RefinementCtx,
): void {
  faults.forEach((fault, index) => {
    const fromMs = fault.window?.fromMs ?? 0;
    if (fromMs < runEndMs) return;
    const message = `the window opens at ${formatDuration(fromMs)}, after the run ends at ${formatDuration(runEndMs)} (clock.duration + clock.drain); this fault would never apply`;
    report(
      ctx,
      ['faults', index, 'window', 'from'],
      message,
      'windows count from the start of the run',
    );
  });
}

/**
 * The whole file, for the simulators registered now. Parse with
 * `scenarioSchema().safeParse(yamlData)`; prefer `parseScenario`, which adds file positions and
 * wording to the issues.
 *
 * @example scenarioSchema().parse({ name: 'smoke', seed: 1, clock: { duration: '2m' } }).clock.speed // 1
 */
export const scenarioSchema: () => z.ZodType<Scenario> = fromRegistry(() => buildSchema());

function buildSchema(): z.ZodType<Scenario> {
  return keyed({
    version: z.literal(1).optional(),
    name: slug(),
    description: text().optional(),
    seed: integer(0, 2 ** 32 - 1),
    clock: clockField,
    world: worldField.optional(),
    demand: demandField().optional(),
    faults: faultsField().optional(),
    target: targetField().optional(),
    simulators: simulatorsField().optional(),
    flows: flowsField.optional(),
    expectations: expectationsField().optional(),
    pricing: pricingField().optional(),
  }).transform((raw, ctx): Scenario => {
    const clock = {
      durationMs: raw.clock.duration,
      speed: raw.clock.speed ?? 1,
      drainMs: raw.clock.drain ?? 0,
      startMs: raw.clock.start ?? Date.parse(DEFAULT_SCENARIO_START),
      ...(raw.clock.start !== undefined && { startPinned: true as const }),
    };
    const faults = raw.faults ?? [];
    const limited = raw.world?.limitedStock;
    const skus = raw.world?.skus ?? DEFAULT_WORLD_SIZE.skus;
    if (limited && limited.skus > skus)
      report(
        ctx,
        ['world', 'limitedStock', 'skus'],
        `${limited.skus} limited-stock SKUs, but the world has only ${skus} SKUs`,
        'limitedStock.skus names the best sellers SKU-00000 onward; keep it at most world.skus',
      );
    checkWindowsFitRun(faults, clock.durationMs + clock.drainMs, ctx);
    for (const r of raw.pricing ? pricingSkuReach(raw.pricing) : [])
      if (r.need > skus)
        report(
          ctx,
          r.path,
          `this names SKUs up to the ${r.need}th, but the world has only ${skus} SKUs`,
          'keep skus within world.skus (SKU-00000 is the first)',
        );
    const { env = {}, healthTimeout, webhooks = {}, ...target } = raw.target ?? {};
    return {
      version: 1,
      name: raw.name,
      ...(raw.description !== undefined && { description: raw.description }),
      seed: raw.seed,
      clock,
      world: raw.world ?? {},
      demand: raw.demand ?? {},
      faults,
      target: {
        ...target,
        env,
        healthTimeoutMs: healthTimeout ?? DEFAULT_HEALTH_TIMEOUT_MS,
        webhooks,
      },
      simulators: raw.simulators ?? {},
      flows: raw.flows ?? [...FLOWS],
      expectations: raw.expectations ?? {},
      ...(raw.pricing && { pricing: raw.pricing }),
    };
  });
}
