import type { Verdict } from '../oracle/judge.js';
import { renderChart } from './chart.js';
import { formatMs, formatThreshold, formatValue, verdictLabel } from './format.js';
import { xmlEscape } from './junit.js';
import type { Timeline } from './timeline.js';

/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script) with the verdict
 * table first — what a person opens the report for — then the timeline charts, then evidence.
 */

const COLORS: Record<string, string> = {
  erp: '#d9480f',
  pos: '#5f3dc4',
  wms: '#2b8a3e',
  marketplace: '#1971c2',
};

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#1f2328;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#57606a}.banner{padding:10px 14px;border-radius:6px;font-weight:600;margin:14px 0}
.banner.pass{background:#dafbe1;color:#1a7f37}.banner.fail{background:#ffebe9;color:#cf222e}
.banner.incomplete{background:#fff8c5;color:#9a6700}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #d0d7de;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.v{font-weight:700;white-space:nowrap}.v.pass{color:#1a7f37}.v.fail{color:#cf222e}.v.not-checked{color:#6e7781}
.desc{color:#57606a;font-size:12px}code{font-size:12px}
.chart{margin:12px 0}.chart figcaption{font-weight:600;margin-bottom:4px}svg{width:100%;height:auto}
.grid{stroke:#eaeef2}.tick{font-size:11px;fill:#57606a}.fault{fill:#cf222e;opacity:.12}
.legend{font-size:12px;color:#57606a}.key{margin-right:14px}.key i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.fault-key{background:#cf222e;opacity:.25}details{margin:4px 0}`;

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

function charts(t: Timeline): string {
  const atMs = t.rows.map((r) => r.atMs);
  const shades = t.faults.map((f) => ({
    label: `${f.id} (${f.type}${f.system ? ` on ${f.system}` : ''}) ${formatMs(f.fromMs)}–${formatMs(f.untilMs)}`,
    fromMs: f.fromMs,
    untilMs: f.untilMs,
  }));
  const base = { atMs, bucketMs: t.bucketMs, shades };
  return [
    renderChart({
      ...base,
      id: 'chart-demand',
      title: `Demand (arrivals per ${formatMs(t.bucketMs)}) and error answers by system`,
      series: [
        { name: 'demand', color: '#8c959f', bars: true, values: t.rows.map((r) => r.demand) },
        ...t.systems.map((sys) => ({
          name: `${sys} errors`,
          color: COLORS[sys] ?? '#000',
          values: t.rows.map((r) => r.errors[sys] ?? 0),
        })),
      ],
    }),
    renderChart({
      ...base,
      id: 'chart-requests',
      title: 'Requests from the target by system',
      series: t.systems.map((sys) => ({
        name: sys,
        color: COLORS[sys] ?? '#000',
        values: t.rows.map((r) => r.requests[sys] ?? 0),
      })),
    }),
    renderChart({
      ...base,
      id: 'chart-backlog',
      title: 'ERP backlog (orders visible in a channel, not yet in the ERP)',
      series: [{ name: 'backlog', color: '#9a6700', values: t.rows.map((r) => r.backlog) }],
    }),
    renderChart({
      ...base,
      id: 'chart-lag',
      title: 'Worst ingestion lag of orders reaching the ERP (scenario time)',
      format: formatMs,
      series: [{ name: 'max lag', color: '#cf222e', values: t.rows.map((r) => r.maxLagMs) }],
    }),
  ].join('\n');
}

/** @example renderHtml(verdict, timeline, { runDir: 'runs/x' }) */
export function renderHtml(verdict: Verdict, timeline: Timeline, meta: { runDir: string }): string {
  const name = verdict.scenario?.name ?? 'run';
  const state = !verdict.complete ? 'incomplete' : verdict.passed ? 'pass' : 'fail';
  const headline = !verdict.complete
    ? `INCOMPLETE — the run did not finish; this report covers the ${verdict.events} events journaled before it stopped`
    : verdict.passed
      ? 'PASSED — every expectation holds'
      : `FAILED — ${verdict.counts.fail} check(s) failed`;
  const started = verdict.startT !== undefined ? new Date(verdict.startT).toISOString() : '?';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>omnichaos — ${xmlEscape(name)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${CSS}</style></head>
<body>
<h1>omnichaos report — ${xmlEscape(name)}</h1>
<div class="meta">seed ${verdict.scenario?.seed ?? '?'} · scenario start ${xmlEscape(started)} · flows ${xmlEscape(verdict.scenario?.flows.join(', ') ?? '?')} · ${verdict.events} journal events · run dir <code>${xmlEscape(meta.runDir)}</code></div>
<div class="banner ${state}" id="headline">${xmlEscape(headline)} · ${verdict.counts.pass} passed, ${verdict.counts.fail} failed, ${verdict.counts.notChecked} not checked</div>
<h2>Verdicts</h2>
${verdictTable(verdict)}
<h2>Timeline</h2>
${charts(timeline)}
<p class="desc">Rebuild this page from the journal alone with <code>omnichaos report ${xmlEscape(meta.runDir)}</code>.</p>
</body></html>
`;
}
