import type * as z from 'zod';
import { describeValue, isMapping, listOf, lookup } from './describe.js';
import { exampleFor } from './hint-examples.js';
import type { IssueParams } from './fields.js';
import type { PositionTarget } from './positions.js';
import { closest } from './suggest.js';

/**
 * Turns one zod issue into our wording. The schema's own checks already carry a message and a hint
 * (see fields.ts); this covers what zod reports itself — missing keys, unknown keys, wrong types,
 * enums — and needs the parsed data to quote the offending value.
 */

export interface WordedIssue {
  path: PropertyKey[];
  /** Which node of the YAML file the issue points at. */
  target: PositionTarget;
  message: string;
  hint?: string;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
};

/** Enumerations longer than this go to the hint, so the message itself stays one readable line. */
const SHORT_LIST = 8;

function unknownKey(path: PropertyKey[], allowed: readonly string[]): WordedIssue {
  const key = String(path.at(-1));
  const guess = closest(key, allowed);
  const presetOnly = allowed.includes('preset') && ['type', 'match', 'params'].includes(key);
  const also = presetOnly ? "; to change what a preset does, write its faults out with 'type'" : '';
  const hint = `${guess ? `did you mean '${guess}'? ` : ''}allowed here: ${allowed.join(', ')}${also}`;
  return { path, target: 'key', message: `unknown key '${key}'`, hint };
}

function missingKey(issue: z.core.$ZodIssue, params: IssueParams | undefined): WordedIssue {
  const path = [...issue.path];
  // Our own cross-field checks may point at an absent key ("a ramp needs 'to'"): keep their words.
  if (issue.code === 'custom' && !params?.presence) {
    return { path, target: 'parent', message: issue.message, hint: params?.hint };
  }
  const example = exampleFor(path);
  const message = `missing required key '${String(path.at(-1))}'`;
  return { path, target: 'parent', message, hint: example ? `add it, e.g. ${example}` : undefined };
}

/** "expected X, got Y" for what zod checks itself; our own checks bring their words along. */
function wrongValue(issue: z.core.$ZodIssue, value: unknown): { message: string; hint?: string } {
  const got = describeValue(value);
  switch (issue.code) {
    case 'invalid_type':
      return { message: `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${got}` };
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      const guess = typeof value === 'string' ? closest(value, values) : undefined;
      const hint = guess ? `did you mean '${guess}'?` : undefined;
      if (values.length === 1) return { message: `expected ${values[0]}, got ${got}`, hint };
      if (values.length <= SHORT_LIST) {
        return { message: `expected one of ${listOf(values)}, got ${got}`, hint };
      }
      const all = `one of: ${values.join(', ')}`;
      const name = String(issue.path.at(-1) ?? 'name');
      return {
        message: `expected a known ${name}, got ${got}`,
        hint: hint ? `${hint} ${all}` : all,
      };
    }
    case 'too_small':
    case 'too_big': {
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const bound = issue.code === 'too_small' ? 'at least' : 'at most';
      const unit = issue.origin === 'array' ? ` item${Number(limit) === 1 ? '' : 's'}` : '';
      return { message: `expected ${bound} ${String(limit)}${unit}, got ${got}` };
    }
    case 'custom':
      return { message: issue.message, hint: (issue.params as IssueParams | undefined)?.hint };
    default:
      return { message: issue.message };
  }
}

const TOP_LEVEL =
  'a scenario is a mapping with at least name, seed and clock, e.g. "name: smoke", "seed: 42", "clock: { duration: 2m }"';

/** A record key that fails its own check (expectations: check ids); the nested issue has the words. */
function recordKey(issue: z.core.$ZodIssueInvalidKey, path: PropertyKey[]): WordedIssue {
  const inner = issue.issues[0];
  if (inner?.code !== 'custom') {
    return {
      path,
      target: 'key',
      message: `key ${describeValue(path.at(-1))} is not allowed here`,
    };
  }
  return {
    path,
    target: 'key',
    message: inner.message,
    hint: (inner.params as IssueParams | undefined)?.hint,
  };
}

/** The document as a whole is not a mapping: an empty file, a list, a single word. */
function notAScenario(value: unknown): WordedIssue {
  const message =
    value === null || value === undefined
      ? 'the file is empty'
      : `expected a mapping of keys, got ${describeValue(value)}`;
  return { path: [], target: 'value', message, hint: TOP_LEVEL };
}

/**
 * Our wording for one zod issue; `data` is what the YAML parsed to.
 *
 * @example wordIssue(issue, { clock: { drian: '5m' } }) // { message: "unknown key 'drian'", hint: "did you mean 'drain'? …" }
 */
export function wordIssue(issue: z.core.$ZodIssue, data: unknown): WordedIssue {
  const path = [...issue.path];
  if (path.length === 0 && !isMapping(data)) return notAScenario(data);
  const params = issue.code === 'custom' ? (issue.params as IssueParams | undefined) : undefined;
  if (params?.allowedKeys) return unknownKey(path, params.allowedKeys);
  const { present, parent, value } = lookup(data, path);
  if (!present && isMapping(parent)) return missingKey(issue, params);
  if (issue.code === 'invalid_key') return recordKey(issue, path);
  const { message, hint } = wrongValue(issue, value);
  const example = exampleFor(path);
  // `key:` with nothing after it: the fix is a value, so show one rather than explain the type.
  if (value === null) {
    const fix = example
      ? `give it a value, e.g. ${example}`
      : (hint ?? 'give it a value, or remove the key');
    return { path, target: 'key', message, hint: fix };
  }
  return {
    path,
    target: params?.at ?? 'value',
    message,
    hint: hint ?? (example && `e.g. ${example}`),
  };
}
