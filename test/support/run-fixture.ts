import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../runner/reference.js';

export { freePort };

/**
 * Write a short POS → ERP scenario against the mini target (test/fixtures/targets) into a fresh
 * temp dir; returns the scenario path and the dir for the run.
 */
export async function miniPosScenario(
  options: { durationS?: number; speed?: number; drainS?: number; faults?: string } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'omnichaos-run-'));
  const port = await freePort();
  const file = join(dir, 'mini.yaml');
  writeFileSync(
    file,
    `version: 1
name: mini-pos
seed: 7
clock:
  duration: ${options.durationS ?? 30}s
  speed: ${options.speed ?? 10}
  drain: ${options.drainS ?? 20}s
world:
  skus: 20
  warehouses: 1
  stores: 2
  customers: 50
demand:
  pos:
    stages:
      - for: ${options.durationS ?? 30}s
        rate: 1/s
target:
  command: PORT=${port} node test/fixtures/targets/mini-target.mjs
  health: http://127.0.0.1:${port}/health
  healthTimeout: 20s
  # written for the wall clock: it polls and times out on fixed wall intervals, unpaced
  clock: wall
flows: [pos-to-erp]
expectations:
  pos-to-erp.exactly-once: 0
  lag.p95: '<= 30s'
${options.faults ? `faults:\n${options.faults}\n` : ''}`,
  );
  return { file, dir, runDir: join(dir, 'run') };
}

/**
 * Write a short marketplace → ERP scenario against the mini target; `duplicateFirst` plants the
 * defect of posting the first order twice (DUPLICATE_FIRST_ORDER=1).
 */
export async function miniMarketplaceScenario(options: { duplicateFirst?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'omnichaos-run-'));
  const port = await freePort();
  const file = join(dir, 'mini-marketplace.yaml');
  writeFileSync(
    file,
    `version: 1
name: mini-marketplace
seed: 7
clock:
  duration: 30s
  speed: 10
  drain: 150s
world:
  skus: 20
  warehouses: 1
  stores: 1
  customers: 50
demand:
  marketplace:
    stages:
      - for: 30s
        rate: 0.5/s
simulators:
  marketplace: { rateScale: 100 }
target:
  command: PORT=${port} node test/fixtures/targets/mini-target.mjs
  env: { DUPLICATE_FIRST_ORDER: '${options.duplicateFirst ? 1 : 0}' }
  health: http://127.0.0.1:${port}/health
  healthTimeout: 20s
  # written for the wall clock: it polls and times out on fixed wall intervals, unpaced
  clock: wall
flows: [order-to-erp]
expectations:
  order-to-erp.exactly-once: 0
  # the mini target polls getOrders without pacing itself through the 150 s settle drain; this
  # fixture judges exactly-once, not pacing
  resilience.throttle-pressure: '<= 50%'
`,
  );
  return { file, dir, runDir: join(dir, 'run') };
}
