import * as z from 'zod';
import { describeValue } from './describe.js';

/**
 * Zod building blocks whose errors we word ourselves. zod's own messages ("Invalid input: expected
 * number, received string") name neither the value nor a fix; these carry both, and
 * `scenarios/issues.ts` turns them into `ScenarioIssue`s.
 */

/** What our custom zod issues carry in `params`. */
export interface IssueParams {
  hint?: string;
  /** Point at the key of the last path segment rather than at its value. */
  at?: 'key';
  /** Set on the catch-all of `keyed`: the key is not allowed here; these are. */
  allowedKeys?: readonly string[];
  /** Set when the only failure is that the value is absent: the loader says "missing key". */
  presence?: true;
}

/** The outcome of checking one scalar. */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string; hint?: string };

/**
 * `{ ok: false }` with a message "expected X, got Y" and an optional hint.
 *
 * @example rejected('a number', 'x') // { ok: false, message: 'expected a number, got "x"' }
 */
export function rejected(expected: string, value: unknown, hint?: string): Checked<never> {
  return { ok: false, message: `expected ${expected}, got ${describeValue(value)}`, hint };
}

/**
 * Records a custom issue from inside a transform; `path` is relative to the value being checked.
 *
 * @example report(ctx, ['until'], "'until' must be later than 'from'", 'use for: 15m')
 */
export function report(
  ctx: z.core.$RefinementCtx,
  path: (string | number)[],
  message: string,
  hint?: string,
  at?: 'key',
): void {
  const params: IssueParams = { hint, at };
  ctx.addIssue({ code: 'custom', path, message, params });
}

/**
 * A scalar field checked by a plain function. A missing value fails with `presence` so the loader
 * can say "missing required key"; `.optional()` on the result skips absent values.
 *
 * @example const port = scalar((v) => (typeof v === 'number' ? { ok: true, value: v } : rejected('a port', v)));
 */
export function scalar<T>(check: (value: unknown) => Checked<T>) {
  const params: IssueParams = { presence: true };
  return z
    .custom<unknown>((value) => value !== undefined, { params })
    .transform((value, ctx): T => {
      const result = check(value);
      if (result.ok) return result.value;
      report(ctx, [], result.message, result.hint);
      return z.NEVER;
    });
}

/**
 * A mapping that accepts only the keys of `shape`. Unlike `z.strictObject`, each unknown key gets
 * its own issue at its own path, carrying the allowed keys so the message can suggest one.
 *
 * @example keyed({ duration: duration() }).parse({ duraton: '2h' }) // throws: unknown key
 */
export function keyed<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const params: IssueParams = { allowedKeys: Object.keys(shape), at: 'key' };
  return z.object(shape).catchall(z.custom<unknown>(() => false, { params }));
}
