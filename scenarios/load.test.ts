import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FLOWS } from './catalog.js';
import { ScenarioError, type ScenarioIssue } from './errors.js';
import { loadScenarioFile, parseScenario } from './load.js';
import { DEFAULT_SCENARIO_START } from './schema.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The issues `parseScenario` throws for `text`, as "line:column path: message". */
function problems(text: string): string[] {
  try {
    parseScenario(text, 'test.yaml');
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map(
      (issue: ScenarioIssue) => `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`,
    );
  }
  throw new Error('expected the scenario to be refused');
}

const MINIMAL = 'name: minimal\nseed: 1\nclock: { duration: 2h }\n';

describe('loading the bundled scenarios', () => {
  it('reads smoke.yaml: two calm minutes, two channels, every flow', async () => {
    const scenario = await loadScenarioFile(here('./smoke.yaml'));
    expect(scenario).toMatchObject({
      name: 'smoke',
      seed: 42,
      clock: {
        durationMs: 120_000,
        speed: 10,
        drainMs: 180_000, // SP-API settles two minutes after an order
        startMs: Date.parse(DEFAULT_SCENARIO_START),
      },
      world: { skus: 50, warehouses: 1, stores: 2, customers: 1000 },
      faults: [],
      flows: FLOWS.filter((f) => f !== 'settlement' && f !== 'pricing'),
    });
    expect(scenario.demand.marketplace?.stages).toEqual([
      { durationMs: 120_000, fromPerSec: 0.3, toPerSec: 0.3 },
    ]);
    expect(scenario.demand.pos).toEqual({
      stages: [{ durationMs: 120_000, fromPerSec: 0.5, toPerSec: 0.5 }],
    }); // no returns: key: the world's own refund mix
    expect(scenario.expectations['order-to-erp.exactly-once']).toEqual({ op: '<=', value: 0 });
    expect(scenario.expectations['lag.p95']).toEqual({ op: '<=', value: 240_000, unit: 'ms' });
  });

  it('reads annotated.yaml, which shows every key', async () => {
    const scenario = await loadScenarioFile(here('./examples/annotated.yaml'));
    expect(scenario.clock).toEqual({
      durationMs: 3_600_000,
      speed: 60,
      drainMs: 600_000,
      startMs: Date.parse('2026-11-27T05:00:00Z'),
      startPinned: true,
    });
    expect(scenario.demand.marketplace?.stages[1]).toEqual({
      durationMs: 1_200_000,
      fromPerSec: 2,
      toPerSec: 20,
    });
    expect(scenario.demand.marketplace?.stages[2]?.fromPerSec).toBe(20);
    expect(scenario.faults.map((fault) => fault.id)).toEqual([
      'erp-down',
      'fault-1',
      'fault-2',
      'fault-3',
      'fault-4',
      'storm',
    ]);
    expect(scenario.faults[0]).toMatchObject({
      kind: 'fault',
      type: 'outage',
      match: { system: 'erp', method: 'POST', header: { 'x-request-source': 'batch' } },
      window: { fromMs: 1_800_000, untilMs: 2_100_000, everyMs: 1_200_000 },
      frequency: { kind: 'always' },
      params: { mode: 'maintenance' },
    });
    expect(scenario.faults[1]).toMatchObject({
      window: { fromMs: 600_000, untilMs: 2_400_000 },
      frequency: { kind: 'probability', p: 0.3 },
      ramp: { from: 0, to: 0.5 },
    });
    expect(scenario.faults.slice(2, 4).map((fault) => fault.frequency)).toEqual([
      { kind: 'firstAttempts', n: 1 },
      { kind: 'everyNth', n: 10 },
    ]);
    expect(scenario.faults[5]).toEqual({
      id: 'storm',
      kind: 'preset',
      preset: 'marketplace-throttle-storm',
      window: { fromMs: 2_700_000, untilMs: 3_300_000 },
      frequency: { kind: 'probability', p: 0.8 },
    });
    expect(scenario.target).toMatchObject({
      env: { LOG_LEVEL: 'info', PORT: '8080' },
      healthTimeoutMs: 30_000,
    });
    expect(Object.keys(scenario.target.webhooks).sort()).toEqual([
      'erp',
      'marketplace',
      'pos',
      'wms',
    ]);
    expect(scenario.expectations['resilience.retry-after']).toEqual({
      op: '>=',
      value: 0.99,
      unit: 'ratio',
    });
  });
});

describe('defaults', () => {
  it('fills everything a minimal file leaves out', () => {
    expect(parseScenario(MINIMAL, 'minimal.yaml')).toEqual({
      version: 1,
      name: 'minimal',
      seed: 1,
      clock: {
        durationMs: 7_200_000,
        speed: 1,
        drainMs: 0,
        startMs: Date.parse('2026-11-27T05:00:00.000Z'),
      },
      world: {},
      demand: {},
      faults: [],
      target: { env: {}, healthTimeoutMs: 30_000, webhooks: {} },
      simulators: {},
      flows: [...FLOWS],
      expectations: {},
    });
  });

  it('gives a fault the whole run, "always", and an id from its position', () => {
    const scenario = parseScenario(
      `${MINIMAL}faults:\n  - type: timeout\n  - preset: flaky-network\n`,
      'x.yaml',
    );
    expect(scenario.faults).toEqual([
      {
        id: 'fault-0',
        kind: 'fault',
        type: 'timeout',
        match: {},
        window: { fromMs: 0 },
        frequency: { kind: 'always' },
        params: {},
      },
      { id: 'fault-1', kind: 'preset', preset: 'flaky-network' },
    ]);
  });

  it('reads a ramp on its own as a probability ending at ramp.to', () => {
    const scenario = parseScenario(
      `${MINIMAL}faults:\n  - { type: error, ramp: { from: 0, to: 0.4 } }\n`,
      'x.yaml',
    );
    expect(scenario.faults[0]).toMatchObject({
      frequency: { kind: 'probability', p: 0.4 },
      ramp: { from: 0, to: 0.4 },
    });
  });
});

describe('refusals that need more than one key to see', () => {
  it('refuses a default id that another fault took explicitly', () => {
    expect(
      problems(`${MINIMAL}faults:\n  - { id: fault-1, type: outage }\n  - { type: latency }\n`),
    ).toEqual(["6:5 faults[1]: this entry's default id 'fault-1' is taken by faults[0]"]);
  });

  it('refuses a window that opens after the run has ended', () => {
    expect(problems(`${MINIMAL}faults:\n  - { type: outage, window: { from: 3h } }\n`)[0]).toMatch(
      /^5:37 faults\[0\]\.window\.from: the window opens at 3h, after the run ends at 2h/,
    );
  });

  it('reads world.limitedStock and refuses more limited SKUs than the world has', async () => {
    const sale = await loadScenarioFile(here('./flash-sale.yaml'));
    expect(sale.world.limitedStock).toEqual({ skus: 4, units: 8 });
    expect(problems(`${MINIMAL}world: { skus: 3, limitedStock: { skus: 4, units: 2 } }\n`)).toEqual(
      ['4:41 world.limitedStock.skus: 4 limited-stock SKUs, but the world has only 3 SKUs'],
    );
  });

  it('refuses both for and until, until before from, and every shorter than the window', () => {
    const text = `${MINIMAL}faults:\n  - window: { for: 1m, until: 5m }\n    type: outage\n  - window: { from: 10m, until: 5m }\n    type: outage\n  - window: { for: 10m, every: 5m }\n    type: outage\n`;
    expect(problems(text)).toEqual([
      "5:24 faults[0].window.until: use 'for' or 'until', not both",
      "7:33 faults[1].window.until: 'until' (5m) must be later than 'from' (10m)",
      "9:32 faults[2].window.every: 'every' (5m) must be at least the window length (10m)",
    ]);
  });

  it('refuses a ramp next to a count', () => {
    expect(
      problems(`${MINIMAL}faults:\n  - { type: error, everyNth: 2, ramp: { from: 0, to: 1 } }\n`),
    ).toEqual([
      "5:33 faults[0].ramp: 'ramp' moves a probability, so it goes with 'probability' or alone, not with 'everyNth'",
    ]);
  });

  it('points a missing key inside a list item at that item', () => {
    expect(problems(`${MINIMAL}demand:\n  pos:\n    stages:\n      - rate: 1/s\n`)).toEqual([
      "7:9 demand.pos.stages[0].for: missing required key 'for'",
    ]);
  });
});

describe('files that are not scenarios at all', () => {
  it.each([
    ['', '1:1 : the file is empty'],
    ['- a\n- b\n', '1:1 : expected a mapping of keys, got a list'],
    [
      'name: a\n---\nname: b\n',
      '2:1 : invalid YAML: Source contains multiple documents; please use YAML.parseAllDocuments()',
    ],
    ['name: a\nname: b\n', '2:1 : invalid YAML: Map keys must be unique'],
  ])('%j', (text, expected) => {
    expect(problems(text)).toEqual([expected]);
  });

  it('refuses __proto__, which would otherwise slip past the unknown-key check', () => {
    expect(problems(`${MINIMAL}__proto__: { seed: 2 }\n`)).toEqual([
      "4:1 : unknown key '__proto__'",
    ]);
  });

  it('refuses alias bombs instead of expanding them', () => {
    const bomb =
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    expect(problems(bomb)[0]).toContain('invalid YAML: Excessive alias count');
  });

  it('says "file not found" without a position, and exits 2', async () => {
    const error = await loadScenarioFile('no/such/scenario.yaml').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).exitCode).toBe(2);
    expect((error as ScenarioError).issues).toEqual([
      expect.objectContaining({
        file: 'no/such/scenario.yaml',
        line: 0,
        column: 0,
        path: '',
        message: 'file not found',
      }),
    ]);
    expect((error as ScenarioError).message).toMatch(
      /^\[omnichaos:scenario\] no\/such\/scenario\.yaml: file not found\n {2}hint: paths are relative to /,
    );
  });

  it('says a directory is not a scenario file', async () => {
    const error = (await loadScenarioFile(here('./examples')).catch(
      (err: unknown) => err,
    )) as ScenarioError;
    expect(error.issues[0]?.message).toBe('is a directory, not a scenario file');
  });
});
