import { describe, it } from 'vitest';
import { makeErpRuntime } from '../../simulators/erp/testing.js';
import { expectGolden } from '../support/golden.js';

/**
 * Golden NetSuite payloads (test/golden/erp/*.json), built in-process on a fixed host so links
 * are stable. Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/contract/erp.golden.test.ts`.
 */
const R = '/services/rest/record/v1';
const ASYNC = { prefer: 'respond-async' };
const TRANSIENT = { prefer: 'transient' };

describe('erp golden payloads', () => {
  it('records, collections, SuiteQL, async jobs and errors', async () => {
    const t = makeErpRuntime({ config: { concurrencyLimit: 15 } });
    const golden = async (
      name: string,
      method: string,
      path: string,
      body?: unknown,
      headers?: Record<string, string>,
    ) => {
      const res = await t.call(method, path, body, headers);
      expectGolden(`erp/${name}`, {
        status: res.status,
        headers: res.headers ?? {},
        body: res.body ?? null,
      });
      return res;
    };

    await golden('customer-create', 'POST', `${R}/customer`, {
      companyName: 'Acme Retail',
      email: 'ap@acme.example',
      externalId: 'CUST-1',
    });
    await golden('customer-get', 'GET', `${R}/customer/eid:CUST-1`);
    const so = {
      entity: { id: '1' },
      location: { externalId: 'WH-1' },
      externalId: 'AMZ-113-0000001-0000001',
      otherRefNum: '113-0000001-0000001',
      memo: 'Marketplace order',
      item: {
        items: [
          { item: { id: '1' }, quantity: 2, rate: 19.99 },
          { item: { externalId: 'SKU-00003' }, quantity: 1 },
        ],
      },
    };
    await golden('sales-order-create', 'POST', `${R}/salesOrder`, so);
    await golden('sales-order-get', 'GET', `${R}/salesOrder/eid:AMZ-113-0000001-0000001`);
    await golden('sales-order-get-expanded', 'GET', `${R}/salesOrder/1?expandSubResources=true`);
    await golden(
      'sales-order-list-q',
      'GET',
      `${R}/salesOrder?q=${encodeURIComponent('otherRefNum IS "113-0000001-0000001"')}`,
    );
    await golden(
      'item-fulfillment-transform',
      'POST',
      `${R}/salesOrder/1/!transform/itemFulfillment`,
      {},
    );
    await golden(
      'item-fulfillment-get-expanded',
      'GET',
      `${R}/itemFulfillment/2?expandSubResources=true`,
    );
    await golden(
      'inventory-item-get-expanded',
      'GET',
      `${R}/inventoryItem/eid:SKU-00000?expandSubResources=true`,
    );
    await golden('location-list', 'GET', `${R}/location?limit=2`);
    await golden(
      'suiteql-transactions',
      'POST',
      '/services/rest/query/v1/suiteql?limit=10',
      { q: 'SELECT * FROM transaction ORDER BY id' },
      TRANSIENT,
    );
    await golden(
      'suiteql-inventory-balance',
      'POST',
      '/services/rest/query/v1/suiteql',
      { q: 'SELECT * FROM inventoryBalance WHERE item IN (1, 4) ORDER BY item, location' },
      TRANSIENT,
    );

    const key = { ...ASYNC, 'x-netsuite-idempotency-key': '5b0c7e1e-8f1d-4c0a-9d2e-3a1b2c3d4e5f' };
    await golden('async-accepted', 'POST', `${R}/customer`, { companyName: 'Later Inc' }, key);
    await golden('async-job-pending', 'GET', '/services/rest/async/v1/job/1');
    await golden(
      'error-idempotency-conflict',
      'POST',
      `${R}/customer`,
      { companyName: 'Later Inc' },
      key,
    );
    await t.clock.advanceScenario(5_000);
    await golden('async-job-completed', 'GET', '/services/rest/async/v1/job/1');
    await golden('async-task-list', 'GET', '/services/rest/async/v1/job/1/task');
    await golden('async-task', 'GET', '/services/rest/async/v1/job/1/task/1');
    await golden('async-task-result', 'GET', '/services/rest/async/v1/job/1/task/1/result');

    await golden('error-invalid-login', 'GET', `${R}/customer`, undefined, {
      authorization: 'Bearer wrong',
    });
    await golden('error-not-found', 'GET', `${R}/salesOrder/999`);
    await golden('error-duplicate-external-id', 'POST', `${R}/customer`, {
      companyName: 'Again',
      externalId: 'CUST-1',
    });
    await golden('error-missing-entity', 'POST', `${R}/salesOrder`, {
      item: { items: [{ item: { id: '1' }, quantity: 1 }] },
    });
    await golden('error-invalid-field-value', 'POST', `${R}/salesOrder`, {
      entity: { id: '1' },
      item: { items: [{ item: { id: '9999' }, quantity: 1 }] },
    });
    await golden('error-method-not-allowed', 'DELETE', `${R}/location/1`);
    await golden('error-suiteql-no-transient', 'POST', '/services/rest/query/v1/suiteql', {
      q: 'SELECT id FROM item',
    });
    await golden(
      'error-suiteql-unsupported',
      'POST',
      '/services/rest/query/v1/suiteql',
      { q: 'SELECT id FROM item UNION SELECT id FROM item' },
      TRANSIENT,
    );
    const limited = makeErpRuntime({ config: { concurrencyLimit: 0 } });
    const res = await limited.call('GET', `${R}/customer`);
    expectGolden('erp/error-concurrency-limit', {
      status: res.status,
      headers: res.headers,
      body: res.body,
    });
  });
});
