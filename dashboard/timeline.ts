import { faultKind } from '../chaos/registry.js';
import { kindStyle } from '../report/chart.js';
import type { Interval } from './traffic.js';
import type { LiveVerdict } from './verdict.js';

/**
 * One point of the live timeline, taken on every tick. The x axis is scenario time (what the
 * scenario's demand curve is written in); rates are per wall second (what the target feels).
 */
export interface Sample {
  /** Scenario time, epoch seconds. */
  t: number;
  demandPerSec: number;
  requestsPerSec: number;
  errorsPerSec: number;
  throttledPerSec: number;
  /** Channel orders visible to the target, not yet in the ERP. */
  backlog: number;
  /** The live lag.p95 check (scenario ms), null while there is nothing to measure. */
  lagP95Ms: number | null;
  /** Fault rules active at this instant (the charts shade these stretches). */
  activeFaults: number;
  /**
   * The active rules, with the colour and hatching angle of their fault kind — the same style the
   * HTML report uses (report/chart.ts), so a kind reads the same live and afterwards.
   */
  faults: ActiveFault[];
}

export interface ActiveFault {
  id: string;
  type: string;
  kind: string;
  color: string;
  angle: number;
}

export interface SampleInput {
  scenarioNowMs: number;
  /** Wall seconds the interval covered. */
  wallSeconds: number;
  interval: Interval;
  verdict: LiveVerdict;
  activeFaults: number;
  /** The active rules (id and type); the sample adds their kind's style. */
  faults?: { id: string; type: string }[];
}

/** Samples kept for a page that opens mid-run: 15 minutes at one a second. */
export const HISTORY = 900;

/**
 * @example
 * const timeline = new Timeline();
 * timeline.sample({ scenarioNowMs: clock.now(), wallSeconds: 1, interval, verdict, activeFaults: 0 });
 */
export class Timeline {
  private readonly samples: Sample[] = [];

  constructor(private readonly keep = HISTORY) {}

  sample(input: SampleInput): Sample {
    const { interval, wallSeconds } = input;
    const per = (n: number) => (wallSeconds > 0 ? n / wallSeconds : 0);
    const sample: Sample = {
      t: input.scenarioNowMs / 1000,
      demandPerSec: per(interval.demand),
      requestsPerSec: per(interval.requests),
      errorsPerSec: per(interval.failures),
      throttledPerSec: per(interval.throttled),
      backlog: input.verdict.backlog,
      lagP95Ms: input.verdict.checks.find((c) => c.id === 'lag.p95')?.measured ?? null,
      activeFaults: input.activeFaults,
      faults: (input.faults ?? []).map((f) => {
        const kind = faultKind(f.type);
        const style = kindStyle(kind);
        return { id: f.id, type: f.type, kind, color: style.color, angle: style.angle };
      }),
    };
    this.samples.push(sample);
    if (this.samples.length > this.keep) this.samples.shift();
    return sample;
  }

  history(): Sample[] {
    return [...this.samples];
  }
}
