import { el, setText } from './dom.js';

/**
 * The oracle's checks as the run goes: failing ones first, then those waiting on orders in
 * flight, then passing, then the ones with nothing to measure yet. Until the run ends a failing
 * check may still recover, so it reads FAILING; after `run:finished` it reads FAIL.
 */
const ORDER = { fail: 0, pending: 1, pass: 2, 'not-checked': 3 };

function label(verdict, final) {
  if (verdict === 'pass') return { icon: '✔', text: 'PASS' };
  if (verdict === 'fail') return { icon: '✖', text: final ? 'FAIL' : 'FAILING' };
  if (verdict === 'pending') return { icon: '…', text: 'IN FLIGHT' };
  return { icon: '–', text: 'NOT YET' };
}

const rows = new Map();

function createRow(check) {
  const icon = el('span', { class: 'icon', 'aria-hidden': 'true' });
  const text = el('span', { class: 'v-text' });
  const figures = el('span', { class: 'measured' });
  const node = el(
    'li',
    { 'data-check': check.id },
    el('span', { class: 'v' }, icon, ' ', text),
    el('span', { class: 'title', title: check.id }, check.title),
    figures,
  );
  return { node, icon, text, figures };
}

/** @example renderChecks(list, summary, note, state.verdict) */
export function renderChecks(list, summary, note, verdict) {
  const sorted = [...verdict.checks].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
  for (const check of sorted) {
    let row = rows.get(check.id);
    if (!row) rows.set(check.id, (row = createRow(check)));
    const l = label(check.verdict, verdict.final);
    row.node.dataset.verdict = check.verdict;
    setText(row.icon, l.icon);
    setText(row.text, l.text);
    const figures =
      check.measured === null
        ? (check.note ?? '')
        : `${check.measuredText} (${check.thresholdText})`;
    setText(row.figures, figures);
  }
  const wanted = sorted.map((c) => rows.get(c.id).node);
  if (!wanted.every((n, i) => list.children[i] === n)) list.replaceChildren(...wanted);
  const c = verdict.counts;
  setText(
    summary,
    `${c.pass} pass · ${c.fail} ${verdict.final ? 'fail' : 'failing'} · ` +
      (verdict.final ? '' : `${c.pending ?? 0} in flight · `) +
      `${c.notChecked} not yet`,
  );
  setText(
    note,
    verdict.final
      ? 'The run has finished: these are the final verdicts.'
      : 'Live and provisional: IN FLIGHT means over the threshold only by orders still on their way.',
  );
}
