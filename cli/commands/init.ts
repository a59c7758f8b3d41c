import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../io.js';
import type { Command } from '../main.js';
import { parseOptions, type OptionSpecs } from '../options.js';

/**
 * `omnichaos init`: a starting point in the user's repository — a scenario whose `target:`
 * section starts their integration, and a CI job that runs it, keeps the JUnit file and the
 * HTML report, and fails the build on the run's exit code. It never overwrites a file.
 */

const CI_KINDS = ['github', 'gitlab', 'none'] as const;

const options = {
  dir: {
    type: 'string',
    value: 'DIR',
    default: '.',
    description: 'the repository to write into.',
    example: '--dir ../my-integration',
  },
  'target-cmd': {
    type: 'string',
    value: 'CMD',
    description: 'how your integration starts (it gets the OMNICHAOS_* env vars).',
    defaultText: '"npm start" when package.json has a start script, else "node server.js"',
    example: '--target-cmd "node dist/server.js"',
  },
  port: {
    type: 'string',
    value: 'N',
    default: '8080',
    description: 'the port your integration listens on (health check and webhook URLs).',
    example: '--port 3000',
  },
  ci: {
    type: 'string',
    value: CI_KINDS.join('|'),
    default: 'github',
    description:
      'the CI job to write: .github/workflows/omnichaos.yml, omnichaos/gitlab-ci.yml (to include), or none.',
    example: '--ci gitlab',
  },
} satisfies OptionSpecs;

/** The files `init` writes, relative path → content. */
export function initFiles(opts: {
  targetCmd: string;
  port: number;
  ci: (typeof CI_KINDS)[number];
}): Record<string, string> {
  const files: Record<string, string> = { 'omnichaos/smoke.yaml': scenarioText(opts) };
  if (opts.ci === 'github') files['.github/workflows/omnichaos.yml'] = githubJob();
  if (opts.ci === 'gitlab') files['omnichaos/gitlab-ci.yml'] = gitlabJob();
  return files;
}

function yamlString(s: string): string {
  return JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar
}

function scenarioText(opts: { targetCmd: string; port: number }): string {
  const base = `http://127.0.0.1:${opts.port}`;
  return `# Your integration against two calm minutes of trade — written by \`omnichaos init\`; edit freely.
# Every key is explained in node_modules/omnichaos/scenarios/examples/annotated.yaml; the bundled
# chaos scenarios (store outages, ERP maintenance, throttling, lost responses) are next to it.
#
#   npx omnichaos validate omnichaos/smoke.yaml     # check this file (errors name line:column)
#   npx omnichaos run omnichaos/smoke.yaml          # start the target, run, judge: exit 0, 1 or 2
version: 1
name: smoke
description: Two calm minutes of marketplace and store trade; checks the integration is wired up.
seed: 42

clock:
  duration: 2m # scenario time while demand runs
  speed: 10 # ten scenario seconds per wall second: about 15 s of wall time
  drain: 30s # let the last orders settle before judging

world:
  skus: 50
  warehouses: 1
  stores: 2
  customers: 1000

demand:
  marketplace:
    stages:
      - for: 2m
        rate: 0.3/s
  pos:
    stages:
      - for: 2m
        rate: 0.5/s

# The integration under test. omnichaos starts the command with the simulators' URLs and
# credentials in OMNICHAOS_* env vars (OMNICHAOS_ERP_URL, OMNICHAOS_POS_ACCESS_TOKEN, …), waits
# for the health URL, runs the scenario, then stops it.
target:
  command: ${yamlString(opts.targetCmd)}
  env: { PORT: ${opts.port} }
  health: ${base}/health
  healthTimeout: 30s
  webhooks: # where each system delivers its webhooks; remove the ones you do not receive
    pos: ${base}/webhooks/square
    wms: ${base}/webhooks/shipbob
    marketplace: ${base}/webhooks/amazon

flows: [order-to-erp, fulfillment, inventory-sync, pos-to-erp]

expectations:
  order-to-erp.exactly-once: 0 # no order missing or duplicated in the ERP
  pos-to-erp.exactly-once: 0
  lag.p95: '<= 2m'
`;
}

const RUN_NOTE = `# Exit code of omnichaos run: 0 every expectation held, 1 a check failed (the build fails),
# 2 the run could not be judged (bad scenario, target never healthy).`;

function githubJob(): string {
  return `# omnichaos resilience run — written by \`omnichaos init\`.
${RUN_NOTE}
# The run directory keeps junit.xml (one test case per check), report.html and the journal.
name: omnichaos
on: [push, pull_request]
jobs:
  omnichaos:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npx omnichaos run omnichaos/smoke.yaml --out runs/omnichaos
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: omnichaos-run
          path: |
            runs/omnichaos/junit.xml
            runs/omnichaos/report.html
            runs/omnichaos/journal.ndjson
`;
}

function gitlabJob(): string {
  return `# omnichaos resilience run — written by \`omnichaos init\`. Add to .gitlab-ci.yml:
#   include:
#     - local: omnichaos/gitlab-ci.yml
${RUN_NOTE}
omnichaos:
  image: node:20
  script:
    - npm ci
    - npx omnichaos run omnichaos/smoke.yaml --out runs/omnichaos
  artifacts:
    when: always
    reports:
      junit: runs/omnichaos/junit.xml
    paths:
      - runs/omnichaos/report.html
      - runs/omnichaos/journal.ndjson
`;
}

function defaultTargetCmd(dir: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    if (pkg.scripts?.start) return 'npm start';
  } catch {
    // no package.json, or not JSON: fall back
  }
  return 'node server.js';
}

export const initCommand: Command = {
  name: 'init',
  summary: 'write a starter scenario for your integration and a CI job into your repository',
  usage: 'omnichaos init [--dir DIR] [--target-cmd CMD] [--port N] [--ci github|gitlab|none]',
  options,
  examples: ['omnichaos init', 'omnichaos init --target-cmd "node dist/server.js" --port 3000'],
  notes: ['Never overwrites: when any file it would write exists, it writes nothing (exit 2).'],
  async run(args, io) {
    const { values } = parseOptions(args, options);
    const ci = values.ci as (typeof CI_KINDS)[number];
    if (!CI_KINDS.includes(ci))
      throw new UsageError(`--ci must be one of ${CI_KINDS.join(', ')}, got "${values.ci}"`);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new UsageError(`--port must be a port number 1..65535, got "${values.port}"`);
    const dir = resolve(values.dir);
    const targetCmd = values['target-cmd'] ?? defaultTargetCmd(dir);
    if (!targetCmd.trim()) throw new UsageError('--target-cmd must not be empty');
    const files = initFiles({ targetCmd, port, ci });
    const show = (p: string) => relative(process.cwd(), join(dir, p)) || p;
    const existing = Object.keys(files).filter((p) => existsSync(join(dir, p)));
    if (existing.length > 0) {
      io.err(
        `[omnichaos:init] refusing to overwrite ${existing.map(show).join(', ')}; nothing written. Move ${existing.length === 1 ? 'it' : 'them'} away to start again.`,
      );
      return 2;
    }
    for (const [path, text] of Object.entries(files)) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text, { flag: 'wx' }); // wx: fail rather than overwrite a file made meanwhile
      io.out(`wrote ${show(path)}`);
    }
    const scenario = show('omnichaos/smoke.yaml');
    io.out(
      [
        '',
        `Next: check the target section in ${scenario} (command "${targetCmd}", port ${port}), then`,
        `  npx omnichaos validate ${scenario}`,
        `  npx omnichaos run ${scenario}`,
      ].join('\n'),
    );
    return 0;
  },
};
