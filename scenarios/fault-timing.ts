import type * as z from 'zod';
import { keyed, rejected, report, scalar } from './fields.js';
import { fraction, integer } from './number-fields.js';
import { duration } from './time-fields.js';
import type { FaultFrequency, FaultWindow, ProbabilityRamp } from './types.js';
import { formatDuration } from './units.js';

/**
 * When and how often a fault applies: its window (scenario time since the start of the run) and its
 * frequency. Shared by full fault entries and preset overrides.
 */

interface RawWindow {
  from?: number;
  for?: number;
  until?: number;
  every?: number;
}

/** The rules between window keys; each refusal names the two values that disagree. */
function checkWindow(raw: RawWindow, untilMs: number | undefined, ctx: z.core.$RefinementCtx) {
  const fromMs = raw.from ?? 0;
  const show = formatDuration;
  if (raw.for !== undefined && raw.until !== undefined) {
    const hint = "'for' is a length (for: 15m), 'until' an end time since the start (until: 45m)";
    report(ctx, ['until'], "use 'for' or 'until', not both", hint, 'key');
  } else if (raw.until !== undefined && raw.until <= fromMs) {
    const message = `'until' (${show(raw.until)}) must be later than 'from' (${show(fromMs)})`;
    const hint = `'until' counts from the start of the run, like 'from'; a length is 'for'`;
    report(ctx, ['until'], message, hint);
  }
  if (raw.every === undefined) return;
  if (untilMs === undefined) {
    const message = "'every' repeats the window, so the window needs 'for' or 'until'";
    report(ctx, ['every'], message, 'e.g. { from: 10m, for: 2m, every: 30m }', 'key');
  } else if (raw.every < untilMs - fromMs) {
    const length = show(untilMs - fromMs);
    const message = `'every' (${show(raw.every)}) must be at least the window length (${length})`;
    report(
      ctx,
      ['every'],
      message,
      'repeats may not overlap: lengthen the period or shorten the window',
    );
  }
}

/**
 * `window:` — `from` (default 0), then a length (`for`) or an end (`until`), optionally repeating
 * `every` period. No length means "until the end of the run".
 *
 * @example windowField().parse({ from: '30m', for: '15m' }) // { fromMs: 1_800_000, untilMs: 2_700_000 }
 */
export function windowField() {
  return keyed({
    from: duration().optional(),
    for: duration({ positive: true }).optional(),
    until: duration().optional(),
    every: duration({ positive: true }).optional(),
  }).transform((raw, ctx): FaultWindow => {
    const fromMs = raw.from ?? 0;
    const untilMs = raw.until ?? (raw.for === undefined ? undefined : fromMs + raw.for);
    checkWindow(raw, untilMs, ctx);
    const window: FaultWindow = { fromMs };
    if (untilMs !== undefined) window.untilMs = untilMs;
    if (raw.every !== undefined) window.everyMs = raw.every;
    return window;
  });
}

const always = scalar((value) =>
  value === true
    ? { ok: true, value: true as const }
    : rejected('true', value, 'to turn a fault off, remove it or give it a window'),
);

/** The four ways to say how often, at most one per fault. Order is the order we name them in. */
const FREQUENCY_KEYS = ['probability', 'firstAttempts', 'everyNth', 'always'] as const;

/**
 * Keys that say how often a fault applies; spread into an entry's shape.
 *
 * @example keyed({ ...frequencyShape }).parse({ probability: 0.3 })
 */
export const frequencyShape = {
  probability: fraction().optional(),
  firstAttempts: integer(1, 1_000_000).optional(),
  everyNth: integer(1, 1_000_000).optional(),
  always: always.optional(),
  ramp: keyed({ from: fraction(), to: fraction() }).optional(),
};

type FrequencyInput = { [K in keyof typeof frequencyShape]?: z.output<(typeof frequencyShape)[K]> };

/**
 * Reads the frequency keys of a validated entry, reporting two frequencies at once and a ramp next
 * to a count. Returns undefined frequency when the entry names none (the caller picks the default).
 *
 * @example frequencyOf({ everyNth: 3 }, ctx) // { frequency: { kind: 'everyNth', n: 3 } }
 */
export function frequencyOf(
  raw: FrequencyInput,
  ctx: z.core.$RefinementCtx,
): { frequency?: FaultFrequency; ramp?: ProbabilityRamp } {
  const given = FREQUENCY_KEYS.filter((key) => raw[key] !== undefined);
  const [first, second] = given;
  if (first !== undefined && second !== undefined) {
    const message = `choose one of ${FREQUENCY_KEYS.join(', ')}; this entry sets both '${first}' and '${second}'`;
    report(ctx, [second], message, "e.g. 'probability: 0.3' or 'firstAttempts: 2'", 'key');
  }
  if (raw.ramp !== undefined && first !== undefined && first !== 'probability') {
    const message = `'ramp' moves a probability, so it goes with 'probability' or alone, not with '${first}'`;
    report(ctx, ['ramp'], message, undefined, 'key');
  }
  const ramp = raw.ramp === undefined ? undefined : { from: raw.ramp.from, to: raw.ramp.to };
  if (raw.probability !== undefined) {
    return { frequency: { kind: 'probability', p: raw.probability }, ...(ramp && { ramp }) };
  }
  if (raw.firstAttempts !== undefined) {
    return { frequency: { kind: 'firstAttempts', n: raw.firstAttempts } };
  }
  if (raw.everyNth !== undefined) return { frequency: { kind: 'everyNth', n: raw.everyNth } };
  if (raw.always !== undefined) return { frequency: { kind: 'always' } };
  // A ramp on its own is a probability that ends the window at `ramp.to`.
  if (ramp !== undefined) return { frequency: { kind: 'probability', p: ramp.to }, ramp };
  return {};
}
