import type { Verdict } from '../oracle/judge.js';
import {
  describeIntegrity,
  formatThreshold,
  formatValue,
  neverCalledSentence,
  targetDiedSentence,
} from './format.js';

/**
 * JUnit XML for CI: one testcase per check (classname = its group), a failure carrying the
 * measured value, the threshold and the evidence ids; "not checked" as skipped with the reason.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** @example xmlEscape('a < b') // 'a &lt; b' */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** @example renderJunit(verdict).startsWith('<?xml') // true */
export function renderJunit(verdict: Verdict): string {
  const name = `omnichaos.${verdict.scenario?.name ?? 'run'}`;
  const failures =
    verdict.counts.fail +
    (verdict.complete ? 0 : 1) +
    (verdict.damaged ? 1 : 0) +
    (verdict.targetDied ? 1 : 0) +
    (verdict.neverCalled?.length ? 1 : 0);
  const cases = verdict.checks.map((c) => {
    const open = `    <testcase classname="${xmlEscape(`${name}.${c.group}`)}" name="${xmlEscape(c.id)}">`;
    const measured = formatValue(c.measured, c.unit);
    const threshold = formatThreshold(c.threshold, c.unit);
    if (c.verdict === 'pass') return `${open}</testcase>`;
    if (c.verdict === 'inconclusive')
      return `${open}\n      <error message="${xmlEscape(`${c.id}: measured ${measured}, expected ${threshold}; inconclusive`)}" type="inconclusive">${xmlEscape(c.note ?? '')}</error>\n    </testcase>`;
    if (c.verdict === 'not-checked')
      return `${open}\n      <skipped message="${xmlEscape(c.note ?? 'not checked')}"/>\n    </testcase>`;
    const body = [
      `${c.title}`,
      `measured ${measured}, expected ${threshold}`,
      c.note ?? '',
      'evidence:',
      ...c.evidence.map((e) => `  ${e}`),
    ]
      .filter((l) => l !== '')
      .join('\n');
    return `${open}\n      <failure message="${xmlEscape(`${c.id}: measured ${measured}, expected ${threshold}`)}" type="${xmlEscape(c.group)}">${xmlEscape(body)}</failure>\n    </testcase>`;
  });
  if (!verdict.complete)
    cases.push(
      `    <testcase classname="${xmlEscape(name)}" name="run.complete">\n      <failure message="the run did not finish (killed or still running); the report covers ${verdict.events} journaled events" type="run"/>\n    </testcase>`,
    );
  if (verdict.damaged) {
    const text = describeIntegrity(verdict.integrity);
    cases.push(
      `    <testcase classname="${xmlEscape(name)}" name="journal.integrity">\n      <failure message="${xmlEscape(`the journal is damaged: ${text[0] ?? 'events are missing'}`)}" type="journal">${xmlEscape(text.join('\n'))}</failure>\n    </testcase>`,
    );
  }
  if (verdict.targetDied)
    cases.push(
      `    <testcase classname="${xmlEscape(name)}" name="run.target-alive">\n      <failure message="${xmlEscape(targetDiedSentence(verdict))}" type="run"/>\n    </testcase>`,
    );
  if (verdict.neverCalled?.length)
    cases.push(
      `    <testcase classname="${xmlEscape(name)}" name="run.systems-called">\n      <failure message="${xmlEscape(neverCalledSentence(verdict))}" type="run"/>\n    </testcase>`,
    );
  const skipped = verdict.counts.notChecked;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="omnichaos" tests="${cases.length}" failures="${failures}" errors="${verdict.counts.inconclusive}" skipped="${skipped}">`,
    `  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" errors="${verdict.counts.inconclusive}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
