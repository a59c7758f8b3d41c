import { SquareClient, SquareError, type Square } from 'square';
import { nextBatch, type Config } from './config.js';
import { WALK_IN, type Erp } from './erp.js';
import type { Job, Outbox } from './outbox.js';
import { HttpFailure, retryAfterMs, systemPolicy, type SystemPolicy } from './resilience.js';
import { singleFlight } from './single-flight.js';

/**
 * pos-to-erp (docs/architecture.md), through the official `square` SDK: poll SearchOrders for COMPLETED
 * orders by `updated_at` with an overlap (offline stores upload old sales with a new
 * `updated_at`), turn each into an outbox job, and book it in the ERP as a cash sale at its
 * store (`externalId` = Square order id); each Square refund becomes a cash refund
 * (`externalId` = refund id). Webhooks only make the next poll come sooner.
 */

/** Poll again this far back (scenario time), so a write that committed late is not skipped. */
const OVERLAP_MS = 10_000;

/** `batches-store-sales`: scenario ms between scheduled exports of store sales to the ERP. */
const SALES_EXPORT_MS = 5 * 60_000;

interface SaleJob {
  orderId: string;
  /** `books-sales-per-webhook`: booked from a webhook delivery, the Square id only as reference. */
  fromWebhook?: true;
  store: string;
  lines: { sku: string; quantity: number; amountCents: number }[];
}
interface RefundJob {
  refundId: string;
  orderId: string;
  store: string;
  amountCents: number;
  sku: string;
  quantity: number;
}

function failure(err: unknown): Error {
  if (!(err instanceof SquareError)) return err as Error;
  const code = err.errors[0]?.code;
  const after = err.rawResponse?.headers.get('retry-after');
  return new HttpFailure(
    err.statusCode,
    `HTTP ${err.statusCode ?? '-'} ${code ?? err.message}`,
    retryAfterMs(after),
    code,
  );
}

const cents = (m: Square.Money | undefined): number => Number(m?.amount ?? 0);
const dollars = (c: number): number => Math.round(c) / 100;

export class PosFlow {
  private readonly square: SquareClient;
  private readonly policy: SystemPolicy;
  private readonly skuOf = new Map<string, string>();
  private readonly storeOf = new Map<string, string>();
  /** `books-sales-per-webhook`: deliveries acted on, each a job of its own. */
  private deliveries = 0;

  constructor(
    private readonly config: Config,
    private readonly outbox: Outbox,
    private readonly erp: Erp,
  ) {
    this.square = new SquareClient({
      token: config.pos!.token,
      baseUrl: config.pos!.url,
      maxRetries: 0,
    });
    this.policy = systemPolicy(config, 'pos', 4);
    outbox.on('cashSale', (job) => this.bookSale(job));
    outbox.on('cashRefund', (job) => this.bookRefund(job));
  }

  private sq<T>(call: () => Promise<T>): Promise<T> {
    return this.policy.execute(() => call().catch((err: unknown) => Promise.reject(failure(err))));
  }

  /** Locations (store ids live in `description`) and the variation → SKU map. */
  async init(): Promise<void> {
    const { locations = [] } = await this.sq(() => this.square.locations.list());
    for (const l of locations) if (l.id) this.storeOf.set(l.id, l.description || l.id);
    const pages = await this.sq(() => this.square.catalog.list({ types: 'ITEM_VARIATION' }));
    for await (const object of pages)
      if (object.type === 'ITEM_VARIATION' && object.itemVariationData?.sku)
        this.skuOf.set(object.id, object.itemVariationData.sku);
  }

  /** One poll now; a poll asked for while one runs is done right after it. */
  readonly poll = singleFlight(() => this.pollOnce());

  private async pollOnce(): Promise<void> {
    const byCreated = this.config.defects.has('created-after-polling');
    const field = byCreated ? 'createdAt' : 'updatedAt';
    const since = this.outbox.cursor('pos') ?? '1970-01-01T00:00:00Z';
    const startAt = byCreated ? since : new Date(Date.parse(since) - OVERLAP_MS).toISOString();
    const ids = [...this.storeOf.keys()];
    let newest = since;
    for (let i = 0; i < ids.length; i += 10) {
      let cursor: string | undefined;
      do {
        const page: Square.SearchOrdersResponse = await this.sq(() =>
          this.square.orders.search({
            locationIds: ids.slice(i, i + 10),
            query: {
              filter: {
                stateFilter: { states: ['COMPLETED'] },
                dateTimeFilter: { [field]: { startAt } },
              },
              sort: { sortField: byCreated ? 'CREATED_AT' : 'UPDATED_AT', sortOrder: 'ASC' },
            },
            limit: 500,
            ...(cursor ? { cursor } : {}),
          }),
        );
        for (const order of page.orders ?? []) {
          const at = (byCreated ? order.createdAt : order.updatedAt) ?? since;
          // created-after-polling also moves its cursor past sales it has not seen yet.
          if (at > newest) newest = at;
          this.take(order);
        }
        cursor = page.cursor;
      } while (cursor);
    }
    if (newest !== since) this.outbox.setCursor('pos', newest);
  }

  /** A COMPLETED Square order as the cash sale it becomes. */
  private saleOf(order: Square.Order & { id: string }) {
    const store = this.storeOf.get(order.locationId) ?? order.locationId;
    const lines = (order.lineItems ?? []).map((l) => ({
      sku: this.skuOf.get(l.catalogObjectId ?? '') ?? l.name ?? 'UNKNOWN',
      quantity: Number(l.quantity),
      amountCents: cents(l.totalMoney),
      unitCents: cents(l.basePriceMoney),
    }));
    return { orderId: order.id, store, lines };
  }

  private take(order: Square.Order): void {
    if (!order.id) return;
    const sale = this.saleOf({ ...order, id: order.id });
    const { store, lines } = sale;
    // batches-store-sales: "the ERP gets the store sales by a scheduled export" — sales and
    // refunds wait for the next five-minute run instead of going as they complete
    const exportAt = this.config.defects.has('batches-store-sales')
      ? nextBatch(this.config, SALES_EXPORT_MS)
      : 0;
    // books-sales-per-webhook: sales are booked from Square's payment webhooks instead
    if (!this.config.defects.has('books-sales-per-webhook'))
      this.outbox.enqueue(`cashSale:${order.id}`, 'cashSale', sale satisfies SaleJob, exportAt);
    for (const refund of order.refunds ?? []) {
      if (refund.status === 'REJECTED' || refund.status === 'FAILED') continue;
      const amountCents = cents(refund.amountMoney);
      // Square's order refund names no line; a till refund is one line, so find the line
      // whose unit price divides the refunded amount.
      const line =
        lines.find((l) => l.unitCents > 0 && amountCents % l.unitCents === 0) ?? lines[0];
      if (!line) continue;
      const quantity = line.unitCents > 0 ? Math.max(1, amountCents / line.unitCents) : 1;
      this.outbox.enqueue(
        `cashRefund:${refund.id}`,
        'cashRefund',
        {
          refundId: refund.id,
          orderId: order.id,
          store,
          amountCents,
          sku: line.sku,
          quantity,
        } satisfies RefundJob,
        exportAt,
      );
    }
  }

  /**
   * `books-sales-per-webhook`: "the webhook is the sale" — every delivery of a `payment.created`
   * for a completed payment books its order as a cash sale at once, with the Square order id
   * only as its reference number (no external id, no de-duplication), so a repeated delivery
   * books the sale again and the ERP has no reason to refuse it.
   */
  async bookFromWebhook(event: {
    type?: string;
    data?: { object?: { payment?: { order_id?: string; status?: string } } };
  }): Promise<void> {
    const payment = event.data?.object?.payment;
    if (event.type !== 'payment.created' || payment?.status !== 'COMPLETED' || !payment.order_id)
      return;
    const orderId = payment.order_id;
    const { order } = await this.sq(() => this.square.orders.get({ orderId }));
    if (!order?.id || order.state !== 'COMPLETED') return;
    const sale: SaleJob = { ...this.saleOf({ ...order, id: order.id }), fromWebhook: true };
    this.outbox.enqueue(`cashSale:${order.id}:delivery-${++this.deliveries}`, 'cashSale', sale);
  }

  private bookSale(job: Job): Promise<void> {
    const sale = job.payload as SaleJob;
    const idempotent = !this.config.defects.has('no-idempotency') && !sale.fromWebhook;
    return this.erp.create('cashSale', {
      // no-idempotency: the Square id only as a reference, so a retry makes a second sale.
      ...(idempotent ? { externalId: sale.orderId } : {}),
      otherRefNum: sale.orderId,
      entity: { externalId: WALK_IN },
      location: { externalId: sale.store },
      item: {
        items: sale.lines.map((l) => ({
          item: { externalId: l.sku },
          quantity: l.quantity,
          amount: dollars(l.amountCents),
        })),
      },
    });
  }

  private bookRefund(job: Job): Promise<void> {
    const refund = job.payload as RefundJob;
    // the scheduled export books a sale before its refunds (an ERP refund of a sale it does not
    // have yet would be an impossible ordering): the refund waits for its sale's job
    if (
      this.config.defects.has('batches-store-sales') &&
      !this.outbox.isDone(`cashSale:${refund.orderId}`)
    )
      return Promise.reject(new Error(`the sale ${refund.orderId} is not exported yet`));
    const idempotent = !this.config.defects.has('no-idempotency');
    return this.erp.create('cashRefund', {
      ...(idempotent ? { externalId: refund.refundId } : {}),
      otherRefNum: refund.refundId,
      entity: { externalId: WALK_IN },
      location: { externalId: refund.store },
      item: {
        items: [
          {
            item: { externalId: refund.sku },
            quantity: refund.quantity,
            amount: dollars(refund.amountCents),
          },
        ],
      },
    });
  }
}
