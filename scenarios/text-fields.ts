import { rejected, scalar } from './fields.js';

/**
 * Scenario fields for text: names, free text, URLs and environment values.
 */

/**
 * A non-empty string. Numbers and booleans are refused rather than converted, with a hint to quote
 * them, because YAML turns `operation: 1.10` into the number 1.1.
 *
 * @example text().parse('getOrders') // 'getOrders'
 */
export function text() {
  return scalar((value) => {
    if (typeof value === 'string' && value.trim() !== '') return { ok: true, value };
    const hint =
      typeof value === 'number' || typeof value === 'boolean'
        ? `put it in quotes so YAML keeps it as text: "${String(value)}"`
        : undefined;
    return rejected('text', value, hint);
  });
}

/**
 * A scalar as a string, for environment variables and headers: `PORT: 8080` is what people write,
 * and a process environment only holds strings anyway.
 *
 * @example stringValue().parse(8080) // '8080'
 */
export function stringValue() {
  return scalar((value) =>
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? { ok: true, value: String(value) }
      : rejected('text or a number', value),
  );
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A lowercase name of letters, digits and dashes (scenario names, fault ids).
 *
 * @example slug().parse('black-friday') // 'black-friday'
 */
export function slug() {
  return scalar((value) => {
    if (typeof value === 'string' && SLUG.test(value)) return { ok: true, value };
    // Offer the value slugified ("Black Friday" → "black-friday"): usually exactly what was meant.
    const fixed =
      typeof value === 'string' || typeof value === 'number'
        ? String(value)
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-+|-+$/g, '')
        : '';
    return rejected(
      'a name of lowercase letters, digits and dashes',
      value,
      fixed ? `e.g. "${fixed}"` : undefined,
    );
  });
}

/**
 * An absolute http(s) URL.
 *
 * @example httpUrl().parse('http://127.0.0.1:8080/health') // same string
 */
export function httpUrl() {
  return scalar((value) => {
    if (typeof value === 'string' && /^https?:\/\//i.test(value) && URL.canParse(value)) {
      return { ok: true, value };
    }
    const bare = typeof value === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value);
    const hint = bare ? `start it with http:// or https://, e.g. "http://${value}"` : undefined;
    return rejected('an http(s) URL like "http://127.0.0.1:8080/health"', value, hint);
  });
}
