import type { Faker } from '@faker-js/faker';
import type { Rng } from './rng.js';
import { pickUsState, zipIn, type UsState } from './us-states.js';

/**
 * A US postal address, the shape every dialect maps to its own wire names.
 *
 * @example { line1: '559 Rhonda Shoals', city: 'White Plains', state: 'NY', postalCode: '10601', country: 'US' }
 */
export interface Address {
  line1: string;
  city: string;
  state: string;
  postalCode: string;
  country: 'US';
}

/**
 * An address whose state and ZIP agree (city and street are faker's, so they are plausible but
 * not real). Returns the state too, so a location can take its timezone from it.
 *
 * @example const { address, state } = usAddress(fakerFor(rng), rng); state.timezone
 */
export function usAddress(f: Faker, rng: Rng): { address: Address; state: UsState } {
  const state = pickUsState(rng);
  return {
    state,
    address: {
      line1: f.location.streetAddress(),
      city: f.location.city(),
      state: state.code,
      postalCode: zipIn(state, rng),
      country: 'US',
    },
  };
}
