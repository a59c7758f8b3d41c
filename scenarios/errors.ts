/**
 * What a broken scenario file produces: every problem found, each with its place in the file, the
 * path in the document, what was expected, and a hint (docs/architecture.md). The CLI prints
 * `formatScenarioError(err)` and exits with `err.exitCode`; no stack trace reaches the user.
 */

export interface ScenarioIssue {
  /** The file name as the user gave it. */
  file: string;
  /** 1-based; 0 when the problem concerns the whole file (e.g. it does not exist). */
  line: number;
  /** 1-based; 0 together with `line`. */
  column: number;
  /** Where in the document, e.g. `faults[2].window.from`; '' for the file itself. */
  path: string;
  message: string;
  hint?: string;
}

const PREFIX = '[omnichaos:scenario]';

/**
 * Thrown by `parseScenario` and `loadScenarioFile`. Its message is the formatted report, so even an
 * uncaught one reads well.
 *
 * @example
 * try { await loadScenarioFile('x.yaml') } catch (err) {
 *   if (err instanceof ScenarioError) { console.error(formatScenarioError(err)); process.exitCode = err.exitCode; }
 * }
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  /** A bad scenario is bad input: exit code 2, as for a usage error (docs/architecture.md). */
  readonly exitCode = 2;

  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(formatIssues(issues));
  }
}

/**
 * `faults[2].window.from` from `['faults', 2, 'window', 'from']`. Keys that are not plain words
 * (check ids contain dots) are bracketed and quoted so the path stays unambiguous.
 *
 * @example formatPath(['expectations', 'lag.p95']) // 'expectations["lag.p95"]'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(String(segment)))
      text += text ? `.${String(segment)}` : String(segment);
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

function formatIssue(issue: ScenarioIssue): string {
  const place = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  const where = issue.path ? `${place} ${issue.path}` : place;
  const head = `${PREFIX} ${where}: ${issue.message}`;
  return issue.hint ? `${head}\n  hint: ${issue.hint}` : head;
}

function formatIssues(issues: readonly ScenarioIssue[]): string {
  const blocks = issues.map(formatIssue);
  if (issues.length > 1) {
    const files = [...new Set(issues.map((issue) => issue.file))].join(', ');
    blocks.push(`${PREFIX} ${issues.length} problems in ${files}`);
  }
  return blocks.join('\n');
}

/**
 * The text the CLI prints for a broken scenario: one block per issue, in file order.
 *
 * @example
 * formatScenarioError(err)
 * // [omnichaos:scenario] black-friday.yaml:41:13 faults[2].window.from: expected a duration like "90s" or "2h", got "tomorrow"
 * //   hint: a duration is a number and a unit (ms, s, m, h, d), e.g. "1h30m"
 */
export function formatScenarioError(err: ScenarioError): string {
  return formatIssues(err.issues);
}
