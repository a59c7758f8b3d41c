/**
 * Durations and rates as people write them in scenario files ("1h30m", "300/min").
 *
 * Bare numbers are refused on purpose: `drain: 30` could mean seconds or minutes, and a scenario
 * that silently runs 60× too long is worse than one that does not load. Zero is the exception —
 * `from: 0` means the same in every unit.
 */

const MS_PER: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Largest unit first: the order a duration must be written in, and the order we print it in. */
const UNITS_DESC = ['d', 'h', 'm', 's', 'ms'] as const;

/** 'ms' before 'm' and 's' so "250ms" is not read as 250 minutes followed by junk. */
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/y;

const RATE = /^(\d+(?:\.\d+)?)\s*\/\s*([a-z]+)$/;

const SECONDS_PER: Readonly<Record<string, number>> = {
  s: 1,
  sec: 1,
  second: 1,
  m: 60,
  min: 60,
  minute: 60,
  h: 3_600,
  hr: 3_600,
  hour: 3_600,
  d: 86_400,
  day: 86_400,
};

/**
 * `digits × scale`, multiplying before dividing by the decimal places so "1.1h" is exactly
 * 3,960,000 ms and not 3,960,000.0000000005.
 */
function scaled(digits: string, scale: number): number {
  const [whole = '', fraction = ''] = digits.split('.');
  return (Number(whole + fraction) * scale) / 10 ** fraction.length;
}

/**
 * Milliseconds in a duration such as "250ms", "90s", "5m", "2h", "1d", "1h30m" or "1.5h".
 * Units go largest first, each at most once. Returns undefined for anything else, including bare
 * numbers other than 0 (ambiguous: seconds or minutes?).
 *
 * @example parseDuration('1h30m') // 5_400_000
 * @example parseDuration(90) // undefined
 */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return text === 0 ? 0 : undefined;
  const source = text.trim();
  if (/^0+(\.0+)?$/.test(source)) return 0;
  let total = 0;
  let lastRank = -1;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < source.length) {
    const match = DURATION_PART.exec(source);
    if (!match) return undefined;
    const [, digits = '', unit = ''] = match;
    const rank = UNITS_DESC.indexOf(unit as (typeof UNITS_DESC)[number]);
    if (rank <= lastRank) return undefined;
    lastRank = rank;
    total += scaled(digits, MS_PER[unit] ?? Number.NaN);
  }
  return lastRank >= 0 && Number.isFinite(total) ? total : undefined;
}

/**
 * Events per second in a rate such as "5/s", "300/min", "20/m" (m is minutes here), "1000/h" or
 * "0.0167/s". Returns undefined for anything else, including bare numbers (per second or per
 * minute?).
 *
 * @example parseRate('300/min') // 5
 * @example parseRate(5) // undefined
 */
export function parseRate(text: string | number): number | undefined {
  if (typeof text === 'number') return undefined;
  const match = RATE.exec(text.trim());
  if (!match) return undefined;
  const [, digits = '', unit = ''] = match;
  // Plurals ("/mins", "/hours") read as the singular; "ms" is too short to be a plural of "m".
  const seconds =
    SECONDS_PER[unit] ?? (unit.length > 2 ? SECONDS_PER[unit.replace(/s$/, '')] : undefined);
  if (seconds === undefined) return undefined;
  const perSecond = scaled(digits, 1) / seconds;
  return Number.isFinite(perSecond) ? perSecond : undefined;
}

/**
 * A compact duration for messages and reports; `parseDuration` reads it back exactly.
 *
 * @example formatDuration(5_400_000) // "1h30m"
 * @example formatDuration(1_500) // "1s500ms"
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const unit of UNITS_DESC) {
    const size = MS_PER[unit] ?? 1;
    // Milliseconds keep any fraction, so sub-millisecond values still round-trip.
    const count = unit === 'ms' ? rest : Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}
