import { describe, expect, it } from 'vitest';
import { makePosRuntime } from './testing.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON in tests

async function withOrders(n: number) {
  const pos = makePosRuntime({ config: { rateLimit: false } });
  const loc = pos.runtime.state.stores[0]!.squareId;
  for (let i = 0; i < n; i++) {
    await pos.call('POST', '/v2/orders', {
      order: {
        location_id: loc,
        line_items: [
          {
            name: `thing ${i}`,
            quantity: '1',
            base_price_money: { amount: 100 + i, currency: 'USD' },
          },
        ],
      },
    });
    await pos.clock.advanceScenario(1_000);
  }
  return { pos, loc };
}

const errorOf = (res: { body?: unknown }) => (res.body as Body).errors[0];

describe('SearchOrders', () => {
  it('refuses a time range on one field sorted by another (the default sort is CREATED_AT)', async () => {
    const { pos, loc } = await withOrders(1);
    const range = { updated_at: { start_at: '2020-01-01T00:00:00Z' } };
    const res = await pos.call('POST', '/v2/orders/search', {
      location_ids: [loc],
      query: { filter: { date_time_filter: range } },
    });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({
      category: 'INVALID_REQUEST_ERROR',
      field: 'query.sort.sort_field',
    });
    const ok = await pos.call('POST', '/v2/orders/search', {
      location_ids: [loc],
      query: { filter: { date_time_filter: range }, sort: { sort_field: 'UPDATED_AT' } },
    });
    expect((ok.body as Body).orders).toHaveLength(1);
  });

  it('checks location_ids, limit, enums, times and cursors', async () => {
    const { pos, loc } = await withOrders(1);
    const cases: [Body, string][] = [
      [{}, 'MISSING_REQUIRED_PARAMETER'],
      [{ location_ids: ['nope'] }, 'INVALID_VALUE'],
      [{ location_ids: Array(11).fill(loc) }, 'ARRAY_LENGTH_TOO_LONG'],
      [{ location_ids: [loc], limit: 1001 }, 'VALUE_TOO_HIGH'],
      [{ location_ids: [loc], limit: 0 }, 'VALUE_TOO_LOW'],
      [{ location_ids: [loc], query: { sort: { sort_field: 'NAME' } } }, 'INVALID_ENUM_VALUE'],
      [
        {
          location_ids: [loc],
          query: {
            filter: { state_filter: { states: ['OPEN'] } },
            sort: { sort_field: 'CLOSED_AT' },
          },
        },
        'BAD_REQUEST',
      ],
      [
        {
          location_ids: [loc],
          query: { filter: { date_time_filter: { created_at: { start_at: 'yesterday' } } } },
        },
        'INVALID_TIME',
      ],
      [
        {
          location_ids: [loc],
          query: {
            filter: {
              date_time_filter: {
                created_at: { start_at: '2027-01-01T00:00:00Z', end_at: '2026-01-01T00:00:00Z' },
              },
            },
          },
        },
        'INVALID_TIME_RANGE',
      ],
      [{ location_ids: [loc], cursor: 'garbage!' }, 'INVALID_CURSOR'],
    ];
    for (const [body, code] of cases) {
      const res = await pos.call('POST', '/v2/orders/search', body);
      expect([res.status, errorOf(res).code]).toEqual([400, code]);
    }
  });

  it('pages with a cursor, newest first by default, entries on request', async () => {
    const { pos, loc } = await withOrders(5);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = (
        await pos.call('POST', '/v2/orders/search', {
          location_ids: [loc],
          limit: 2,
          cursor,
          return_entries: true,
        })
      ).body as Body;
      seen.push(...res.order_entries.map((e: Body) => e.order_id));
      expect(res.order_entries[0]).toEqual({
        order_id: expect.any(String),
        version: 1,
        location_id: loc,
      });
      cursor = res.cursor;
    } while (cursor);
    const all = [...pos.runtime.state.orders.values()].map((o) => o.id);
    expect(seen).toEqual(all.reverse());
    const other = await pos.call('POST', '/v2/orders/search', { location_ids: [loc], limit: 2 });
    const mismatched = await pos.call('POST', '/v2/orders/search', {
      location_ids: [loc],
      limit: 2,
      query: { sort: { sort_field: 'UPDATED_AT' } },
      cursor: (other.body as Body).cursor,
    });
    expect(errorOf(mismatched).code).toBe('INVALID_CURSOR');
  });

  it('pages to the end when timestamps carry fractional milliseconds (a real clock at speed > 1)', async () => {
    const pos = makePosRuntime({ config: { rateLimit: false } });
    const loc = pos.runtime.state.stores[0]!.squareId;
    await pos.clock.advanceScenario(0.375);
    for (let i = 0; i < 7; i++) {
      await pos.call('POST', '/v2/orders', { order: { location_id: loc } });
      await pos.clock.advanceScenario(1_000.123_4);
    }
    expect(pos.runtime.state.orders.values().next().value!.createdAt % 1).not.toBe(0);
    for (const query of [
      undefined,
      {
        filter: { date_time_filter: { created_at: { start_at: '2020-01-01T00:00:00Z' } } },
        sort: { sort_field: 'CREATED_AT', sort_order: 'ASC' },
      },
    ]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await pos.call('POST', '/v2/orders/search', {
          location_ids: [loc],
          limit: 2,
          cursor,
          ...(query ? { query } : {}),
        });
        expect(res.status).toBe(200);
        seen.push(...(res.body as Body).orders.map((o: Body) => o.id));
        cursor = (res.body as Body).cursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(7);
    }
  });

  it('fixes an open-ended range at the first request of a cursor', async () => {
    const { pos, loc } = await withOrders(3);
    const body = {
      location_ids: [loc],
      limit: 2,
      query: {
        filter: { date_time_filter: { created_at: { start_at: '2020-01-01T00:00:00Z' } } },
        sort: { sort_field: 'CREATED_AT', sort_order: 'ASC' },
      },
    };
    const first = (await pos.call('POST', '/v2/orders/search', body)).body as Body;
    await withOrdersAt(pos, loc);
    const second = (await pos.call('POST', '/v2/orders/search', { ...body, cursor: first.cursor }))
      .body as Body;
    expect(second.orders).toHaveLength(1); // the order made after the first page is past the end
    expect(second.cursor).toBeUndefined();
  });
});

async function withOrdersAt(pos: ReturnType<typeof makePosRuntime>, loc: string) {
  await pos.clock.advanceScenario(5_000);
  await pos.call('POST', '/v2/orders', { order: { location_id: loc } });
}
