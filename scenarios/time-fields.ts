import { rejected, scalar, type Checked } from './fields.js';
import { formatDuration, parseDuration, parseRate } from './units.js';

/**
 * Scenario fields for time: durations, rates and the start instant. The hints guess the fix from
 * the usual slips ("5 min", "5s" for a rate, a start without a zone) and say it in YAML.
 */

const DURATION_EXPECTED = 'a duration like "90s" or "2h"';
const DURATION_HINT = 'a duration is a number and a unit (ms, s, m, h, d), e.g. "1h30m"';
const RATE_EXPECTED = 'a rate like "5/s" or "300/min"';
const RATE_HINT = 'a rate is a count per unit of time ("/s", "/min" or "/m", "/h"), e.g. "2/s"';

/** A number on its own, as YAML gives it or quoted: the unit is what is missing. */
function bareNumber(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? value.trim() : undefined;
}

/** Spelled-out units people type, mapped to ours. Longest first so "minutes" is not read as "m". */
const UNIT_WORDS: [RegExp, string][] = [
  [/(milliseconds?|millis|msecs?)/g, 'ms'],
  [/(seconds?|secs?)/g, 's'],
  [/(minutes?|mins?)/g, 'm'],
  [/(hours?|hrs?)/g, 'h'],
  [/(days?)/g, 'd'],
];

/** "5 min" → "5m", "1 hour 30 minutes" → "1h30m"; undefined when no rewrite parses. */
function fixDuration(value: string): string | undefined {
  let text = value.toLowerCase().replace(/\band\b|[\s,]+/g, '');
  for (const [word, unit] of UNIT_WORDS) text = text.replace(word, unit);
  const ms = parseDuration(text);
  return ms === undefined ? undefined : formatDuration(ms);
}

function checkDuration(value: unknown, positive: boolean): Checked<number> {
  const ms =
    typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
  if (ms !== undefined && (ms > 0 || !positive)) return { ok: true, value: ms };
  if (ms === 0) {
    return rejected('a duration longer than 0', value, 'with a length of 0 nothing would happen');
  }
  const bare = bareNumber(value);
  if (bare !== undefined) {
    const hint = `a bare number is ambiguous here: add a unit, e.g. "${bare}s" or "${bare}m"`;
    return rejected(DURATION_EXPECTED, value, hint);
  }
  const fixed = typeof value === 'string' ? fixDuration(value) : undefined;
  return rejected(DURATION_EXPECTED, value, fixed ? `did you mean "${fixed}"?` : DURATION_HINT);
}

/**
 * A duration in ms ("90s", "1h30m"; 0 allowed unless `positive`).
 *
 * @example duration().parse('1h30m') // 5_400_000
 */
export function duration(options: { positive?: boolean } = {}) {
  return scalar((value) => checkDuration(value, options.positive ?? false));
}

/** "5s" (a rate missing its slash) → "5/s", "5 per minute" → "5/min". */
function fixRate(value: string): string | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(?:per\s*|\/?\s*)([a-z]+)$/.exec(value.trim().toLowerCase());
  if (!match) return undefined;
  const candidate = `${match[1]}/${match[2]}`;
  return parseRate(candidate) === undefined ? undefined : candidate;
}

/**
 * A rate in events per second ("5/s", "300/min", "20/m").
 *
 * @example rate().parse('300/min') // 5
 */
export function rate() {
  return scalar((value): Checked<number> => {
    const perSecond = typeof value === 'string' ? parseRate(value) : undefined;
    if (perSecond !== undefined) return { ok: true, value: perSecond };
    const bare = bareNumber(value);
    if (bare !== undefined) {
      const hint = `a bare number is ambiguous here: add the time unit, e.g. "${bare}/s" or "${bare}/min"`;
      return rejected(RATE_EXPECTED, value, hint);
    }
    const fixed = typeof value === 'string' ? fixRate(value) : undefined;
    return rejected(RATE_EXPECTED, value, fixed ? `did you mean "${fixed}"?` : RATE_HINT);
  });
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 instant with a zone, as epoch ms. A zone is required: without one the same file
 * would start at a different instant on each machine's time zone.
 *
 * @example instant().parse('2026-11-27T05:00:00Z') // 1_795_755_600_000
 */
export function instant() {
  return scalar((value): Checked<number> => {
    const match = typeof value === 'string' ? INSTANT.exec(value) : null;
    const ms = match ? Date.parse(value as string) : Number.NaN;
    // Date.parse rolls "02-30" over into March; a calendar date that does not exist is a typo.
    const [, year = '0', month = '0', day = '0'] = match ?? [];
    const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
    if (Number.isFinite(ms) && Number(day) <= daysInMonth) return { ok: true, value: ms };
    return rejected(
      'an ISO instant like "2026-11-27T05:00:00Z"',
      value,
      'give a date, a time and a zone (Z or +01:00), so every machine starts at the same instant',
    );
  });
}
