/* global uPlot, ResizeObserver, document */
/**
 * The live timeline: two uPlot charts fed by the event stream. x is scenario time (UTC); every
 * series has its own dash pattern as well as its colour, and a legend with its name. Stretches
 * with a fault active are hatched behind the lines.
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

function hatch(ctx) {
  const tile = document.createElement('canvas');
  tile.width = tile.height = 10;
  const g = tile.getContext('2d');
  g.strokeStyle = 'rgba(179, 38, 30, 0.35)';
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(0, 10);
  g.lineTo(10, 0);
  g.stroke();
  return ctx.createPattern(tile, 'repeat');
}

/** Hatch each interval that ended with a fault active (sample i covers t[i-1]..t[i]). */
function shadeFaults(u, flags) {
  const xs = u.data[0];
  const { ctx } = u;
  ctx.save();
  ctx.fillStyle = hatch(ctx);
  for (let i = 0; i < xs.length; i++) {
    if (!flags[i]) continue;
    const x0 = u.valToPos(xs[Math.max(0, i - 1)], 'x', true);
    const x1 = u.valToPos(xs[i], 'x', true);
    ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
  }
  ctx.restore();
}

function options(width, series, axes, flags) {
  return {
    width,
    height: HEIGHT,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    scales: { x: { time: true } },
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    series: [{}, ...series.map((s) => ({ ...s, points: { show: false }, spanGaps: false }))],
    axes,
    hooks: { drawClear: [(u) => shadeFaults(u, flags)] },
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
  const flags = [];
  const chart = new uPlot(options(el.clientWidth || 600, series, axes, flags), data, el);
  new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: HEIGHT })).observe(el);
  return { chart, series, data, flags };
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
    c.flags.push(sample.activeFaults > 0);
    if (c.data[0].length > KEEP) for (const column of [...c.data, c.flags]) column.shift();
  };
  return {
    /** Replace everything (a page that opens mid-run gets the server's history). */
    reset(samples) {
      for (const c of charts) {
        for (const column of [...c.data, c.flags]) column.length = 0;
        for (const s of samples) append(c, s);
        c.chart.setData(c.data);
      }
    },
    push(sample) {
      for (const c of charts) {
        append(c, sample);
        c.chart.setData(c.data);
      }
    },
  };
}
