import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountDashboard, type Dashboard } from '../../dashboard/index.js';
import type { DashboardState } from '../../dashboard/state.js';
import { startSimulators, type StartedSimulators } from '../../runtime/start-simulators.js';
import { VirtualClock } from '../../simulators/core/clock.js';
import { BUILTIN_SIMULATORS } from '../../simulators/index.js';
import { nextMatching, readEvents } from './sse.js';

/**
 * The dashboard's HTTP surface, in process on port 0 with a virtual clock: the page and its
 * files, the event stream, and the fault buttons' round trip through /_omnichaos/faults. The
 * health window is wall time, so "the errors have aged out" is a clock advance, not a sleep.
 */
let sims: StartedSimulators;
let dashboard: Dashboard;
let clock: VirtualClock;

beforeEach(async () => {
  clock = new VirtualClock({ startMs: Date.UTC(2026, 10, 27), speed: 1 });
  sims = await startSimulators({ seed: 5, port: 0, clock });
  dashboard = mountDashboard(sims);
});
afterEach(() => sims.close());

const control = (path: string, init?: RequestInit) =>
  fetch(`${sims.controlUrl}/_omnichaos${path}`, init);
const getCustomers = () =>
  fetch(`${sims.urls.erp}/services/rest/record/v1/customer?limit=1`, {
    headers: { authorization: `Bearer ${sims.endpoints().env.OMNICHAOS_ERP_ACCESS_TOKEN}` },
  });
const erpOf = (state: Pick<DashboardState, 'systems'>) =>
  state.systems.find((s) => s.name === 'erp')!;

describe('the dashboard page', () => {
  it('is where the control port sends a browser, and is served with every file it loads', async () => {
    const root = await fetch(`${sims.controlUrl}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/_omnichaos/dashboard');
    expect(dashboard.url).toBe(`${sims.controlUrl}/_omnichaos/dashboard`);

    const page = await fetch(dashboard.url);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    // every script and stylesheet the page names, and every module those import
    const wanted = [...html.matchAll(/(?:src|href)="\/_omnichaos\/dashboard\/assets\/([^"]+)"/g)];
    const files = new Set(wanted.map((m) => m[1]!));
    expect(files).toEqual(new Set(['uPlot.min.css', 'style.css', 'uPlot.iife.min.js', 'app.js']));
    for (const name of [...files]) {
      const res = await control(`/dashboard/assets/${name}`);
      expect(res.status, name).toBe(200);
      const text = await res.text();
      for (const m of text.matchAll(/from '\.\/([a-z-]+\.js)'/g)) files.add(m[1]!);
    }
    expect(files.has('dom.js')).toBe(true);
    const types = await Promise.all(
      [...files].map(async (f) =>
        (await control(`/dashboard/assets/${f}`)).headers.get('content-type'),
      ),
    );
    expect(types.every((t) => /^text\/(css|javascript); charset=utf-8$/.test(t ?? ''))).toBe(true);
  });

  it('answers an unknown file with a 404 that lists the real ones, and never reads outside its folder', async () => {
    const res = await control('/dashboard/assets/nope.js');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toContain('app.js');
    const escape = await control('/dashboard/assets/..%2F..%2Fpackage.json');
    expect(escape.status).toBe(404);
  });
});

describe('the event stream', () => {
  it('sends the history, then state every tick; an ERP outage turns the tile DOWN and clearing it brings it back', async () => {
    const events = readEvents(`${sims.controlUrl}/_omnichaos/dashboard/events`);
    const history = await nextMatching(events, (e) => e.event === 'history');
    expect(Array.isArray(history.data)).toBe(true);
    const first = await nextMatching(events, (e) => e.event === 'state');
    expect(first.data.systems.map((s: { name: string }) => s.name)).toEqual(
      BUILTIN_SIMULATORS.map((d) => d.name),
    );
    expect(erpOf(first.data).health).toBe('healthy');

    // What the page's "Inject ERP outage" button sends.
    const added = await control('/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'live-erp-maintenance', preset: 'erp-maintenance' }),
    });
    expect(added.status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await getCustomers()).status).toBe(503);
    const down = await nextMatching(
      events,
      (e) => e.event === 'state' && erpOf(e.data).health === 'down',
    );
    expect(erpOf(down.data).faults).toEqual(['live-erp-maintenance']);
    expect(down.data.faults).toContainEqual(
      expect.objectContaining({ id: 'live-erp-maintenance', state: 'active', system: 'erp' }),
    );
    expect(
      down.data.presets.find((p: { name: string }) => p.name === 'erp-maintenance'),
    ).toMatchObject({ active: true, ruleIds: ['live-erp-maintenance'] });
    expect(down.data.sample).toBeDefined();

    // "Clear": the fault goes, but the 503s of the last ten seconds still say DOWN…
    expect(
      (
        await control('/faults/live-erp-maintenance', {
          method: 'DELETE',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(200);
    const state = async () => (await (await control('/dashboard/state')).json()) as DashboardState;
    expect(erpOf(await state())).toMatchObject({ health: 'down', faults: [] });
    // …until they age out of the window.
    await clock.advance(11_000);
    expect((await getCustomers()).status).toBe(200);
    await nextMatching(events, (e) => e.event === 'state' && erpOf(e.data).health === 'healthy');

    // Closing the simulators cuts the stream (the page then shows "disconnected").
    await sims.close();
    const end = await events.next().then(
      (r) => r.done,
      (err: Error) => err.message, // the socket was destroyed mid-stream
    );
    expect([true, 'terminated']).toContain(end);
  });

  it('close() ends every open stream while the simulators keep running', async () => {
    const events = readEvents(`${sims.controlUrl}/_omnichaos/dashboard/events`);
    await nextMatching(events, (e) => e.event === 'state');
    dashboard.close();
    expect((await events.next()).done).toBe(true);
    expect((await control('/health')).status).toBe(200);
    dashboard.close(); // twice is fine
  });
});
