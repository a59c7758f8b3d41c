import type { OrderRec, ShipmentRec, StockRec, WmsState } from './state.js';
import { fulfillable } from './state.js';

/**
 * ShipBob's wire spelling of the state (docs/dialects/wms.md): snake_case, ISO dates, integer ids.
 * Fields we do not model are sent as null so clients that read them see the key.
 */
export function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

function productsWire(o: OrderRec) {
  return o.lines.map((l) => ({
    id: l.productId ?? null,
    reference_id: l.referenceId,
    name: l.name,
    sku: l.sku,
    quantity: l.quantity,
    quantity_unit_of_measure_code: 'EA',
    unit_price: l.unitPrice ?? null,
    external_line_id: l.externalLineId ?? null,
    gtin: null,
    upc: null,
  }));
}

/** GUESS: status_details names for the floor steps and exceptions. */
function statusDetails(s: ShipmentRec) {
  if (s.status === 'Exception')
    return [
      {
        id: 1,
        name: s.exceptionReason ?? 'OutOfStock',
        description: describe(s),
        inventory_id: null,
      },
    ];
  return [{ id: 1, name: s.step, description: `Shipment is ${s.step}.`, inventory_id: null }];
}

function describe(s: ShipmentRec): string {
  return s.exceptionReason === 'UnknownProduct'
    ? 'One or more products are not set up in the fulfillment center.'
    : 'One or more products are out of stock.';
}

/** When the carrier last reported on the shipment: delivery, else the ship date. */
export function lastTrackingUpdate(s: ShipmentRec): number | undefined {
  return s.deliveredAt ?? s.shippedAt;
}

/**
 * @example shipmentWire(state, order, shipment).tracking // null until shipped
 */
export function shipmentWire(state: WmsState, o: OrderRec, s: ShipmentRec) {
  const t = s.tracking;
  return {
    id: s.id,
    order_id: o.id,
    reference_id: o.referenceId,
    recipient: recipientWire(o),
    status: s.status,
    status_details: statusDetails(s),
    created_date: iso(s.createdAt),
    last_update_at: iso(s.lastUpdateAt),
    last_tracking_update_at: iso(lastTrackingUpdate(s)),
    actual_fulfillment_date: iso(s.shippedAt),
    estimated_fulfillment_date: iso(s.createdAt + state.config.shipAfterMs),
    estimated_fulfillment_date_status:
      s.status === 'Exception'
        ? 'AwaitingInventoryAllocation'
        : s.shippedAt
          ? 'FulfilledOnTime'
          : 'PendingOnTime',
    delivery_date: iso(s.deliveredAt),
    // False until the merchant marks it (POST /shipment:batchUpdateTrackingUpload): ShipBob's
    // flag means "synced to the system the order came from", not "has tracking".
    is_tracking_uploaded: s.trackingUploaded === true,
    location: { id: 1, name: 'omnichaos FC' },
    products: productsWire(o),
    ship_option: o.shippingMethod,
    tracking: t
      ? {
          carrier: t.carrier,
          carrier_service: t.carrierService,
          tracking_number: t.trackingNumber,
          tracking_url: t.trackingUrl,
          shipping_date: iso(t.shippingDate),
          bol: null,
          pro_number: null,
          scac: null,
        }
      : null,
  };
}

function recipientWire(o: OrderRec) {
  const r = o.recipient;
  const a = r.address;
  return {
    name: r.name,
    email: r.email ?? null,
    phone_number: r.phoneNumber ?? null,
    address: {
      address1: a.address1,
      address2: a.address2 ?? null,
      city: a.city,
      state: a.state ?? null,
      zip_code: a.zipCode ?? null,
      country: a.country,
      company_name: a.companyName ?? null,
    },
  };
}

/**
 * @example orderWire(state, order).status // 'Processing'
 */
export function orderWire(state: WmsState, o: OrderRec) {
  const s = state.shipments.get(o.shipmentId)!;
  return {
    id: o.id,
    created_date: iso(o.createdAt),
    purchase_date: iso(o.purchaseDate),
    reference_id: o.referenceId,
    order_number: o.orderNumber ?? null,
    status: o.status,
    type: o.type,
    channel: { ...state.channel },
    shipping_method: o.shippingMethod,
    recipient: recipientWire(o),
    products: productsWire(o),
    tags: o.tags,
    shipments: [shipmentWire(state, o, s)],
    gift_message: o.giftMessage ?? null,
    financials: null,
  };
}

/** One row of `GET /inventory-level` (docs/dialects/wms.md). */
export function inventoryLevelWire(s: StockRec) {
  return {
    inventory_id: s.inventoryId,
    name: s.name,
    sku: s.sku,
    total_on_hand_quantity: s.onHand,
    total_committed_quantity: s.committed,
    total_fulfillable_quantity: fulfillable(s),
    total_sellable_quantity: fulfillable(s),
    total_awaiting_quantity: 0,
    total_backordered_quantity: 0,
    total_exception_quantity: 0,
    total_internal_transfer_quantity: 0,
  };
}

/**
 * One item of `GET /inventory` (older shape: `total_onhand_quantity` without the underscore).
 * GUESS: field names follow the 1.0 `Inventory` schema.
 */
export function inventoryWire(s: StockRec) {
  return {
    id: s.inventoryId,
    name: s.name,
    sku: s.sku,
    is_digital: false,
    is_active: true,
    is_lot: false,
    total_fulfillable_quantity: fulfillable(s),
    total_onhand_quantity: s.onHand,
    total_committed_quantity: s.committed,
    total_sellable_quantity: fulfillable(s),
    total_awaiting_quantity: 0,
    total_exception_quantity: 0,
    total_backordered_quantity: 0,
  };
}
