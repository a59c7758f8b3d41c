import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld } from '../../world/index.js';
import { ROOT } from '../support/cli.js';
import { lockFor, readmeExamples, taggedExamples, type Lockfile } from './tarball.js';

/**
 * The package as a user gets it: `npm pack`, the tarball installed into an empty project from the
 * local npm cache (offline; `npm ci` filled the cache), then, in that project, exactly the
 * README's "Use it from your own tests" examples: the CLI, an ESM and a TypeScript import of the
 * root API, and a vitest file with msw + the real Square SDK on its production URL.
 * publint and arethetypeswrong check the exports of the same tarball.
 */

// The README shows the first two; docs/package.md the rest — all are run as written.
const examples = {
  ...readmeExamples(readFileSync(join(ROOT, 'README.md'), 'utf8')),
  ...taggedExamples(readFileSync(join(ROOT, 'docs', 'package.md'), 'utf8')),
};

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment for the child processes: none of this vitest's own variables. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST') env[k] = v;
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0' };
}

function run(cmd: string, args: string[], cwd: string, timeoutMs = 240_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, env: childEnv(), timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function explain(r: Ran): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`;
}

describe('the packed tarball in a fresh project', () => {
  const work = mkdtempSync(join(tmpdir(), 'omnichaos-tarball-'));
  const app = join(work, 'app');
  let tarball = '';

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'index.js')))
      throw new Error('dist/ is missing: run "npm run build" (npm test does it)');
    // Scripts off: npm test has just built dist/, and prepare would build it again.
    const packed = await run(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', work],
      ROOT,
    );
    expect(packed.code, explain(packed)).toBe(0);
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
    tarball = join(work, info!.filename);

    mkdirSync(app);
    const repoLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
    const version = (name: string) => repoLock.packages[`node_modules/${name}`]!.version!;
    const devDependencies: Record<string, string> = {
      omnichaos: `file:../${info!.filename}`,
      msw: version('msw'),
      vitest: version('vitest'),
      square: version('square'),
      typescript: version('typescript'),
      '@types/node': version('@types/node'),
    };
    const pkg = {
      name: 'omnichaos-tarball-check',
      version: '1.0.0',
      private: true,
      type: 'module',
      devDependencies,
    };
    writeFileSync(join(app, 'package.json'), JSON.stringify(pkg, null, 2));
    // A lockfile taken from ours: exact versions whose tarballs `npm ci` put in the cache, so the
    // install needs no registry.
    const tgz = readFileSync(tarball);
    const integrity = `sha512-${createHash('sha512').update(tgz).digest('base64')}`;
    const packedPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    writeFileSync(
      join(app, 'package-lock.json'),
      JSON.stringify(
        lockFor(pkg, repoLock, { ...packedPkg, integrity, resolved: `file:../${info!.filename}` }),
        null,
        2,
      ),
    );
    for (const [file, text] of Object.entries(examples)) {
      if (file.endsWith('.sh')) continue;
      mkdirSync(dirname(join(app, file)), { recursive: true });
      writeFileSync(join(app, file), text);
    }
    const installed = await run(
      'npm',
      ['ci', '--offline', '--no-audit', '--no-fund'],
      app,
      300_000,
    );
    expect(installed.code, explain(installed)).toBe(0);
  }, 420_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('the README and docs/package.md name every example the test runs', () => {
    expect(Object.keys(examples).sort()).toEqual([
      'commands.sh',
      'start.mjs',
      'start.ts',
      'test/square.test.ts',
    ]);
  });

  it('passes publint and arethetypeswrong (ESM only)', async () => {
    const publint = await run(join(ROOT, 'node_modules', '.bin', 'publint'), ['--strict'], ROOT);
    expect(publint.code, explain(publint)).toBe(0);
    expect(publint.stdout).toContain('All good');
    const attw = await run(
      join(ROOT, 'node_modules', '.bin', 'attw'),
      [tarball, '--profile', 'esm-only', '--format', 'table-flipped'],
      ROOT,
    );
    expect(attw.code, explain(attw)).toBe(0);
  }, 120_000);

  it("runs the README's CLI lines: world digest, demo smoke, init + validate", async () => {
    const lines = examples['commands.sh']!.split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter(Boolean);
    expect(lines[0]).toBe('npm i -D omnichaos'); // done above, from the tarball
    const npx = lines.slice(1);
    expect(npx.length).toBeGreaterThanOrEqual(4);
    for (const line of npx) {
      expect(line.startsWith('npx omnichaos ')).toBe(true);
      const r = await run('sh', ['-c', line], app, 240_000);
      const judged = line.includes(' demo ') ? [0, 1] : [0];
      expect(judged, `${line}\n${explain(r)}`).toContain(r.code);
      if (line.includes('--digest'))
        expect(r.stdout.trim().split('\n').at(-1)).toBe(createWorld(1).digest());
      if (line.includes(' demo ')) {
        // The package's part: a judged run with its reports. (The verdict itself is the
        // scenario's and the reference integration's business, checked by test/matrix.)
        expect(r.stdout).toMatch(/PASSED|FAILED/);
        const runs = readdirSync(join(app, 'runs')).filter((d) => d.startsWith('demo-smoke-'));
        expect(runs).toHaveLength(1);
        expect(existsSync(join(app, 'runs', runs[0]!, 'junit.xml'))).toBe(true);
      }
      if (line.includes(' init')) {
        expect(existsSync(join(app, 'omnichaos', 'smoke.yaml'))).toBe(true);
        expect(existsSync(join(app, '.github', 'workflows', 'omnichaos.yml'))).toBe(true);
      }
    }
    const again = await run('npx', ['omnichaos', 'init'], app);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite');
  }, 420_000);

  it('the ESM example starts the simulators, reads endpoints, and a fault answers 503', async () => {
    const r = await run('node', ['start.mjs'], app);
    expect(r.code, explain(r)).toBe(0);
    expect(r.stdout).toContain('locations 200');
    expect(r.stdout).toContain('with the fault 503');
    expect(r.stdout).toContain('true');
  }, 120_000);

  it('the TypeScript example type-checks against the shipped declarations and runs', async () => {
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          lib: ['ES2023', 'ESNext.Disposable'],
          strict: true,
          skipLibCheck: true,
          types: ['node'],
          outDir: 'build',
        },
        files: ['start.ts'],
      }),
    );
    const tsc = await run('npx', ['tsc', '-p', 'tsconfig.json'], app);
    expect(tsc.code, explain(tsc)).toBe(0);
    const r = await run('node', ['build/start.js'], app);
    expect(r.code, explain(r)).toBe(0);
    for (const name of ['erp', 'pos', 'wms', 'marketplace'])
      expect(r.stdout).toMatch(new RegExp(`^${name} \\S+ http://127\\.0\\.0\\.1:\\d+$`, 'm'));
  }, 120_000);

  it('the vitest example passes: msw + the real Square SDK on its production URL', async () => {
    const r = await run('npx', ['vitest', 'run'], app, 300_000);
    expect(r.code, explain(r)).toBe(0);
    expect(r.stdout).toMatch(/Test Files\s+1 passed/);
    expect(r.stdout).toMatch(/Tests\s+2 passed/);
  }, 320_000);
});
