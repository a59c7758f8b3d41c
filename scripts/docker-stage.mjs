#!/usr/bin/env node
// Stage the image's build context: the built package plus the production node_modules, copied
// from this checkout without a registry (docs/development.md: nothing is installed inside the image).
//
//   node scripts/docker-stage.mjs OUT        scripts/docker-build.sh passes a temporary folder
//
// Which packages go in: the closure of package.json `dependencies` plus the packages the
// reference integration imports at run time (listed below; they are devDependencies because
// only the example needs them), resolved through package-lock.json the way Node resolves them.
// Idempotent: OUT is replaced on every run.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (!process.argv[2]) fail('usage: node scripts/docker-stage.mjs OUT (a folder it replaces)');
const out = resolve(process.argv[2]);
if (root === out || root.startsWith(`${out}/`))
  fail(`refusing to replace ${out}: it holds the checkout`);

/** Imported by dist/examples/reference-integration (the compose reference service, `demo`). */
const REFERENCE_RUNTIME = [
  'square',
  'netsuite-rest',
  '@amazon-sp-api-release/amazon-sp-api-sdk-js',
  'cockatiel',
  'standardwebhooks',
];

/**
 * Declared as dependencies but never loaded at run time: the SP-API SDK lists its build tool
 * (`@babel/cli`, 15 MB with its closure). The compose test proves the SDK starts without it.
 */
const NOT_AT_RUNTIME = new Set(['@babel/cli']);

/**
 * Files Node never loads at run time: type declarations, TypeScript sources (scenarios/ holds
 * the format's code beside the library), source maps and docs — in node_modules over half of
 * the files and of the bytes. Licences stay.
 */
const devOnly = (path) =>
  /\.([cm]?ts|map|md|markdown)$/i.test(path) && !/^licen[cs]e/i.test(basename(path));

/** Paths copied as they are: what `bin/omnichaos.js` and `packageRoot()` expect under /app. */
const FILES = [
  'package.json',
  'bin',
  'dist',
  'scenarios', // the scenario library (demo, --scenario /app/scenarios/…)
  'dashboard/public', // the live dashboard's static files, read from the package root
  'scripts/docker-entrypoint.mjs',
];

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages;
if (!existsSync(join(root, 'dist', 'cli', 'main.js')))
  fail('dist/ is missing: run "npm run build" first');

/** Where `name` resolves from the package at lock path `from` (nearest node_modules upward). */
function resolveDep(from, name) {
  for (let dir = from; ;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock[candidate]) return candidate;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

const keep = new Set();
const queue = [...Object.keys(pkg.dependencies ?? {}), ...REFERENCE_RUNTIME].map((n) => ['', n]);
while (queue.length) {
  const [from, name] = queue.pop();
  if (NOT_AT_RUNTIME.has(name)) continue;
  const at = resolveDep(from, name);
  if (!at) {
    // Optional and platform-specific packages may be absent; a missing required one is fatal.
    const entry = lock[from];
    if (entry?.optionalDependencies?.[name] || entry?.peerDependenciesMeta?.[name]?.optional)
      continue;
    if (from === '' || entry?.dependencies?.[name]) fail(`${name} (needed by ${from || 'root'})`);
    continue;
  }
  if (keep.has(at)) continue;
  keep.add(at);
  const entry = lock[at];
  for (const deps of [entry.dependencies, entry.optionalDependencies, entry.peerDependencies])
    for (const dep of Object.keys(deps ?? {})) queue.push([at, dep]);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of FILES.filter((f) => existsSync(join(root, f))))
  cpSync(join(root, file), join(out, file), { recursive: true, filter: (src) => !devOnly(src) });
// The Dockerfile copies dashboard/public/; before the dashboard exists it copies an empty folder.
mkdirSync(join(out, 'dashboard', 'public'), { recursive: true });
for (const at of [...keep].sort()) {
  if (!existsSync(join(root, at))) continue; // an optional package npm skipped on this platform
  cpSync(join(root, at), join(out, at), {
    recursive: true,
    // Nested node_modules are copied on their own when they are in the closure.
    filter: (src) => !src.slice(join(root, at).length).includes('node_modules') && !devOnly(src),
  });
}
console.log(`[docker-stage] ${out}: ${FILES.length} paths, ${keep.size} packages`);

function fail(message) {
  console.error(`[docker-stage] ${message}`);
  process.exit(1);
}
