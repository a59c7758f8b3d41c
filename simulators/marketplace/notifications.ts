import type { SimulatorContext } from '../core/define-simulator.js';
import { namedUuid, notificationIdFor } from './ids.js';
import type { FeedRec, MarketplaceState, OrderRec } from './state.js';
import { isoDate } from './wire-orders.js';

/**
 * SP-API notifications (docs/dialects/marketplace.md). Amazon delivers them to an SQS queue or EventBridge,
 * not over HTTP; the simulator substitutes an HTTP POST of the same JSON through the core outbox
 * to the system's webhook URL (at-least-once, retried). No signature: SQS messages carry none.
 * `NotificationId` is derived from the seed and the event, so retries and replays keep it.
 */
type Ctx = Pick<SimulatorContext<MarketplaceState>, 'state' | 'world' | 'clock' | 'outbox'>;

/** GUESS: the ApplicationId shape (`amzn1.sellerapps.app.<uuid>`), fixed per world. */
function applicationId(seed: number): string {
  return `amzn1.sellerapps.app.${namedUuid(seed, 'application')}`;
}

function metadata(ctx: Ctx, type: string, notificationId: string) {
  return {
    ApplicationId: applicationId(ctx.world.seed),
    SubscriptionId: namedUuid(ctx.world.seed, 'subscription', type),
    PublishTime: isoDate(ctx.clock.now()),
    NotificationId: notificationId,
  };
}

/**
 * What an order change is called in `OrderChangeTrigger.ChangeReason`.
 * GUESS: the schema leaves it free text; these are the phrases sellers report.
 */
export type OrderChangeReason = 'OrderCreated' | 'OrderStatusChange';

/**
 * Queue an ORDER_CHANGE notification for the order as it is now (PascalCase envelope, version 1.0).
 *
 * @example notifyOrderChange(ctx, order, 'OrderStatusChange')
 */
export function notifyOrderChange(ctx: Ctx, order: OrderRec, reason: OrderChangeReason): void {
  const now = isoDate(ctx.clock.now());
  const id = notificationIdFor(ctx.world.seed, 'order', order.id, order.notified++);
  const shipped = order.items.reduce((n, i) => n + i.quantityShipped, 0);
  const ordered = order.items.reduce((n, i) => n + i.quantity, 0);
  const postal = ctx.world.customer(order.customerIndex).address.postalCode;
  const body = {
    NotificationVersion: '1.0',
    NotificationType: 'ORDER_CHANGE',
    PayloadVersion: '1.0',
    EventTime: now,
    Payload: {
      OrderChangeNotification: {
        NotificationLevel: 'OrderLevel',
        SellerId: ctx.world.credentials.marketplace.sellerId,
        AmazonOrderId: order.id,
        OrderChangeType: 'OrderStatusChange',
        OrderChangeTrigger: { TimeOfOrderChange: isoDate(order.updatedMs), ChangeReason: reason },
        Summary: {
          MarketplaceId: ctx.world.credentials.marketplace.marketplaceId,
          OrderStatus: order.status,
          PurchaseDate: isoDate(order.purchaseMs),
          DestinationPostalCode: postal,
          FulfillmentType: 'MFN',
          OrderType: 'StandardOrder',
          NumberOfItemsShipped: shipped,
          NumberOfItemsUnshipped: ordered - shipped,
          OrderItems: order.items.map((i) => ({
            OrderItemId: i.orderItemId,
            SellerSKU: i.sku,
            Quantity: i.quantity,
            QuantityShipped: i.quantityShipped,
            IsBuyerRequestedCancel: false,
          })),
        },
      },
    },
    NotificationMetadata: metadata(ctx, 'ORDER_CHANGE', id),
  };
  ctx.outbox.enqueue('ORDER_CHANGE', body, { id });
}

/**
 * Queue a FEED_PROCESSING_FINISHED notification (camelCase envelope, version 2020-09-04).
 *
 * @example notifyFeedFinished(ctx, feed)
 */
export function notifyFeedFinished(ctx: Ctx, feed: FeedRec): void {
  const id = notificationIdFor(ctx.world.seed, 'feed', feed.id);
  const m = metadata(ctx, 'FEED_PROCESSING_FINISHED', id);
  const sellerId = ctx.world.credentials.marketplace.sellerId;
  const body = {
    notificationVersion: '2020-09-04',
    notificationType: 'FEED_PROCESSING_FINISHED',
    payloadVersion: '2020-09-04',
    eventTime: isoDate(ctx.clock.now()),
    payload: {
      feedProcessingFinishedNotification: {
        sellerId,
        // GUESS: accountId is the merchant's account; the simulator has one id for both.
        accountId: sellerId,
        feedId: feed.id,
        feedType: feed.feedType,
        processingStatus: feed.status,
        ...(feed.resultDocumentId ? { resultFeedDocumentId: feed.resultDocumentId } : {}),
      },
    },
    notificationMetadata: {
      applicationId: m.ApplicationId,
      subscriptionId: m.SubscriptionId,
      publishTime: m.PublishTime,
      notificationId: m.NotificationId,
    },
  };
  ctx.outbox.enqueue('FEED_PROCESSING_FINISHED', body, { id });
}
