import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SquareClient } from 'square';
import { startUp } from '../support/up.js';

/**
 * The `square` SDK against `omnichaos up` on the real clock (scenario time starts at the wall
 * clock, so timestamps carry fractional milliseconds — where page 2 once failed with
 * INVALID_CURSOR): a location with 1,200 orders pages through SearchOrders to the end. Square's
 * SearchOrders `limit` defaults to 500 (SearchOrdersRequest reference; a Square staff answer on the
 * developer forum, https://developer.squareup.com/forums/t/order-api-default-limit/6342, says 500
 * is also the most a page returns), and the last page carries no `cursor`
 * (https://developer.squareup.com/docs/working-with-apis/pagination).
 */

let up: Awaited<ReturnType<typeof startUp>>;
let client: SquareClient;

beforeAll(async () => {
  // A scenario without clock.start: `up` starts on the wall clock. The access token's bucket
  // (20 requests/s by default) is widened so writing 1,200 orders takes seconds, not a minute;
  // paging is what is under test here.
  const file = join(mkdtempSync(join(tmpdir(), 'omnichaos-pos-up-')), 'pos-up.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      'name: pos-up',
      'seed: 11',
      'clock: { duration: 1h }',
      'simulators:',
      '  pos: { rateLimit: { ratePerSec: 1000, burst: 1000 } }',
    ].join('\n'),
  );
  up = await startUp(['--port', '0', '--scenario', file]);
  const { env } = (await (await fetch(`${up.controlUrl}/_omnichaos/endpoints`)).json()) as {
    env: Record<string, string>;
  };
  client = new SquareClient({
    token: env.OMNICHAOS_POS_ACCESS_TOKEN!,
    baseUrl: env.OMNICHAOS_POS_URL!,
  });
}, 30_000);
afterAll(async () => {
  expect(await up.stop()).toBe(0);
});

async function searchAll(locationId: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await client.orders.search({ locationIds: [locationId], cursor });
    pages++;
    for (const o of res.orders ?? []) ids.push(o.id!);
    cursor = res.cursor;
    // Bounded: 1,200 orders are three pages, whatever was there before is a few more.
  } while (cursor && pages < 50);
  return { ids, pages };
}

describe('square SDK against omnichaos up on the real clock', () => {
  it('a location with 1,200 orders pages through SearchOrders to the end', async () => {
    const { locations } = await client.locations.list();
    const locationId = locations![0]!.id!;
    const before = await searchAll(locationId);

    const created: string[] = [];
    const total = 1200;
    let next = 0;
    // Ten clients at a time; the SDK retries a 429 on its own.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < total) {
          const i = next++;
          const { order } = await client.orders.create({
            idempotencyKey: `page-through-${i}`,
            order: {
              locationId,
              lineItems: [
                {
                  name: `Item ${i}`,
                  quantity: '1',
                  basePriceMoney: { amount: BigInt(100 + (i % 50)), currency: 'USD' },
                },
              ],
            },
          });
          created.push(order!.id!);
        }
      }),
    );
    expect(new Set(created).size).toBe(total);

    const after = await searchAll(locationId);
    expect(after.pages).toBeGreaterThanOrEqual(3);
    expect(after.ids).toHaveLength(before.ids.length + total);
    expect(new Set(after.ids).size).toBe(after.ids.length); // no order twice across pages
    const seen = new Set(after.ids);
    expect(created.filter((id) => !seen.has(id))).toEqual([]);
  }, 120_000);
});
