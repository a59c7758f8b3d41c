import { usAddress, type Address } from './address.js';
import { fakerFor } from './faker.js';
import { streamFor } from './rng.js';

/**
 * A shopper. Marketplace orders point at one by `customerIndex`.
 *
 * @example { index: 0, id: 'CUST-0000001', firstName: 'Ada', lastName: 'Lebsack', email: 'ada.lebsack.0@example.com', phone: '(676) 646-4893', address }
 */
export interface Customer {
  index: number;
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  address: Address;
}

/**
 * `CUST-0000001` for index 0 (1-based, like ERP customer numbers).
 *
 * @example customerId(41) // 'CUST-0000042'
 */
export function customerId(index: number): string {
  return `CUST-${String(index + 1).padStart(7, '0')}`;
}

/**
 * Customer `index`; a pure function of `(seed, index)`.
 *
 * @example generateCustomer(42, 0).id // 'CUST-0000001'
 */
export function generateCustomer(seed: number, index: number): Customer {
  const rng = streamFor(seed, 'customer', index);
  const f = fakerFor(rng);
  const firstName = f.person.firstName();
  const lastName = f.person.lastName();
  const phone = f.phone.number({ style: 'national' });
  const { address } = usAddress(f, rng);
  return {
    index,
    id: customerId(index),
    firstName,
    lastName,
    // The index keeps emails unique, as an ERP's customer-by-email lookup expects; example.com
    // (RFC 2606) guarantees no mail ever reaches a real person.
    email: `${firstName}.${lastName}.${index}@example.com`
      .toLowerCase()
      .replace(/[^a-z0-9.@]/g, ''),
    phone,
    address,
  };
}
