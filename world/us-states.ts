import type { Rng } from './rng.js';

/** A US state as the world uses it: where addresses and stores can be, and what clock they keep. */
export interface UsState {
  code: string;
  /** IANA zone most of the state keeps (Square locations and NetSuite subsidiaries carry one). */
  timezone: string;
  /** First three ZIP digits the state owns, inclusive (USPS sectional centers). */
  zipFrom: number;
  zipTo: number;
  /** Population in millions, so addresses cluster where people live. */
  weight: number;
}

const NY = 'America/New_York';
const CHI = 'America/Chicago';
const DEN = 'America/Denver';
const LA = 'America/Los_Angeles';

// faker's `en` locale has no state-consistent ZIP data (that is `en_US`), so a small table keeps
// state, ZIP prefix and timezone agreeing with each other. Split states use their majority zone.
// prettier-ignore
const ROWS: readonly (readonly [string, string, number, number, number])[] = [
  ['AL', CHI, 350, 369, 5.0], ['AK', 'America/Anchorage', 995, 999, 0.7], ['AZ', 'America/Phoenix', 850, 865, 7.2],
  ['AR', CHI, 716, 729, 3.0], ['CA', LA, 900, 961, 39.5], ['CO', DEN, 800, 816, 5.8],
  ['CT', NY, 60, 69, 3.6], ['DE', NY, 197, 199, 1.0], ['DC', NY, 200, 205, 0.7],
  ['FL', NY, 320, 349, 21.5], ['GA', NY, 300, 319, 10.7], ['HI', 'Pacific/Honolulu', 967, 968, 1.5],
  ['ID', 'America/Boise', 832, 838, 1.8], ['IL', CHI, 600, 629, 12.8], ['IN', 'America/Indiana/Indianapolis', 460, 479, 6.8],
  ['IA', CHI, 500, 528, 3.2], ['KS', CHI, 660, 679, 2.9], ['KY', NY, 400, 427, 4.5],
  ['LA', CHI, 700, 714, 4.7], ['ME', NY, 39, 49, 1.4], ['MD', NY, 206, 219, 6.2],
  ['MA', NY, 10, 27, 7.0], ['MI', 'America/Detroit', 480, 499, 10.1], ['MN', CHI, 550, 567, 5.7],
  ['MS', CHI, 386, 397, 3.0], ['MO', CHI, 630, 658, 6.2], ['MT', DEN, 590, 599, 1.1],
  ['NE', CHI, 680, 693, 2.0], ['NV', LA, 889, 898, 3.1], ['NH', NY, 30, 38, 1.4],
  ['NJ', NY, 70, 89, 9.3], ['NM', DEN, 870, 884, 2.1], ['NY', NY, 100, 149, 20.2],
  ['NC', NY, 270, 289, 10.4], ['ND', CHI, 580, 588, 0.8], ['OH', NY, 430, 459, 11.8],
  ['OK', CHI, 730, 749, 4.0], ['OR', LA, 970, 979, 4.2], ['PA', NY, 150, 196, 13.0],
  ['RI', NY, 28, 29, 1.1], ['SC', NY, 290, 299, 5.1], ['SD', CHI, 570, 577, 0.9],
  ['TN', CHI, 370, 385, 6.9], ['TX', CHI, 750, 799, 29.1], ['UT', DEN, 840, 847, 3.3],
  ['VT', NY, 50, 59, 0.6], ['VA', NY, 220, 246, 8.6], ['WA', LA, 980, 994, 7.7],
  ['WV', NY, 247, 268, 1.8], ['WI', CHI, 530, 549, 5.9], ['WY', DEN, 820, 831, 0.6],
];

/**
 * The 50 states and DC.
 *
 * @example US_STATES.find((s) => s.code === 'TX')?.timezone // 'America/Chicago'
 */
export const US_STATES: readonly UsState[] = ROWS.map(
  ([code, timezone, zipFrom, zipTo, weight]) => ({
    code,
    timezone,
    zipFrom,
    zipTo,
    weight,
  }),
);

const TOTAL_WEIGHT = US_STATES.reduce((sum, s) => sum + s.weight, 0);

/**
 * A state weighted by population: one draw from `rng`.
 *
 * @example pickUsState(streamFor(42, 'customer', 0)).code // e.g. 'CA'
 */
export function pickUsState(rng: Rng): UsState {
  let left = rng.next() * TOTAL_WEIGHT;
  for (const state of US_STATES) {
    left -= state.weight;
    if (left < 0) return state;
  }
  return US_STATES[US_STATES.length - 1]!; // only reachable through float rounding
}

/**
 * A 5-digit ZIP inside the state's prefixes: one draw from `rng`.
 *
 * @example zipIn(US_STATES[4]!, rng) // e.g. '94107' for CA
 */
export function zipIn(state: UsState, rng: Rng): string {
  const prefix = rng.int(state.zipFrom, state.zipTo);
  return String(prefix).padStart(3, '0') + String(rng.int(1, 99)).padStart(2, '0');
}
