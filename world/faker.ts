import { Faker, base, en } from '@faker-js/faker';
import type { Rng } from './rng.js';

/**
 * One faker instance for the whole world, re-seeded per entity from that entity's own stream, so
 * entity i never depends on what was generated before it. The reference date is fixed so any
 * date faker makes never drifts with the calendar (docs/decisions/0002-prng.md).
 */
const faker = new Faker({ locale: [en, base] });
faker.setDefaultRefDate('2026-11-01T00:00:00.000Z');

/**
 * Seeds the shared faker from `rng` (one draw) and returns it. The instance is shared: take every
 * value you need before the next `fakerFor` call.
 *
 * @example const f = fakerFor(streamFor(42, 'customer', 7)); f.person.firstName()
 */
export function fakerFor(rng: Rng): Faker {
  faker.seed(rng.uint32());
  return faker;
}
