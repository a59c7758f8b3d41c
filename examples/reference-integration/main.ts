import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebhooksHelper } from 'square';
import { Webhook } from 'standardwebhooks';
import { readConfig, scenarioWait, type Config } from './config.js';
import { Erp } from './erp.js';
import { Marketplace } from './marketplace.js';
import { OrderFlows } from './orders.js';
import { Outbox } from './outbox.js';
import { PosFlow } from './pos.js';
import { PricingFlow } from './pricing.js';
import { SettlementFlow } from './settlement.js';
import { Storefront, verifyShopifyHmac } from './storefront.js';
import { Wms } from './wms.js';

/**
 * The reference integration: a small service that keeps a retailer's ERP in step with its
 * stores, built the way the design recommends (durable outbox, idempotent writes, polite
 * retries, circuit breakers, webhook de-duplication). The omnichaos runner starts it with its
 * env vars; `DEFECTS=…` switches on one classic mistake at a time (config.ts).
 *
 *   GET  /health           200 once it is configured and listening, with outbox figures
 *   POST /replay           dead letters back into the outbox
 *   POST /webhooks/<sys>   vendor webhooks (signature checked, de-duplicated by event id)
 */

const log = (line: string) => console.log(`[reference-integration] ${line}`);

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Event ids already handled, bounded so a long run does not grow without end. */
class SeenIds {
  private readonly ids = new Set<string>();
  constructor(private readonly max = 50_000) {}
  firstTime(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}

async function main(config: Config): Promise<void> {
  const outbox = new Outbox({
    stateDir: config.stateDir,
    concurrency: 16,
    dropOnServerError: config.defects.has('drop-on-5xx'),
    // the ERP writes wait six scenario minutes: longer than a backlog may take to clear
    slowRetrySweep: config.defects.has('slow-retry-sweep')
      ? {
          ms: scenarioWait(config, 6 * 60_000),
          kinds: new Set(['salesOrder', 'cashSale', 'cashRefund', 'itemFulfillment']),
        }
      : undefined,
    log,
  });
  const erp = config.erp ? new Erp(config) : undefined;
  const pos = config.pos && erp ? new PosFlow(config, outbox, erp) : undefined;
  const mkt = config.marketplace ? new Marketplace(config) : undefined;
  const wms = config.wms ? new Wms(config) : undefined;
  const sf = config.storefront ? new Storefront(config) : undefined;
  const orders = mkt || sf ? new OrderFlows(config, outbox, erp, mkt, wms, sf) : undefined;
  const wmsHooks = config.wms?.webhookSecret ? new Webhook(config.wms.webhookSecret) : undefined;
  const seen = new SeenIds();
  const dedupe = !config.defects.has('no-webhook-dedupe');

  async function webhook(sys: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await read(req);
    // `skips-signature-checks`: every delivery is believed, signed or not.
    const trusting = config.defects.has('skips-signature-checks');
    if (sys === 'pos' && pos) {
      const valid =
        trusting ||
        (await WebhooksHelper.verifySignature({
          requestBody: body,
          signatureHeader: String(req.headers['x-square-hmacsha256-signature'] ?? ''),
          signatureKey: config.pos!.webhookSignatureKey ?? '',
          notificationUrl: `http://${req.headers.host}${req.url}`,
        }));
      if (!valid) return send(res, 401, { error: 'bad signature' });
      const event = JSON.parse(body) as Parameters<PosFlow['bookFromWebhook']>[0] & {
        event_id?: string;
      };
      // books-sales-per-webhook: every delivery is acted on, a repeat included (pos.ts)
      if (config.defects.has('books-sales-per-webhook'))
        void pos.bookFromWebhook(event).catch((err: Error) => log(`webhook sale: ${err.message}`));
      if (!dedupe || seen.firstTime(`pos:${event.event_id}`))
        void pos.poll().catch(() => undefined);
      return send(res, 200, { ok: true });
    }
    if (sys === 'wms' && orders) {
      let event: { topic?: string; reference_id?: string };
      try {
        event = (
          wmsHooks && !trusting
            ? wmsHooks.verify(body, {
                'webhook-id': String(req.headers['webhook-id'] ?? ''),
                'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
                'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
              })
            : JSON.parse(body)
        ) as typeof event;
      } catch (err) {
        return send(res, 401, { error: (err as Error).message });
      }
      const id = String(req.headers['webhook-id'] ?? '');
      if ((!dedupe || seen.firstTime(`wms:${id}`)) && event.topic === 'order.shipped')
        orders.shipped(event);
      return send(res, 200, { ok: true });
    }
    if (sys === 'storefront' && orders) {
      // Shopify signs the raw body (base64 HMAC-SHA256, the app secret); X-Shopify-Event-Id
      // names the event across retries of its delivery. `skips-storefront-hmac`: the other
      // vendors' signatures are checked, Shopify's is not (a forged orders/create books an order).
      const valid =
        trusting ||
        config.defects.has('skips-storefront-hmac') ||
        verifyShopifyHmac(
          body,
          req.headers['x-shopify-hmac-sha256'],
          config.storefront?.apiSecret ?? '',
        );
      if (!valid) return send(res, 401, { error: 'bad signature' });
      const id = String(req.headers['x-shopify-event-id'] ?? req.headers['x-shopify-webhook-id']);
      const topic = String(req.headers['x-shopify-topic'] ?? '');
      if ((!dedupe || seen.firstTime(`sf:${id}`)) && topic === 'orders/create') {
        const order = Storefront.fromWebhook(JSON.parse(body) as Record<string, unknown>);
        if (order) orders.storefrontOrder(order);
      }
      return send(res, 200, { ok: true });
    }
    if (sys === 'marketplace' && orders) {
      // SP-API notifications (ORDER_CHANGE) only make the next getOrders come sooner.
      const event = JSON.parse(body) as { NotificationMetadata?: { NotificationId?: string } };
      const id = event.NotificationMetadata?.NotificationId ?? '';
      if (!dedupe || seen.firstTime(`mkt:${id}`)) void orders.poll().catch(() => undefined);
      return send(res, 200, { ok: true });
    }
    send(res, 404, { error: `no webhook handler for ${sys}` });
  }

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (req.method === 'GET' && url === '/health')
      return ready
        ? send(res, 200, { status: 'ok', defects: [...config.defects], outbox: outbox.stats() })
        : send(res, 503, { status: 'starting' });
    if (req.method === 'POST' && url === '/replay')
      return send(res, 200, { replayed: outbox.replay() });
    const hook = /^\/webhooks\/([a-z]+)$/.exec(url);
    if (req.method === 'POST' && hook)
      return void webhook(hook[1]!, req, res).catch((err: Error) =>
        send(res, 400, { error: err.message }),
      );
    send(res, 404, { error: 'not found' });
  });

  // Ready once the first stock sync has told every channel what it may sell (at most 10 s):
  // before it, each listing still shows the opening stock, and two channels would sell the
  // same last units.
  let ready = false;
  const firstSyncs: Promise<void>[] = [];
  if (pos) await initWithRetry('pos', () => pos.init());
  if (mkt) await initWithRetry('marketplace', () => mkt.init());
  const pricing = erp ? new PricingFlow(config, erp, mkt, process.env) : undefined;
  if (pricing) await initWithRetry('pricing', () => pricing.init());
  outbox.start();
  const flows: string[] = [];
  if (pricing) {
    flows.push('pricing');
    every(config.priceMs, () => pricing.tick());
  }
  if (pos) {
    flows.push('pos-to-erp');
    every(config.pollMs, () => pos.poll());
  }
  if (mkt && erp) {
    const settlement = new SettlementFlow(config, outbox, mkt, erp);
    flows.push('settlement');
    // Payouts come every few days: poll Finances rarely, so its calls do not take the
    // marketplace quota the order flows live on (a throttle storm shares one bucket).
    every(config.pollMs * 40, () => settlement.poll());
  }
  if (orders) {
    flows.push('order-to-erp', 'fulfillment');
    if (mkt) every(config.pollMs, () => orders.poll());
    // the webhook brings storefront orders at once; the poll is the reconciliation
    // (Shopify tells apps not to count on every delivery arriving, and to fetch what they
    // missed: https://shopify.dev/docs/apps/build/webhooks/best-practices#implement-reconciliation-jobs).
    // `no-storefront-reconciliation`: the orders/create webhook is believed to bring every
    // order, so one whose delivery was lost is never found
    if (sf && !config.defects.has('no-storefront-reconciliation'))
      every(config.pollMs * 2, () => orders.pollStorefront(), true);
    if (wms) {
      flows.push('inventory-sync');
      firstSyncs.push(orders.syncInventory().catch(() => undefined));
      every(config.inventoryMs, () => orders.syncInventory());
      if (sf) {
        firstSyncs.push(orders.syncStorefront().catch(() => undefined));
        every(config.inventoryMs, () => orders.syncStorefront());
      }
      every(config.pollMs * 8, () => orders.reconcileShipments());
    }
  }
  void Promise.race([
    Promise.all(firstSyncs),
    new Promise((r) => setTimeout(r, 10_000).unref()),
  ]).then(() => (ready = true));
  server.listen(config.port, '127.0.0.1', () =>
    log(
      `listening on ${config.port}; flows: ${flows.join(', ') || 'none'}; defects: ${[...config.defects].join(',') || 'none'}`,
    ),
  );
  const stop = () => {
    outbox.stop();
    server.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Start-up reads (catalog, locations) retried until the system answers. */
async function initWithRetry(name: string, init: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await init();
    } catch (err) {
      log(`${name} start-up failed (attempt ${attempt}): ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * attempt)));
    }
  }
}

/** Run `task` every `ms` (and at once if asked), never two at once; errors are logged. */
function every(ms: number, task: () => Promise<void>, now = false): NodeJS.Timeout {
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    task()
      .catch((err: Error) => log(`poll failed: ${err.message}`))
      .finally(() => (busy = false));
  };
  if (now) tick();
  return setInterval(tick, ms);
}

main(readConfig(process.env)).catch((err: Error) => {
  console.error(`[reference-integration] ${err.message}`);
  process.exit(1);
});
