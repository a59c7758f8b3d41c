import { describe, expect, it } from 'vitest';
import { SimError } from '../core/errors.js';
import { matches, parseFilter } from './query-filter.js';
import type { ErpRecord } from './state.js';

const record = (
  externalId: string | undefined,
  fields: Record<string, unknown> = {},
): ErpRecord => ({
  type: 'customer',
  id: 3,
  externalId,
  createdMs: 0,
  modifiedMs: 0,
  fields,
});

describe('q filters', () => {
  it('matches externalId IS "x", with spaces and pipes inside quotes', () => {
    expect(matches(parseFilter('externalId IS "RED|PO 1"'), record('RED|PO 1'))).toBe(true);
    expect(matches(parseFilter('externalId IS "RED"'), record('RED|PO 1'))).toBe(false);
  });

  it('combines AND (tighter) and OR', () => {
    const f = parseFilter('companyName START_WITH "ac" AND email EMPTY OR id EQUAL 99');
    expect(matches(f, record('a', { companyName: 'Acme' }))).toBe(true);
    expect(matches(f, record('a', { companyName: 'Acme', email: 'x@y' }))).toBe(false);
  });

  it('compares numbers with EQUAL / GREATER / LESS', () => {
    expect(matches(parseFilter('id GREATER 2'), record(undefined))).toBe(true);
    expect(matches(parseFilter('id LESS_OR_EQUAL 2'), record(undefined))).toBe(false);
  });

  it.each([
    '',
    'externalId',
    'externalId LIKE "x"',
    'externalId IS',
    'externalId IS "a" XOR id EQUAL 1',
  ])('refuses %j with INVALID_PARAMETER on q', (q) => {
    try {
      parseFilter(q);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SimError);
      expect((err as SimError).response.body).toMatchObject({
        'o:errorDetails': [{ 'o:errorCode': 'INVALID_PARAMETER', 'o:errorQueryParam': 'q' }],
      });
    }
  });
});
