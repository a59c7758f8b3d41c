/**
 * Helpers of the tarball test: the README's examples, and a lockfile for the throwaway project.
 */

const SECTION = '## Use it from your own tests';

/**
 * The fenced blocks of the README's "Use it from your own tests" section that carry a
 * `<!-- tarball-test: FILE -->` line before them, by file name.
 *
 * @example readmeExamples(readme)['start.mjs'] // "import { Simulators } from 'omnichaos'; …"
 */
export function readmeExamples(readme: string): Record<string, string> {
  const start = readme.indexOf(SECTION);
  if (start === -1) throw new Error(`README has no "${SECTION}" section`);
  const rest = readme.slice(start + SECTION.length);
  const end = rest.search(/^## /m);
  const section = end === -1 ? rest : rest.slice(0, end);
  return taggedExamples(section);
}

/**
 * Every `<!-- tarball-test: FILE -->` code block in a text (docs/package.md holds the examples
 * the README points to).
 *
 * @example taggedExamples(readFileSync('docs/package.md', 'utf8'))['start.ts']
 */
export function taggedExamples(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /<!-- tarball-test: (\S+) -->\s*\n```\w*\n([\s\S]*?)\n```/g;
  for (const m of text.matchAll(re)) out[m[1]!] = m[2]! + '\n';
  return out;
}

export interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optional?: boolean;
  devOptional?: boolean;
  dev?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

export interface Lockfile {
  name?: string;
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** Where node would find `name` from the package at `from` (a lockfile path), or undefined. */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string) {
  for (let base = from; ;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const up = base.lastIndexOf('/node_modules/');
    base = up === -1 ? '' : base.slice(0, up);
  }
}

/**
 * A lockfile (v3) for a project whose devDependencies are `omnichaos` (the packed tarball) and
 * packages our own lockfile holds: every package keeps the version and path it has in ours, so
 * `npm ci --offline` finds each in the cache that our `npm ci` filled.
 *
 * @example lockFor({ name: 'x', version: '1.0.0', devDependencies }, repoLock, packedPackageJson)
 */
export function lockFor(
  project: { name: string; version: string; devDependencies: Record<string, string> },
  repoLock: Lockfile,
  omnichaos: LockEntry & { name: string; integrity: string; resolved: string },
): Lockfile {
  const source: Record<string, LockEntry> = {
    ...repoLock.packages,
    'node_modules/omnichaos': {
      version: omnichaos.version,
      resolved: omnichaos.resolved,
      integrity: omnichaos.integrity,
      license: omnichaos.license,
      dependencies: omnichaos.dependencies,
      peerDependencies: omnichaos.peerDependencies,
      peerDependenciesMeta: omnichaos.peerDependenciesMeta,
      bin: omnichaos.bin,
      engines: omnichaos.engines,
    },
  };
  const root: LockEntry = {
    name: project.name,
    version: project.version,
    devDependencies: project.devDependencies,
  };
  const packages: Record<string, LockEntry> = { '': root };
  const queue: string[] = [''];
  while (queue.length > 0) {
    const path = queue.shift()!;
    const entry = path === '' ? root : source[path]!;
    const optionalPeers = new Set(
      Object.entries(entry.peerDependenciesMeta ?? {})
        .filter(([, m]) => m.optional)
        .map(([n]) => n),
    );
    const wanted: Array<[string, boolean]> = [
      ...Object.keys(entry.dependencies ?? {}).map((n): [string, boolean] => [n, false]),
      ...Object.keys((entry.devDependencies as Record<string, string>) ?? {}).map(
        (n): [string, boolean] => [n, false],
      ),
      ...Object.keys(entry.optionalDependencies ?? {}).map((n): [string, boolean] => [n, true]),
      ...Object.keys(entry.peerDependencies ?? {}).map((n): [string, boolean] => [
        n,
        optionalPeers.has(n),
      ]),
    ];
    for (const [name, optional] of wanted) {
      const found = resolveIn(source, path, name);
      if (!found) {
        if (optional) continue;
        throw new Error(`${path || 'the project'} needs ${name}, which our lockfile does not hold`);
      }
      if (packages[found]) continue;
      const { dev: _d, devOptional, optional: opt, peer: _p, ...rest } = source[found]!;
      packages[found] = opt || devOptional ? { ...rest, optional: true } : rest;
      queue.push(found);
    }
  }
  return { name: project.name, lockfileVersion: 3, requires: true, packages } as Lockfile;
}
