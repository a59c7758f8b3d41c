import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The omnichaos package version, from the package.json above this module (the same file in a
 * checkout and in the installed package), for `run:started`.
 *
 * @example omnichaosVersion() // '0.1.0'
 */
export function omnichaosVersion(): string {
  if (cached !== undefined) return cached;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'omnichaos' && pkg.version) return (cached = pkg.version);
    } catch {
      // no package.json here: look further up
    }
    if (dirname(dir) === dir) return (cached = 'unknown');
  }
}
