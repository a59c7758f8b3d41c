import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoadMonitor } from '../../runner/load-monitor.js';

const linux = existsSync('/proc/self/task') && existsSync('/usr/bin/taskset');
const children: ChildProcess[] = [];

/** A busy loop pinned to CPU 0, leading its own process group (as the runner starts a target). */
function busy(): ChildProcess {
  const child = spawn('taskset', ['-c', '0', process.execPath, '-e', 'for(;;){}'], {
    detached: true,
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.pid) process.kill(-c.pid, 'SIGKILL');
});

describe('the run-queue wait the runner journals (run:load)', () => {
  it.skipIf(!linux)(
    'sees a target that shares one CPU with two busy processes wait for it most of the time',
    async () => {
      const target = busy();
      busy();
      busy();
      const monitor = startLoadMonitor({ pgid: () => target.pid, sampleMs: 100, windowMs: 500 });
      await new Promise((r) => setTimeout(r, 1500));
      const load = monitor.stop();
      // three runnable processes on one CPU: each waits about two thirds of the time
      expect(load.targetWaitRatio).toBeGreaterThan(0.3);
      expect(load.targetWorstWaitRatio).toBeGreaterThanOrEqual(load.targetWaitRatio!);
      expect(load.runnerWaitRatio).toBeDefined();
      expect(load.wallMs).toBeGreaterThanOrEqual(1000);
      expect(load.cpus).toBeGreaterThan(0);
    },
  );

  it('reports no target figures when there is no target to watch', () => {
    const load = startLoadMonitor({ pgid: () => undefined }).stop();
    expect(load.targetWaitRatio).toBeUndefined();
    expect(load.targetWorstWaitRatio).toBeUndefined();
  });
});
