/* global uPlot, ResizeObserver, document, devicePixelRatio */
/**
 * The live timeline: two uPlot charts fed by the event stream. x is scenario time (UTC); every
 * series has its own dash pattern as well as its colour, and a legend with its name. Stretches
 * with a fault active are hatched behind the lines, one colour and hatching angle per fault kind
 * (the server sends each active fault's style, the same as the HTML report's), and each stretch
 * is labelled with the fault's id; a legend under the charts names every fault seen.
 */
const KEEP = 900; // samples on screen: 15 minutes at one a second (the server keeps as many)
const HEIGHT = 190;

const SERIES = {
  traffic: [
    { label: 'demand (orders/s)', key: 'demandPerSec', stroke: '#1f4e9e', width: 2.5 },
    { label: 'requests/s', key: 'requestsPerSec', stroke: '#555', width: 1.5, dash: [2, 3] },
    { label: 'errors/s', key: 'errorsPerSec', stroke: '#b3261e', width: 2.5, dash: [8, 4] },
    { label: '429s/s', key: 'throttledPerSec', stroke: '#a05a00', width: 2, dash: [1, 3] },
  ],
  backlog: [
    { label: 'backlog (orders)', key: 'backlog', stroke: '#5b2a86', width: 2.5, scale: 'y' },
    {
      label: 'lag p95 (s)',
      key: 'lagP95Ms',
      stroke: '#00695c',
      width: 2.5,
      dash: [8, 4],
      scale: 's',
      map: (ms) => (ms === null ? null : ms / 1000),
    },
  ],
};

const clock = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'UTC',
});
/** x labels in UTC, without seconds when every tick is on a whole minute. */
const timeLabels = (u, splits) => {
  const whole = splits.every((s) => s % 60 === 0);
  return splits.map((s) => clock.format(new Date(s * 1000)).slice(0, whole ? 5 : 8));
};

const patterns = new Map();
/** A hatch tile in the fault kind's colour and angle (cached per style). */
function hatch(ctx, color, angle) {
  const key = `${color}/${angle}`;
  if (patterns.has(key)) return patterns.get(key);
  const tile = document.createElement('canvas');
  tile.width = tile.height = 10;
  const g = tile.getContext('2d');
  g.strokeStyle = color;
  g.globalAlpha = 0.4;
  g.lineWidth = 2;
  g.translate(5, 5);
  g.rotate((angle * Math.PI) / 180);
  g.beginPath();
  for (const o of [-10, 0, 10]) {
    g.moveTo(o, -10);
    g.lineTo(o, 10);
  }
  g.stroke();
  const pattern = ctx.createPattern(tile, 'repeat');
  patterns.set(key, pattern);
  return pattern;
}

/**
 * Hatch each interval that ended with a fault active (sample i covers t[i-1]..t[i]) in its kind's
 * style, and write each fault's id once at the start of each of its stretches.
 */
function shadeFaults(u, faults) {
  const xs = u.data[0];
  const { ctx } = u;
  const dpr = devicePixelRatio || 1;
  ctx.save();
  const lanes = new Map(); // fault id → label row, so overlapping faults don't overwrite
  for (let i = 0; i < xs.length; i++) {
    const active = faults[i] ?? [];
    const x0 = u.valToPos(xs[Math.max(0, i - 1)], 'x', true);
    const x1 = u.valToPos(xs[i], 'x', true);
    for (const f of active) {
      ctx.fillStyle = hatch(ctx, f.color, f.angle);
      ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
      const before = faults[i - 1] ?? [];
      if (!before.some((b) => b.id === f.id)) {
        if (!lanes.has(f.id)) lanes.set(f.id, lanes.size);
        ctx.fillStyle = f.color;
        ctx.font = `${11 * dpr}px system-ui`;
        ctx.textBaseline = 'top';
        // keep the label inside the plot: near the right edge it ends at the edge instead
        const width = ctx.measureText(f.id).width;
        const right = u.bbox.left + u.bbox.width;
        const lx = Math.max(u.bbox.left, Math.min(x0 + 3 * dpr, right - width - 3 * dpr));
        ctx.fillText(f.id, lx, u.bbox.top + (2 + 13 * lanes.get(f.id)) * dpr);
      }
    }
  }
  ctx.restore();
}

function options(width, series, axes, faults) {
  return {
    width,
    height: HEIGHT,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    scales: { x: { time: true } },
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    series: [{}, ...series.map((s) => ({ ...s, points: { show: false }, spanGaps: false }))],
    axes,
    hooks: { drawClear: [(u) => shadeFaults(u, faults)] },
  };
}

const axis = (extra) => ({
  stroke: '#222',
  grid: { stroke: '#e2e2e2' },
  font: '13px system-ui',
  labelFont: '13px system-ui',
  labelSize: 18,
  ...extra,
});
const timeAxis = () => axis({ values: timeLabels, space: 80 }); // room for HH:MM:SS

function makeChart(el, series, axes) {
  const data = [[], ...series.map(() => [])];
  const faults = [];
  const chart = new uPlot(options(el.clientWidth || 600, series, axes, faults), data, el);
  new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: HEIGHT })).observe(el);
  return { chart, series, data, faults };
}

/** @example const charts = createCharts(document); charts.push(sample) */
export function createCharts(doc) {
  const charts = [
    makeChart(doc.getElementById('chart-traffic'), SERIES.traffic, [
      timeAxis(),
      axis({ size: 50, label: 'per second' }),
    ]),
    makeChart(doc.getElementById('chart-backlog'), SERIES.backlog, [
      timeAxis(),
      axis({ scale: 'y', size: 50, label: 'orders' }),
      axis({ scale: 's', side: 1, size: 50, grid: { show: false }, label: 'lag p95 (s)' }),
    ]),
  ];
  const append = (c, sample) => {
    c.data[0].push(sample.t);
    c.series.forEach((s, i) => {
      const v = sample[s.key];
      c.data[i + 1].push(s.map ? s.map(v) : v);
    });
    c.faults.push(sample.faults ?? []);
    if (c.data[0].length > KEEP) for (const column of [...c.data, c.faults]) column.shift();
    for (const f of sample.faults ?? []) seen.set(f.id, f);
  };
  // Every fault seen on screen, for the legend under the charts.
  const seen = new Map();
  const legend = doc.createElement('div');
  legend.className = 'fault-legend';
  legend.id = 'fault-legend';
  doc.getElementById('chart-backlog').after(legend);
  const drawLegend = () => {
    legend.replaceChildren(
      ...[...seen.values()].map((f) => {
        const key = doc.createElement('span');
        key.className = 'fault-key';
        const swatch = doc.createElement('i');
        swatch.style.borderColor = f.color;
        swatch.style.background = `repeating-linear-gradient(${f.angle + 90}deg, ${f.color}66 0 2px, transparent 2px 6px)`;
        key.append(swatch, `${f.id}: ${f.type} (${f.kind})`);
        return key;
      }),
    );
  };
  return {
    /** Replace everything (a page that opens mid-run gets the server's history). */
    reset(samples) {
      for (const c of charts) {
        for (const column of [...c.data, c.faults]) column.length = 0;
        for (const s of samples) append(c, s);
        c.chart.setData(c.data);
      }
      drawLegend();
    },
    push(sample) {
      const fresh = (sample.faults ?? []).some((f) => !seen.has(f.id));
      for (const c of charts) {
        append(c, sample);
        c.chart.setData(c.data);
      }
      if (fresh) drawLegend();
    },
  };
}
