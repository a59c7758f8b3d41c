import { createHash } from 'node:crypto';
import type { World } from './index.js';

/**
 * JSON with object keys sorted at every depth, so the digest depends on what an entity holds,
 * never on the order a generator happened to write its fields in.
 *
 * @example canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Sample sizes for the unbounded or large kinds; part of the digest's definition. */
export const DIGEST_SAMPLE = { customers: 2_000, marketplaceOrders: 200, posSales: 200 } as const;

/**
 * sha256 (hex) over the world's defining content, streamed record by record so a large world
 * never builds one giant string. Each record is tagged with its section, so moving an entity
 * from one section to another changes the digest.
 *
 * @example worldDigest(createWorld(42)) // 64 hex chars, the same on every machine
 */
export function worldDigest(world: World): string {
  const hash = createHash('sha256');
  const put = (section: string, record: unknown) =>
    hash.update(`${section}\t${canonicalJson(record)}\n`);
  const { size } = world;
  put('size', size);
  for (const sku of world.catalog()) put('sku', sku);
  const locations = world.locations();
  for (const location of locations) put('location', location);
  for (let i = 0; i < Math.min(size.customers, DIGEST_SAMPLE.customers); i++)
    put('customer', world.customer(i));
  // One row per location keeps 50 million pairs to 500 records.
  for (const location of locations) {
    const row = new Array<number>(size.skus);
    for (let s = 0; s < size.skus; s++) row[s] = world.initialStock(location.id, s);
    put(`stock ${location.id}`, row);
  }
  for (let i = 0; i < DIGEST_SAMPLE.marketplaceOrders; i++)
    put('marketplace-order', world.marketplaceOrder(i));
  // A world without stores has no POS sales; its digest simply has none.
  if (size.stores > 0)
    for (let i = 0; i < DIGEST_SAMPLE.posSales; i++) put('pos-sale', world.posSale(i));
  put('credentials', world.credentials);
  return hash.digest('hex');
}
