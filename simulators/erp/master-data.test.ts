import { describe, expect, it } from 'vitest';
import { DEFAULT_WEB_CUSTOMER, SEEDED_CUSTOMERS } from './state.js';
import { makeErpRuntime } from './testing.js';

const R = '/services/rest/record/v1';

describe('seeded ERP master data: customers', () => {
  it('has the default web customer and the world customers, by externalId, from the seed', async () => {
    const t = makeErpRuntime({ seed: 3, size: { skus: 5, stores: 1, customers: 10 } });
    const web = await t.call('GET', `${R}/customer/eid:${DEFAULT_WEB_CUSTOMER}`);
    expect(web.status).toBe(200);
    expect(web.body).toMatchObject({ id: '1', externalId: 'OMNI-WEB', isPerson: false });
    const shopper = t.runtime.context.world.customer(9);
    const got = await t.call('GET', `${R}/customer/eid:${shopper.id}`);
    expect(got.body).toMatchObject({
      id: '11',
      externalId: 'CUST-0000010',
      firstName: shopper.firstName,
      lastName: shopper.lastName,
      email: shopper.email,
    });
    // a transaction can name a seeded customer at once; a new customer gets the next id
    const sale = await t.call('POST', `${R}/cashSale`, {
      entity: { id: 'eid:CUST-0000001' },
      location: { id: 'eid:ST-001' },
      item: { items: [{ item: { id: 'eid:SKU-00001' }, quantity: 1 }] },
    });
    expect(sale.status).toBe(204);
    const created = await t.call('POST', `${R}/customer`, { companyName: 'New' });
    expect(created.headers?.location).toMatch(/\/customer\/12$/);
    // the same seed gives the same customers
    const again = makeErpRuntime({ seed: 3, size: { skus: 5, stores: 1, customers: 10 } });
    expect((await again.call('GET', `${R}/customer/eid:CUST-0000010`)).body).toEqual(got.body);
  });

  it(`seeds at most ${SEEDED_CUSTOMERS} of a large world's customers`, async () => {
    const t = makeErpRuntime({ size: { skus: 5, stores: 1, customers: 5_000 } });
    const last = `CUST-${String(SEEDED_CUSTOMERS).padStart(7, '0')}`;
    const next = `CUST-${String(SEEDED_CUSTOMERS + 1).padStart(7, '0')}`;
    expect((await t.call('GET', `${R}/customer/eid:${last}`)).status).toBe(200);
    expect((await t.call('GET', `${R}/customer/eid:${next}`)).status).toBe(404);
  });
});
