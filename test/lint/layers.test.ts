import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

/**
 * The layer rule in eslint.config.js (docs/architecture.md#layers), run on code that breaks it:
 * a core module importing a transport, a dialect or chaos, and the oracle importing a simulator.
 */
const eslint = new ESLint({ cwd: ROOT });

async function restricted(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rule', { timeout: 60_000 }, () => {
  it('fails a core module that imports a transport', async () => {
    const messages = await restricted(
      "import { serveNodeHttp } from '../transports/node-http.js';\nexport const s = serveNodeHttp;\n",
      'simulators/core/fixture.ts',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/simulators\/core imports nothing beside it/);
  });

  it('fails a core module that imports a dialect or chaos', async () => {
    const code =
      "import { erpSimulator } from '../erp/index.js';\nimport { ChaosEngine } from '../../chaos/engine.js';\nexport const x = [erpSimulator, ChaosEngine];\n";
    expect(await restricted(code, 'simulators/core/fixture.ts')).toHaveLength(2);
  });

  it("passes a core module's own imports", async () => {
    const code =
      "import { Router } from './router.js';\nimport type { World } from '../../world/index.js';\nexport type R = Router<World>;\n";
    expect(await restricted(code, 'simulators/core/fixture.ts')).toEqual([]);
  });

  it('fails the oracle importing a simulator', async () => {
    const code =
      "import { erpSimulator } from '../simulators/erp/index.js';\nexport const e = erpSimulator;\n";
    expect(await restricted(code, 'oracle/fixture.ts')).toHaveLength(1);
  });

  it('fails the oracle importing anything under simulators/, the core included; journal/ passes', async () => {
    const code =
      "import { withReading } from '../simulators/core/exchange-reading.js';\nimport type { Journal } from '../simulators/core/pipeline.js';\nexport type J = Journal;\nexport const w = withReading;\n";
    expect(await restricted(code, 'oracle/fixture.ts')).toHaveLength(2);
    const ok =
      "import type { JournalEvent } from '../journal/events.js';\nexport type E = JournalEvent;\n";
    expect(await restricted(ok, 'oracle/fixture.ts')).toEqual([]);
  });
});
