import { describe, expect, it } from 'vitest';
import { Clock, VirtualClock, type TimeSource } from './clock.js';

const START = Date.UTC(2026, 10, 27, 10);

describe('VirtualClock', () => {
  it('compresses scenario time by speed but leaves wall time unscaled', async () => {
    const clock = new VirtualClock({ startMs: START, speed: 60 });
    await clock.advance(1_000);
    expect(clock.now() - START).toBe(60_000);
    expect(clock.wallNow()).toBe(1_000);
  });

  it('fires scenario and wall timers in due order', async () => {
    const clock = new VirtualClock({ startMs: START, speed: 10 });
    const fired: string[] = [];
    clock.afterScenario(50_000, () => fired.push('scenario 50s = wall 5s'));
    clock.after(3_000, () => fired.push('wall 3s'));
    clock.after(7_000, () => fired.push('wall 7s'));
    await clock.advance(4_000);
    expect(fired).toEqual(['wall 3s']);
    await clock.advance(10_000);
    expect(fired).toEqual(['wall 3s', 'scenario 50s = wall 5s', 'wall 7s']);
  });

  it('sees clock.now() at the timer instant inside the callback', async () => {
    const clock = new VirtualClock({ startMs: START });
    let seen = 0;
    clock.at(START + 1234, () => (seen = clock.now()));
    await clock.advance(5_000);
    expect(seen).toBe(START + 1234);
  });

  it('freezes scenario time while paused, but not wall timers', async () => {
    const clock = new VirtualClock({ startMs: START, speed: 2 });
    const fired: string[] = [];
    clock.afterScenario(2_000, () => fired.push('scenario'));
    clock.after(2_000, () => fired.push('wall'));
    clock.pause();
    await clock.advance(5_000);
    expect(clock.now()).toBe(START);
    expect(fired).toEqual(['wall']);
    clock.resume();
    await clock.advance(1_000);
    expect(fired).toEqual(['wall', 'scenario']);
    expect(clock.now()).toBe(START + 2_000);
  });

  it('keeps scenario time continuous across a speed change', async () => {
    const clock = new VirtualClock({ startMs: START, speed: 1 });
    await clock.advance(1_000);
    clock.setSpeed(100);
    expect(clock.now()).toBe(START + 1_000);
    await clock.advance(1_000);
    expect(clock.now()).toBe(START + 101_000);
  });

  it('delay() resolves on advance and rejects when aborted', async () => {
    const clock = new VirtualClock({ startMs: START });
    let done = false;
    const p = clock.delay(500).then(() => (done = true));
    await clock.advance(499);
    expect(done).toBe(false);
    await clock.advance(1);
    await p;
    expect(done).toBe(true);
    const abort = new AbortController();
    const q = clock.delay(1_000, abort.signal);
    abort.abort(new Error('stop'));
    await expect(q).rejects.toThrow('stop');
  });

  it('lets a timer schedule a follow-up within the same advance', async () => {
    const clock = new VirtualClock({ startMs: START });
    const at: number[] = [];
    const tick = () => {
      at.push(clock.now() - START);
      if (at.length < 3) clock.afterScenario(100, tick);
    };
    clock.afterScenario(100, tick);
    await clock.advance(1_000);
    expect(at).toEqual([100, 200, 300]);
  });

  it('cancelled timers do not fire', async () => {
    const clock = new VirtualClock({ startMs: START });
    let fired = false;
    clock.after(10, () => (fired = true)).cancel();
    await clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('Clock with a real-style source', () => {
  it('asks the source to wake it at the next due instant', () => {
    const wakes: number[] = [];
    const source: TimeSource = {
      kind: 'real',
      wallNow: () => 100,
      wakeAt: (at) => wakes.push(at),
      cancelWake: () => {},
    };
    const clock = new Clock(source, { startMs: START, speed: 4 });
    clock.afterScenario(4_000, () => {});
    expect(wakes.at(-1)).toBe(1_100);
    expect(() => new Clock(source, { startMs: START, speed: 0 })).toThrow('speed must be > 0');
  });
});
