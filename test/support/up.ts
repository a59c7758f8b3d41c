import { spawn } from 'node:child_process';
import { BIN, ROOT } from './cli.js';

/**
 * Start `omnichaos up` as a user would, wait for its banner, hand back the control URL.
 *
 * @example const up = await startUp(['--port', '0', '--seed', '7']); … await up.stop();
 */
export async function startUp(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'up', ...args], { cwd: ROOT });
  let out = '';
  const controlUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = /control\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`up exited early (${code}): ${out}`)));
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return { controlUrl, stop, output: () => out };
}
