import { describe, expect, it } from 'vitest';
import { ScenarioError, type ScenarioIssue } from './errors.js';
import { parseScenario } from './load.js';

const HEAD = 'name: p\nseed: 1\nclock: { duration: 2h }\nworld: { skus: 100 }\n';

function problems(text: string): string[] {
  try {
    parseScenario(text, 'test.yaml');
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map((i: ScenarioIssue) => `${i.line}:${i.column} ${i.path}: ${i.message}`);
  }
  throw new Error('expected the scenario to be refused');
}

describe('pricing: in a scenario', () => {
  it('reads changes and promotions with their times, SKUs, channels and grace', () => {
    const s = parseScenario(
      `${HEAD}pricing:
  grace: 2m
  changes:
    - { at: 10m, skus: 30, by: "-5%" }
    - { at: 20m, skus: [SKU-00007], channels: [marketplace], to: 19.99 }
  promotions:
    - { id: launch, from: 30m, until: 1h, skus: 20, channels: [storefront], off: 20% }
`,
      'test.yaml',
    );
    expect(s.pricing).toEqual({
      graceMs: 120_000,
      changes: [
        {
          atMs: 600_000,
          skus: { best: 30 },
          channels: ['storefront', 'marketplace'].sort(),
          by: -0.05,
        },
        {
          atMs: 1_200_000,
          skus: { list: ['SKU-00007'] },
          channels: ['marketplace'],
          toCents: 1999,
        },
      ],
      promotions: [
        {
          id: 'launch',
          fromMs: 1_800_000,
          untilMs: 3_600_000,
          skus: { best: 20 },
          channels: ['storefront'],
          percentOff: 20,
        },
      ],
    });
  });

  it('names the line and column of a bad entry', () => {
    expect(
      problems(`${HEAD}pricing:
  changes:
    - { at: 10m, skus: 30, by: "-5%", to: 3.5 }
  promotions:
    - { id: launch, from: 30m, until: 20m, skus: 2, channels: [storefront], off: 20% }
    - { id: later, from: 30m, until: 40m, skus: 2, channels: [pos], off: 20% }
`),
    ).toEqual([
      expect.stringMatching(/^7:7 pricing\.changes\[0\]: a price change has either 'by'/),
      expect.stringMatching(
        /^9:\d+ pricing\.promotions\[0\]\.until: 'until' \(20m\) must be later/,
      ),
      expect.stringMatching(
        /^10:\d+ pricing\.promotions\[1\]\.channels\[0\]: 'pos' is not a channel/,
      ),
    ]);
    expect(
      problems(`${HEAD}pricing:\n  changes:\n    - { at: 10m, skus: 300, by: "-5%" }\n`),
    ).toEqual([
      expect.stringMatching(/^7:\d+ pricing\.changes\[0\]\.skus: this names SKUs up to the 300th/),
    ]);
  });
});
