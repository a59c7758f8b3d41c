import { describe, expect, it } from 'vitest';
import { parseExpectation } from './expectations.js';

describe('parseExpectation', () => {
  it.each([
    [0, { op: '<=', value: 0 }],
    [true, { op: '==', value: true }],
    ['<= 5m', { op: '<=', value: 300_000, unit: 'ms' }],
    ['>= 0.95', { op: '>=', value: 0.95 }],
    ['>= 99%', { op: '>=', value: 0.99, unit: 'ratio' }],
    ['< 2', { op: '<', value: 2 }],
    ['> 10', { op: '>', value: 10 }],
    ['== 0', { op: '==', value: 0 }],
    ['5m', { op: '<=', value: 300_000, unit: 'ms' }],
    ['0.99', { op: '<=', value: 0.99 }],
    ['<=30s', { op: '<=', value: 30_000, unit: 'ms' }],
    ['== false', { op: '==', value: false }],
  ])('reads %j', (input, expected) => {
    expect(parseExpectation(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['=> 5m', '"=>" is not an operator'],
    ['= 0', '"=" is not an operator'],
    ['!= 0', '"!=" is not an operator'],
    ['soon', 'a number, a percentage or a duration'],
    ['<= true', 'a number, a percentage or a duration'],
  ])('refuses %j with a hint', (input, hint) => {
    const result = parseExpectation(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.hint).toContain(hint);
  });

  it('refuses a list', () => {
    expect(parseExpectation([1])).toMatchObject({
      ok: false,
      message: 'expected a threshold like "<= 5m" or ">= 0.95", got a list',
    });
  });
});
