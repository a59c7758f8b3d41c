import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { groupMembers } from './ports.js';
import type { EventFields } from '../journal/events.js';

/**
 * How loaded the machine was while a run went on: the runner's own event-loop delay (the
 * simulators, the demand driver and the chaos engine all live on that loop) and, on Linux, how
 * long the runner's and the target's main threads sat runnable but without a CPU (the run-queue
 * wait that `/proc/<pid>/task/<pid>/schedstat` counts). Both stretch every duration the oracle
 * measures in scenario time by the run's speed, so the verdict needs them to tell a slow
 * integration from a starved machine (docs/decisions/0012-overloaded-runs.md). The fields are
 * the `run:load` event's (journal/events.ts).
 */
export type HarnessLoad = Omit<EventFields['run:load'], 'sys'>;

export interface LoadMonitor {
  stop(): HarnessLoad;
}

/**
 * Run-queue wait (ns) of each process's main thread — the one that runs its event loop or
 * interpreter — by pid; empty without /proc.
 */
function runQueueWaitNs(pids: number[]): Map<number, number> {
  const waits = new Map<number, number>();
  for (const pid of pids) {
    try {
      // "<ns on a CPU> <ns waiting on a run queue> <timeslices>"
      const wait = Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]);
      if (Number.isFinite(wait)) waits.set(pid, wait);
    } catch {
      // gone meanwhile, or schedstat not enabled
    }
  }
  return waits;
}

/**
 * Watch the machine's load from now until `stop()`. `pgid` is read at each sample (the target
 * may start later than the monitor); sampling every `sampleMs` of wall time, on an unref'd timer.
 *
 * @example const load = startLoadMonitor({ pgid: () => target?.pid }); …; journal.append(ev.runLoad(load.stop()))
 */
export function startLoadMonitor(options: {
  pgid: () => number | undefined;
  sampleMs?: number;
  windowMs?: number;
}): LoadMonitor {
  const sampleMs = options.sampleMs ?? 1000;
  const windowMs = options.windowMs ?? 10_000;
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  const started = performance.now();
  const runner = new WaitSeries(() => [process.pid]);
  const target = new WaitSeries(() => {
    const pgid = options.pgid();
    return pgid === undefined ? undefined : groupMembers(pgid);
  });
  let last = started;
  const sample = () => {
    const at = performance.now();
    runner.sample(at - last);
    target.sample(at - last);
    last = at;
  };
  const timer = setInterval(sample, sampleMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      loop.disable();
      const wallMs = performance.now() - started;
      const ms = (ns: number) => ns / 1e6;
      const r = runner.ratios(wallMs, windowMs);
      const t = target.ratios(wallMs, windowMs);
      return {
        wallMs: Math.round(wallMs),
        loopDelayP99Ms: round(ms(loop.percentile(99)), 1),
        loopDelayMaxMs: round(ms(loop.max), 1),
        ...(r && { runnerWaitRatio: r.whole, runnerWorstWaitRatio: r.worst }),
        ...(t && { targetWaitRatio: t.whole, targetWorstWaitRatio: t.worst }),
        windowMs,
        loadAvg1: round(loadavg()[0] ?? 0, 2),
        cpus: cpus().length,
      };
    },
  };
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Run-queue wait of a set of processes, sampled: per sample, the wall ms and the most wait any
 * one of their main threads added (so the share stays between 0 and 1 however many there are).
 */
class WaitSeries {
  private readonly samples: { wallMs: number; waitNs: number }[] = [];
  private last = new Map<number, number>();
  private seen = false;
  constructor(private readonly pids: () => number[] | undefined) {}

  sample(wallMs: number): void {
    const pids = this.pids();
    const waits = pids ? runQueueWaitNs(pids) : new Map<number, number>();
    if (waits.size) this.seen = true;
    let added = 0;
    for (const [pid, wait] of waits) {
      const before = this.last.get(pid);
      if (before !== undefined) added = Math.max(added, wait - before);
    }
    this.samples.push({ wallMs, waitNs: Math.min(added, wallMs * 1e6) });
    this.last = waits;
  }

  /** Wait per wall time over everything, and over the worst run of samples covering windowMs. */
  ratios(wallMs: number, windowMs: number): { whole: number; worst: number } | undefined {
    if (!this.seen) return undefined;
    const ms = (ns: number) => ns / 1e6;
    let total = 0;
    let worst = 0;
    let from = 0;
    let windowWall = 0;
    let windowWait = 0;
    for (const s of this.samples) {
      total += s.waitNs;
      windowWall += s.wallMs;
      windowWait += s.waitNs;
      while (windowWall - this.samples[from]!.wallMs >= windowMs) {
        windowWall -= this.samples[from]!.wallMs;
        windowWait -= this.samples[from]!.waitNs;
        from++;
      }
      if (windowWall >= Math.min(windowMs, wallMs))
        worst = Math.max(worst, ms(windowWait) / windowWall);
    }
    return { whole: round(ms(total) / wallMs), worst: round(worst) };
  }
}
