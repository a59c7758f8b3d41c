import { xmlEscape } from './junit.js';

/**
 * Inline SVG charts for the HTML report: no script, no external file, so the page is one
 * self-contained file that renders the same in any browser and in CI artefact viewers.
 *
 * Readability rules: ticks at round values (1-2-5 steps, whole minutes), axis units, labels kept
 * inside the box, and fault windows drawn with one colour *and* one hatching per fault kind so
 * they read in print and for colour-blind readers; each window is labelled in a lane above the
 * plot and listed in the legend.
 */

export interface Series {
  name: string;
  color: string;
  values: number[];
  /** Bars instead of a line. */
  bars?: boolean;
}

export interface Shade {
  /** Short name shown in the lane (the fault's id). */
  label: string;
  /** Longer text for the legend and the tooltip. */
  detail?: string;
  /** The fault kind (outage, latency, throttle, delivery, data, …): picks colour and hatching. */
  kind?: string;
  fromMs: number;
  untilMs: number;
}

export interface ChartSpec {
  id: string;
  title: string;
  /** Scenario ms at each column start. */
  atMs: number[];
  bucketMs: number;
  series: Series[];
  shades?: Shade[];
  /** What the y axis counts, e.g. "requests per 30s". */
  yUnit?: string;
  format?: (v: number) => string;
  /** Smaller, for the summary at the top of the report. */
  compact?: boolean;
  /** Show each fault window's label in a lane above the plot (default true). */
  lanes?: boolean;
}

/** Colour and hatching angle per fault kind; unknown kinds share the last entry. */
const KIND_STYLE: { kind: string; color: string; angle: number; dash?: boolean }[] = [
  { kind: 'outage', color: '#cf222e', angle: 45 },
  { kind: 'latency', color: '#bf8700', angle: -45 },
  { kind: 'throttle', color: '#8250df', angle: 0 },
  { kind: 'delivery', color: '#0969da', angle: 90 },
  { kind: 'data', color: '#1a7f37', angle: 45, dash: true },
  { kind: 'network', color: '#bc4c00', angle: 90, dash: true },
  { kind: 'offline', color: '#6e7781', angle: 0, dash: true },
  { kind: 'other', color: '#57606a', angle: -45, dash: true },
];

/** @example kindStyle('outage').color // '#cf222e' */
export function kindStyle(kind: string | undefined): (typeof KIND_STYLE)[number] {
  return KIND_STYLE.find((k) => k.kind === kind) ?? KIND_STYLE[KIND_STYLE.length - 1]!;
}

const NICE_TIME_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
].map((s) => s * 1000);

/**
 * The smallest round duration (1 s, 2 s, 5 s, … 30 s, 1 min, 2 min, 5 min, …) of at least `ms`.
 *
 * @example niceDuration(19_000) // 30_000
 */
export function niceDuration(ms: number): number {
  return NICE_TIME_MS.find((n) => n >= ms) ?? Math.ceil(ms / 86_400_000) * 86_400_000;
}

/**
 * A round step (1, 2 or 5 × 10ⁿ) that splits `max` into at most `count` intervals.
 *
 * @example niceStep(37, 4) // 10
 */
export function niceStep(max: number, count: number): number {
  const raw = Math.max(max, 1e-9) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

/**
 * A tick label for scenario time: "0", "45s", "6m", "1m 30s", "2h", "1h 15m".
 *
 * @example tickLabel(90_000) // '1m 30s'
 */
export function tickLabel(ms: number): string {
  if (ms === 0) return '0';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  const rs = s % 60;
  if (m < 60) return rs ? `${m}m ${rs}s` : `${m}m`;
  const h = Math.floor(m / 60);
  const rm = m % 60;
  return rm ? `${h}h ${rm}m` : `${h}h`;
}

function number(v: number): string {
  if (v >= 10_000) return `${Math.round(v / 1000)}k`;
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(2)));
}

const W = 960;

function hatchDefs(id: string, kinds: Set<string>): string {
  return [...kinds]
    .map((kind) => {
      const k = kindStyle(kind);
      return `<pattern id="${id}-hatch-${xmlEscape(kind)}" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(${k.angle})"><rect width="8" height="8" fill="${k.color}" fill-opacity="0.08"/><line x1="0" y1="0" x2="0" y2="8" stroke="${k.color}" stroke-width="2" stroke-opacity="0.45"${k.dash ? ' stroke-dasharray="3 2"' : ''}/></pattern>`;
    })
    .join('');
}

/** @example renderChart({ id: 'demand', title: 'Demand', atMs: [0], bucketMs: 1000, series: [] }) */
export function renderChart(spec: ChartSpec): string {
  const n = spec.atMs.length;
  const spanMs = Math.max(1, n * spec.bucketMs);
  const lanes = spec.lanes === false ? [] : (spec.shades ?? []);
  const laneH = 18;
  const plotH = spec.compact ? 90 : 160;
  const PAD = { left: 64, right: 28, top: 10 + lanes.length * laneH, bottom: 42 };
  const H = PAD.top + plotH + PAD.bottom;
  const plotW = W - PAD.left - PAD.right;
  const dataMax = spec.series.reduce((m, s) => s.values.reduce((a, v) => (v > a ? v : a), m), 0);
  const fmt = spec.format ?? number;
  // y: round step, top tick at or above the data.
  const yStep = spec.format ? niceDuration(dataMax / 4 || 1000) : niceStep(dataMax || 1, 4);
  const yMax = Math.max(yStep, Math.ceil(dataMax / yStep) * yStep);
  const x = (ms: number) => PAD.left + (Math.min(Math.max(ms, 0), spanMs) / spanMs) * plotW;
  const y = (v: number) => PAD.top + plotH - (v / yMax) * plotH;
  const parts: string[] = [];
  const kinds = new Set((spec.shades ?? []).map((s) => s.kind ?? 'other'));
  parts.push(`<defs>${hatchDefs(spec.id, kinds)}</defs>`);
  for (const [i, s] of (spec.shades ?? []).entries()) {
    const kind = s.kind ?? 'other';
    const x0 = x(s.fromMs);
    const w = Math.max(2, x(s.untilMs) - x0);
    const tip = `<title>${xmlEscape(s.detail ?? s.label)}</title>`;
    parts.push(
      `<rect class="fault" data-kind="${xmlEscape(kind)}" x="${x0.toFixed(1)}" y="${PAD.top}" width="${w.toFixed(1)}" height="${plotH}" fill="url(#${spec.id}-hatch-${xmlEscape(kind)})" stroke="${kindStyle(kind).color}" stroke-opacity="0.5">${tip}</rect>`,
    );
    if (lanes.length > 0) {
      const ly = 8 + i * laneH;
      const color = kindStyle(kind).color;
      // The label sits right of its bar's start, or left of its end near the right edge.
      const rightSide = x0 > W - PAD.right - 200;
      parts.push(
        `<rect class="lane" x="${x0.toFixed(1)}" y="${ly + 12}" width="${w.toFixed(1)}" height="4" fill="${color}" fill-opacity="0.7">${tip}</rect>`,
        `<text class="lane-label" x="${(rightSide ? x0 + w : x0).toFixed(1)}" y="${ly + 9}" font-size="10" text-anchor="${rightSide ? 'end' : 'start'}" fill="${color}">${xmlEscape(s.label)}</text>`,
      );
    }
  }
  for (let v = 0; v <= yMax + 1e-9; v += yStep) {
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>`,
      `<text class="tick y" x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${xmlEscape(fmt(v))}</text>`,
    );
  }
  const xStep = niceDuration(spanMs / 8);
  for (let ms = 0; ms <= spanMs + 1e-9; ms += xStep) {
    const px = x(ms);
    // Keep the label in the box: the first reads from its tick, the last ends at it.
    const anchor = px > W - PAD.right - 24 ? 'end' : 'middle';
    parts.push(
      `<line class="xtick" x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH + 4}"/>`,
      `<text class="tick x" x="${px.toFixed(1)}" y="${PAD.top + plotH + 16}" text-anchor="${anchor}">${xmlEscape(tickLabel(ms))}</text>`,
    );
  }
  parts.push(
    `<text class="axis" x="${PAD.left + plotW / 2}" y="${H - 6}" text-anchor="middle">scenario time since start</text>`,
    `<text class="axis" transform="translate(14 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${xmlEscape(spec.yUnit ?? '')}</text>`,
  );
  const colW = plotW / Math.max(1, n);
  for (const s of spec.series) {
    if (s.bars) {
      s.values.forEach((v, i) => {
        if (v <= 0) return;
        parts.push(
          `<rect class="bar" x="${(PAD.left + i * colW).toFixed(1)}" y="${y(v).toFixed(1)}" width="${Math.max(0.5, colW - 1).toFixed(1)}" height="${(PAD.top + plotH - y(v)).toFixed(1)}" fill="${s.color}" opacity="0.55"/>`,
        );
      });
    } else {
      const points = s.values.map(
        (v, i) => `${(PAD.left + (i + 0.5) * colW).toFixed(1)},${y(v).toFixed(1)}`,
      );
      parts.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points.join(' ')}"/>`,
      );
    }
  }
  const legend = spec.series
    .map(
      (s) =>
        `<span class="key"><i style="background:${s.color}${s.bars ? ';opacity:.55' : ''}"></i>${xmlEscape(s.name)}</span>`,
    )
    .join('');
  const faultKeys = (spec.shades ?? [])
    .map((s) => {
      const kind = s.kind ?? 'other';
      return `<span class="key fault-key"><svg width="14" height="10" aria-hidden="true"><rect width="14" height="10" fill="url(#${spec.id}-hatch-${xmlEscape(kind)})" stroke="${kindStyle(kind).color}"/></svg>${xmlEscape(s.detail ?? s.label)}</span>`;
    })
    .join('');
  return `<figure class="chart${spec.compact ? ' compact' : ''}" id="${spec.id}"><figcaption>${xmlEscape(spec.title)}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${xmlEscape(spec.title)}">${parts.join('')}</svg><div class="legend">${legend}${faultKeys}</div></figure>`;
}
