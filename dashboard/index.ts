import { RunModel } from '../oracle/model.js';
import type { StartedSimulators } from '../runtime/start-simulators.js';
import type { JournalEvent } from '../journal/journal.js';
import { loadAssets } from './assets.js';
import { EventFeed, SSE_HEADERS, formatEvent } from './feed.js';
import { createMetrics, type ScrapeView } from './metrics.js';
import { buildState } from './state.js';
import { Timeline } from './timeline.js';
import { LiveTraffic } from './traffic.js';
import { liveVerdict } from './verdict.js';

/**
 * The live dashboard and the Prometheus endpoint, mounted on a running set of simulators:
 *
 *   GET /_omnichaos/dashboard               the page (tiles, timeline, faults, checks)
 *   GET /_omnichaos/dashboard/assets/:file  its scripts and styles, uPlot included
 *   GET /_omnichaos/dashboard/events        server-sent events: `history` once, `state` every tick
 *   GET /_omnichaos/dashboard/state         the current state as JSON
 *   GET /_omnichaos/metrics                 Prometheus text format
 *
 *   journal ─► RunModel (oracle) ─┐
 *           ─► LiveTraffic ───────┼─► tick (1 s wall) ─► state + timeline sample ─► SSE pages
 *           ─► Metrics counters   ┘                                              └► metrics gauges
 *
 * The page injects and clears faults through `/_omnichaos/faults`, like `omnichaos chaos`.
 */
export interface Dashboard {
  /** The page's URL on the control port. */
  readonly url: string;
  /** Stop ticking and end every open event stream. Also happens when the control port closes. */
  close(): void;
}

/** Wall ms between ticks: state pushed to the pages, a timeline sample taken. */
export const TICK_MS = 1000;

/**
 * `model`: a live oracle model someone else already feeds from this journal (the runner's), so
 * a run keeps one model, not two; without it the dashboard keeps its own.
 *
 * @example const dashboard = mountDashboard(sims); console.log(dashboard.url)
 */
export function mountDashboard(
  sims: StartedSimulators,
  options: { model?: RunModel } = {},
): Dashboard {
  const { clock, journal, controlPlane } = sims;
  const shared = options.model !== undefined;
  const model = options.model ?? new RunModel();
  const traffic = new LiveTraffic(() => clock.wallNow());
  const timeline = new Timeline();
  const feed = new EventFeed();
  const assets = loadAssets();

  // Judging is the costly part: once per tick, however many pages and scrapers ask; `follow`
  // drops the cache for the events that must show at once.
  let cached: ScrapeView | undefined;
  const current = (): ScrapeView => {
    if (cached) return cached;
    const verdict = liveVerdict(model);
    return (cached = { state: buildState(sims, model, traffic, verdict), verdict });
  };
  const metrics = createMetrics(current);
  const follow = (e: JournalEvent) => {
    if (!shared) model.add(e);
    traffic.add(e);
    metrics.add(e);
    // A fault added or removed, or the run's end (the verdict turns final), shows at once.
    if (e.type === 'fault:added' || e.type === 'fault:removed' || e.type === 'run:finished')
      cached = undefined;
  };
  // Catch up on what was journaled before the mount (run:started carries the scenario), then follow.
  for (const e of journal.query({ limit: Number.MAX_SAFE_INTEGER })) follow(e);
  const unsubscribe = journal.subscribe(follow);

  let lastWall = clock.wallNow();
  const tick = () => {
    const now = clock.wallNow();
    cached = undefined;
    const view = current();
    const sample = timeline.sample({
      scenarioNowMs: clock.now(),
      wallSeconds: (now - lastWall) / 1000,
      interval: traffic.takeInterval(),
      verdict: view.verdict,
      activeFaults: view.state.faults.filter((f) => f.state === 'active').length,
      faults: view.state.faults.filter((f) => f.state === 'active'),
    });
    lastWall = now;
    feed.publish('state', { ...view.state, sample });
  };
  const timer = setInterval(tick, TICK_MS);
  timer.unref();

  controlPlane.add('GET', '/dashboard', () => assets.page(controlPlane.csrfToken));
  controlPlane.add('GET', '/dashboard/assets/:file', (_req, params) => assets.file(params.file!));
  controlPlane.add('GET', '/dashboard/state', () => ({
    status: 200,
    headers: { 'cache-control': 'no-store' },
    body: current().state,
  }));
  controlPlane.add('GET', '/dashboard/events', () => ({
    status: 200,
    headers: SSE_HEADERS,
    stream: feed.open([
      formatEvent('history', timeline.history()),
      formatEvent('state', current().state),
    ]),
  }));
  controlPlane.add('GET', '/metrics', async () => ({
    status: 200,
    headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' },
    body: await metrics.registry.metrics(),
  }));

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    unsubscribe();
    feed.close();
  };
  // A caller that only closes the simulators leaks nothing: no timer, no listener.
  sims.servers.control?.server.once('close', close);
  return { url: `${sims.controlUrl}/_omnichaos/dashboard`, close };
}
