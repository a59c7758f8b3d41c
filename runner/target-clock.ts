import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The target in scenario time (docs/decisions/0011-target-clock.md): the runner starts the target
 * under libfaketime, so `Date.now()`, `time.time()`, sleeps and timers in it follow the scenario
 * clock — start and speed — in any language that reads time through the C library.
 *
 * How the clock is anchored. libfaketime reads its setting from a file (FAKETIME_TIMESTAMP_FILE)
 * and re-reads it when the wall clock's whole second changes (FAKETIME_CACHE_DURATION=0). The
 * setting used is an offset and a rate, `+OFFSET xRATE`: a process reads
 *
 *   fake(t) = P + OFFSET + (t − P) × RATE
 *
 * where P is the instant libfaketime started in the first process of the tree (the start every
 * process of the tree shares, through the shared memory libfaketime sets up). So:
 *
 * 1. The supervisor (runner/target.ts) is that first process. It starts with `+0 x100`, reads its
 *    faked calendar clock next to its real monotonic one (FAKETIME_DONT_FAKE_MONOTONIC=1 for it
 *    alone) and works P out to the microsecond; it writes P to `target-clock.json`.
 * 2. It then writes the boot setting, `+OFFSET x1`: while the target boots, its clock runs at real
 *    speed and reads the scenario start minus the health timeout at launch — behind the
 *    simulators' paused clock, so anything the target dates at boot is not later than the
 *    simulators think (a token's expiry comes early, never late). Then it starts the target.
 * 3. At health the runner picks the next whole second B, writes `+OFFSET xSPEED` chosen so that
 *    fake(B) is the scenario start, waits for B and resumes the scenario clock at B. Every process
 *    switches at its first clock read in second B — the same instant the simulators start — so
 *    there is no stale second. The cost: scenario time starts up to a second after health.
 *
 * Reading the file once a second costs ~0.1 µs per clock read; re-reading on every read
 * (FAKETIME_NO_CACHE) cost ~16 µs per read here — a busy Node server reads the clock thousands of
 * times a second.
 */

export type TargetClockMode = 'auto' | 'wall' | 'scenario';

/** Env var naming libfaketime.so.1 when it is not where the distributions put it. */
export const LIBFAKETIME_ENV = 'OMNICHAOS_LIBFAKETIME';

/** Calibration rate: P comes out of `fake = 100·t − 99·P` to a hundredth of Date.now's millisecond. */
const CALIBRATION_RATE = 100;

/** The library file, as the faketime packages install it. */
function candidatePaths(arch = process.arch): string[] {
  const multiarch =
    { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu', arm: 'arm-linux-gnueabihf' }[
      arch as string
    ] ?? `${arch}-linux-gnu`;
  return [
    `/usr/lib/${multiarch}/faketime/libfaketime.so.1`, // Debian, Ubuntu (package faketime)
    '/usr/lib64/faketime/libfaketime.so.1', // Fedora, RHEL
    '/usr/lib/faketime/libfaketime.so.1', // Alpine (libfaketime), Arch
    '/usr/local/lib/faketime/libfaketime.so.1', // built from source (make install)
    '/home/linuxbrew/.linuxbrew/lib/faketime/libfaketime.so.1', // Homebrew on Linux
  ];
}

/**
 * Where libfaketime is: `OMNICHAOS_LIBFAKETIME` if set (it must exist), else the first of the
 * usual install paths that does. Linux only: macOS loads libraries otherwise.
 *
 * @example findLibfaketime() // '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1'
 */
export function findLibfaketime(env: NodeJS.ProcessEnv = process.env): {
  path?: string;
  why?: string;
} {
  const named = env[LIBFAKETIME_ENV];
  if (named)
    return existsSync(named)
      ? { path: named }
      : { why: `${LIBFAKETIME_ENV}=${named} does not exist` };
  if (process.platform !== 'linux')
    return { why: `libfaketime is used on Linux only (this is ${process.platform})` };
  const found = candidatePaths().find((p) => existsSync(p));
  return found ? { path: found } : { why: 'libfaketime is not installed' };
}

/** How to get libfaketime, for error messages. */
export const LIBFAKETIME_FIX =
  `install libfaketime (Debian/Ubuntu: apt-get install faketime; Alpine: apk add libfaketime; ` +
  `Fedora: dnf install libfaketime) or name its libfaketime.so.1 in ${LIBFAKETIME_ENV}`;

export class TargetClockError extends Error {}

/**
 * The clock the target will get. `auto` (the default): scenario time when the runner starts the
 * target and libfaketime is there, else the wall clock with a one-line warning. `scenario` without
 * the library (or without a command to start) is an error that says how to fix it.
 */
export function resolveTargetClock(
  requested: TargetClockMode,
  startsTarget: boolean,
  env: NodeJS.ProcessEnv = process.env,
): { mode: 'wall' | 'scenario'; lib?: string; warning?: string } {
  if (requested === 'wall') return { mode: 'wall' };
  if (!startsTarget) {
    if (requested === 'scenario')
      throw new TargetClockError(
        '--target-clock scenario needs a target the runner starts (target.command or --target-cmd): an external target keeps its own clock',
      );
    return { mode: 'wall' };
  }
  const lib = findLibfaketime(env);
  if (lib.path) return { mode: 'scenario', lib: lib.path };
  if (requested === 'scenario')
    throw new TargetClockError(
      `--target-clock scenario: ${lib.why}; ${LIBFAKETIME_FIX}, or run with --target-clock wall`,
    );
  return {
    mode: 'wall',
    warning: `the target runs on the wall clock (${lib.why}; for scenario time: ${LIBFAKETIME_FIX})`,
  };
}

/** `+OFFSET xRATE` in the form libfaketime parses (a sign first, a '.' decimal point, no exponent). */
export function faketimeSpec(offsetSeconds: number, rate: number): string {
  const off = offsetSeconds.toFixed(6);
  return `${off.startsWith('-') ? '' : '+'}${off} x${Number(rate.toFixed(6))}`;
}

function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/** What the supervisor gets (JSON in its argv) to calibrate and to write the boot setting. */
export interface SupervisorClockArgs {
  specFile: string;
  reportFile: string;
  bootSpec: string;
  calibrationRate: number;
  /** Real epoch ns minus CLOCK_MONOTONIC ns, measured by the runner. */
  realMinusMonoNs: string;
}

/**
 * One target's scenario clock: the files it lives in (in the run directory), the env the
 * supervisor starts with, and the switch to scenario time at health.
 */
export class ScenarioTimeForTarget {
  readonly specFile: string;
  readonly reportFile: string;

  constructor(
    readonly lib: string,
    dir: string,
    private readonly startMs: number,
    private readonly speed: number,
    private readonly bootLeadMs: number,
  ) {
    this.specFile = join(dir, 'target-clock.rc');
    this.reportFile = join(dir, 'target-clock.json');
  }

  /** Env of the supervisor (the first process under libfaketime). */
  supervisorEnv(): Record<string, string> {
    writeAtomically(this.specFile, `${faketimeSpec(0, CALIBRATION_RATE)}\n`);
    rmSync(this.reportFile, { force: true });
    const preload = process.env.LD_PRELOAD;
    return {
      LD_PRELOAD: preload ? `${this.lib}:${preload}` : this.lib,
      FAKETIME_TIMESTAMP_FILE: this.specFile,
      FAKETIME_CACHE_DURATION: '0',
      // The supervisor's own monotonic clock stays real: it is what P is measured against. The
      // supervisor takes this one out of the target's env.
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    };
  }

  /** The supervisor's argument: calibrate, then the boot setting (`startMs − lead` at launch). */
  supervisorArgs(): SupervisorClockArgs {
    const nowMs = Date.now();
    const realMinusMonoNs = BigInt(nowMs) * 1_000_000n - process.hrtime.bigint();
    return {
      specFile: this.specFile,
      reportFile: this.reportFile,
      bootSpec: faketimeSpec((this.startMs - this.bootLeadMs - nowMs) / 1000, 1),
      calibrationRate: CALIBRATION_RATE,
      realMinusMonoNs: String(realMinusMonoNs),
    };
  }

  /** What the supervisor measured: the shared libfaketime start P, epoch ms. */
  report(): { startMs: number; shared: boolean } | undefined {
    try {
      return JSON.parse(readFileSync(this.reportFile, 'utf8')) as {
        startMs: number;
        shared: boolean;
      };
    } catch {
      return undefined;
    }
  }

  /**
   * At health: write the scenario-time setting for the next whole second B and wait for B. The
   * caller resumes the scenario clock right after this resolves. Returns B and the setting.
   */
  async switchToScenarioTime(): Promise<{ atMs: number; spec: string; shared: boolean }> {
    const measured = this.report();
    if (!measured)
      throw new Error(
        `[omnichaos:target-clock] the supervisor wrote no ${this.reportFile}: libfaketime did not load`,
      );
    const P = measured.startMs;
    // Leave the write 50 ms before the boundary, so no process re-reads the file in second B
    // before it says B's setting.
    const at = (Math.floor((Date.now() + 50) / 1000) + 1) * 1000;
    const offset = (this.startMs - P - (at - P) * this.speed) / 1000;
    const spec = faketimeSpec(offset, this.speed);
    writeAtomically(this.specFile, `${spec}\n`);
    await untilWall(at);
    return { atMs: at, spec, shared: measured.shared };
  }
}

/** Resolve once Date.now() ≥ `atMs` (a timer, then a tight finish on setImmediate). */
function untilWall(atMs: number): Promise<void> {
  return new Promise((done) => {
    const spin = (): void => {
      if (Date.now() >= atMs) done();
      else setImmediate(spin);
    };
    setTimeout(spin, Math.max(0, atMs - Date.now() - 5));
  });
}

/**
 * Remove what libfaketime leaves in /dev/shm when the supervisor that created it is killed
 * (a normal exit removes them itself).
 */
export function removeFaketimeLeftovers(supervisorPid: number | undefined): void {
  if (supervisorPid === undefined) return;
  for (const f of [`faketime_shm_${supervisorPid}`, `sem.faketime_sem_${supervisorPid}`])
    rmSync(join('/dev/shm', f), { force: true });
}

/**
 * The supervisor's part (CommonJS, spliced into its `node -e` text): measure P, write the report
 * and the boot setting. `CLOCK` is the parsed SupervisorClockArgs.
 */
export const SUPERVISOR_CLOCK = `
let childEnv;
let clockShared = true;
const realNowMs = () => Number(process.hrtime.bigint() + BigInt(CLOCK.realMinusMonoNs)) / 1e6;
if (CLOCK) {
  const fs = require('node:fs');
  const m0 = process.hrtime.bigint();
  const fake = Date.now();
  const m1 = process.hrtime.bigint();
  const realMs = Number((m0 + m1) / 2n + BigInt(CLOCK.realMinusMonoNs)) / 1e6;
  const r = CLOCK.calibrationRate;
  // fake = P + (t - P) * r  =>  P = (r * t - fake) / (r - 1)
  const startMs = (r * realMs - fake) / (r - 1);
  // Without libfaketime's shared memory each process of the target keeps its own start: the
  // target's launch (below) stands in for it.
  clockShared = Boolean(process.env.FAKETIME_SHARED);
  if (clockShared) fs.writeFileSync(CLOCK.reportFile, JSON.stringify({ startMs, shared: true }));
  fs.writeFileSync(CLOCK.specFile + '.tmp', CLOCK.bootSpec + '\\n');
  fs.renameSync(CLOCK.specFile + '.tmp', CLOCK.specFile);
  // The target's monotonic clock follows scenario time too; only this process keeps a real one.
  childEnv = { ...process.env };
  delete childEnv.FAKETIME_DONT_FAKE_MONOTONIC;
}
const clockAfterSpawn = () => {
  if (CLOCK && !clockShared)
    require('node:fs').writeFileSync(CLOCK.reportFile, JSON.stringify({ startMs: realNowMs(), shared: false }));
};
`;
