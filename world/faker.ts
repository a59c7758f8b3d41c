import { Faker, base, en } from '@faker-js/faker';
import type { Rng } from './rng.js';

/**
 * One faker instance, re-seeded per entity from that entity's own stream, with a fixed reference
 * date so generated dates never drift with the calendar (docs/decisions/0002-prng.md).
 */
const faker = new Faker({ locale: [en, base] });
faker.setDefaultRefDate('2026-11-01T00:00:00.000Z');

/** @example const f = fakerFor(streamFor(42, 'customer', 7)); f.person.firstName() */
export function fakerFor(rng: Rng): Faker {
  faker.seed(rng.uint32());
  return faker;
}
