import type { FaultType, Flow, HttpMethod, PresetName, SystemName } from './catalog.js';

/**
 * A scenario after loading: every duration in ms (`…Ms`), every rate per second, defaults filled.
 * This is what the runner, the chaos engine and the oracle read; the YAML spelling stops at
 * `scenarios/schema.ts`.
 *
 * @example
 * const scenario = await loadScenarioFile('scenarios/smoke.yaml');
 * scenario.clock.durationMs // 120_000
 */
export interface Scenario {
  version: 1;
  name: string;
  description?: string;
  seed: number;
  clock: ScenarioClock;
  /** Sizes the world generator should use; an absent key means "its default". */
  world: WorldSize;
  /** Channels without demand are absent. */
  demand: ScenarioDemand;
  faults: ScenarioFault[];
  target: ScenarioTarget;
  /** Settings per simulator (its `ctx.config`), e.g. `{ marketplace: { rateScale: 30 } }`. */
  simulators: Record<SystemName, Record<string, unknown>>;
  flows: Flow[];
  /** Keyed by check id, e.g. `lag.p95`. */
  expectations: Record<string, Expectation>;
  /** Price changes and promotions the ERP's price book gets at their times; absent: none. */
  pricing?: ScenarioPricing;
}

/**
 * `pricing:` — what the ERP's price book does during the run (docs/scenarios.md): list price
 * changes at a time, and promotions recorded at the start with a window. Every time is scenario
 * ms since the start; `channels` are system names of channels that sell at a listed price.
 */
export interface ScenarioPricing {
  changes: PriceChange[];
  promotions: PromotionPlan[];
  /**
   * How long a channel may keep selling at a price the ERP superseded (and show a promotion
   * outside its window) before the pricing checks count it.
   */
  graceMs: number;
}

/** The SKUs a price entry names: the `best` N sellers (SKU-00000 on) or a list of SKU codes. */
export type SkuSelection = { best: number } | { list: string[] };

export interface PriceChange {
  atMs: number;
  skus: SkuSelection;
  channels: string[];
  /** Relative change of the current list price (-0.05 is 5% off), or … */
  by?: number;
  /** … a new list price in cents. */
  toCents?: number;
}

export interface PromotionPlan {
  id: string;
  fromMs: number;
  untilMs: number;
  skus: SkuSelection;
  channels: string[];
  /** Percent off the list price while the promotion runs (20 = 20% off). */
  percentOff: number;
}

export interface ScenarioClock {
  /** Scenario time while demand runs. */
  durationMs: number;
  /** Scenario seconds per wall second. */
  speed: number;
  /** Scenario time after demand stops, before judging. */
  drainMs: number;
  /** Scenario time at the start of the run, epoch ms. */
  startMs: number;
  /**
   * True when the file gave `clock.start`. `run` always starts at `startMs`; `up` starts on the
   * wall clock unless this (or `--start`) pins the start.
   */
  startPinned?: true;
}

export interface WorldSize {
  skus?: number;
  warehouses?: number;
  stores?: number;
  customers?: number;
  /** A flash sale: the `skus` best sellers start with exactly `units` at every location. */
  limitedStock?: { skus: number; units: number };
}

/**
 * Demand by scenario key (`marketplace`, `pos`, `adjustments`, …: each simulator's manifest says
 * which keys it takes and the channel they feed), in channel-name order.
 */
export type ScenarioDemand = Record<string, ChannelDemand | undefined>;

/** A demand section: its stages, plus the fields its simulator's manifest adds (POS `returns`). */
export interface ChannelDemand {
  stages: DemandStage[];
  readonly [field: string]: unknown;
}

/** Arrivals per second move linearly from `fromPerSec` to `toPerSec`; equal for a constant stage. */
export interface DemandStage {
  durationMs: number;
  fromPerSec: number;
  toPerSec: number;
}

export type ScenarioFault = FaultRule | PresetRule;

/** One fault, written out in full. */
export interface FaultRule {
  kind: 'fault';
  id: string;
  type: FaultType;
  match: FaultMatch;
  window: FaultWindow;
  frequency: FaultFrequency;
  /** The probability moves linearly from `from` to `to` across each window. */
  ramp?: ProbabilityRamp;
  /** Type-specific settings; the chaos engine validates them. */
  params: Record<string, unknown>;
}

/** A named bundle of faults; `window`/`frequency`/`ramp` override the bundle's own. */
export interface PresetRule {
  kind: 'preset';
  id: string;
  preset: PresetName;
  window?: FaultWindow;
  frequency?: FaultFrequency;
  ramp?: ProbabilityRamp;
}

export interface FaultMatch {
  system?: SystemName;
  operation?: string;
  method?: HttpMethod;
  /** A glob over the request path. */
  path?: string;
  credential?: string;
  header?: Record<string, string>;
  topic?: string;
}

/**
 * Active from `fromMs` until `untilMs` (open-ended when absent), in scenario time since the start.
 * With `everyMs`, the same window repeats every `everyMs` from `fromMs`.
 */
export interface FaultWindow {
  fromMs: number;
  untilMs?: number;
  everyMs?: number;
}

export type FaultFrequency =
  | { kind: 'always' }
  | { kind: 'probability'; p: number }
  | { kind: 'firstAttempts'; n: number }
  | { kind: 'everyNth'; n: number };

export interface ProbabilityRamp {
  from: number;
  to: number;
}

export interface ScenarioTarget {
  command?: string;
  cwd?: string;
  env: Record<string, string>;
  health?: string;
  healthTimeoutMs: number;
  webhooks: Record<SystemName, string>;
  /**
   * The clock the runner gives the target when `--target-clock` does not say (default `auto`):
   * the bundled integrations, tuned on the wall clock, say `wall` (docs/decisions/0011-target-clock.md).
   */
  clock?: 'auto' | 'wall' | 'scenario';
}

/**
 * A threshold the oracle compares a measured value with: `measured <op> value`.
 * `unit` says how `value` was written: 'ms' for a duration, 'ratio' for a percentage.
 */
export interface Expectation {
  op: ExpectationOp;
  value: number | boolean;
  unit?: 'ms' | 'ratio';
}

export type ExpectationOp = '<=' | '<' | '>=' | '>' | '==';
