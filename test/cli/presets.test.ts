import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../chaos/presets.js';
import { bufferIo } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import { PRESET_NAMES } from '../../scenarios/catalog.js';

const doc = readFileSync(new URL('../../docs/chaos.md', import.meta.url), 'utf8');

describe('omnichaos chaos presets', () => {
  it('prints every preset with its rules, and docs/chaos.md shows exactly that', async () => {
    const io = bufferIo();
    expect(await main(['chaos', 'presets'], io)).toBe(0);
    const text = io.stdout.join('').trimEnd();
    for (const name of PRESET_NAMES) expect(text).toContain(`${name} — ${PRESETS[name].summary}`);
    // a rule's params with the type's defaults, as the engine uses them
    expect(text).toContain(
      '<id>: outage on system=erp, always, params {"mode":"maintenance","message":',
    );
    expect(text).toContain('<id>/2: error on every system, probability 0.03');
    expect(doc, 'docs/chaos.md is out of date: paste `omnichaos chaos presets`').toContain(
      '```text\n' + text + '\n```',
    );
  });

  it('prints one preset as JSON, and refuses an unknown name with the known ones', async () => {
    const io = bufferIo();
    expect(await main(['chaos', 'presets', 'flaky-network', '--json'], io)).toBe(0);
    const [preset] = JSON.parse(io.stdout.join('')) as {
      name: string;
      rules: { type: string; params: Record<string, unknown> }[];
    }[];
    expect(preset!.name).toBe('flaky-network');
    expect(preset!.rules.map((r) => r.type)).toEqual(['latency', 'error', 'outage']);
    expect(preset!.rules[2]!.params.mode).toBe('reset');
    const bad = bufferIo();
    expect(await main(['chaos', 'presets', 'flaky'], bad)).toBe(2);
    expect(bad.stderr.join('')).toContain('unknown preset "flaky"; known: erp-maintenance');
  });
});
