import { route, type RouteContext } from '../../core/define-simulator.js';
import { invalid, notFound } from '../errors.js';
import type { StockRec, WmsState } from '../state.js';
import { lowerKeys, queryInt, queryList } from '../validate.js';
import { inventoryLevelWire, inventoryWire } from '../wire.js';
import { V } from './orders.js';

/**
 * Inventory (docs/dialects/wms.md): `GET /inventory-level` (cursor-paged `{ items, first, last, next,
 * prev }`), `GET /inventory-level/{id}`, and the older `GET /inventory` / `GET /inventory/{id}`
 * shape. Totals are across fulfillment centers.
 */
type Ctx = RouteContext<WmsState>;

/** GUESS: ShipBob's cursor is opaque; ours is the base64url of the offset. */
function readCursor(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  if (!/^o:\d{1,9}$/.test(text)) invalid('Cursor', 'The cursor is not valid.');
  return Number(text.slice(2));
}

const cursorOf = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function filtered(ctx: Ctx): StockRec[] {
  const q = lowerKeys(ctx.req.query);
  const ids = queryList(ctx.req.query, 'InventoryIds');
  const search = (q.searchby ?? '').toLowerCase();
  let rows = ids.length
    ? ids
        .map((id) => ctx.state.stockByInventoryId.get(Number(id)))
        .filter((s): s is StockRec => !!s)
    : [...ctx.state.stock.values()];
  if (search)
    rows = rows.filter(
      (s) => s.sku.toLowerCase().includes(search) || s.name.toLowerCase().includes(search),
    );
  return rows;
}

function page<T>(ctx: Ctx, path: string, rows: StockRec[], wire: (s: StockRec) => T) {
  const size = queryInt(ctx.req.query, 'PageSize', 50, 1, 250);
  const offset = readCursor(lowerKeys(ctx.req.query).cursor);
  const link = (o: number) => `${V}/${path}?PageSize=${size}&Cursor=${cursorOf(o)}`;
  const lastOffset = Math.max(0, Math.floor((rows.length - 1) / size) * size);
  return {
    items: rows.slice(offset, offset + size).map(wire),
    first: link(0),
    last: link(lastOffset),
    next: offset + size < rows.length ? link(offset + size) : null,
    prev: offset > 0 ? link(Math.max(0, offset - size)) : null,
  };
}

function one(ctx: Ctx): StockRec {
  const raw = ctx.params.inventoryId!;
  if (!/^\d{1,10}$/.test(raw))
    invalid('inventoryId', `The value '${raw.slice(0, 100)}' is not valid.`);
  const s = ctx.state.stockByInventoryId.get(Number(raw));
  if (!s) notFound(`Inventory ${raw} was not found.`);
  return s;
}

export const inventoryRoutes = [
  route<WmsState>('GET', `${V}/inventory-level`, 'inventoryLevel.list', (ctx) => ({
    status: 200,
    body: page(ctx, 'inventory-level', filtered(ctx), inventoryLevelWire),
  })),
  route<WmsState>('GET', `${V}/inventory-level/:inventoryId`, 'inventoryLevel.get', (ctx) => ({
    status: 200,
    body: inventoryLevelWire(one(ctx)),
  })),
  route<WmsState>('GET', `${V}/inventory`, 'inventory.list', (ctx) => ({
    status: 200,
    body: page(ctx, 'inventory', filtered(ctx), inventoryWire),
  })),
  route<WmsState>('GET', `${V}/inventory/:inventoryId`, 'inventory.get', (ctx) => ({
    status: 200,
    body: inventoryWire(one(ctx)),
  })),
];

/** `GET /channel`: the one API channel the token owns. */
export const channelRoutes = [
  route<WmsState>('GET', `${V}/channel`, 'channel.list', (ctx) => ({
    status: 200,
    body: {
      items: [
        {
          id: ctx.state.channel.id,
          name: ctx.state.channel.name,
          application_name: 'omnichaos',
          scopes: ['orders_write', 'orders_read', 'inventory_read'],
        },
      ],
      first: null,
      last: null,
      next: null,
      prev: null,
    },
  })),
];
