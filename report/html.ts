import type { Verdict } from '../oracle/judge.js';
import { registeredSimulator } from '../simulators/index.js';
import { renderChart, tickLabel, type Shade } from './chart.js';
import {
  describeIntegrity,
  formatMs,
  formatThreshold,
  formatValue,
  neverCalledSentence,
  targetDiedSentence,
  verdictLabel,
} from './format.js';
import { xmlEscape } from './junit.js';
import type { Timeline } from './timeline.js';

/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script) with the verdict
 * table first — what a person opens the report for — then the timeline charts, then evidence.
 */

/** A system's chart colour from its simulator manifest; black for one this build doesn't know. */
const colorOf = (sys: string): string => registeredSimulator(sys)?.color ?? '#000';

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#1f2328;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#57606a}.banner{padding:10px 14px;border-radius:6px;font-weight:600;margin:14px 0}
.banner.pass{background:#dafbe1;color:#1a7f37}.banner.fail{background:#ffebe9;color:#cf222e}
.banner.incomplete{background:#fff8c5;color:#9a6700}.banner.damaged{background:#ffebe9;color:#cf222e;border:2px dashed #cf222e}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #d0d7de;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.v{font-weight:700;white-space:nowrap}.v.pass{color:#1a7f37}.v.fail{color:#cf222e}.v.not-checked{color:#6e7781}.v.inconclusive{color:#9a6700}
.desc{color:#57606a;font-size:12px}code{font-size:12px}
.chart{margin:12px 0}.chart figcaption{font-weight:600;margin-bottom:4px}.chart>svg{width:100%;height:auto}
.grid{stroke:#eaeef2}.xtick{stroke:#8c959f}.tick{font-size:11px;fill:#57606a}.axis{font-size:11px;fill:#57606a}.lane-label{font-weight:600}
.legend{font-size:12px;color:#57606a}.key{margin-right:14px}.key i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.fault-key svg{width:14px;height:10px;vertical-align:-1px;margin-right:4px}.chart.compact svg{max-height:220px}details{margin:4px 0}`;

function verdictTable(verdict: Verdict): string {
  const rows = verdict.checks.map(
    (c) => `<tr class="check ${c.verdict}" data-check="${xmlEscape(c.id)}">
<td class="v ${c.verdict}">${verdictLabel(c.verdict)}</td>
<td><code>${xmlEscape(c.id)}</code><div>${xmlEscape(c.title)}</div><div class="desc">${xmlEscape(c.description)}</div></td>
<td class="num">${xmlEscape(formatValue(c.measured, c.unit))}</td>
<td class="num">${xmlEscape(formatThreshold(c.threshold, c.unit))}${c.thresholdSource === 'default' ? ' <span class="desc">(default)</span>' : ''}</td>
<td>${xmlEscape(c.note ?? '')}${c.evidence.length ? `<details><summary>evidence (${c.evidence.length})</summary><code>${c.evidence.map(xmlEscape).join('<br>')}</code></details>` : ''}</td></tr>`,
  );
  return `<table id="verdicts"><thead><tr><th>verdict</th><th>check</th><th>measured</th><th>threshold</th><th>notes and evidence</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function shadesOf(t: Timeline): Shade[] {
  return t.faults
    .filter((f) => !f.wholeRun)
    .map((f) => ({
      label: f.id,
      detail: `${f.id}: ${f.type}${f.system ? ` on ${f.system}` : ''} (${f.kind}), ${formatMs(f.fromMs)} → ${formatMs(f.untilMs)}`,
      kind: f.kind,
      fromMs: f.fromMs,
      untilMs: f.untilMs,
    }));
}

/** Faults active for the whole run have no window to draw: a line under the charts names them. */
function wholeRunFaults(t: Timeline): string {
  const all = t.faults.filter((f) => f.wholeRun);
  if (all.length === 0) return '';
  const names = all.map(
    (f) =>
      `<code>${xmlEscape(f.id)}</code> (${xmlEscape(f.type)}${f.system ? ` on ${xmlEscape(f.system)}` : ''})`,
  );
  return `<p class="desc">Active for the whole run (not shaded): ${names.join(', ')}.</p>`;
}

/** The small chart under the headline: the backlog the target owed, with every fault window. */
function summaryChart(t: Timeline): string {
  return renderChart({
    id: 'chart-summary',
    title: 'At a glance: orders waiting for the ERP, and the fault windows',
    atMs: t.rows.map((r) => r.atMs),
    bucketMs: t.bucketMs,
    shades: shadesOf(t),
    compact: true,
    yUnit: 'orders waiting',
    series: [
      { name: 'ERP backlog (orders)', color: '#9a6700', values: t.rows.map((r) => r.backlog) },
    ],
  });
}

function charts(t: Timeline): string {
  const atMs = t.rows.map((r) => r.atMs);
  const every = tickLabel(t.bucketMs);
  const base = { atMs, bucketMs: t.bucketMs, shades: shadesOf(t) };
  return (
    [
      renderChart({
        ...base,
        id: 'chart-demand',
        title: `Demand (arrivals per ${every}) and error answers by system`,
        yUnit: `per ${every}`,
        series: [
          { name: 'demand', color: '#8c959f', bars: true, values: t.rows.map((r) => r.demand) },
          ...t.systems.map((sys) => ({
            name: `${sys} errors`,
            color: colorOf(sys),
            values: t.rows.map((r) => r.errors[sys] ?? 0),
          })),
        ],
      }),
      renderChart({
        ...base,
        id: 'chart-requests',
        title: `Requests from the target by system (per ${every})`,
        yUnit: `requests per ${every}`,
        series: t.systems.map((sys) => ({
          name: sys,
          color: colorOf(sys),
          values: t.rows.map((r) => r.requests[sys] ?? 0),
        })),
      }),
      renderChart({
        ...base,
        id: 'chart-backlog',
        title: 'ERP backlog (orders visible in a channel, not yet in the ERP)',
        yUnit: 'orders',
        series: [{ name: 'backlog', color: '#9a6700', values: t.rows.map((r) => r.backlog) }],
      }),
      renderChart({
        ...base,
        id: 'chart-lag',
        title: 'Worst ingestion lag of orders reaching the ERP (scenario time)',
        yUnit: 'lag',
        format: tickLabel,
        series: [{ name: 'max lag', color: '#cf222e', values: t.rows.map((r) => r.maxLagMs) }],
      }),
    ].join('\n') + wholeRunFaults(t)
  );
}

/** What reading the journal found, under the headline; nothing when the file is whole. */
function integrityNote(verdict: Verdict): string {
  const sentences = describeIntegrity(verdict.integrity);
  if (sentences.length === 0) return '';
  return `<ul class="desc" id="journal-integrity">${sentences.map((s) => `<li>${xmlEscape(s)}</li>`).join('')}</ul>`;
}

/** @example renderHtml(verdict, timeline, { runDir: 'runs/x' }) */
export function renderHtml(verdict: Verdict, timeline: Timeline, meta: { runDir: string }): string {
  const name = verdict.scenario?.name ?? 'run';
  const state = verdict.damaged
    ? 'damaged'
    : !verdict.complete
      ? 'incomplete'
      : verdict.passed
        ? 'pass'
        : verdict.inconclusive
          ? 'incomplete'
          : 'fail';
  const headline = verdict.damaged
    ? `DAMAGED — the journal is missing events; this report judges the ${verdict.events} that remain`
    : !verdict.complete
      ? `INCOMPLETE — the run did not finish; this report covers the ${verdict.events} events journaled before it stopped`
      : verdict.targetDied
        ? `FAILED — ${targetDiedSentence(verdict)}`
        : verdict.neverCalled?.length
          ? `FAILED — ${neverCalledSentence(verdict)}`
          : verdict.passed
            ? 'PASSED — every expectation holds'
            : verdict.inconclusive
              ? `INCONCLUSIVE — only timing checks failed, on an overloaded machine: ${verdict.overloaded ?? ''}`
              : `FAILED — ${verdict.counts.fail} check(s) failed`;
  const started = verdict.startT !== undefined ? new Date(verdict.startT).toISOString() : '?';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>omnichaos — ${xmlEscape(name)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${CSS}</style></head>
<body>
<h1>omnichaos report — ${xmlEscape(name)}</h1>
<div class="meta">seed ${verdict.scenario?.seed ?? '?'} · scenario start ${xmlEscape(started)} · flows ${xmlEscape(verdict.scenario?.flows.join(', ') ?? '?')} · ${verdict.events} journal events · run dir <code>${xmlEscape(meta.runDir)}</code></div>
<div class="banner ${state}" id="headline">${xmlEscape(headline)} · ${verdict.counts.pass} passed, ${verdict.counts.fail} failed, ${verdict.counts.inconclusive ? `${verdict.counts.inconclusive} inconclusive, ` : ''}${verdict.counts.notChecked} not checked</div>
${integrityNote(verdict)}
${summaryChart(timeline)}
<h2>Verdicts</h2>
${verdictTable(verdict)}
<h2>Timeline</h2>
${charts(timeline)}
<p class="desc">Rebuild this page from the journal alone with <code>omnichaos report ${xmlEscape(meta.runDir)}</code>.</p>
</body></html>
`;
}
