// The smallest integration omnichaos can run: plain Node (20+), no dependencies, one flow.
//
//   omnichaos run scenarios/smoke.yaml --target-cmd "node examples/minimal-target/server.mjs"
//
// What it does, and what every target must do (docs/bring-your-own-integration.md):
// 1. listen on PORT and answer GET /health with 200 once it is ready;
// 2. take the simulators' URLs and credentials from the OMNICHAOS_* env vars;
// 3. receive webhooks on POST /webhooks/<system> (here: the POS's), check their signature, ack 200;
// 4. do one flow: a completed store sale (Square order) becomes an ERP cash sale, exactly once.
//
// It is deliberately naive: no retries, no backoff, no polling to catch webhooks that never came,
// and it skips the marketplace and warehouse flows. The verdict shows what that costs.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const env = process.env;
const PORT = Number(env.PORT ?? 8080);
const pos = { url: env.OMNICHAOS_POS_URL, token: env.OMNICHAOS_POS_ACCESS_TOKEN };
const erp = { url: env.OMNICHAOS_ERP_URL, token: env.OMNICHAOS_ERP_ACCESS_TOKEN };
// Square signs each delivery with the notification URL it was sent to.
const posWebhookUrl = env.OMNICHAOS_POS_WEBHOOK_URL ?? `http://127.0.0.1:${PORT}/webhooks/pos`;
const posSignatureKey = env.OMNICHAOS_POS_WEBHOOK_SIGNATURE_KEY ?? '';

async function call(base, token, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

// ERP transactions need a customer: one for every store sale, created (or found) by external id.
let customer;
function walkInCustomer() {
  customer ??= call(erp.url, erp.token, 'PUT', '/services/rest/record/v1/customer/eid:WALK-IN', {
    companyName: 'Walk-in customer',
  });
  return customer;
}

// The POS catalog maps Square variation ids to SKUs, which are the ERP items' external ids; a
// Square location's description is the store id, which is the ERP location's external id (a
// sale is booked at its store: the oracle reconciles each store's day to the cent).
const skuOf = new Map();
const storeOf = new Map();
async function loadCatalog() {
  const locs = await call(pos.url, pos.token, 'GET', '/v2/locations');
  for (const l of locs.body?.locations ?? []) storeOf.set(l.id, l.description || l.id);
  let cursor;
  do {
    const q = `/v2/catalog/list?types=ITEM_VARIATION${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await call(pos.url, pos.token, 'GET', q);
    for (const o of page.body?.objects ?? []) skuOf.set(o.id, o.item_variation_data?.sku);
    cursor = page.body?.cursor;
  } while (cursor);
}

// The flow: order.updated → fetch the order → once COMPLETED, post a cash sale keyed by the order
// id (the ERP refuses a second record with the same external id, so a redelivery is harmless).
const posted = new Set();
async function onOrderUpdated(orderId) {
  if (posted.has(orderId)) return;
  const { body } = await call(pos.url, pos.token, 'GET', `/v2/orders/${orderId}`);
  const order = body?.order;
  if (order?.state !== 'COMPLETED') return;
  await walkInCustomer();
  const r = await call(erp.url, erp.token, 'POST', '/services/rest/record/v1/cashSale', {
    externalId: order.id,
    entity: { externalId: 'WALK-IN' },
    location: { externalId: storeOf.get(order.location_id) },
    item: {
      items: (order.line_items ?? []).map((l) => ({
        item: { externalId: skuOf.get(l.catalog_object_id) },
        quantity: Number(l.quantity),
        rate: l.base_price_money.amount / 100,
      })),
    },
  });
  if (r.status < 300 || r.body?.['o:errorDetails']?.[0]?.['o:errorCode'] === 'DUP_RCRD')
    posted.add(order.id);
  else console.error(`[minimal-target] cash sale for ${order.id}: HTTP ${r.status}`);
}

// base64(HMAC-SHA256(signature key, notification URL + raw body)), compared in constant time.
function squareSignatureOk(raw, header) {
  const expected = createHmac('sha256', posSignatureKey)
    .update(posWebhookUrl + raw)
    .digest();
  const given = Buffer.from(String(header ?? ''), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let ready = false;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/health')
      return reply(ready ? 200 : 503, { status: ready ? 'ok' : 'starting' });
    if (req.method === 'POST' && req.url?.startsWith('/webhooks/')) {
      const system = req.url.slice('/webhooks/'.length);
      if (system !== 'pos') return reply(200, { ignored: system }); // flows this target skips
      if (!squareSignatureOk(raw, req.headers['x-square-hmacsha256-signature']))
        return reply(401, { error: 'bad signature' });
      const event = JSON.parse(raw);
      // Ack at once; do the work after (a slow handler would make the POS retry).
      reply(200, { ok: true });
      if (event.type === 'order.updated' || event.type === 'order.created')
        onOrderUpdated(event.data?.id ?? event.data?.object?.order_updated?.order_id).catch((e) =>
          console.error(`[minimal-target] ${e.message}`),
        );
      return;
    }
    reply(404, { error: 'not found' });
  });
});

server.listen(PORT, '127.0.0.1', async () => {
  console.log(`[minimal-target] listening on http://127.0.0.1:${PORT}`);
  try {
    await loadCatalog();
    ready = true; // health turns 200 only now: omnichaos starts the scenario clock after this
  } catch (err) {
    console.error(`[minimal-target] could not load the POS catalog: ${err.message}`);
    process.exit(1);
  }
});
process.on('SIGTERM', () => process.exit(0));
