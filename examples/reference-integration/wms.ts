import type { Config } from './config.js';
import { AlreadyDone } from './outbox.js';
import { HttpFailure, retryAfterMs, systemPolicy, type SystemPolicy } from './resilience.js';

/**
 * The warehouse side (ShipBob has no official Node SDK, so plain `fetch` on its documented
 * paths, API version 2026-01). Orders go in with `reference_id` = the marketplace order id, so a
 * retry after a lost response meets ShipBob's 422 duplicate — "already done" here.
 */

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

const VERSION = '/2026-01';

export interface StockLevel {
  sku: string;
  fulfillable: number;
  /** Units in the building, including those already committed to open orders. */
  onHand: number;
}

export class Wms {
  readonly policy: SystemPolicy;

  constructor(private readonly config: Config) {
    // ShipBob limits requests per minute, not concurrency: slow acks need calls in parallel.
    this.policy = systemPolicy(config, 'wms', 16);
  }

  private channel: Promise<string> | undefined;

  /** Our channel's id (GET /channel), which ShipBob requires as `shipbob_channel_id` on create. */
  private channelId(): Promise<string> {
    this.channel ??= this.call('GET', '/channel').then(
      (res) => String((res.items as Body[])[0]!.id),
      (err: unknown) => {
        this.channel = undefined;
        throw err;
      },
    );
    return this.channel;
  }

  private async call(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<Body> {
    let res: Response;
    try {
      res = await fetch(this.config.wms!.url + VERSION + path, {
        method,
        headers: {
          authorization: `Bearer ${this.config.wms!.token}`,
          'content-type': 'application/json',
          ...extra,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new HttpFailure(undefined, `network error: ${(err as Error).message}`);
    }
    const text = await res.text();
    if (!res.ok) {
      const after = res.headers.get('retry-after') ?? res.headers.get('x-retry-after');
      throw new HttpFailure(
        res.status,
        `HTTP ${res.status} ${text.slice(0, 200)}`,
        retryAfterMs(after),
      );
    }
    try {
      return text ? (JSON.parse(text) as Body) : {};
    } catch {
      throw new HttpFailure(502, `unreadable body: ${text.slice(0, 80)}`);
    }
  }

  /** @example await wms.createOrder('113-…', [{ sku: 'SKU-00001', quantity: 2 }]) */
  async createOrder(
    referenceId: string,
    lines: { sku: string; quantity: number }[],
  ): Promise<void> {
    // `fresh-wms-reference-retries`: each retry goes out under a new reference (`<id>-r1`, …),
    // so an order that landed but lost its answer is created again
    const fresh = this.config.defects.has('fresh-wms-reference-retries');
    let attempt = 0;
    try {
      await this.policy.execute(async () =>
        this.call(
          'POST',
          '/order',
          {
            reference_id: fresh && attempt++ > 0 ? `${referenceId}-r${attempt - 1}` : referenceId,
            shipping_method: 'Standard',
            // GUESS-free placeholder: the marketplace hides buyer addresses without a restricted token.
            recipient: {
              name: 'Marketplace customer',
              address: {
                address1: '1 Fulfilment Way',
                city: 'Springfield',
                state: 'IL',
                zip_code: '62701',
                country: 'US',
              },
            },
            // ShipBob names a product by reference_id (our SKU); `sku` alone is refused.
            products: lines.map((l) => ({ reference_id: l.sku, quantity: l.quantity })),
          },
          { shipbob_channel_id: await this.channelId() },
        ),
      );
    } catch (err) {
      if (
        err instanceof HttpFailure &&
        err.status === 422 &&
        /existing ReferenceId/i.test(err.message)
      )
        throw new AlreadyDone();
      throw err;
    }
  }

  /**
   * The WMS orders for these references (at most 250 per call), as ShipBob returns them.
   *
   * @example await wms.ordersByReference(['113-…', '114-…'])
   */
  async ordersByReference(refs: string[]): Promise<Body[]> {
    const q = refs.map(encodeURIComponent).join(',');
    const res = await this.policy.execute(() =>
      this.call('GET', `/order?ReferenceIds=${q}&Limit=250`),
    );
    return Array.isArray(res) ? (res as Body[]) : [];
  }

  /** Every SKU's fulfillable units (inventory levels, cursor paging). */
  async stock(): Promise<StockLevel[]> {
    const out: StockLevel[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const res = await this.policy.execute(() =>
        this.call(
          'GET',
          `/inventory-level?PageSize=250${cursor ? `&Cursor=${encodeURIComponent(cursor)}` : ''}`,
        ),
      );
      for (const item of (res.items as Body[]) ?? [])
        out.push({
          sku: String(item.sku),
          fulfillable: Number(item.total_fulfillable_quantity ?? 0),
          onHand: Number(item.total_on_hand_quantity ?? 0),
        });
      cursor = nextCursor(res.next);
      if (!cursor) break;
    }
    return out;
  }
}

/** The `Cursor` query value of ShipBob's `next` link (absent on the last page). */
function nextCursor(next: unknown): string | undefined {
  if (typeof next !== 'string' || !next) return undefined;
  try {
    return (
      new URL(next, 'http://x').searchParams.get('Cursor') ??
      new URL(next, 'http://x').searchParams.get('cursor') ??
      undefined
    );
  } catch {
    return undefined;
  }
}
