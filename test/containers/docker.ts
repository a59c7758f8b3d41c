import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/cli.js';

/**
 * What the container tests share: is there a Docker engine, the image they start, and how to
 * ask Docker what is left behind. In CI (`CI=true`) a missing engine fails the suite (.ci/run
 * starts one); locally the tests are skipped with a reason (docs/development.md).
 */

// No registry here: the Ryuk reaper image cannot be pulled, and there is no `bridge` network for
// testcontainers to find the host through (docs/containers.md). Both are harmless on a normal Docker;
// every test stops what it starts.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';

export const IMAGE = process.env.OMNICHAOS_IMAGE ?? 'omnichaos:dev';

export const haveDocker =
  spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
if (!haveDocker && process.env.CI)
  throw new Error('no Docker engine answers `docker info`: .ci/run installs and starts one');
if (!haveDocker)
  console.warn(
    '[container tests] skipped: no Docker engine answers `docker info`. To run them: install docker.io and docker-compose, then start an engine, e.g. `dockerd --bridge=none --iptables=false --ip-masq=false &` (docs/development.md).',
  );

/**
 * Build the image unless it is up to date (scripts/docker-build.sh labels it with a digest of
 * its inputs). Uses dist/ as built (npm test builds first). The base defaults to this machine's
 * node (`local`): there is no registry to pull node:20-slim from. Parallel callers wait in turn.
 */
export function buildImage(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run "npm run build" (npm test does it)');
  const env = {
    ...process.env,
    OMNICHAOS_SKIP_BUILD: '1',
    OMNICHAOS_BASE_IMAGE: process.env.OMNICHAOS_BASE_IMAGE ?? 'local',
  };
  return new Promise((resolve, reject) => {
    execFile(
      join(ROOT, 'scripts', 'docker-build.sh'),
      [IMAGE],
      { cwd: ROOT, env, timeout: 600_000 },
      (err, stdout, stderr) =>
        err
          ? reject(new Error(`scripts/docker-build.sh failed: ${err.message}\n${stdout}${stderr}`))
          : resolve(),
    );
  });
}

/** Ids of containers, running or not, that match a `docker ps` filter. */
export function containers(filter: string): string[] {
  const out = execFileSync('docker', ['ps', '-aq', '--filter', filter], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}
