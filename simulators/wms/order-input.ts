import type { Address, OrderLine, Recipient, WmsState } from './state.js';
import { date, Issues, money, obj, posInt, str, type Json } from './validate.js';

/**
 * Reads a CreateOrder body (docs/dialects/wms.md): `{ reference_id, order_number?, type?,
 * shipping_method, recipient{ name, address{…}, email?, phone_number? }, products[], … }`.
 * Products name a SKU by `sku`, else by `reference_id`, or a ShipBob product by `id`.
 */
export interface OrderInput {
  referenceId: string;
  orderNumber?: string;
  type: string;
  shippingMethod: string;
  recipient: Recipient;
  lines: OrderLine[];
  purchaseDate?: number;
  tags: { name: string; value: string }[];
  giftMessage?: string;
}

const TYPES = ['DTC', 'DropShip', 'B2B'];
const MAX_PRODUCTS = 500; // GUESS: ShipBob publishes no cap on lines per order.

function readAddress(v: Issues, r: Json): Address {
  const a = v.read(() => obj(r, 'address', 'recipient.address', true));
  if (!a) return undefined as unknown as Address;
  const p = (k: string) => `recipient.address.${k}`;
  const s = (k: string, opts?: { required?: boolean; max?: number }) =>
    v.read(() => str(a, k, p(k), opts));
  return {
    address1: s('address1', { required: true })!,
    address2: s('address2'),
    city: s('city', { required: true })!,
    state: s('state'),
    zipCode: s('zip_code'),
    country: s('country', { required: true, max: 60 })!,
    companyName: s('company_name'),
  };
}

function readRecipient(v: Issues, body: Json): Recipient {
  const r = v.read(() => obj(body, 'recipient', 'recipient', true));
  if (!r) return undefined as unknown as Recipient;
  return {
    name: v.read(() => str(r, 'name', 'recipient.name', { required: true }))!,
    address: readAddress(v, r),
    email: v.read(() => str(r, 'email', 'recipient.email')),
    phoneNumber: v.read(() => str(r, 'phone_number', 'recipient.phone_number', { max: 50 })),
  };
}

/**
 * One product line. ShipBob takes two line models (https://developer.shipbob.com/guides/orders):
 * by ShipBob product `id`, or by `reference_id` (the SKU) — `reference_id` is required in the
 * latter (`sku` alone names nothing). An unknown `reference_id` is created as a new product when
 * the line carries its `name` ("Products identified by reference_id must also include the product
 * name if there is no matching ShipBob product", Create Order,
 * https://developer.shipbob.com/api/orders/create-order); without a name it is a 400 on
 * `products[i].name` (GUESS: the sentence). Creation happens in `createOrder`, after validation.
 */
function readLine(v: Issues, state: WmsState, raw: unknown, i: number): OrderLine | undefined {
  const path = `products[${i}]`;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    v.add(path, 'The JSON value could not be converted to an object.');
    return undefined;
  }
  const p = raw as Json;
  const quantity = v.read(() => posInt(p, 'quantity', `${path}.quantity`, true));
  const id = v.read(() => posInt(p, 'id', `${path}.id`));
  v.read(() => str(p, 'sku', `${path}.sku`)); // type-checked; the product key is reference_id
  const referenceId = v.read(() => str(p, 'reference_id', `${path}.reference_id`));
  const name = v.read(() => str(p, 'name', `${path}.name`));
  const unitPrice = v.read(() => money(p, 'unit_price', `${path}.unit_price`));
  const externalLineId = v.read(() => str(p, 'external_line_id', `${path}.external_line_id`));
  let stock = id !== undefined ? state.stockByInventoryId.get(id) : undefined;
  if (id !== undefined && !stock) {
    v.add(`${path}.id`, `Product ${id} does not exist.`);
    return undefined;
  }
  if (!stock && (referenceId === undefined || referenceId === '')) {
    if (p.reference_id === undefined || p.reference_id === null || p.reference_id === '')
      v.add(`${path}.reference_id`, 'The reference_id field is required.');
    return undefined;
  }
  const key = stock?.sku ?? referenceId!;
  stock ??= state.stock.get(key);
  if (!stock && (name === undefined || name === '')) {
    if (p.name === undefined || p.name === null || p.name === '')
      v.add(
        `${path}.name`,
        `Product ${key.slice(0, 100)} does not exist: send its name to create it.`,
      );
    return undefined;
  }
  if (quantity === undefined) return undefined;
  return {
    productId: stock?.inventoryId,
    sku: stock?.sku ?? key,
    referenceId: referenceId ?? key,
    name: name ?? stock?.name ?? key,
    quantity,
    unitPrice,
    externalLineId,
  };
}

function readTags(v: Issues, body: Json): { name: string; value: string }[] {
  const raw = body.tags;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    v.add('tags', 'The JSON value could not be converted to a list.');
    return [];
  }
  return raw.slice(0, 100).map((t: unknown, i) => {
    if (!t || typeof t !== 'object' || Array.isArray(t)) {
      v.add(`tags[${i}]`, 'The JSON value could not be converted to an object.');
      return { name: '', value: '' };
    }
    const tag = t as Json;
    return {
      name: v.read(() => str(tag, 'name', `tags[${i}].name`, { required: true }))!,
      value: v.read(() => str(tag, 'value', `tags[${i}].value`)) ?? '',
    };
  });
}

function readProducts(v: Issues, state: WmsState, body: Json): OrderLine[] {
  const products = body.products;
  if (products === undefined || products === null)
    v.add('products', 'The products field is required.');
  else if (!Array.isArray(products))
    v.add('products', 'The JSON value could not be converted to a list.');
  else if (products.length === 0) v.add('products', 'At least one product is required.');
  else if (products.length > MAX_PRODUCTS)
    v.add('products', `No more than ${MAX_PRODUCTS} products are allowed.`);
  else return products.map((p: unknown, i) => readLine(v, state, p, i)!);
  return [];
}

/**
 * Reads the whole body and reports every invalid field in one 400 (ShipBob validates the model
 * as a whole; the first error alone would make a client fix one field per round trip).
 *
 * @example readOrderInput(state, { reference_id: 'A-1', shipping_method: 'Standard', … })
 */
export function readOrderInput(state: WmsState, body: Json): OrderInput {
  const v = new Issues();
  const referenceId = v.read(() =>
    str(body, 'reference_id', 'reference_id', { required: true, max: 400 }),
  );
  const shippingMethod = v.read(() =>
    str(body, 'shipping_method', 'shipping_method', { required: true }),
  );
  // GUESS: `type` is required in the 2026-01 schema; we default it to DTC like the 1.0 API did.
  const type = v.read(() => str(body, 'type', 'type')) ?? 'DTC';
  if (!TYPES.includes(type))
    v.add('type', `The value '${type.slice(0, 50)}' is not valid for type.`);
  const input = {
    referenceId: referenceId!,
    orderNumber: v.read(() => str(body, 'order_number', 'order_number', { max: 400 })),
    type,
    shippingMethod: shippingMethod!,
    recipient: readRecipient(v, body),
    lines: readProducts(v, state, body),
    purchaseDate: v.read(() => date(body, 'purchase_date', 'purchase_date')),
    tags: readTags(v, body),
    giftMessage: v.read(() => str(body, 'gift_message', 'gift_message', { max: 2000 })),
  };
  v.throwIfAny();
  return input;
}
