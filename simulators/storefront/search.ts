/**
 * Shopify's search syntax for the `query` argument
 * (https://shopify.dev/docs/api/usage/search-syntax), the part the subset needs: terms
 * `field:value`, range terms `field:>value` / `>=` / `<` / `<=`, negation with `-field:value`,
 * terms joined by spaces or `AND`; values may be quoted. A term naming a field the connection does
 * not filter on is ignored and reported in `extensions.search[].warnings`, as Shopify does; so is
 * `OR` (GUESS: the subset does not evaluate it).
 */
export interface SearchTerm {
  field: string;
  op: ':' | '>' | '>=' | '<' | '<=';
  value: string;
  negated: boolean;
}

export interface SearchWarning {
  field: string;
  message: string;
  code: string;
}

export interface ParsedSearch {
  terms: SearchTerm[];
  warnings: SearchWarning[];
}

const TOKEN = /(-?)([A-Za-z_]+):(>=|<=|>|<)?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\S+)|(\S+)/g;

/**
 * @example parseSearch("updated_at:>'2025-01-01T00:00:00Z'", ['updated_at']).terms[0].op // '>'
 */
export function parseSearch(
  query: string | null | undefined,
  fields: readonly string[],
): ParsedSearch {
  const terms: SearchTerm[] = [];
  const warnings: SearchWarning[] = [];
  if (!query) return { terms, warnings };
  for (const m of query.matchAll(TOKEN)) {
    if (m[5] !== undefined) {
      if (m[5] === 'AND') continue;
      warnings.push({
        field: m[5],
        message: m[5] === 'OR' ? 'OR is not supported by this simulator.' : 'Invalid search term.',
        code: 'invalid_value',
      });
      continue;
    }
    const field = m[2]!.toLowerCase();
    let value = m[4]!;
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!fields.includes(field)) {
      warnings.push({
        field,
        message: 'Invalid search field for this query.',
        code: 'invalid_field',
      });
      continue;
    }
    terms.push({
      field,
      op: (m[3] as SearchTerm['op'] | undefined) ?? ':',
      value,
      negated: m[1] === '-',
    });
  }
  return { terms, warnings };
}

/** Compare a value with a term: numbers and dates by value, text by equality (`*` suffix: prefix). */
export function matchesTerm(actual: string | number, term: SearchTerm): boolean {
  let ok: boolean;
  if (typeof actual === 'number') {
    const want = /^\d{4}-\d{2}-\d{2}/.test(term.value)
      ? Date.parse(term.value)
      : Number(term.value);
    if (!Number.isFinite(want)) ok = false;
    else
      ok =
        term.op === '>'
          ? actual > want
          : term.op === '>='
            ? actual >= want
            : term.op === '<'
              ? actual < want
              : term.op === '<='
                ? actual <= want
                : actual === want;
  } else {
    const a = actual.toLowerCase();
    const v = term.value.toLowerCase();
    ok = v.endsWith('*') ? a.startsWith(v.slice(0, -1)) : a === v;
  }
  return term.negated ? !ok : ok;
}

/** A date term whose value does not parse: Shopify ignores it with a warning (GUESS). */
export function badDateTerms(terms: SearchTerm[], dateFields: readonly string[]): SearchWarning[] {
  return terms
    .filter((t) => dateFields.includes(t.field) && !Number.isFinite(Date.parse(t.value)))
    .map((t) => ({ field: t.field, message: 'Invalid date value.', code: 'invalid_value' }));
}
