import { describe, expect, it } from 'vitest';
import { bufferIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import { startSimulators } from '../../runtime/start-simulators.js';
import { KV_TOKEN, kvSimulator } from '../../simulators/kv/index.js';

describe('omnichaos chaos against a running control plane', () => {
  it('adds an outage that answers 503 with Retry-After at once, lists it, and clears it', async () => {
    await using sims = await startSimulators({ seed: 1, port: 0, simulators: [kvSimulator] });
    const control = ['--control', sims.controlUrl];
    const get = () =>
      fetch(`${sims.urls.kv}/v1/things`, { headers: { authorization: `Bearer ${KV_TOKEN}` } });
    expect((await get()).status).toBe(200);

    const add = bufferIo();
    expect(
      await main(['chaos', 'add', 'outage', '--for', '60s', '--id', 'maint', ...control], add),
    ).toBe(0);
    expect(add.stdout.join('')).toMatch(/added maint\s+outage/);
    const down = await get();
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(55);

    const list = bufferIo();
    expect(await main(['chaos', 'list', ...control], list)).toBe(0);
    expect(list.stdout.join('')).toMatch(/maint\s+outage/);

    const clear = bufferIo();
    expect(await main(['chaos', 'clear', ...control], clear)).toBe(0);
    expect(clear.stdout.join('')).toContain('removed 1 fault(s)');
    expect((await get()).status).toBe(200);
  });

  it('expands a preset and reports a bad fault entry with the scenario checks', async () => {
    await using sims = await startSimulators({ seed: 1, port: 0, simulators: [kvSimulator] });
    const io = bufferIo();
    expect(await main(['chaos', 'add', 'webhook-chaos', '--control', sims.controlUrl], io)).toBe(0);
    expect(sims.chaos.list().map((r) => r.type)).toEqual([
      'webhook-duplicate',
      'webhook-reorder',
      'webhook-drop',
    ]);
    const bad = bufferIo();
    expect(await main(['chaos', 'add', 'outtage', '--control', sims.controlUrl], bad)).toBe(2);
    expect(bad.stderr.join('')).toContain("did you mean 'outage'?");
  });

  it('says so when nothing is listening', async () => {
    const io = bufferIo();
    expect(await main(['chaos', 'list', '--control', 'http://127.0.0.1:1'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('is "omnichaos up" running?');
  });
});
