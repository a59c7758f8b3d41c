import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SIMULATORS } from '../../simulators/index.js';
import { ROOT } from '../support/cli.js';
import { expectDocTable } from '../support/doc-table.js';

/**
 * The README's table of systems is the simulator registry written out: a new built-in simulator
 * (one folder, one registry line) fails here until the README shows it — its vendor, its base
 * URL variable, where its webhooks go and its dialect page.
 */
function systemsTable(): string {
  const rows = BUILTIN_SIMULATORS.map((d) => {
    const [system, vendor] = d.label.split(' · ');
    return [
      system!,
      vendor!,
      `\`OMNICHAOS_${d.name.toUpperCase()}_URL\``,
      d.sendsWebhooks ? `\`POST /webhooks/${d.name}\`` : '—',
      `[${d.name}](docs/dialects/${d.name}.md)`,
    ];
  });
  const head = ['system', 'shaped on', 'base URL', 'webhooks to your service', 'dialect'];
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

describe('README systems table', () => {
  it('lists every built-in simulator as the registry describes it', async () => {
    await expectDocTable('README.md', systemsTable());
  });

  it('links a dialect page that exists for each', () => {
    for (const d of BUILTIN_SIMULATORS)
      expect(existsSync(join(ROOT, 'docs', 'dialects', `${d.name}.md`)), d.name).toBe(true);
  });
});
