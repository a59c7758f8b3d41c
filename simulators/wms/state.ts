import type { SimulatorContext } from '../core/define-simulator.js';
import type { World } from '../../world/index.js';
import { readWmsConfig, type WmsConfig } from './config.js';

/**
 * The WMS's business state, vendor-neutral: epoch ms, camelCase. `wire.ts` spells it as ShipBob
 * does. One order has exactly one shipment (ShipBob may split; we never do — see docs).
 */
export type OrderStatus = 'Processing' | 'Exception' | 'Fulfilled' | 'Cancelled';
export type ShipmentStatus = 'Processing' | 'Completed' | 'Exception' | 'Cancelled';
/** Where a Processing shipment is on the floor; GUESS at ShipBob's status_details names. */
export type FloorStep = 'AwaitingPick' | 'Picked' | 'Packed' | 'Shipped' | 'Delivered';

export interface Address {
  address1: string;
  address2?: string;
  city: string;
  state?: string;
  zipCode?: string;
  country: string;
  companyName?: string;
}

export interface Recipient {
  name: string;
  address: Address;
  email?: string;
  phoneNumber?: string;
}

export interface OrderLine {
  /** ShipBob product (= inventory) id, undefined when the SKU is unknown to the warehouse. */
  productId: number | undefined;
  sku: string;
  referenceId: string;
  name: string;
  quantity: number;
  unitPrice?: number;
  externalLineId?: string;
}

export interface Tracking {
  carrier: string;
  carrierService: string;
  trackingNumber: string;
  trackingUrl: string;
  shippingDate: number;
}

export interface ShipmentRec {
  id: number;
  orderId: number;
  status: ShipmentStatus;
  step: FloorStep;
  /** Why it is in Exception (e.g. OutOfStock). */
  exceptionReason?: string;
  createdAt: number;
  lastUpdateAt: number;
  pickedAt?: number;
  packedAt?: number;
  shippedAt?: number;
  deliveredAt?: number;
  tracking?: Tracking;
  /** Marked by the merchant as synced upstream (`shipment:batchUpdateTrackingUpload`). */
  trackingUploaded?: boolean;
}

export interface OrderRec {
  id: number;
  referenceId: string;
  orderNumber?: string;
  type: string;
  shippingMethod: string;
  recipient: Recipient;
  lines: OrderLine[];
  status: OrderStatus;
  /** Whether its lines hold `committed` stock right now. */
  committed: boolean;
  createdAt: number;
  purchaseDate?: number;
  tags: { name: string; value: string }[];
  giftMessage?: string;
  shipmentId: number;
}

/** One SKU's stock across the world's warehouses (ShipBob reports totals per inventory item). */
export interface StockRec {
  inventoryId: number;
  /** Catalog index, or -1 for a product created by an order line (by reference_id + name). */
  skuIndex: number;
  sku: string;
  name: string;
  onHand: number;
  committed: number;
}

export interface WmsState {
  config: WmsConfig;
  orders: Map<number, OrderRec>;
  /** Creation order, for listing. */
  orderIds: number[];
  /** Orders the floor still moves (Processing, or shipped but not delivered), oldest first. */
  active: Set<number>;
  orderByReference: Map<string, number>;
  shipments: Map<number, ShipmentRec>;
  stock: Map<string, StockRec>;
  stockByInventoryId: Map<number, StockRec>;
  /** Sliding-window request times (wall ms) per credential. */
  windows: Map<string, number[]>;
  seq: { order: number; shipment: number; event: number; adjustment: number };
  channel: { id: number; name: string };
}

/** Id bases: ShipBob ids are plain integers; offsets keep orders and shipments apart. */
export const ORDER_ID_BASE = 310_000_000;
export const SHIPMENT_ID_BASE = 520_000_000;
export const INVENTORY_ID_BASE = 1_000_000;

/** On hand per SKU at the start: the sum over the world's warehouses (stores are not the 3PL's). */
function initialStock(world: World): Map<string, StockRec> {
  const warehouses = world.locations().filter((l) => l.kind === 'warehouse');
  const stock = new Map<string, StockRec>();
  for (const sku of world.catalog()) {
    const onHand = warehouses.reduce((a, w) => a + world.initialStock(w.id, sku.index), 0);
    stock.set(sku.sku, {
      inventoryId: INVENTORY_ID_BASE + sku.index,
      skuIndex: sku.index,
      sku: sku.sku,
      name: sku.name,
      onHand,
      committed: 0,
    });
  }
  return stock;
}

/**
 * @example createWmsState({ world, config: {} }).stock.get('SKU-00000')!.committed // 0
 */
export function createWmsState(ctx: Pick<SimulatorContext<never>, 'world' | 'config'>): WmsState {
  const stock = initialStock(ctx.world);
  return {
    config: readWmsConfig(ctx.config),
    orders: new Map(),
    orderIds: [],
    active: new Set(),
    orderByReference: new Map(),
    shipments: new Map(),
    stock,
    stockByInventoryId: new Map([...stock.values()].map((s) => [s.inventoryId, s])),
    windows: new Map(),
    seq: { order: 0, shipment: 0, event: 0, adjustment: 0 },
    // GUESS: one API channel per token, as a PAT created in the dashboard gets.
    channel: { id: 100_000 + (ctx.world.seed % 900_000), name: 'omnichaos-api' },
  };
}

/** Units free to promise: on hand − committed, never below zero. */
export function fulfillable(s: StockRec): number {
  return Math.max(0, s.onHand - s.committed);
}
