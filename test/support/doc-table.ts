import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './cli.js';

/**
 * Tables in the docs that are built from code (the detection matrix, the simulator registry): the
 * doc must hold the generated table cell for cell. `UPDATE_DOCS=1 npx vitest run <the test>`
 * writes it in place (prettier-formatted) instead of comparing — never edit such a table by hand.
 *
 * @example await expectDocTable('README.md', systemsTable())
 */
export async function expectDocTable(file: string, table: string): Promise<void> {
  const path = join(ROOT, file);
  const text = readFileSync(path, 'utf8');
  const head = cells(table)[0]!;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => {
    const c = cells(l)[0];
    return c !== undefined && c.join('|') === head.join('|');
  });
  let end = start;
  while (end >= 0 && end < lines.length && lines[end]!.startsWith('|')) end++;
  if (process.env.UPDATE_DOCS === '1') {
    if (start < 0) throw new Error(`${file}: no table with the header | ${head.join(' | ')} |`);
    const { format, resolveConfig } = await import('prettier');
    const next = [...lines.slice(0, start), table, ...lines.slice(end)].join('\n');
    const options = (await resolveConfig(path)) ?? {};
    writeFileSync(path, await format(next, { ...options, filepath: path }));
    return;
  }
  expect(
    start,
    `${file} needs the table | ${head.join(' | ')} | (UPDATE_DOCS=1 writes it)`,
  ).toBeGreaterThanOrEqual(0);
  expect(
    cells(lines.slice(start, end).join('\n')),
    `${file} is out of date: UPDATE_DOCS=1 npx vitest run <this test file> rewrites the table`,
  ).toEqual(cells(table));
}

/** A markdown table's cells, ignoring prettier's padding and the separator row. */
export function cells(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[\s-|]+\|$/.test(l))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}
