import { rejected, scalar } from './fields.js';

/**
 * Scenario fields for numbers: counts, fractions, factors. Each refusal quotes the value and, for
 * the usual slips (a quoted number, a percentage), says what to write instead.
 */

/**
 * A whole number in [min, max].
 *
 * @example integer(1, 20).parse(4) // 4
 */
export function integer(min: number, max: number) {
  return scalar((value) => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
      return { ok: true, value };
    }
    const quoted = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value);
    const hint = quoted ? `remove the quotes: ${value.trim()}` : undefined;
    return rejected(`a whole number from ${min} to ${max}`, value, hint);
  });
}

/**
 * A number in [0, 1]; a percentage is refused with the fraction it meant.
 *
 * @example fraction().parse(0.3) // 0.3
 */
export function fraction() {
  return scalar((value) => {
    if (typeof value === 'number' && value >= 0 && value <= 1) return { ok: true, value };
    const percent =
      typeof value === 'number' && value > 1 && value <= 100
        ? value
        : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(value)
          ? Number.parseFloat(value)
          : undefined;
    const hint =
      percent === undefined
        ? 'a fraction: 0 is never, 1 is always, 0.3 is 30%'
        : `did you mean ${percent / 100} (${percent}%)? 0 is never, 1 is always`;
    return rejected('a number from 0 to 1', value, hint);
  });
}

/**
 * A number greater than 0 (e.g. the clock speed).
 *
 * @example positiveNumber().parse(60) // 60
 */
export function positiveNumber() {
  return scalar((value) =>
    typeof value === 'number' && Number.isFinite(value) && value > 0
      ? { ok: true, value }
      : rejected('a number greater than 0', value),
  );
}
