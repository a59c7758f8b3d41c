/**
 * One example line per place in a scenario, for hints ("missing required key 'seed'" → "add it,
 * e.g. seed: 42"). Keyed by path pattern: list indices become `[]`, demand channels `*`.
 */

const CHANNEL_EXAMPLES: Record<string, string> = {
  '': 'marketplace: { stages: [{ for: 10m, rate: 2/s }] }',
  '.stages': 'stages: [{ for: 10m, rate: 2/s }]',
  '.stages[]': '- { for: 10m, rate: 2/s }',
  '.stages[].for': 'for: 10m',
  '.returns': 'returns: 0.05',
};

const EXAMPLES: Record<string, string> = {
  version: 'version: 1',
  name: 'name: black-friday',
  seed: 'seed: 42',
  clock: 'clock: { duration: 2h, speed: 60 }',
  'clock.duration': 'duration: 2h',
  'clock.speed': 'speed: 60',
  'clock.drain': 'drain: 5m',
  'clock.start': 'start: 2026-11-27T05:00:00Z',
  world: 'world: { skus: 500, warehouses: 2, stores: 10 }',
  demand: 'demand: { marketplace: { stages: [{ for: 10m, rate: 2/s }] } }',
  faults: 'faults: [{ type: outage, window: { from: 30m, for: 15m } }]',
  'faults[]': '- { type: outage, match: { system: erp }, window: { from: 30m, for: 15m } }',
  'faults[].type': 'type: outage',
  'faults[].preset': 'preset: erp-maintenance',
  'faults[].match': 'match: { system: erp, method: POST }',
  'faults[].match.header': 'header: { x-api-key: test }',
  'faults[].window': 'window: { from: 30m, for: 15m }',
  'faults[].ramp': 'ramp: { from: 0, to: 0.5 }',
  'faults[].ramp.from': 'from: 0',
  'faults[].ramp.to': 'to: 0.5',
  'faults[].params': 'params: { status: 503 }',
  target: 'target: { command: "node server.js", health: http://127.0.0.1:8080/health }',
  'target.env': 'env: { PORT: 8080 }',
  'target.webhooks': 'webhooks: { marketplace: http://127.0.0.1:8080/hooks/amazon }',
  flows: 'flows: [order-to-erp, fulfillment] (or leave it out to check all four)',
  expectations: 'expectations: { lag.p95: "<= 30s" }',
};

/** `['faults', 2, 'window']` → `faults[].window`; `['demand', 'pos', 'stages']` → `demand.*.stages`. */
function patternOf(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return '[]';
      const name = path[0] === 'demand' && index === 1 ? '*' : String(segment);
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}

/**
 * An example line for the value at `path`, or undefined when we have none.
 *
 * @example exampleFor(['seed']) // 'seed: 42'
 * @example exampleFor(['demand', 'pos', 'stages', 0, 'for']) // 'for: 10m'
 */
export function exampleFor(path: readonly PropertyKey[]): string | undefined {
  const pattern = patternOf(path);
  if (pattern.startsWith('demand.*')) {
    const channel = CHANNEL_EXAMPLES[pattern.slice('demand.*'.length)];
    return channel?.replace(/^marketplace/, String(path[1]));
  }
  return EXAMPLES[pattern];
}
