import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../../cli/io.js';
import { COMMANDS, main } from '../../cli/main.js';
import { ROOT } from '../support/cli.js';

/**
 * The README and docs/ only show what exists: every `omnichaos …` command they print is a real
 * command whose flags it knows (checked by parsing, and by `--help` answering), every repository
 * path they name is there, and every relative link resolves. A README that sends a newcomer to a
 * file that doesn't exist fails here, not in their first hour.
 */

const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

/** Lines of fenced shell code blocks (sh/bash/shell/console/none), `\` continuations joined. */
function shellLines(text: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  let body: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*```(\w*)/.exec(line);
    if (m && fence === undefined) {
      fence = m[1]!;
      body = [];
    } else if (m) {
      if (['sh', 'bash', 'shell', 'console', ''].includes(fence ?? ''))
        out.push(
          ...body
            .join('\n')
            .replace(/\\\n\s*/g, ' ')
            .split('\n'),
        );
      fence = undefined;
    } else if (fence !== undefined) body.push(line);
  }
  return out;
}

/** `omnichaos <cmd> …` invocations in a line: at its start, after npx, node bin/, $( or &&. */
function invocations(line: string): string[][] {
  const code = line.replace(/(^|\s)#.*$/, '').trim();
  const re = /(?:^|npx |node bin\/|\$\(|&& |; )omnichaos(?:\.js)? ([a-z][\w-]*)([^|;&)"]*)/g;
  return [...code.matchAll(re)].map((m) => `${m[1]} ${m[2]}`.trim().split(/\s+/));
}

/** Repository paths a doc names: scenarios/x.yaml, examples/…, docs/…, test/…, scripts/…. */
function repoPaths(text: string): string[] {
  const paths = new Set<string>();
  // Files named in HTML comments (the tarball test's tags) live in the user's project, not ours.
  text = text.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of text.matchAll(
    /(?<![\w./<-])((?:scenarios|examples|docs|scripts|test|load|bench|dashboard)\/[\w./-]*[\w/])/g,
  ))
    if (!m[1]!.includes('<') && !m[1]!.includes('*')) paths.add(m[1]!.replace(/\/$/, ''));
  return [...paths];
}

describe('docs show only what exists', () => {
  for (const doc of DOCS) {
    const text = readFileSync(join(ROOT, doc), 'utf8');

    it(`${doc}: every omnichaos command and flag it shows exists`, async () => {
      for (const line of shellLines(text)) {
        for (const [name, ...rest] of invocations(line)) {
          const command = COMMANDS.find((c) => c.name === name);
          expect(
            command,
            `${doc}: "omnichaos ${name}" is not a command (in: ${line})`,
          ).toBeDefined();
          for (const word of rest) {
            if (!word.startsWith('--')) continue;
            const flag = word.slice(2).split('=')[0]!;
            expect(
              flag === 'help' || flag in (command!.options ?? {}),
              `${doc}: "omnichaos ${name}" has no --${flag} (in: ${line})`,
            ).toBe(true);
          }
          const io = bufferIo();
          expect(await main([name!, '--help'], io)).toBe(0);
        }
      }
    });

    it(`${doc}: every repository path and relative link resolves`, () => {
      // A path may be written as a prefix ("docs/decisions/0006" for 0006-….md).
      const exists = (p: string) =>
        existsSync(join(ROOT, p)) ||
        existsSync(join(ROOT, dirname(doc), p)) ||
        (existsSync(join(ROOT, dirname(p))) &&
          readdirSync(join(ROOT, dirname(p))).some((f) => f.startsWith(`${p.split('/').pop()}-`)));
      const missing = repoPaths(text).filter((p) => !exists(p));
      // Scripts a shown command runs (`node server.js`, `python3 examples/…/main.py`).
      for (const line of shellLines(text))
        for (const [, script] of line.matchAll(/(?:node|python3?) ([\w./-]+\.(?:m?js|py))/g))
          if (!script!.startsWith('dist/') && !exists(script!)) missing.push(script!);
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // http:, mailto:
        if (!existsSync(resolve(ROOT, dirname(doc), target!))) missing.push(target!);
      }
      expect(missing, `${doc} names files that do not exist`).toEqual([]);
    });
  }
});
