import * as z from 'zod';
import { fromRegistry, systemNames } from '../simulators/index.js';
import { FAULT_TYPES, HTTP_METHODS, PRESET_NAMES } from './catalog.js';
import { isMapping } from './describe.js';
import { keyed, report } from './fields.js';
import { slug, stringValue, text } from './text-fields.js';
import { frequencyOf, frequencyShape, windowField } from './fault-timing.js';
import type { FaultRule, PresetRule, ScenarioFault } from './types.js';

/**
 * `faults:` — a list of entries, each either one fault (`type: …`) or a preset bundle
 * (`preset: …`). Params are kept as written: each fault type validates its own in the chaos engine.
 */

/** The registered systems, read at parse time (a simulator registered later is known too). */
const systemEnum = fromRegistry(() => z.enum(systemNames()));
const systemField = z.custom<unknown>().transform((value, ctx): string => {
  const result = systemEnum().safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue(issue as z.core.$ZodSuperRefineIssue);
  return z.NEVER;
});

const matchField = keyed({
  system: systemField.optional(),
  operation: text().optional(),
  method: z.enum(HTTP_METHODS).optional(),
  path: text().optional(),
  credential: text().optional(),
  header: z.record(z.string(), stringValue()).optional(),
  topic: text().optional(),
});

/** Fault ids come later from the list position when absent, so entries carry an optional id. */
type Unnamed<T> = Omit<T, 'id'> & { id?: string };

const faultEntry = keyed({
  id: slug().optional(),
  type: z.enum(FAULT_TYPES),
  match: matchField.optional(),
  window: windowField().optional(),
  ...frequencyShape,
  params: z.record(z.string(), z.unknown()).optional(),
}).transform((raw, ctx): Unnamed<FaultRule> => {
  const { frequency = { kind: 'always' }, ramp } = frequencyOf(raw, ctx);
  return {
    kind: 'fault',
    ...(raw.id !== undefined && { id: raw.id }),
    type: raw.type,
    match: raw.match ?? {},
    window: raw.window ?? { fromMs: 0 },
    frequency,
    ...(ramp && { ramp }),
    params: raw.params ?? {},
  };
});

const presetEntry = keyed({
  preset: z.enum(PRESET_NAMES),
  id: slug().optional(),
  window: windowField().optional(),
  ...frequencyShape,
}).transform((raw, ctx): Unnamed<PresetRule> => {
  const { frequency, ramp } = frequencyOf(raw, ctx);
  return {
    kind: 'preset',
    ...(raw.id !== undefined && { id: raw.id }),
    preset: raw.preset,
    ...(raw.window && { window: raw.window }),
    ...(frequency && { frequency }),
    ...(ramp && { ramp }),
  };
});

/**
 * Picks the entry form by its `preset` key, so a mistake in a fault is reported against the fault
 * keys and not as "matches neither form" (what a zod union would say).
 */
const entry = z.custom<unknown>().transform((value, ctx) => {
  const result = (isMapping(value) && 'preset' in value ? presetEntry : faultEntry).safeParse(
    value,
  );
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue(issue as z.core.$ZodSuperRefineIssue);
  return z.NEVER;
});

/**
 * `faults:` — names every entry (`fault-<index>` unless it has an id) and refuses duplicate ids, which
 * would make fault decisions (hashed by id, docs/architecture.md) and the control plane ambiguous.
 *
 * @example faultsField().parse([{ type: 'outage' }]) // [{ kind: 'fault', id: 'fault-0', ... }]
 */
export function faultsField() {
  return z.array(entry).transform((entries, ctx): ScenarioFault[] => {
    const firstIndex = new Map<string, number>();
    return entries.map((unnamed, index) => {
      const id = unnamed.id ?? `fault-${index}`;
      const first = firstIndex.get(id);
      if (first === undefined) {
        firstIndex.set(id, index);
      } else if (unnamed.id !== undefined) {
        const message = `duplicate fault id '${id}' (faults[${first}] has it already)`;
        report(ctx, [index, 'id'], message, `give each fault its own id, e.g. '${id}-2'`);
      } else {
        const message = `this entry's default id '${id}' is taken by faults[${first}]`;
        report(ctx, [index], message, 'give this entry an id, e.g. "id: erp-down"');
      }
      const { id: _given, ...rest } = unnamed;
      return { id, ...rest } as ScenarioFault;
    });
  });
}
