import { describe, expect, it } from 'vitest';
import { createWorld } from './index.js';
import { US_STATES } from './us-states.js';

describe('locations and customers', () => {
  const world = createWorld(9, { skus: 5, warehouses: 3, stores: 40, customers: 500 });

  it('keeps state, ZIP and timezone in agreement', () => {
    const places = [
      ...world.locations(),
      ...Array.from({ length: 500 }, (_, i) => world.customer(i)),
    ];
    for (const place of places) {
      const state = US_STATES.find((s) => s.code === place.address.state)!;
      expect(state).toBeDefined();
      const prefix = Number(place.address.postalCode.slice(0, 3));
      expect(place.address.postalCode).toMatch(/^\d{5}$/);
      expect(prefix).toBeGreaterThanOrEqual(state.zipFrom);
      expect(prefix).toBeLessThanOrEqual(state.zipTo);
      if ('timezone' in place) expect(place.timezone).toBe(state.timezone);
    }
  });

  it('knows each state once, with its own ZIP prefixes and zone', () => {
    expect(new Set(US_STATES.map((s) => s.code)).size).toBe(51);
    const byCode = new Map(US_STATES.map((s) => [s.code, s]));
    expect(byCode.get('CA')).toMatchObject({ timezone: 'America/Los_Angeles', zipFrom: 900 });
    expect(byCode.get('TX')).toMatchObject({ timezone: 'America/Chicago', zipFrom: 750 });
    expect(byCode.get('AZ')?.timezone).toBe('America/Phoenix'); // no daylight saving time
    expect(byCode.get('MA')).toMatchObject({ timezone: 'America/New_York', zipFrom: 10 });
    const ranges = [...US_STATES].sort((a, b) => a.zipFrom - b.zipFrom);
    ranges.slice(1).forEach((s, i) => expect(s.zipFrom).toBeGreaterThan(ranges[i]!.zipTo));
  });

  it('numbers locations and customers the way people do, with unique emails', () => {
    expect(world.warehouse(2).id).toBe('WH-3');
    expect(world.store(39)).toMatchObject({ id: 'ST-040', kind: 'store', index: 39 });
    expect(world.customer(41).id).toBe('CUST-0000042');
    const emails = new Set(Array.from({ length: 500 }, (_, i) => world.customer(i).email));
    expect(emails.size).toBe(500);
    for (const email of emails) expect(email).toMatch(/^[a-z0-9.]+@example\.com$/);
  });
});
