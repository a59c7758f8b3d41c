import type { World } from '../../world/index.js';
import { asinFor } from './ids.js';
import { orderTotalCents } from './orders.js';
import type { OrderItemRec, OrderRec } from './state.js';

/**
 * Orders v0 wire shapes (docs/dialects/marketplace.md): PascalCase, money as `{ CurrencyCode, Amount }` with
 * the amount a decimal STRING.
 */
const DAY_MS = 86_400_000;

/**
 * @example money(1234) // { CurrencyCode: 'USD', Amount: '12.34' }
 */
export function money(cents: number): { CurrencyCode: string; Amount: string } {
  return { CurrencyCode: 'USD', Amount: (cents / 100).toFixed(2) };
}

/** ISO 8601 without milliseconds, as SP-API prints dates. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * One Order. GUESS: ship/delivery windows (Prime 1/2 days, otherwise 2/5 days), FulfillmentChannel
 * MFN, PaymentMethod Other; ShippingAddress carries only the non-PII fields an LWA token may read
 * (docs/dialects/marketplace.md: full address needs a Restricted Data Token).
 *
 * @example orderWire(world, 'ATVPDKIKX0DER', order).OrderStatus // 'Unshipped'
 */
export function orderWire(world: World, marketplaceId: string, o: OrderRec) {
  const shipped = o.items.reduce((n, i) => n + i.quantityShipped, 0);
  const ordered = o.items.reduce((n, i) => n + i.quantity, 0);
  const shipDays = o.isPrime ? 1 : 2;
  const deliverDays = o.isPrime ? 2 : 5;
  const address = world.customer(o.customerIndex).address;
  return {
    AmazonOrderId: o.id,
    PurchaseDate: isoDate(o.purchaseMs),
    LastUpdateDate: isoDate(o.updatedMs),
    OrderStatus: o.status,
    FulfillmentChannel: 'MFN',
    SalesChannel: 'Amazon.com',
    ShipServiceLevel: o.shipServiceLevel,
    OrderTotal: money(orderTotalCents(o)),
    NumberOfItemsShipped: shipped,
    NumberOfItemsUnshipped: ordered - shipped,
    PaymentMethod: 'Other',
    PaymentMethodDetails: ['Standard'],
    MarketplaceId: marketplaceId,
    ShipmentServiceLevelCategory: o.isPrime ? 'Expedited' : 'Standard',
    OrderType: 'StandardOrder',
    EarliestShipDate: isoDate(o.purchaseMs),
    LatestShipDate: isoDate(o.purchaseMs + shipDays * DAY_MS),
    EarliestDeliveryDate: isoDate(o.purchaseMs + shipDays * DAY_MS),
    LatestDeliveryDate: isoDate(o.purchaseMs + deliverDays * DAY_MS),
    IsBusinessOrder: false,
    IsPrime: o.isPrime,
    IsPremiumOrder: false,
    IsGlobalExpressEnabled: false,
    IsReplacementOrder: false,
    IsSoldByAB: false,
    IsISPU: false,
    IsAccessPointOrder: false,
    HasRegulatedItems: false,
    // SP-API returns no ShippingAddress while an order is Pending (payment not yet cleared).
    ...(o.status === 'Pending'
      ? {}
      : {
          ShippingAddress: {
            City: address.city,
            StateOrRegion: address.state,
            PostalCode: address.postalCode,
            CountryCode: address.country,
          },
        }),
  };
}

/**
 * One OrderItem. `ItemPrice` is the line total (unit price × quantity), as SP-API defines it.
 *
 * @example orderItemWire(world, item).ItemPrice // { CurrencyCode: 'USD', Amount: '24.98' }
 */
export function orderItemWire(world: World, item: OrderItemRec) {
  return {
    ASIN: asinFor(world.seed, item.skuIndex),
    SellerSKU: item.sku,
    OrderItemId: item.orderItemId,
    Title: world.sku(item.skuIndex).name,
    QuantityOrdered: item.quantity,
    QuantityShipped: item.quantityShipped,
    ProductInfo: { NumberOfItems: '1' },
    ItemPrice: money(item.quantity * item.unitPriceCents),
    ItemTax: money(0),
    ShippingPrice: money(0),
    ShippingTax: money(0),
    ShippingDiscount: money(0),
    PromotionDiscount: money(0),
    PromotionIds: [],
    IsGift: 'false',
    ConditionId: 'New',
    ConditionSubtypeId: 'New',
    IsTransparency: false,
    SerialNumberRequired: false,
    BuyerRequestedCancel: { IsBuyerRequestedCancel: 'false', BuyerCancelReason: '' },
  };
}
