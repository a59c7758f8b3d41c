/**
 * Shared wording for error messages, so every "got …" reads the same way.
 */

/**
 * How a YAML value reads in a message: strings quoted (and cut when long), collections by kind.
 *
 * @example describeValue('tomorrow') // '"tomorrow"'
 * @example describeValue(null) // 'nothing (the key has no value)'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'nothing (the key has no value)';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/**
 * A list of names for a message: `a, b or c`, each quoted the way YAML would accept it.
 *
 * @example listOf(['erp', 'pos', 'wms']) // "erp, pos or wms"
 */
export function listOf(names: readonly (string | number | boolean)[]): string {
  const shown = names.map(String);
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1) ?? ''}`;
}

/**
 * True for a YAML mapping (a plain object), false for lists, scalars and null.
 *
 * @example isMapping({ a: 1 }) // true
 */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value at `path` in parsed YAML, whether its key exists, and its parent, so a message can tell
 * "missing" (no key) from "empty" (`key:` with no value).
 *
 * @example lookup({ clock: {} }, ['clock', 'duration']) // { present: false, parent: {}, value: undefined }
 */
export function lookup(
  data: unknown,
  path: readonly PropertyKey[],
): { present: boolean; parent: unknown; value: unknown } {
  let parent: unknown;
  let value: unknown = data;
  for (const segment of path) {
    parent = value;
    const container =
      isMapping(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>) : {};
    if (!(segment in container)) return { present: false, parent, value: undefined };
    value = container[segment];
  }
  return { present: true, parent, value };
}
