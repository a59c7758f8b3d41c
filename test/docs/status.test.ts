import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultDefinitions } from '../../chaos/registry.js';
import { CHECKS } from '../../oracle/checks/index.js';
import { BUILTIN_SIMULATORS } from '../../simulators/index.js';
import { ROOT } from '../support/cli.js';

/** docs/status.md states counts; they are the code's, so a new check or fault updates the page. */
describe('docs/status.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'status.md'), 'utf8');
  const numbers = {
    'library scenarios': readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'))
      .length,
    'fault types': faultDefinitions().length,
    checks: CHECKS.length,
  };

  it.each(Object.entries(numbers))('says how many %s there are (%i)', (what, n) => {
    expect(doc).toContain(`${n} ${what}`);
  });

  it('names every built-in dialect', () => {
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];
    expect(doc).toContain(`${words[BUILTIN_SIMULATORS.length]} dialects`);
    for (const d of BUILTIN_SIMULATORS)
      expect(doc).toContain(d.label.split(' · ')[1]!.split(' ')[0]!);
  });
});
