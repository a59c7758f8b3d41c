import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { closest } from './suggest.js';
import { LineCounter, isScalar, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { ScenarioError, formatPath, type ScenarioIssue } from './errors.js';
import { wordIssue } from './issues.js';
import { positionOf } from './positions.js';
import { scenarioSchema } from './schema.js';
import type { Scenario } from './types.js';

/**
 * Reading a scenario: YAML (with source positions) → zod schema → `Scenario`. Every problem in the
 * file is collected and thrown at once as a `ScenarioError`, sorted by position, so one edit-run
 * cycle fixes them all.
 */

/** What usually fixes each YAML syntax error, keyed by the `yaml` package's error codes. */
const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'YAML indents with spaces only; replace the tab with spaces',
  DUPLICATE_KEY: 'a key may appear only once in a mapping; remove or rename one of them',
  MULTIPLE_DOCS: "a scenario file holds one document; remove the '---' line",
  BAD_INDENT: 'line this up with its siblings, and close any [ or { opened above',
  MISSING_CHAR: 'a quote or bracket opened before this point is never closed',
  BLOCK_AS_IMPLICIT_KEY: 'a value that contains ": " needs quotes, e.g. description: "retry: on"',
  MULTILINE_IMPLICIT_KEY: "a key must fit on one line; is a ':' missing on the line above?",
};

/** Aliases expand when the document becomes data; a small cap stops "billion laughs" files. */
const MAX_ALIAS_EXPANSIONS = 100;

function syntaxIssue(error: YAMLError, file: string): ScenarioIssue {
  const [start] = error.linePos ?? [];
  // With prettyErrors the message ends in " at line L, column C:" and a source excerpt; we print
  // the position our own way.
  const message = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
  return {
    file,
    line: start?.line ?? 1,
    column: start?.col ?? 1,
    path: '',
    message: `invalid YAML: ${message}`,
    hint: YAML_HINTS[error.code],
  };
}

/**
 * `__proto__` becomes an own property that zod's object check does not see, so it would pass
 * silently; it is never a scenario key, so refuse it here.
 */
function reservedKeys(doc: Document, lineCounter: LineCounter, file: string): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== '__proto__') return;
      const { line, col } = lineCounter.linePos(pair.key.range?.[0] ?? 0);
      const message = "unknown key '__proto__'";
      issues.push({ file, line, column: col, path: '', message, hint: 'remove this key' });
    },
  });
  return issues;
}

function byPosition(a: ScenarioIssue, b: ScenarioIssue): number {
  return a.line - b.line || a.column - b.column || a.path.localeCompare(b.path);
}

function toData(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ScenarioError([
      { file, line: 1, column: 1, path: '', message: `invalid YAML: ${message}` },
    ]);
  }
}

/**
 * Parses and validates scenario text. `fileName` is only used in messages, as given.
 *
 * @example
 * const scenario = parseScenario('name: smoke\nseed: 1\nclock: { duration: 2m }\n', 'smoke.yaml');
 * scenario.clock.durationMs // 120_000
 */
export function parseScenario(text: string, fileName: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((error) => syntaxIssue(error, fileName)).sort(byPosition),
    );
  }
  const data = toData(doc, fileName);
  const result = scenarioSchema().safeParse(data);
  const reserved = reservedKeys(doc, lineCounter, fileName);
  if (result.success && reserved.length === 0) return result.data;
  const issues = (result.error?.issues ?? []).map((zodIssue): ScenarioIssue => {
    const worded = wordIssue(zodIssue, data);
    const { line, column } = positionOf(doc, lineCounter, worded.path, worded.target);
    const issue: ScenarioIssue = {
      file: fileName,
      line,
      column,
      path: formatPath(worded.path),
      message: worded.message,
    };
    if (worded.hint) issue.hint = worded.hint;
    return issue;
  });
  throw new ScenarioError([...issues, ...reserved].sort(byPosition));
}

/**
 * For a scenario file that isn't there: the closest `.yaml` in the folder it names (or in
 * `scenarios/` for a bare name), else where relative paths start.
 */
function missingFileHint(path: string): string {
  const dir = dirname(path);
  const candidates: string[] = [];
  for (const folder of dir === '.' && !path.includes('/') ? ['.', 'scenarios'] : [dir]) {
    try {
      for (const f of readdirSync(folder))
        if (f.endsWith('.yaml') || f.endsWith('.yml')) candidates.push(join(folder, f));
    } catch {
      // the folder itself is missing: fall back to the cwd hint
    }
  }
  const wanted = basename(path).replace(/\.ya?ml$/, '');
  const near = closest(
    wanted,
    candidates.map((c) => basename(c).replace(/\.ya?ml$/, '')),
  );
  const match = candidates.find((c) => basename(c).replace(/\.ya?ml$/, '') === near);
  return match
    ? `did you mean ${match}?`
    : `paths are relative to ${process.cwd()}${candidates.length ? `; scenarios here: ${candidates.map((c) => basename(c)).join(', ')}` : ''}`;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'file not found',
  EISDIR: 'is a directory, not a scenario file',
  EACCES: 'permission denied',
};

/**
 * Reads and validates a scenario file. A file that cannot be read is a `ScenarioError` too, so the
 * CLI has one error path for "your scenario is the problem".
 *
 * @example const scenario = await loadScenarioFile('scenarios/smoke.yaml');
 */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const message = READ_ERRORS[code] ?? `cannot read the file (${code || String(error)})`;
    const hint = code === 'ENOENT' ? missingFileHint(path) : undefined;
    throw new ScenarioError([
      { file: path, line: 0, column: 0, path: '', message, ...(hint && { hint }) },
    ]);
  }
  return parseScenario(text, path);
}
