/* global document, EventSource */
import { createCharts } from './charts.js';
import { renderChecks } from './checks.js';
import { formatDuration, formatScenarioTime, setText } from './dom.js';
import { createFaultPanel } from './faults.js';
import { renderTiles } from './tiles.js';

/**
 * The live dashboard. One event stream from the control plane: `history` (the timeline so far)
 * when it connects, then `state` every second — tiles, faults, checks, clock and one timeline
 * sample. Everything the page changes goes through the control API (faults.js).
 */
const $ = (id) => document.getElementById(id);
const charts = createCharts(document);
const faults = createFaultPanel(document, refresh);

function renderClock(state) {
  const s = state.scenario;
  setText($('scenario-name'), s ? `${s.name} · seed ${s.seed}` : `seed ${state.seed}`);
  setText($('scenario-time'), formatScenarioTime(state.clock.now));
  const elapsed = formatDuration(Math.max(0, state.clock.elapsedMs));
  const of = s ? ` of ${formatDuration(s.durationMs)} + ${formatDuration(s.drainMs)} drain` : '';
  setText($('elapsed'), elapsed + of);
  setText($('speed'), `${state.clock.speed}×${state.clock.paused ? ' · ⏸ paused' : ''}`);
}

function render(state) {
  renderClock(state);
  renderTiles($('systems'), state.systems);
  faults.render(state);
  renderChecks($('checks'), $('verdict-summary'), $('verdict-note'), state.verdict);
}

/** Fresh state right after a button did something, instead of waiting for the next tick. */
async function refresh() {
  const res = await fetch('/_omnichaos/dashboard/state', { cache: 'no-store' });
  if (res.ok) render(await res.json());
}

function connection(state, text) {
  const node = $('connection');
  node.dataset.state = state;
  const icon = { live: '●', lost: '✖', connecting: '◌' }[state];
  setText(node, `${icon} ${text}`);
}

const events = new EventSource('/_omnichaos/dashboard/events');
events.addEventListener('open', () => connection('live', 'live'));
events.addEventListener('error', () =>
  connection('lost', 'disconnected — omnichaos stopped or the run ended; retrying'),
);
events.addEventListener('history', (e) => charts.reset(JSON.parse(e.data)));
events.addEventListener('state', (e) => {
  const state = JSON.parse(e.data);
  render(state);
  if (state.sample) charts.push(state.sample);
});
