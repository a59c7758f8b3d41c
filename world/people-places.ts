import { fakerFor } from './faker.js';
import { streamFor } from './rng.js';

export interface Address {
  line1: string;
  city: string;
  state: string;
  postalCode: string;
  country: 'US';
}

export interface Location {
  id: string;
  index: number;
  kind: 'warehouse' | 'store';
  name: string;
  timezone: string;
  address: Address;
}

export interface Customer {
  index: number;
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  address: Address;
}

const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];

function address(f: ReturnType<typeof fakerFor>): Address {
  return {
    line1: f.location.streetAddress(),
    city: f.location.city(),
    state: f.location.state({ abbreviated: true }),
    postalCode: f.location.zipCode('#####'),
    country: 'US',
  };
}

/** @example generateLocation(42, 'warehouse', 0).id // 'WH-1' */
export function generateLocation(
  seed: number,
  kind: 'warehouse' | 'store',
  index: number,
): Location {
  const rng = streamFor(seed, kind, index);
  const f = fakerFor(rng);
  const city = f.location.city();
  return {
    id: kind === 'warehouse' ? `WH-${index + 1}` : `ST-${String(index + 1).padStart(3, '0')}`,
    index,
    kind,
    name: kind === 'warehouse' ? `${city} Fulfillment Center` : `${city} Store`,
    timezone: rng.pick(ZONES),
    address: { ...address(f), city },
  };
}

/** @example generateCustomer(42, 0).id // 'CUST-0000001' */
export function generateCustomer(seed: number, index: number): Customer {
  const f = fakerFor(streamFor(seed, 'customer', index));
  const firstName = f.person.firstName();
  const lastName = f.person.lastName();
  return {
    index,
    id: `CUST-${String(index + 1).padStart(7, '0')}`,
    firstName,
    lastName,
    // Index in the address keeps emails unique, as real customer emails are.
    email: `${firstName}.${lastName}.${index}@example.com`
      .toLowerCase()
      .replace(/[^a-z0-9.@]/g, ''),
    phone: f.phone.number({ style: 'national' }),
    address: address(f),
  };
}
