import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './cli.js';

/**
 * Golden vendor payloads: representative responses stored under `test/golden/<name>.json`,
 * compared on every run, regenerated only with `UPDATE_GOLDEN=1 npx vitest run …` — never edited
 * by hand. `normalise` replaces volatile values (ids, timestamps) before comparing.
 *
 * @example expectGolden('erp/sales-order-get', { status: res.status, body })
 */
export function expectGolden(name: string, value: unknown): void {
  const file = join(ROOT, 'test', 'golden', `${name}.json`);
  const text = JSON.stringify(normalise(value), null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI === 'true' && !existsSync(file))
      throw new Error(`golden file ${file} is missing: run UPDATE_GOLDEN=1 locally and commit it`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** Replace ISO timestamps with a placeholder; keys named like ids keep their shape but not value. */
export function normalise(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (ISO.test(value)) return '<timestamp>';
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => normalise(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, k)]));
  }
  return value;
}
