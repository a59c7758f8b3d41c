import { stringify } from 'yaml';
import type { Clock } from '../simulators/core/clock.js';
import { VirtualClock } from '../simulators/core/clock.js';
import type { ControlPlane } from '../simulators/core/control-plane.js';
import { tooDeep } from '../simulators/core/json-depth.js';
import type { SimResponse } from '../simulators/core/types.js';
import { ScenarioError, formatScenarioError } from '../scenarios/errors.js';
import { parseScenario } from '../scenarios/load.js';
import type { FaultRule, FaultWindow, ScenarioFault } from '../scenarios/types.js';
import type { ChaosEngine } from './engine.js';
import { PRESETS, expandPreset } from './presets.js';
import { faultDefinitions } from './registry.js';

/**
 * The runtime fault API on the control plane, used by `omnichaos chaos`, the dashboard and tests:
 *
 *   GET    /_omnichaos/faults          rules in pipeline order, known types and presets
 *   POST   /_omnichaos/faults          add: a scenario fault entry or `{ preset, window }` (JSON);
 *                                      windows count from NOW ("for: 60s" = the next minute)
 *   PATCH  /_omnichaos/faults/:id      change fields of a rule (same spelling as the scenario)
 *   DELETE /_omnichaos/faults/:id      remove one;  DELETE /_omnichaos/faults  remove all
 *   GET    /_omnichaos/clock           scenario time, speed, paused
 *   POST   /_omnichaos/clock           { action: pause | resume | speed | advance, speed?, ms? }
 */
export function mountChaosControl(
  cp: ControlPlane,
  engine: ChaosEngine,
  clock: Clock,
  startMs: number,
): void {
  const ok = (body: unknown, status = 200): SimResponse => ({ status, body });
  const bad = (error: string, status = 400): SimResponse => ({ status, body: { error } });

  cp.add('GET', '/faults', () =>
    ok({
      faults: engine.list(),
      types: faultDefinitions().map((d) => ({ type: d.type, summary: d.summary })),
      presets: Object.entries(PRESETS).map(([name, p]) => ({ name, summary: p.summary })),
    }),
  );
  cp.add('POST', '/faults', (req) => {
    const parsed = parseEntries(req.rawBody, clock.now() - startMs, engine.list().length);
    if ('error' in parsed) return bad(parsed.error);
    const added = parsed.rules.map((r) => engine.add(r));
    return ok({ added }, 201);
  });
  cp.add('PATCH', '/faults/:id', (req, params) => {
    const current = engine.list().find((r) => r.id === params.id);
    if (!current) return bad(`no fault "${params.id}"`, 404);
    let patch: Record<string, unknown>;
    try {
      patch = JSON.parse(req.rawBody || '{}') as Record<string, unknown>;
    } catch {
      return bad('body must be JSON');
    }
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
      return bad('body must be a JSON object of the fields to change');
    const merged = { ...toEntry(current), ...patch, id: current.id };
    const parsed = parseEntries(JSON.stringify(merged), clock.now() - startMs, 0);
    if ('error' in parsed) return bad(parsed.error);
    const rule = parsed.rules[0]!;
    return ok({
      updated: engine.add('window' in patch ? rule : { ...rule, window: current.window }),
    });
  });
  cp.add('DELETE', '/faults/:id', (_req, params) =>
    engine.remove(params.id!) ? ok({ removed: params.id }) : bad(`no fault "${params.id}"`, 404),
  );
  cp.add('DELETE', '/faults', () => ok({ removed: engine.clear() }));

  const clockState = () => ({
    kind: clock.kind,
    now: new Date(clock.now()).toISOString(),
    elapsedMs: clock.now() - startMs,
    speed: clock.speed,
    paused: clock.paused,
  });
  cp.add('GET', '/clock', () => ok(clockState()));
  cp.add('POST', '/clock', async (req) => {
    let body: { action?: string; speed?: number; ms?: number };
    try {
      body = (JSON.parse(req.rawBody || '{}') ?? {}) as typeof body;
    } catch {
      return bad('body must be JSON: {"action":"pause|resume|speed|advance","speed"?,"ms"?}');
    }
    if (body.action === 'pause') clock.pause();
    else if (body.action === 'resume') clock.resume();
    else if (body.action === 'speed' && typeof body.speed === 'number' && body.speed > 0)
      clock.setSpeed(body.speed);
    else if (body.action === 'advance' && typeof body.ms === 'number') {
      if (!(clock instanceof VirtualClock))
        return bad('advance works on a virtual clock only; this run uses the real clock', 409);
      await clock.advanceScenario(body.ms);
    } else return bad('action must be pause, resume, speed (with speed > 0) or advance (with ms)');
    return ok(clockState());
  });
}

/**
 * Parse fault entries written as in a scenario, by validating them inside a throwaway scenario —
 * so runtime faults get exactly the scenario's checks and messages. Windows shift to "now".
 */
export function parseEntries(
  body: string,
  nowElapsedMs: number,
  existing: number,
): { rules: FaultRule[] } | { error: string } {
  // Validation walks the value recursively: refuse absurd nesting before it does.
  if (tooDeep(body, MAX_DEPTH))
    return { error: `body is nested deeper than ${MAX_DEPTH} levels; a fault entry needs a few` };
  let data: unknown;
  try {
    data = JSON.parse(body || 'null');
  } catch {
    return {
      error:
        'body must be JSON: a fault entry like {"type":"outage","match":{"system":"erp"},"window":{"for":"60s"}} or {"preset":"erp-maintenance"}',
    };
  }
  const entries = (Array.isArray(data) ? data : [data]).map((e, i) =>
    e && typeof e === 'object' && !('id' in e) ? { id: `runtime-${existing + i + 1}`, ...e } : e,
  );
  const doc = { name: 'runtime-faults', seed: 0, clock: { duration: '3650d' }, faults: entries };
  let faults: ScenarioFault[];
  try {
    faults = parseScenario(stringify(doc), 'request body').faults;
  } catch (err) {
    if (err instanceof ScenarioError) return { error: formatScenarioError(err) };
    throw err;
  }
  const shift = (w: FaultWindow): FaultWindow => ({
    ...w,
    fromMs: w.fromMs + nowElapsedMs,
    untilMs: w.untilMs === undefined ? undefined : w.untilMs + nowElapsedMs,
  });
  const rules = faults.flatMap((f) => (f.kind === 'preset' ? expandPreset(f) : [f]));
  return { rules: rules.map((r) => ({ ...r, window: shift(r.window) })) };
}

/** Fault entries nest a few levels; refuse deeper bodies before validation walks them. */
const MAX_DEPTH = 32;

/** A rule back in scenario spelling (durations as "<n>ms"), for PATCH merges. */
function toEntry(rule: FaultRule): Record<string, unknown> {
  const f = rule.frequency;
  return {
    type: rule.type,
    match: rule.match,
    params: rule.params,
    ...(f.kind === 'probability'
      ? { probability: f.p }
      : f.kind === 'firstAttempts'
        ? { firstAttempts: f.n }
        : f.kind === 'everyNth'
          ? { everyNth: f.n }
          : {}),
    ...(rule.ramp ? { ramp: rule.ramp } : {}),
  };
}
