import { describe, expect, it } from 'vitest';
import { makeErpRuntime } from '../testing.js';
import { parseSuiteQl, SuiteQlError } from './parse.js';
import { runSuiteQl } from './run.js';

describe('SuiteQL: parsing', () => {
  it('reads columns, alias-qualified names, AND/OR/NOT with parentheses and ORDER BY', () => {
    const q = parseSuiteQl(
      "select t.id, TranId FROM transaction t WHERE (t.type = 'SalesOrd' OR id IN (1, 2)) AND NOT memo IS NULL ORDER BY id DESC, tranid",
    );
    expect(q.from).toEqual({ table: 'transaction', alias: 't' });
    expect(q.items).toMatchObject([
      { expr: { kind: 'col', table: 't', name: 'id' } },
      { expr: { kind: 'col', table: undefined, name: 'tranid' } },
    ]);
    expect(q.where).toMatchObject({
      kind: 'and',
      parts: [{ kind: 'or' }, { kind: 'not', operand: { kind: 'null', not: false } }],
    });
    expect(q.orderBy.map((o) => o.desc)).toEqual([true, false]);
  });

  it("unescapes '' inside strings", () => {
    expect(parseSuiteQl("SELECT * FROM item WHERE displayname = 'O''Brien'").where).toMatchObject({
      right: { value: "O'Brien" },
    });
  });

  it('reads COUNT(*), functions, LIKE, BETWEEN, joins and GROUP BY', () => {
    const q = parseSuiteQl(
      "SELECT BUILTIN.DF(t.entity) AS customer, COUNT(*) n FROM transaction t INNER JOIN transactionLine tl ON tl.transaction = t.id LEFT OUTER JOIN item i ON i.id = tl.item WHERE t.lastmodifieddate >= TO_DATE('2026-11-27', 'YYYY-MM-DD') AND i.itemid LIKE 'SKU%' AND tl.id BETWEEN 1 AND 9 GROUP BY BUILTIN.DF(t.entity)",
    );
    expect(q.joins.map((j) => [j.table, j.alias, j.left])).toEqual([
      ['transactionline', 'tl', false],
      ['item', 'i', true],
    ]);
    expect(q.items).toMatchObject([
      { alias: 'customer', expr: { kind: 'fn', name: 'BUILTIN.DF' } },
      { alias: 'n', expr: { kind: 'agg', name: 'COUNT', arg: '*' } },
    ]);
    expect(q.groupBy).toHaveLength(1);
  });

  it.each([
    ['SELECT id FROM item WHERE id = 1 UNION SELECT id FROM item', "'UNION'"],
    ['SELECT id FROM item HAVING COUNT(*) > 1', "'HAVING'"],
    ['SELECT DECODE(id, 1, 2) FROM item', "'DECODE'"],
    ['SELECT id FROM item;', "';'"],
    ['DELETE FROM item', "'DELETE'"],
    ['SELECT id FROM', 'end of query'],
    ['SELECT TO_DATE(id) FROM item', 'takes 2'],
    ["SELECT BUILTIN.DF('x') FROM item", 'takes a column'],
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
    expect(() => runSuiteQl(t.runtime.context, parseSuiteQl('SELECT id FROM vendor'))).toThrow(
      "Record 'vendor'",
    );
    expect(() => runSuiteQl(t.runtime.context, parseSuiteQl('SELECT x.id FROM item'))).toThrow(
      "Unknown table or alias 'x'",
    );
    expect(() => runSuiteQl(t.runtime.context, parseSuiteQl('SELECT nope FROM item'))).toThrow(
      "Field 'nope'",
    );
  });

  it('refuses an inventoryBalance scan that is too broad for the simulator', () => {
    const t = makeErpRuntime({ size: { skus: 5_000, warehouses: 1, stores: 500, customers: 1 } });
    expect(() =>
      runSuiteQl(t.runtime.context, parseSuiteQl('SELECT item FROM inventoryBalance')),
    ).toThrow('narrow it with = or IN');
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
      { q: 'SELECT id FROM item WHERE id = 1 OR id == 2' },
      { prefer: 'transient' },
    );
    expect(bad.body).toMatchObject({
      status: 400,
      'o:errorDetails': [{ 'o:errorCode': 'INVALID_PARAMETER', 'o:errorQueryParam': 'q' }],
    });
  });
});

describe('SuiteQL: the queries integrations send', () => {
  async function withOrders() {
    const t = makeErpRuntime();
    const cust = await t.call('POST', '/services/rest/record/v1/customer', {
      companyName: 'Acme Retail',
      externalId: 'C-1',
    });
    const custId = String(cust.headers!.location).split('/').at(-1)!;
    for (const [i, qty] of [
      [1, 2],
      [2, 1],
    ] as const) {
      const res = await t.call('POST', '/services/rest/record/v1/salesOrder', {
        entity: { id: custId },
        location: { id: '1' },
        externalId: `SO-EXT-${i}`,
        otherRefNum: `113-000000${i}-0000001`,
        item: {
          items: [
            { item: { id: '1' }, quantity: qty, rate: 10 },
            { item: { id: '2' }, quantity: 1, rate: 5 },
          ],
        },
      });
      expect(res.status).toBe(204);
      await t.clock.advanceScenario(3_600_000);
    }
    const run = (q: string) => runSuiteQl(t.runtime.context, parseSuiteQl(q));
    return { t, run };
  }

  it('counts with COUNT(*), filters with OR and LIKE', async () => {
    const { run } = await withOrders();
    expect(run("SELECT COUNT(*) AS n FROM transaction WHERE type = 'SalesOrd'")).toEqual([
      { n: 2 },
    ]);
    expect(run('SELECT COUNT(*) FROM item')).toEqual([{ expr1: 20 }]);
    expect(
      run(
        "SELECT tranid FROM transaction WHERE externalid = 'SO-EXT-1' OR tranid = 'SO2' ORDER BY id",
      ),
    ).toEqual([{ tranid: 'SO1' }, { tranid: 'SO2' }]);
    expect(
      run("SELECT itemid FROM item WHERE itemid LIKE 'SKU-0000_' AND NOT itemid LIKE '%1'"),
    ).toHaveLength(9);
  });

  it('joins transaction and transactionLine (main line included, as in NetSuite)', async () => {
    const { run } = await withOrders();
    const rows = run(
      "SELECT t.tranid, tl.id AS line, tl.mainline, tl.item, tl.quantity, BUILTIN.DF(tl.item) AS itemname FROM transaction t INNER JOIN transactionLine tl ON tl.transaction = t.id WHERE t.externalid = 'SO-EXT-1' ORDER BY tl.id",
    );
    expect(rows).toEqual([
      {
        tranid: 'SO1',
        line: 0,
        mainline: 'T',
        item: undefined,
        quantity: undefined,
        itemname: undefined,
      },
      {
        tranid: 'SO1',
        line: 1,
        mainline: 'F',
        item: 1,
        quantity: -2,
        itemname: expect.any(String),
      },
      {
        tranid: 'SO1',
        line: 2,
        mainline: 'F',
        item: 2,
        quantity: -1,
        itemname: expect.any(String),
      },
    ]);
    expect(
      run(
        "SELECT t.tranid, SUM(ABS(tl.quantity)) AS units FROM transaction t JOIN transactionLine tl ON tl.transaction = t.id WHERE tl.mainline = 'F' GROUP BY t.tranid ORDER BY t.tranid",
      ),
    ).toEqual([
      { tranid: 'SO1', units: 3 },
      { tranid: 'SO2', units: 2 },
    ]);
  });

  it('filters by TO_DATE (incremental sync) and shows names with BUILTIN.DF', async () => {
    const { run } = await withOrders();
    // the first order was written at 00:00, the second an hour later (scenario time)
    const since = (iso: string) =>
      run(
        `SELECT tranid, BUILTIN.DF(entity) AS customer, BUILTIN.DF(type) AS kind, TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS modified FROM transaction WHERE lastmodifieddate > TO_DATE('${iso}', 'YYYY-MM-DD HH24:MI:SS') ORDER BY lastmodifieddate`,
      );
    expect(since('2026-11-27 00:30:00')).toEqual([
      {
        tranid: 'SO2',
        customer: expect.stringContaining('Acme Retail'),
        kind: 'Sales Order',
        modified: '2026-11-27 01:00:00',
      },
    ]);
    expect(since('2026-11-26 23:59:59')).toHaveLength(2);
    expect(run("SELECT tranid FROM transaction WHERE trandate = '11/27/2026'")).toHaveLength(2);
    expect(() =>
      run(
        "SELECT id FROM transaction WHERE lastmodifieddate > TO_DATE('27.11.2026', 'YYYY-MM-DD')",
      ),
    ).toThrow('does not match the format');
  });

  it('keeps SQL NULL logic: NOT of an unknown comparison is still unknown', async () => {
    const { run } = await withOrders();
    expect(run("SELECT id FROM transaction WHERE NOT memo = 'x'")).toEqual([]);
    expect(run("SELECT id FROM transaction WHERE memo IS NULL OR memo = 'x'")).toHaveLength(2);
  });

  it('refuses a plain column next to an aggregate without GROUP BY', async () => {
    const { run } = await withOrders();
    expect(() => run('SELECT tranid, COUNT(*) FROM transaction')).toThrow(
      'not a GROUP BY expression',
    );
  });
});
