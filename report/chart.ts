import { xmlEscape } from './junit.js';
import { formatMs } from './format.js';

/**
 * Inline SVG charts for the HTML report: no script, no external file, so the page is one
 * self-contained file that renders the same in any browser and in CI artefact viewers.
 */

export interface Series {
  name: string;
  color: string;
  values: number[];
  /** Bars instead of a line. */
  bars?: boolean;
}

export interface Shade {
  label: string;
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
  format?: (v: number) => string;
}

const W = 960;
const H = 220;
const PAD = { left: 56, right: 12, top: 12, bottom: 28 };

/** @example renderChart({ id: 'demand', title: 'Demand', atMs: [0], bucketMs: 1000, series: [] }) */
export function renderChart(spec: ChartSpec): string {
  const n = spec.atMs.length;
  const max = Math.max(1, ...spec.series.flatMap((s) => s.values));
  const spanMs = Math.max(1, n * spec.bucketMs);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (ms: number) => PAD.left + (ms / spanMs) * plotW;
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const fmt = spec.format ?? ((v: number) => (max < 5 ? v.toFixed(1) : String(Math.round(v))));
  const parts: string[] = [];
  for (const s of spec.shades ?? []) {
    const x0 = x(s.fromMs);
    const w = Math.max(1, x(s.untilMs) - x0);
    parts.push(
      `<rect class="fault" x="${x0.toFixed(1)}" y="${PAD.top}" width="${w.toFixed(1)}" height="${plotH}"><title>${xmlEscape(s.label)}</title></rect>`,
    );
  }
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>`,
      `<text class="tick" x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${xmlEscape(fmt(v))}</text>`,
    );
  }
  for (let i = 0; i <= 6; i++) {
    const ms = (spanMs * i) / 6;
    parts.push(
      `<text class="tick" x="${x(ms).toFixed(1)}" y="${H - 8}" text-anchor="middle">${xmlEscape(formatMs(ms))}</text>`,
    );
  }
  const colW = plotW / Math.max(1, n);
  for (const s of spec.series) {
    if (s.bars) {
      s.values.forEach((v, i) => {
        if (v <= 0) return;
        parts.push(
          `<rect x="${(PAD.left + i * colW).toFixed(1)}" y="${y(v).toFixed(1)}" width="${Math.max(0.5, colW - 1).toFixed(1)}" height="${(PAD.top + plotH - y(v)).toFixed(1)}" fill="${s.color}" opacity="0.55"/>`,
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
      (s) => `<span class="key"><i style="background:${s.color}"></i>${xmlEscape(s.name)}</span>`,
    )
    .join('');
  const shadeKey = spec.shades?.length
    ? '<span class="key"><i class="fault-key"></i>fault window</span>'
    : '';
  return `<figure class="chart" id="${spec.id}"><figcaption>${xmlEscape(spec.title)}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${xmlEscape(spec.title)}">${parts.join('')}</svg><div class="legend">${legend}${shadeKey}</div></figure>`;
}
