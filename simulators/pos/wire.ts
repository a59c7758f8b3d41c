import type { Location } from '../../world/index.js';
import type { CountRec } from './inventory.js';
import type { PosState } from './state.js';

/**
 * The dialect boundary: vendor-neutral records → Square JSON (snake_case, docs/dialects/pos.md).
 * Money is `{ amount, currency: 'USD' }`; quantities are strings; times RFC 3339.
 */

/** @example money(1999) // { amount: 1999, currency: 'USD' } */
export function money(cents: number) {
  return { amount: cents, currency: 'USD' };
}

/** @example iso(0) // '1970-01-01T00:00:00.000Z' */
export function iso(ms: number): string {
  const whole = Math.floor(ms); // what Date does with a fraction (for times after 1970)
  if (!(whole >= 0 && whole < YEAR_10000)) return new Date(ms).toISOString();
  // Date formatting showed in write profiles (four timestamps per CreateOrder). Within one
  // second only the milliseconds change, so the rest of the string is kept.
  const second = Math.floor(whole / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20); // '2026-11-27T10:00:00.'
  }
  return isoPrefix + String(whole - second * 1000).padStart(3, '0') + 'Z';
}
const YEAR_10000 = 253_402_300_800_000;
let isoSecond = Number.NaN;
let isoPrefix = '';

/** Square sends quantities as decimal strings without trailing zeros. @example qty(2) // '2' */
export function qty(n: number): string {
  return String(Math.round(n * 1e5) / 1e5);
}

/** The Square location id of a world store. */
export function squareLocationId(state: PosState, storeId: string): string {
  return state.squareIdByStore.get(storeId) ?? storeId;
}

/** @example locationWire(state, world.store(0), 'L…').status // 'ACTIVE' */
export function locationWire(state: PosState, location: Location, squareId: string) {
  const a = location.address;
  return {
    id: squareId,
    name: location.name,
    address: {
      address_line_1: a.line1,
      locality: a.city,
      administrative_district_level_1: a.state,
      postal_code: a.postalCode,
      country: a.country,
    },
    timezone: location.timezone,
    capabilities: ['CREDIT_CARD_PROCESSING', 'AUTOMATIC_TRANSFERS'],
    status: 'ACTIVE',
    created_at: iso(state.bornAt),
    merchant_id: state.merchantId,
    country: 'US',
    language_code: 'en-US',
    currency: 'USD',
    business_name: 'Omnichaos Retail',
    type: 'PHYSICAL',
    // The world's store id, so a target can link Square locations to the other systems'.
    description: location.id,
    mcc: '5999',
  };
}
/** @example countWire(state, variationId, count).quantity // '17' */
export function countWire(state: PosState, catalogObjectId: string, c: CountRec) {
  return {
    catalog_object_id: catalogObjectId,
    catalog_object_type: 'ITEM_VARIATION',
    state: c.state,
    location_id: squareLocationId(state, c.storeId),
    quantity: qty(c.quantity),
    calculated_at: iso(c.calculatedAt),
    is_estimated: false,
  };
}
