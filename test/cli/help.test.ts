import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bufferIo, exportLines } from '../../cli/io.js';
import { COMMANDS, main } from '../../cli/main.js';
import { BIN, ROOT } from '../support/cli.js';

/** The CLI explains itself: every option in --help, hints for typos, shell-safe env output. */
describe('omnichaos --help', () => {
  for (const command of COMMANDS) {
    it(`${command.name} --help lists every option with a description`, async () => {
      const io = bufferIo();
      expect(await main([command.name, '--help'], io)).toBe(0);
      const text = io.stdout.join('\n');
      expect(text).toContain(`Usage: omnichaos ${command.name}`);
      for (const [name, spec] of Object.entries(command.options ?? {})) {
        expect(text, `--${name} missing from "${command.name} --help"`).toContain(`--${name}`);
        expect(text).toContain(spec.description.split(' ').slice(0, 4).join(' '));
      }
      for (const line of text.split('\n'))
        expect(line.length, `"${line}" is wider than 100 columns`).toBeLessThanOrEqual(100);
    });
  }

  it('names the closest option for a misspelt one (exit 2)', async () => {
    const io = bufferIo();
    expect(await main(['world', '--sed', '4'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('unknown option --sed; did you mean --seed?');
  });

  it('names the closest command for a misspelt one', async () => {
    const io = bufferIo();
    expect(await main(['valdate'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('did you mean "validate"?');
  });

  it('suggests the library scenario for a mistyped file name', async () => {
    const io = bufferIo();
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      expect(await main(['validate', 'scenarios/smok.yaml'], io)).toBe(2);
    } finally {
      process.chdir(cwd);
    }
    expect(io.stderr.join('')).toContain('did you mean scenarios/smoke.yaml?');
  });
});

describe('env output for shells', () => {
  it('export lines read back exactly in bash, whatever the value holds', () => {
    const env = {
      A_PIPE: 'Atzr|abc&def',
      B_QUOTE: "it's $HOME `id` \\n",
      C_PLAIN: 'http://127.0.0.1:4001',
    };
    const script = `${exportLines(env).join('\n')}\nprintf '%s\\0' "$A_PIPE" "$B_QUOTE" "$C_PLAIN"`;
    const out = execFileSync('bash', ['-c', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(out.split('\0').slice(0, 3)).toEqual(Object.values(env));
  });

  it('`up --env` prints only export lines that bash evaluates to the endpoints env', async () => {
    const child = spawn(process.execPath, [BIN, 'up', '--port', '0', '--env'], { cwd: ROOT });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no env lines: ${out}`)), 15_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d;
          if (/OMNICHAOS_MARKETPLACE_LWA_URL=.*\n/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const lines = out.trim().split('\n');
      for (const line of lines) expect(line).toMatch(/^export OMNICHAOS_[A-Z_]+='.*'$/);
      const printed = execFileSync(
        'bash',
        ['-c', `eval "$1"; env -0 | grep -z '^OMNICHAOS_'`, 'bash', out],
        { encoding: 'utf8', env: { PATH: process.env.PATH } },
      );
      const fromShell = Object.fromEntries(
        printed
          .split('\0')
          .filter(Boolean)
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
      const control = fromShell.OMNICHAOS_CONTROL_URL!;
      const { env } = (await (await fetch(`${control}/_omnichaos/endpoints`)).json()) as {
        env: Record<string, string>;
      };
      expect(fromShell).toEqual(env);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
