import type { Verdict } from '../oracle/judge.js';
import {
  describeIntegrity,
  formatThreshold,
  formatValue,
  neverCalledSentence,
  overloadedSentence,
  targetDiedSentence,
  verdictLabel,
} from './format.js';

/**
 * The verdict table for the terminal: one row per check, failures first-class, evidence under
 * each failure. `color` adds ANSI colours (on a TTY only).
 *
 * @example console.log(renderTerminal(verdict, { color: false }))
 */
export function renderTerminal(verdict: Verdict, options: { color: boolean }): string {
  const paint = (code: number, text: string) =>
    options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const rows = verdict.checks.map((c) => [
    verdictLabel(c.verdict),
    c.id,
    c.summary ?? `${c.unbounded ? '≥ ' : ''}${formatValue(c.measured, c.unit)}`,
    c.verdict === 'not-checked' ? (c.note ?? '') : formatThreshold(c.threshold, c.unit),
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 6));
  const lines: string[] = [];
  for (const [i, r] of rows.entries()) {
    const c = verdict.checks[i]!;
    const label = r[0]!.padEnd(widths[0]!);
    const colored =
      c.verdict === 'pass'
        ? paint(32, label)
        : c.verdict === 'fail'
          ? paint(31, label)
          : c.verdict === 'inconclusive'
            ? paint(33, label)
            : paint(90, label);
    lines.push(`  ${colored}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padStart(widths[2]!)}  ${r[3]}`);
    // a failing figure never stands alone: what it counts ("17 orders: 17 never sent, …")
    if ((c.verdict === 'fail' || c.verdict === 'inconclusive') && c.note)
      lines.push(`        ${c.note}`);
    if ((c.verdict === 'fail' || c.verdict === 'inconclusive') && c.evidence.length > 0)
      lines.push(
        `        evidence: ${c.evidence.slice(0, 5).join(', ')}${c.evidence.length > 5 ? ', …' : ''}`,
      );
  }
  const { pass, fail, notChecked } = verdict.counts;
  const headline = verdict.damaged
    ? paint(
        31,
        `DAMAGED — the journal is missing events; judged the ${verdict.events} that remain` +
          (verdict.complete ? '' : ' (and the run did not finish)'),
      )
    : !verdict.complete
      ? paint(33, `INCOMPLETE — the run did not finish; judged ${verdict.events} journaled events`)
      : verdict.targetDied
        ? paint(31, `FAILED — ${targetDiedSentence(verdict)}`)
        : verdict.neverCalled?.length
          ? paint(31, `FAILED — ${neverCalledSentence(verdict)}`)
          : verdict.passed
            ? paint(32, 'PASSED')
            : verdict.inconclusive
              ? paint(33, 'INCONCLUSIVE — only timing checks failed, on an overloaded machine')
              : paint(31, 'FAILED');
  const { inconclusive } = verdict.counts;
  lines.push(
    '',
    `  ${headline}  ${pass} passed, ${fail} failed, ${inconclusive ? `${inconclusive} inconclusive, ` : ''}${notChecked} not checked`,
  );
  if (verdict.overloaded) lines.push(`  load     ${overloadedSentence(verdict)}`);
  if (verdict.targetDied && verdict.neverCalled?.length)
    lines.push(`  ${neverCalledSentence(verdict)}`);
  for (const sentence of describeIntegrity(verdict.integrity)) lines.push(`  journal  ${sentence}`);
  return lines.join('\n');
}
