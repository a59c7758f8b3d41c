import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioError, formatScenarioError } from '../../scenarios/errors.js';
import { loadScenarioFile, parseScenario } from '../../scenarios/load.js';

/**
 * Each broken fixture, and exactly what a user is told about it: where (line:column), which path,
 * and the words of the message and hint that make it fixable.
 */

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/scenarios/broken/${name}`, import.meta.url));

async function issuesOf(name: string) {
  const error = await loadScenarioFile(fixture(name)).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ScenarioError);
  return (error as ScenarioError).issues;
}

interface Expected {
  at: string;
  path: string;
  message: string[];
  hint?: string[];
}

const cases: Record<string, Expected[]> = {
  'wrong-type.yaml': [
    {
      at: '3:7',
      path: 'seed',
      message: ['expected a whole number from 0 to 4294967295', 'got "forty-two"'],
      hint: ['seed: 42'],
    },
    {
      at: '4:8',
      path: 'clock',
      message: ['expected a mapping', 'got "2h"'],
      hint: ['clock: { duration: 2h'],
    },
  ],
  'unknown-key.yaml': [
    {
      at: '6:3',
      path: 'clock.drian',
      message: ["unknown key 'drian'"],
      hint: ["did you mean 'drain'?", 'duration, speed, drain, start'],
    },
  ],
  'bad-duration.yaml': [
    {
      at: '11:13',
      path: 'faults[0].window.from',
      message: ['expected a duration like "90s" or "2h"', 'got "tomorrow"'],
      hint: ['(ms, s, m, h, d)', '"1h30m"'],
    },
  ],
  'bad-rate.yaml': [
    {
      at: '10:15',
      path: 'demand.marketplace.stages[0].rate',
      message: ['expected a rate like "5/s"', 'got 5'],
      hint: ['ambiguous', '"5/s" or "5/min"'],
    },
  ],
  'missing-seed.yaml': [
    { at: '2:1', path: 'seed', message: ["missing required key 'seed'"], hint: ['seed: 42'] },
  ],
  'yaml-syntax.yaml': [
    { at: '5:1', path: '', message: ['invalid YAML', 'end with a ]'], hint: ['close any [ or {'] },
  ],
  'duplicate-fault-id.yaml': [
    {
      at: '11:9',
      path: 'faults[2].id',
      message: ["duplicate fault id 'erp-down'", 'faults[0]'],
      hint: ['its own id'],
    },
  ],
  'rate-and-ramp.yaml': [
    {
      at: '11:9',
      path: 'demand.pos.stages[0].from',
      message: ["either 'rate'", "'from' and 'to'", 'not both'],
      hint: ["remove 'rate'"],
    },
  ],
  'bad-enum.yaml': [
    {
      at: '7:11',
      path: 'faults[0].type',
      message: ['expected a known type', 'got "outtage"'],
      hint: ["did you mean 'outage'?", 'webhook-drop'],
    },
    {
      at: '9:15',
      path: 'faults[0].match.system',
      message: ['expected one of erp, pos, wms, marketplace', 'got "ERP"'],
      hint: ["did you mean 'erp'?"],
    },
  ],
  'two-frequencies.yaml': [
    {
      at: '9:5',
      path: 'faults[0].everyNth',
      message: [
        'choose one of probability, firstAttempts, everyNth, always',
        "'probability' and 'everyNth'",
      ],
    },
  ],
  'many-problems.yaml': [
    {
      at: '2:7',
      path: 'name',
      message: ['lowercase letters, digits and dashes', '"Many Problems"'],
      hint: ['"many-problems"'],
    },
    { at: '5:13', path: 'clock.duration', message: ['got "1 hour"'], hint: ['did you mean "1h"?'] },
    { at: '6:10', path: 'clock.speed', message: ['greater than 0', 'got 0'], hint: ['speed: 60'] },
    { at: '8:9', path: 'world.skus', message: ['from 1 to 100000', 'got 0'] },
    {
      at: '9:3',
      path: 'world.warehouse',
      message: ["unknown key 'warehouse'"],
      hint: ["did you mean 'warehouses'?"],
    },
    {
      at: '11:13',
      path: 'faults[0].preset',
      message: ['erp-maintenance, marketplace-throttle-storm', 'got "erp-maintenace"'],
      hint: ["did you mean 'erp-maintenance'?"],
    },
    {
      at: '13:12',
      path: 'expectations["lag.p95"]',
      message: ['expected a threshold', 'got "=> 5m"'],
      hint: ['"=>" is not an operator', '<=, <, >=, >, =='],
    },
  ],
};

describe('broken scenario fixtures', () => {
  for (const [name, expected] of Object.entries(cases)) {
    it(`${name}: ${expected.map((issue) => `${issue.at} ${issue.path}`).join(', ')}`, async () => {
      const issues = await issuesOf(name);
      expect(issues.map((issue) => `${issue.line}:${issue.column}`)).toEqual(
        expected.map((issue) => issue.at),
      );
      issues.forEach((issue, index) => {
        const want = expected[index]!;
        expect(issue.file).toBe(fixture(name));
        expect(issue.path).toBe(want.path);
        for (const words of want.message) expect(issue.message).toContain(words);
        for (const words of want.hint ?? []) expect(issue.hint).toContain(words);
      });
    });
  }

  it('prints the exact block the CLI shows, with the file name as given', async () => {
    const text = await readFile(fixture('bad-duration.yaml'), 'utf8');
    const error = (() => {
      try {
        parseScenario(text, 'black-friday.yaml');
      } catch (err) {
        return err as ScenarioError;
      }
    })();
    expect(error?.exitCode).toBe(2);
    expect(formatScenarioError(error!)).toBe(
      [
        '[omnichaos:scenario] black-friday.yaml:11:13 faults[0].window.from: expected a duration like "90s" or "2h", got "tomorrow"',
        '  hint: a duration is a number and a unit (ms, s, m, h, d), e.g. "1h30m"',
      ].join('\n'),
    );
  });

  it('ends a multi-problem report with a count, and never a stack trace', async () => {
    const error = await loadScenarioFile(fixture('many-problems.yaml')).catch(
      (err: ScenarioError) => err,
    );
    const text = formatScenarioError(error as ScenarioError);
    expect(text.split('\n').at(-1)).toBe(
      `[omnichaos:scenario] 7 problems in ${fixture('many-problems.yaml')}`,
    );
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
