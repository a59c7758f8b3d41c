import { usAddress, type Address } from './address.js';
import { fakerFor } from './faker.js';
import { streamFor } from './rng.js';

/**
 * A place that holds stock: a warehouse (ShipBob fulfillment center) or a store (Square location).
 * Its timezone follows its state, as a real location's does.
 *
 * @example { id: 'ST-001', index: 0, kind: 'store', name: 'Jasonton Store', timezone: 'America/Chicago', address }
 */
export interface Location {
  id: string;
  index: number;
  kind: 'warehouse' | 'store';
  name: string;
  timezone: string;
  address: Address;
}

/**
 * The id every system uses for a location: warehouses `WH-1`, stores `ST-001` (1-based, as
 * people number them).
 *
 * @example locationId('store', 0) // 'ST-001'
 */
export function locationId(kind: Location['kind'], index: number): string {
  return kind === 'warehouse' ? `WH-${index + 1}` : `ST-${String(index + 1).padStart(3, '0')}`;
}

/**
 * Location `index` of a kind; a pure function of `(seed, kind, index)`.
 *
 * @example generateLocation(42, 'warehouse', 0).id // 'WH-1'
 */
export function generateLocation(seed: number, kind: Location['kind'], index: number): Location {
  const rng = streamFor(seed, kind, index);
  const { address, state } = usAddress(fakerFor(rng), rng);
  return {
    id: locationId(kind, index),
    index,
    kind,
    name: `${address.city} ${kind === 'warehouse' ? 'Fulfillment Center' : 'Store'}`,
    timezone: state.timezone,
    address,
  };
}
