import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ScenarioError } from './errors.js';
import { parseScenario } from './load.js';

/**
 * "Never a stack trace" (docs/architecture.md): whatever the file holds, parseScenario returns a scenario or
 * throws a ScenarioError whose every issue has a position inside the file.
 */
function outcome(text: string): 'ok' | 'refused' {
  try {
    parseScenario(text, 'fuzz.yaml');
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    const lines = text.split('\n').length;
    for (const issue of (err as ScenarioError).issues) {
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.line).toBeLessThanOrEqual(lines);
      expect(issue.message).not.toBe('Invalid input');
    }
    return 'refused';
  }
}

const scalar = fc.oneof(
  fc.constantFrom(
    '2h',
    '5/s',
    'outage',
    'erp',
    '0',
    'tomorrow',
    '<= 5m',
    'drian',
    true,
    null,
    0,
    -1,
    1.5,
    70_000,
  ),
  fc.string({ maxLength: 8 }),
  fc.integer(),
);
const key = fc.constantFrom(
  'name',
  'seed',
  'clock',
  'duration',
  'speed',
  'drain',
  'start',
  'world',
  'skus',
  'demand',
  'marketplace',
  'pos',
  'stages',
  'for',
  'rate',
  'from',
  'to',
  'faults',
  'type',
  'preset',
  'window',
  'until',
  'every',
  'probability',
  'everyNth',
  'ramp',
  'match',
  'system',
  'target',
  'env',
  'flows',
  'expectations',
  'lag.p95',
  'drian',
  '__proto__',
  'constructor',
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 3 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
})).node;

describe('parseScenario on arbitrary input', () => {
  it('never throws anything but a ScenarioError, for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => void outcome(text)),
      { numRuns: 300 },
    );
  });

  it('never throws anything but a ScenarioError, for documents shaped like scenarios', () => {
    const base = { name: 'fuzz', seed: 1, clock: { duration: '2h' } };
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (extra) => {
        void outcome(stringify({ ...base, ...extra }));
      }),
      { numRuns: 300 },
    );
  });
});
