import type { FaultMatch, FaultWindow, Scenario } from '../../scenarios/types.js';
import { sameFault, windowSpans } from '../faults.js';
import type { FamilyHandlers } from './handler.js';
import type { HarnessLoadFigures } from '../model.js';
import { num, str } from './values.js';

/** The run's frame: start (scenario, seed, world), end, demand arrivals and the fault timeline. */
export const runHandlers: FamilyHandlers = {
  'run:started': (m, e) => {
    m.seed = num(e.seed);
    m.startT = e.t;
    m.schema = num(e.schema) ?? 1;
    m.worldDigest = str(e.worldDigest);
    m.omnichaosVersion = str(e.omnichaosVersion);
    if (Array.isArray(e.simulators)) m.simulators = e.simulators.map(String);
    if (e.scenario) m.scenario = e.scenario as Scenario;
    // Retry-After is judged in scenario time: an exchange's wall duration scales by the speed.
    if (m.scenario?.clock?.speed) m.traffic.speed = m.scenario.clock.speed;
    if (m.seed !== undefined) m.inventory.useWorld(m.seed, m.scenario?.world);
  },
  'run:load': (m, e) => {
    const figure = (v: unknown) => num(v) ?? 0;
    const optional = (key: keyof HarnessLoadFigures) =>
      num(e[key]) !== undefined ? { [key]: num(e[key]) } : {};
    m.load = {
      wallMs: figure(e.wallMs),
      loopDelayP99Ms: figure(e.loopDelayP99Ms),
      loopDelayMaxMs: figure(e.loopDelayMaxMs),
      ...optional('runnerWaitRatio'),
      ...optional('runnerWorstWaitRatio'),
      ...optional('targetWaitRatio'),
      ...optional('targetWorstWaitRatio'),
      windowMs: figure(e.windowMs),
      loadAvg1: figure(e.loadAvg1),
      cpus: figure(e.cpus),
    };
  },
  'target:started': (m, e) => {
    if (e.clock === 'scenario') m.traffic.targetTime = 'scenario';
  },
  'run:finished': (m) => {
    m.finished = true;
  },
  'target:exited': (m, e) => {
    if (e.stoppedByRunner === true) return;
    const code = e.code;
    m.targetDied = {
      code: typeof code === 'number' || typeof code === 'string' ? code : undefined,
      t: e.t,
    };
  },
  'demand:arrival': (m, e) => {
    m.bucket(e.t).demand++;
    const slip = num(e.slipMs);
    if (slip !== undefined) m.slips.push(slip);
  },
  'fault:added': (m, e) => {
    const w = e.window as FaultWindow | undefined;
    if (!w || m.startT === undefined) return;
    m.faults.push(
      ...windowSpans(
        String(e.fault),
        String(e.faultType),
        e.match as FaultMatch,
        w,
        m.startT,
        str(e.faultKind),
      ),
    );
  },
  'fault:removed': (m, e) => {
    const id = String(e.fault);
    // Cut the open windows short; windows that had not started yet never happened.
    m.faults = m.faults.filter((f) => !(sameFault(f, id) && f.fromT >= e.t));
    for (const f of m.faults)
      if (sameFault(f, id) && (f.untilT === undefined || f.untilT > e.t)) f.untilT = e.t;
  },
};
