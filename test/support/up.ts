import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT } from './cli.js';

/**
 * Start `omnichaos up` as a user would (needs dist/: `npm test` builds first), wait for its
 * banner, hand back the control URL. Pass `--port 0` for free ports.
 *
 * @example const up = await startUp(['--port', '0', '--seed', '7']); … await up.stop();
 */
export async function startUp(args: string[], options: { timeoutMs?: number } = {}) {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run "npm run build" (npm test does it)');
  const child = spawn(process.execPath, [BIN, 'up', ...args], { cwd: ROOT });
  let out = '';
  const timeoutMs = options.timeoutMs ?? 15_000;
  const controlUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`up did not start in ${timeoutMs} ms: ${out}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = /control\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`up exited early (${code}): ${out}`));
    });
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return { controlUrl, url: controlUrl, stop, output: () => out };
}
