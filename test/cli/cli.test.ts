import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { bufferIo } from '../../cli/io.js';
import { runBin } from '../support/cli.js';

describe('omnichaos world', () => {
  it('prints the same digest in two processes, and a different one for another seed', async () => {
    const [a, b, c] = await Promise.all([
      runBin(['world', '--seed', '42', '--digest']),
      runBin(['world', '--seed', '42', '--digest']),
      runBin(['world', '--seed', '43', '--digest']),
    ]);
    const last = (s: string) => s.trimEnd().split('\n').at(-1);
    expect(a.code).toBe(0);
    expect(last(a.stdout)).toMatch(/^[0-9a-f]{64}$/);
    expect(last(a.stdout)).toBe(last(b.stdout));
    expect(last(c.stdout)).not.toBe(last(a.stdout));
  }, 60_000);

  it('shows the 5,000,000th marketplace order without generating the ones before it', async () => {
    const res = await runBin(['world', '--seed', '42', '--show', 'marketplace-order:5000000']);
    expect(res.code).toBe(0);
    const order = JSON.parse(res.stdout) as { index: number; amazonOrderId: string };
    expect(order.index).toBe(5_000_000);
    expect(order.amazonOrderId).toMatch(/^\d{3}-\d{7}-\d{7}$/);
  });

  it('explains an unknown entity kind and exits 2', async () => {
    const io = bufferIo();
    expect(await main(['world', '--seed', '1', '--show', 'unicorn:1'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('unknown kind "unicorn"');
  });

  it('asks for a seed', async () => {
    const io = bufferIo();
    expect(await main(['world', '--digest'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('--seed');
  });
});

describe('omnichaos validate', () => {
  it('accepts the smoke scenario', async () => {
    const io = bufferIo();
    expect(await main(['validate', 'scenarios/smoke.yaml'], io)).toBe(0);
    expect(io.stdout.join('')).toContain('ok scenarios/smoke.yaml');
  });

  it('exits 2 and names file:line:column for a broken scenario (real process)', async () => {
    const res = await runBin(['validate', 'test/fixtures/scenarios/broken/bad-duration.yaml']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/test\/fixtures\/scenarios\/broken\/bad-duration\.yaml:\d+:\d+/);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('omnichaos (no command)', () => {
  it('lists the commands and exits 2', async () => {
    const io = bufferIo();
    expect(await main([], io)).toBe(2);
    expect(io.stdout.join('')).toMatch(/up .*\n.*run .*\n.*validate/s);
  });

  it('rejects an unknown command', async () => {
    const io = bufferIo();
    expect(await main(['launch'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('unknown command "launch"');
  });
});
