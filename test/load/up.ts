import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT } from '../support/cli.js';

/**
 * `omnichaos up` as a k6 user starts it (needs dist/: npm test builds first), on free ports on
 * 127.0.0.1, handed back once its banner names the control URL.
 */
export async function startUp(args: string[]) {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run "npm run build" (npm test does it)');
  const child = spawn(process.execPath, [BIN, 'up', '--port', '0', ...args], { cwd: ROOT });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`up did not start in 15 s: ${out}`)), 15_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = /control\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => reject(new Error(`up exited early (${code}): ${out}`)));
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return { url, stop };
}
