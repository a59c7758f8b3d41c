import { unitHash } from '../../world/rng.js';
import type { Tracking } from './state.js';

/**
 * Carrier, service and tracking number for a shipment: a pure function of the seed and the
 * shipment id, so a replay prints the same labels. GUESS: ShipBob picks the carrier per ship
 * option; we pick by hash, with number formats that look like each carrier's.
 */
const CARRIERS = [
  {
    carrier: 'USPS',
    service: 'Ground Advantage',
    url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=',
  },
  { carrier: 'UPS', service: 'Ground', url: 'https://www.ups.com/track?tracknum=' },
  { carrier: 'FedEx', service: 'Home Delivery', url: 'https://www.fedex.com/fedextrack/?trknbr=' },
] as const;

function digits(seed: number, id: number, n: number, alphabet = '0123456789'): string {
  let out = '';
  for (let i = 0; i < n; i++)
    out += alphabet[Math.floor(unitHash(seed, 'wms-tracking', id, i) * alphabet.length)];
  return out;
}

/**
 * @example trackingFor(42, 520000001, Date.UTC(2026, 10, 27)).carrier // 'USPS' | 'UPS' | 'FedEx'
 */
export function trackingFor(seed: number, shipmentId: number, shippedAt: number): Tracking {
  const pick = CARRIERS[Math.floor(unitHash(seed, 'wms-carrier', shipmentId) * CARRIERS.length)]!;
  const trackingNumber =
    pick.carrier === 'USPS'
      ? `9400${digits(seed, shipmentId, 18)}`
      : pick.carrier === 'UPS'
        ? `1Z${digits(seed, shipmentId, 16, '0123456789ABCDEFGHJKLMNPRSTUVWXYZ')}`
        : digits(seed, shipmentId, 12);
  return {
    carrier: pick.carrier,
    carrierService: pick.service,
    trackingNumber,
    trackingUrl: pick.url + trackingNumber,
    shippingDate: shippedAt,
  };
}
