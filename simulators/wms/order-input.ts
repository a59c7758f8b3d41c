import { invalid } from './errors.js';
import type { Address, OrderLine, Recipient, WmsState } from './state.js';
import { date, money, obj, posInt, str, type Json } from './validate.js';

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

function readAddress(r: Json): Address {
  const a = obj(r, 'address', 'recipient.address', true)!;
  const p = (k: string) => `recipient.address.${k}`;
  return {
    address1: str(a, 'address1', p('address1'), { required: true })!,
    address2: str(a, 'address2', p('address2')),
    city: str(a, 'city', p('city'), { required: true })!,
    state: str(a, 'state', p('state')),
    zipCode: str(a, 'zip_code', p('zip_code')),
    country: str(a, 'country', p('country'), { required: true, max: 60 })!,
    companyName: str(a, 'company_name', p('company_name')),
  };
}

function readRecipient(body: Json): Recipient {
  const r = obj(body, 'recipient', 'recipient', true)!;
  return {
    name: str(r, 'name', 'recipient.name', { required: true })!,
    address: readAddress(r),
    email: str(r, 'email', 'recipient.email'),
    phoneNumber: str(r, 'phone_number', 'recipient.phone_number', { max: 50 }),
  };
}

function readLine(state: WmsState, raw: unknown, i: number): OrderLine {
  const path = `products[${i}]`;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    invalid(path, 'The JSON value could not be converted to an object.');
  const p = raw as Json;
  const quantity = posInt(p, 'quantity', `${path}.quantity`, true)!;
  const id = posInt(p, 'id', `${path}.id`);
  const sku = str(p, 'sku', `${path}.sku`);
  const referenceId = str(p, 'reference_id', `${path}.reference_id`);
  let stock = id !== undefined ? state.stockByInventoryId.get(id) : undefined;
  if (id !== undefined && !stock) invalid(`${path}.id`, `Product ${id} does not exist.`, 422);
  const key = stock?.sku ?? sku ?? referenceId;
  if (key === undefined || key === '')
    invalid(`${path}.reference_id`, 'The reference_id field is required.');
  stock ??= state.stock.get(key);
  return {
    productId: stock?.inventoryId,
    sku: key,
    referenceId: referenceId ?? key,
    name: str(p, 'name', `${path}.name`) ?? stock?.name ?? key,
    quantity,
    unitPrice: money(p, 'unit_price', `${path}.unit_price`),
    externalLineId: str(p, 'external_line_id', `${path}.external_line_id`),
  };
}

function readTags(body: Json): { name: string; value: string }[] {
  const raw = body.tags;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) invalid('tags', 'The JSON value could not be converted to a list.');
  return raw.slice(0, 100).map((t: unknown, i) => {
    if (!t || typeof t !== 'object' || Array.isArray(t))
      invalid(`tags[${i}]`, 'The JSON value could not be converted to an object.');
    const tag = t as Json;
    return {
      name: str(tag, 'name', `tags[${i}].name`, { required: true })!,
      value: str(tag, 'value', `tags[${i}].value`) ?? '',
    };
  });
}

/**
 * @example readOrderInput(state, { reference_id: 'A-1', shipping_method: 'Standard', … })
 */
export function readOrderInput(state: WmsState, body: Json): OrderInput {
  const referenceId = str(body, 'reference_id', 'reference_id', { required: true, max: 400 })!;
  const shippingMethod = str(body, 'shipping_method', 'shipping_method', { required: true })!;
  // GUESS: `type` is required in the 2026-01 schema; we default it to DTC like the 1.0 API did.
  const type = str(body, 'type', 'type') ?? 'DTC';
  if (!TYPES.includes(type))
    invalid('type', `The value '${type.slice(0, 50)}' is not valid for type.`);
  const recipient = readRecipient(body);
  const products = body.products;
  if (products === undefined || products === null)
    invalid('products', 'The products field is required.');
  if (!Array.isArray(products))
    invalid('products', 'The JSON value could not be converted to a list.');
  if (products.length === 0) invalid('products', 'At least one product is required.');
  if (products.length > MAX_PRODUCTS)
    invalid('products', `No more than ${MAX_PRODUCTS} products are allowed.`);
  return {
    referenceId,
    orderNumber: str(body, 'order_number', 'order_number', { max: 400 }),
    type,
    shippingMethod,
    recipient,
    lines: products.map((p: unknown, i) => readLine(state, p, i)),
    purchaseDate: date(body, 'purchase_date', 'purchase_date'),
    tags: readTags(body),
    giftMessage: str(body, 'gift_message', 'gift_message', { max: 2000 }),
  };
}
