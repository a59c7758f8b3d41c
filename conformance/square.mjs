#!/usr/bin/env node
// Square's own SDK integration tests, run against omnichaos's POS simulator.
//
//   npm run conformance:square -- <path>
//   npm run conformance:square -- <path> --base-url http://127.0.0.1:4002
//
// With --base-url (or OMNICHAOS_SQUARE_BASE_URL) the suite targets a running `omnichaos up` (its
// POS URL) instead of simulators started in process; the access token is read from that server's
// `/_omnichaos/endpoints` (or taken from TEST_SQUARE_TOKEN when set).
// <path> is a checkout of github.com/square/square-nodejs-sdk, or its bare git directory (the
// repository snapshot). The script copies `tests/integration` out of it into a temporary folder
// (Square's tests are never copied into this repository), starts the simulators in process on
// the real clock (scenario time = now, speed 1), and runs the files for the APIs the POS claims
// with vitest. The only change to Square's setup is the client's base URL: `square` is resolved
// to a thin wrapper whose SquareClient always targets the simulator (the tests' helpers ask for
// the sandbox). `TEST_SQUARE_TOKEN` is the simulator's access token. Prints passed / failed /
// skipped per file; exits 1 if any test fails. docs/dialects/pos.md lists what is excluded and why.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const require = createRequire(join(repo, 'package.json'));

/** The files for the APIs the POS simulator claims. */
export const SQUARE_FILES = [
  'locations.test.ts',
  'catalog.serial.test.ts',
  'orders.test.ts',
  'payments.test.ts',
  'refunds.test.ts',
  'inventory.serial.test.ts',
  'webhooks.test.ts',
  'pagination.serial.test.ts',
];

function extract(source, into) {
  const abs = resolve(source);
  if (existsSync(join(abs, 'tests', 'integration'))) {
    execFileSync('cp', ['-R', join(abs, 'tests', 'integration'), join(into, 'integration')]);
    return;
  }
  const gitDir = existsSync(join(abs, 'HEAD')) ? abs : join(abs, '.git');
  if (!existsSync(join(gitDir, 'HEAD')))
    throw new Error(`${source}: neither a checkout with tests/integration nor a git directory`);
  const tar = execFileSync('git', ['--git-dir', gitDir, 'archive', 'HEAD', 'tests/integration'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const archive = join(into, 'integration.tar');
  writeFileSync(archive, tar);
  execFileSync('tar', ['-xf', archive, '-C', into]);
  execFileSync('mv', [join(into, 'tests', 'integration'), join(into, 'integration')]);
}

/** The POS access token a running `omnichaos up` issues, from its endpoints listing. */
async function posToken(base) {
  const res = await fetch(`${base}/_omnichaos/endpoints`);
  if (!res.ok)
    throw new Error(
      `${base}/_omnichaos/endpoints answered ${res.status}: is this the POS URL \`omnichaos up\` printed? (or set TEST_SQUARE_TOKEN)`,
    );
  const token = (await res.json())?.simulators?.pos?.credentials?.accessToken;
  if (!token) throw new Error(`${base}/_omnichaos/endpoints lists no POS access token`);
  return token;
}

/**
 * Run the suite; resolves to per-file results.
 *
 * @param {string} source path to the SDK checkout or git directory
 * @param {{ files?: string[], quiet?: boolean, baseUrl?: string }} [opts] `baseUrl`: a running
 *   `omnichaos up`'s POS URL; without it the simulators are started in process.
 */
export async function runSquareConformance(source, opts = {}) {
  const work = mkdtempSync(join(tmpdir(), 'omnichaos-square-conformance-'));
  // The tests import the SDK as ../../src (and the legacy client as ../../legacy/exports).
  const suite = join(work, 'tests');
  mkdirSync(suite);
  extract(source, suite);
  const squareEntry = require.resolve('square');
  const legacyEntry = require.resolve('square/legacy');
  const shim = join(work, 'square-at-simulator.mjs');
  writeFileSync(
    shim,
    [
      `import * as real from ${JSON.stringify(pathToFileURL(squareEntry).href)};`,
      `export * from ${JSON.stringify(pathToFileURL(squareEntry).href)};`,
      '// The one change to Square setup: every client talks to the simulator.',
      'export class SquareClient extends real.SquareClient {',
      '  constructor(options = {}) {',
      '    super({ ...options, environment: undefined, baseUrl: process.env.OMNICHAOS_SQUARE_BASE_URL });',
      '  }',
      '}',
    ].join('\n'),
  );
  const setup = join(work, 'jest-globals.mjs');
  writeFileSync(
    setup,
    [
      "import { vi } from 'vitest';",
      '// Square runs these with jest; the one jest-only call they make is jest.setTimeout.',
      'globalThis.jest = { setTimeout: (ms) => vi.setConfig({ testTimeout: ms, hookTimeout: ms }) };',
    ].join('\n'),
  );

  const { startSimulators } = await import(
    pathToFileURL(join(repo, 'dist/runtime/start-simulators.js')).href
  );
  let sims;
  if (opts.baseUrl) {
    const base = opts.baseUrl.replace(/\/+$/, '');
    process.env.OMNICHAOS_SQUARE_BASE_URL = base;
    process.env.TEST_SQUARE_TOKEN ??= await posToken(base);
  } else {
    sims = await startSimulators({ seed: 42, port: 0, speed: 1, startMs: Date.now() });
    const pos = sims.endpoints().simulators.pos;
    process.env.OMNICHAOS_SQUARE_BASE_URL = pos.url;
    process.env.TEST_SQUARE_TOKEN = pos.credentials.accessToken;
  }

  const { startVitest } = await import(pathToFileURL(require.resolve('vitest/node')).href);
  const files = (opts.files ?? SQUARE_FILES).map((f) => join(suite, 'integration', f));
  let vitest;
  try {
    vitest = await startVitest(
      'test',
      files,
      {
        root: work,
        config: false,
        globals: true,
        watch: false,
        fileParallelism: false,
        setupFiles: [setup],
        reporters: opts.quiet ? [] : ['default'],
        testTimeout: 240_000,
        hookTimeout: 240_000,
        alias: [
          { find: /^\.\.\/\.\.\/src$/, replacement: shim },
          { find: /^\.\.\/\.\.\/legacy\/exports$/, replacement: legacyEntry },
        ],
      },
      { server: { fs: { strict: false } } },
    );
  } finally {
    await sims?.[Symbol.asyncDispose]();
  }
  const results = [];
  for (const file of vitest.state.getFiles()) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const failures = [];
    let notRun = 0;
    const walk = (t) => {
      if (t.type === 'test') {
        const state = t.result?.state;
        // Skipped in Square's own file (it.skip) counts as skipped; a test that never ran
        // because its hooks failed counts as failed.
        if (t.mode === 'skip' || t.mode === 'todo') counts.skipped++;
        else if (state === 'pass') counts.passed++;
        else if (state === 'fail') {
          counts.failed++;
          failures.push(`${t.name}: ${t.result?.errors?.[0]?.message ?? 'failed'}`);
        } else notRun++;
      }
      for (const c of t.tasks ?? []) walk(c);
    };
    walk(file);
    const hookError = [file, ...(file.tasks ?? [])]
      .flatMap((t) => t.result?.errors ?? [])
      .map((e) => e.message)[0];
    if (notRun || (file.result?.state === 'fail' && counts.failed === 0)) {
      counts.failed += Math.max(1, notRun);
      failures.push(`did not run: ${hookError ?? 'the file failed before its tests'}`);
    }
    results.push({ file: file.name.split('/').at(-1), ...counts, failures });
  }
  await vitest.close();
  rmSync(work, { recursive: true, force: true });
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--base-url');
  const baseUrl = at >= 0 ? args[at + 1] : process.env.OMNICHAOS_SQUARE_BASE_URL;
  const source = args.find((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
  if (!source || (at >= 0 && !baseUrl)) {
    console.error(
      'usage: npm run conformance:square -- <path to square-nodejs-sdk checkout or git dir> [--base-url <POS URL of a running omnichaos up>]',
    );
    process.exit(2);
  }
  const results = await runSquareConformance(source, { baseUrl });
  console.log(
    `\nSquare SDK integration tests against the omnichaos POS simulator${baseUrl ? ` at ${baseUrl}` : ''}:`,
  );
  let failed = 0;
  for (const r of results) {
    failed += r.failed;
    console.log(
      `  ${r.failed ? 'FAIL' : 'ok  '} ${r.file.padEnd(28)} passed ${r.passed}, failed ${r.failed}, skipped ${r.skipped}`,
    );
    for (const f of r.failures) console.log(`         - ${f.split('\n')[0]}`);
  }
  const total = results.reduce((a, r) => a + r.passed + r.failed + r.skipped, 0);
  const passed = results.reduce((a, r) => a + r.passed, 0);
  console.log(
    `  ${passed} passed, ${failed} failed, ${total - passed - failed} skipped of ${total}`,
  );
  process.exit(failed ? 1 : 0);
}
