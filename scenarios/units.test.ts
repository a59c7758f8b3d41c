import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseRate } from './units.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['1h0m5s250ms', 3_605_250],
    ['1.5h', 5_400_000],
    ['1.1h', 3_960_000],
    ['0.5s', 500],
    [' 5m ', 300_000],
    ['0', 0],
    ['0s', 0],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('refuses bare numbers other than 0, which could be seconds or minutes', () => {
    expect(parseDuration(90)).toBeUndefined();
    expect(parseDuration('90')).toBeUndefined();
    expect(parseDuration(0)).toBe(0);
  });

  it.each([
    '',
    'tomorrow',
    '5',
    '5M',
    '5 m',
    '5min',
    '-5m',
    '.5h',
    '1h30',
    '30m1h',
    '1m1m',
    'm',
    '1e3s',
    '5m junk',
  ])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseRate', () => {
  it.each([
    ['5/s', 5],
    ['300/min', 5],
    ['20/m', 20 / 60],
    ['1000/h', 1000 / 3600],
    ['0.0167/s', 0.0167],
    ['0/s', 0],
    ['2 / s', 2],
    ['90/minutes', 1.5],
    ['86400/day', 1],
  ])('reads %j as %d per second', (text, perSecond) => {
    expect(parseRate(text)).toBeCloseTo(perSecond, 12);
  });

  it.each(['5', '5s', '5/ms', '5/week', '/s', '-1/s', 'fast'])('refuses %j', (text) => {
    expect(parseRate(text)).toBeUndefined();
  });

  it('refuses numbers: per second or per minute?', () => {
    expect(parseRate(5)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [250, '250ms'],
    [1_500, '1s500ms'],
    [90_000, '1m30s'],
    [5_400_000, '1h30m'],
    [90_000_000, '1d1h'],
    [-30_000, '-30s'],
  ])('writes %d ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('is read back exactly by parseDuration', () => {
    fc.assert(
      fc.property(fc.nat({ max: 400 * 86_400_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });
});
