import { describe, expect, it } from 'vitest';
import { makeErpRuntime } from '../testing.js';
import { parseSuiteQl, SuiteQlError } from './parse.js';
import { runSuiteQl } from './run.js';

describe('SuiteQL subset: parsing', () => {
  it('reads columns, table, alias-qualified columns, AND-ed conditions and ORDER BY', () => {
    expect(
      parseSuiteQl(
        "select t.id, TranId FROM transaction t WHERE t.type = 'SalesOrd' AND id IN (1, 2) AND memo IS NOT NULL AND id <> 3 ORDER BY id DESC, tranid",
      ),
    ).toEqual({
      columns: ['id', 'tranid'],
      table: 'transaction',
      where: [
        { column: 'type', op: '=', value: 'SalesOrd' },
        { column: 'id', op: 'IN', values: [1, 2] },
        { column: 'memo', op: 'IS NOT NULL' },
        { column: 'id', op: '!=', value: 3 },
      ],
      orderBy: [
        { column: 'id', desc: true },
        { column: 'tranid', desc: false },
      ],
    });
  });

  it("unescapes '' inside strings", () => {
    expect(
      parseSuiteQl("SELECT * FROM item WHERE displayname = 'O''Brien'").where[0],
    ).toMatchObject({ value: "O'Brien" });
  });

  it.each([
    ['SELECT id FROM transaction WHERE id = 1 OR id = 2', "'OR'"],
    ['SELECT COUNT(*) FROM item', "'('"],
    ['SELECT t.id FROM transaction t JOIN item i ON i.id = t.id', "'JOIN'"],
    ['SELECT id FROM item GROUP BY id', "'GROUP'"],
    ["SELECT id FROM item WHERE itemid LIKE 'SKU%'", "'LIKE'"],
    ['SELECT id FROM item;', "';'"],
    ['SELECT x.id FROM item', "'x'"],
    ['DELETE FROM item', "'DELETE'"],
    ['SELECT id FROM', 'end of query'],
  ])('refuses %s, naming %s', (q, named) => {
    expect(() => parseSuiteQl(q)).toThrow(SuiteQlError);
    expect(() => parseSuiteQl(q)).toThrow(named);
  });
});

describe('SuiteQL subset: running', () => {
  it('filters, sorts and projects lower-case columns of the item table', () => {
    const t = makeErpRuntime();
    const rows = runSuiteQl(
      t.runtime.context,
      parseSuiteQl(
        "SELECT id, itemid FROM item WHERE itemid IN ('SKU-00003', 'SKU-00001') ORDER BY itemid DESC",
      ),
    );
    expect(rows).toEqual([
      { id: 4, itemid: 'SKU-00003' },
      { id: 2, itemid: 'SKU-00001' },
    ]);
  });

  it('serves inventoryBalance per item and location from the world stock', () => {
    const t = makeErpRuntime();
    const rows = runSuiteQl(
      t.runtime.context,
      parseSuiteQl('SELECT * FROM inventoryBalance WHERE item = 1'),
    );
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      item: 1,
      location: 1,
      quantityonhand: t.world.initialStock('WH-1', 0),
      quantitycommitted: 0,
    });
  });

  it('names unknown tables and columns', () => {
    const t = makeErpRuntime();
    expect(() => runSuiteQl(t.runtime.context, parseSuiteQl('SELECT id FROM customer'))).toThrow(
      "Record 'customer'",
    );
    expect(() => runSuiteQl(t.runtime.context, parseSuiteQl('SELECT nope FROM item'))).toThrow(
      "Field 'nope'",
    );
  });

  it('refuses an inventoryBalance scan that is too broad for the simulator', () => {
    const t = makeErpRuntime({ size: { skus: 5_000, warehouses: 1, stores: 500, customers: 1 } });
    expect(() =>
      runSuiteQl(t.runtime.context, parseSuiteQl('SELECT item FROM inventoryBalance')),
    ).toThrow('filter by item or location');
    expect(
      runSuiteQl(
        t.runtime.context,
        parseSuiteQl('SELECT item FROM inventoryBalance WHERE location = 1'),
      ),
    ).toHaveLength(5_000);
  });
});

describe('SuiteQL over the API', () => {
  it('needs Prefer: transient and pages with limit/offset', async () => {
    const t = makeErpRuntime();
    const q = { q: 'SELECT id FROM item ORDER BY id' };
    const missing = await t.call('POST', '/services/rest/query/v1/suiteql', q);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      'o:errorDetails': [{ 'o:errorCode': 'INVALID_HEADER', 'o:errorHeader': 'Prefer' }],
    });
    const page = await t.call('POST', '/services/rest/query/v1/suiteql?limit=5&offset=5', q, {
      prefer: 'transient',
    });
    expect(page.body).toMatchObject({ count: 5, hasMore: true, offset: 5, totalResults: 20 });
    expect((page.body as { items: unknown[] }).items[0]).toEqual({ links: [], id: '6' });
    const bad = await t.call(
      'POST',
      '/services/rest/query/v1/suiteql',
      { q: 'SELECT id FROM item WHERE id = 1 OR id = 2' },
      { prefer: 'transient' },
    );
    expect(bad.body).toMatchObject({
      status: 400,
      'o:errorDetails': [{ 'o:errorCode': 'INVALID_PARAMETER', 'o:errorQueryParam': 'q' }],
    });
  });
});
