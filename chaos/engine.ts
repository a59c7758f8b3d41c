import type { Clock, Timer } from '../simulators/core/clock.js';
import type { Journal } from '../journal/journal.js';
import type { DeliveryPlan } from '../simulators/core/outbox.js';
import type { Exchange, Stage } from '../simulators/core/pipeline.js';
import type { SimulatorRuntime } from '../simulators/core/simulator-runtime.js';
import type { Outcome } from '../simulators/core/types.js';
import type { FaultRule } from '../scenarios/types.js';
import { streamFor } from '../world/rng.js';
import { fires, windowAt } from './decide.js';
import type { FaultDefinition } from './fault.js';
import { compileMatcher, matchesDelivery } from './match.js';
import { faultDefinition, faultKind } from './registry.js';
import { ev } from '../journal/events.js';

/**
 * The fault pipeline (docs/architecture.md#faults): an ordered list of rules, like Toxiproxy's toxics, plugged
 * into every simulator's request-fault, response-fault and outbound-webhook slots. Rules can be
 * added, patched and removed while traffic flows.
 *
 *   request ─► rule 1 ─► rule 2 ─► … ─► handler ─► … response phases in reverse … ─► client
 *
 * Each rule fires on a request only when its matcher, its window (scenario time since the run
 * started) and its frequency (a pure hash of seed, rule id, logical key and attempt) all agree.
 */
export interface ChaosEngineOptions {
  seed: number;
  clock: Clock;
  journal: Journal;
  /** Scenario time the run started; windows count from here. */
  startMs: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any dialect state
  simulators: Record<string, SimulatorRuntime<any>>;
  /** Port controls per system for `refuse` outages (node:http only). */
  refusers?: Record<string, (refusing: boolean) => Promise<void>>;
}

interface Installed {
  rule: FaultRule;
  def: FaultDefinition<unknown>;
  params: unknown;
  memory: Map<string, unknown>;
  /** The compiled matcher, and a key shared by rules whose matchers are equal. */
  matches: (ex: Exchange<unknown>) => boolean;
  matchKey: string;
  /** Per system: whether `onWindow` last saw the window open. */
  windowOpen: Map<string, boolean>;
  edgeTimer?: Timer;
}

export class ChaosEngine {
  private rules: Installed[] = [];
  /** The rules with a request / response hook, in pipeline order (rebuilt on every change). */
  private requestRules: Installed[] = [];
  private responseRules: Installed[] = [];

  constructor(private readonly options: ChaosEngineOptions) {
    for (const sim of Object.values(options.simulators)) this.plug(sim);
  }

  /** The rules in pipeline order. */
  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /**
   * Add a rule at the end of the pipeline (or replace the rule with the same id in place).
   * Throws with a readable message when the params do not fit the fault type.
   */
  add(rule: FaultRule): FaultRule {
    const def = faultDefinition(rule.type);
    const parsed = def.params.safeParse(rule.params ?? {});
    if (!parsed.success) {
      const why = parsed.error.issues
        .map((i) => `${['params', ...i.path].join('.')}: ${i.message}`)
        .join('; ');
      throw new Error(`[omnichaos:chaos] fault "${rule.id}" (${rule.type}): ${why}`);
    }
    const installed: Installed = {
      rule,
      def,
      params: parsed.data,
      memory: new Map(),
      matches: compileMatcher(rule.match),
      matchKey: JSON.stringify(rule.match),
      windowOpen: new Map(),
    };
    const at = this.rules.findIndex((r) => r.rule.id === rule.id);
    if (at >= 0) {
      void this.retire(this.rules[at]!);
      this.rules[at] = installed;
    } else this.rules.push(installed);
    this.reindex();
    this.options.journal.append(
      ev.faultAdded({
        fault: rule.id,
        faultType: rule.type,
        faultKind: faultKind(rule.type),
        match: rule.match,
        window: rule.window,
      }),
    );
    void this.syncWindow(installed);
    return rule;
  }

  /** Remove one rule; false when there is none with that id. */
  remove(id: string): boolean {
    const at = this.rules.findIndex((r) => r.rule.id === id);
    if (at < 0) return false;
    const [gone] = this.rules.splice(at, 1);
    this.reindex();
    void this.retire(gone!);
    this.options.journal.append(ev.faultRemoved({ fault: id }));
    return true;
  }

  clear(): number {
    const n = this.rules.length;
    for (const r of [...this.rules]) this.remove(r.rule.id);
    return n;
  }

  private reindex(): void {
    this.requestRules = this.rules.filter((r) => r.def.onRequest);
    this.responseRules = this.rules.filter((r) => r.def.onResponse);
  }

  private elapsed(): number {
    return this.options.clock.now() - this.options.startMs;
  }

  /** Plug this engine into a simulator's slots. */
  private plug(sim: SimulatorRuntime<unknown>): void {
    sim.slots.requestFaults = this.stage('request');
    sim.slots.responseFaults = this.stage('response');
    sim.outbox.faults = (message, attempt) => this.deliveryPlan(sim.name, message, attempt);
  }

  private stage(phase: 'request' | 'response'): Stage<unknown> {
    return (ex, next) => {
      if ((phase === 'request' ? this.requestRules : this.responseRules).length === 0)
        return next();
      const firing = this.firing(ex, phase);
      if (firing.length === 0) return next();
      // Compose so the first rule is outermost, as in the pipeline diagram.
      let chain = next;
      for (let i = firing.length - 1; i >= 0; i--) {
        const { rule, call } = firing[i]!;
        const inner = chain;
        chain =
          phase === 'request'
            ? () => rule.def.onRequest!(call, inner)
            : async () => rule.def.onResponse!(call, await inner());
      }
      return chain();
    };
  }

  private firing(ex: Exchange<unknown>, phase: 'request' | 'response') {
    const out: {
      rule: Installed;
      call: Parameters<NonNullable<FaultDefinition<unknown>['onRequest']>>[0];
    }[] = [];
    const elapsed = this.elapsed();
    const key = ex.logicalKey ?? ex.id;
    // Rules often share a matcher (one system, one operation family): test each distinct
    // matcher once per request, so a long idle rule list costs lookups, not regex runs.
    let seen: Map<string, boolean> | undefined;
    for (const r of phase === 'request' ? this.requestRules : this.responseRules) {
      // Window first: plain arithmetic, and most idle rules are outside their window; the
      // full window state (an object) is only built for a rule that fires.
      const window = r.rule.window;
      if (!mayBeOpen(window, elapsed)) continue;
      if (window.everyMs !== undefined && !windowAt(window, elapsed).active) continue;
      seen ??= new Map();
      let hit = seen.get(r.matchKey);
      if (hit === undefined) seen.set(r.matchKey, (hit = r.matches(ex)));
      if (!hit) continue;
      const progress = r.rule.ramp ? windowAt(window, elapsed).progress : 0;
      if (
        !fires(
          r.rule.frequency,
          r.rule.ramp,
          progress,
          ex.attempt,
          this.options.seed,
          r.rule.id,
          key,
        )
      )
        continue;
      const w = windowAt(window, elapsed);
      ex.faults.push(r.rule.id);
      this.options.journal.append(
        ev.faultApplied({
          sys: ex.sim.name,
          fault: r.rule.id,
          faultType: r.rule.type,
          id: ex.id,
          key,
          attempt: ex.attempt,
        }),
      );
      out.push({
        rule: r,
        call: {
          params: r.params,
          rule: r.rule,
          ex,
          clock: this.options.clock,
          errors: ex.sim.definition.errors,
          rng: streamFor(this.options.seed, r.rule.id, key, ex.attempt),
          windowRemainingMs: w.remainingMs,
          memory: r.memory,
        },
      });
    }
    return out;
  }

  private deliveryPlan(
    sys: string,
    message: Parameters<NonNullable<FaultDefinition['onDelivery']>>[0]['message'],
    attempt: number,
  ): DeliveryPlan {
    const elapsed = this.elapsed();
    for (const r of this.rules) {
      if (!r.def.onDelivery || !matchesDelivery(r.rule.match, sys, message.topic)) continue;
      const w = windowAt(r.rule.window, elapsed);
      if (
        !w.active ||
        !fires(
          r.rule.frequency,
          r.rule.ramp,
          w.progress,
          attempt - 1,
          this.options.seed,
          r.rule.id,
          message.id,
        )
      )
        continue;
      const plan = r.def.onDelivery({
        params: r.params,
        rule: r.rule,
        message,
        attempt,
        rng: streamFor(this.options.seed, r.rule.id, message.id, attempt),
      });
      if (plan.kind === 'deliver') continue;
      this.options.journal.append(
        ev.faultApplied({
          sys,
          fault: r.rule.id,
          faultType: r.rule.type,
          key: message.id,
          attempt: attempt - 1,
          topic: message.topic,
        }),
      );
      return plan;
    }
    return { kind: 'deliver' };
  }

  /** Bring server-level state in line with the window, and schedule the next edge. */
  private async syncWindow(r: Installed): Promise<void> {
    if (!r.def.onWindow) return;
    const w = windowAt(r.rule.window, this.elapsed());
    for (const sim of Object.values(this.options.simulators)) {
      if (r.rule.match.system && r.rule.match.system !== sim.name) continue;
      if ((r.windowOpen.get(sim.name) ?? false) === w.active) continue;
      r.windowOpen.set(sim.name, w.active);
      const edge = { sys: sim.name, fault: r.rule.id, faultType: r.rule.type };
      this.options.journal.append(
        w.active ? ev.faultWindowOpened(edge) : ev.faultWindowClosed(edge),
      );
      await r.def.onWindow(
        { params: r.params, rule: r.rule, sim, setRefusing: this.options.refusers?.[sim.name] },
        w.active,
      );
    }
    if (w.nextEdgeMs !== undefined && this.rules.includes(r)) {
      r.edgeTimer = this.options.clock.at(
        this.options.startMs + w.nextEdgeMs,
        () => void this.syncWindow(r),
      );
    }
  }

  /** Undo a rule's server-level state (reopen ports, bring stores back). */
  private async retire(r: Installed): Promise<void> {
    r.edgeTimer?.cancel();
    if (!r.def.onWindow) return;
    for (const [name, open] of r.windowOpen) {
      if (!open) continue;
      const sim = this.options.simulators[name]!;
      r.windowOpen.set(name, false);
      await r.def.onWindow(
        { params: r.params, rule: r.rule, sim, setRefusing: this.options.refusers?.[name] },
        false,
      );
    }
  }
}

export type { Outcome };

/** Cheap pre-check without allocating: false only when the window cannot be open at `elapsed`. */
function mayBeOpen(window: FaultRule['window'], elapsedMs: number): boolean {
  return (
    elapsedMs >= window.fromMs &&
    (window.everyMs !== undefined || window.untilMs === undefined || elapsedMs < window.untilMs)
  );
}
