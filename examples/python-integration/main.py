#!/usr/bin/env python3
"""An omnichaos target in Python 3 (standard library only), written from the omnichaos docs.

    node bin/omnichaos.js run scenarios/smoke.yaml \\
      --target-cmd "python3 examples/python-integration/main.py"

What every target does (docs/bring-your-own-integration.md):
1. listen on PORT, answer GET /health with 200 once ready (catalog, channel and token loaded);
2. read the simulators' URLs and credentials from the OMNICHAOS_* env vars;
3. take webhooks on POST /webhooks/<system>, check signatures, de-duplicate by event id;
4. do the flows (flows.py) and exit on SIGTERM.

DEFECTS=a,b switches on planted mistakes (README.md in this folder lists them).
"""

from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

sys.dont_write_bytecode = True  # leave no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from flows import Integration  # noqa: E402
from jobs import log  # noqa: E402
from storefront import shopify_signature_ok  # noqa: E402

DEFECTS = {
    "new-external-id-on-retry": "order-to-erp / pos-to-erp: a retried ERP write gets a new externalId",
    "rounds-prices": "order-to-erp: line amounts booked in whole dollars",
    "polls-by-created-at": "pos-to-erp: polls Square by created_at, missing late till uploads",
    "skips-refunds": "pos-to-erp: Square refunds never reach the ERP",
    "confirms-early": "fulfillment: confirms shipment when the warehouse takes the order",
    "syncs-on-hand": "inventory-sync: publishes the warehouse's on-hand count as it is, holding nothing back for orders",
    "stale-inventory": "inventory-sync: syncs stock once an hour",
    "leaves-storefront-stock": "inventory-sync: never writes the storefront's available, left to its own count of its checkouts",
    "delays-store-sales": "lag: books each store sale STORE_DELAY seconds after it sees it",
    "ignore-retry-after": "resilience: retries on its own schedule, ignoring Retry-After and SP-API pacing",
    "no-backoff": "resilience: retries at once, no backoff, no circuit breaker",
    "no-client-timeouts": "resilience: waits forever for an answer",
    "no-signature-check": "webhooks: believes every delivery, signed or not",
    "skips-shopify-hmac": "webhooks: checks Square's and ShipBob's signatures, not Shopify's",
    "storefront-webhooks-only": "order-to-erp: takes storefront orders from orders/create alone, no reconciliation poll",
    "hourly-price-sync": "pricing: reads the ERP's price book once an hour",
    "books-gross": "settlement: books a payout's gross sales, leaving out fees, refunds and adjustments",
}


def read_defects(raw: str) -> set[str]:
    defects = {d.strip() for d in raw.split(",") if d.strip()}
    unknown = defects - DEFECTS.keys()
    if unknown:
        sys.exit(f"[python-integration] unknown defect(s) {', '.join(sorted(unknown))}; "
                 f"known: {', '.join(DEFECTS)}")
    return defects


class Seen:
    """Event ids already handled (bounded, oldest forgotten first)."""

    def __init__(self, size: int = 100_000):
        self.ids: collections.OrderedDict[str, None] = collections.OrderedDict()
        self.size = size
        self.lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        with self.lock:
            if key in self.ids:
                return False
            self.ids[key] = None
            if len(self.ids) > self.size:
                self.ids.popitem(last=False)
            return True


def square_signature_ok(key: str, url: str, raw: bytes, header: str | None) -> bool:
    """Square: base64(HMAC-SHA256(signature key, notification URL + raw body))."""
    if not header or not key:
        return False
    expected = base64.b64encode(hmac.new(key.encode(), url.encode() + raw, hashlib.sha256).digest())
    return hmac.compare_digest(expected, header.strip().encode())


def standard_webhook_ok(secret: str, headers: Any, raw: bytes, tolerance: float = 300) -> bool:
    """Standard Webhooks (ShipBob): `webhook-signature: v1,<base64 HMAC-SHA256(key, id.ts.body)>`
    with the base64 key after `whsec_`; a timestamp more than 5 minutes off is a replay."""
    msg_id, ts, sig = (headers.get("webhook-id"), headers.get("webhook-timestamp"),
                       headers.get("webhook-signature"))
    if not (secret and msg_id and ts and sig):
        return False
    try:
        if abs(time.time() - int(ts)) > tolerance:
            return False
        key = base64.b64decode(secret.split("_", 1)[1] if secret.startswith("whsec_") else secret)
    except ValueError:
        return False
    expected = base64.b64encode(
        hmac.new(key, f"{msg_id}.{ts}.".encode() + raw, hashlib.sha256).digest()).decode()
    for part in sig.split():
        version, _, value = part.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


def main() -> None:
    env = dict(os.environ)
    defects = read_defects(env.get("DEFECTS", ""))
    port = int(env.get("PORT", "8080"))
    settings = {
        "timeout": float(env.get("CLIENT_TIMEOUT", "8")),
        "workers": int(env.get("WORKERS", "16")),
        "poll_every": float(env.get("POLL_EVERY", "0.5")),
        "inventory_every": float(env.get("INVENTORY_EVERY", "1")),
        "price_every": float(env.get("PRICE_EVERY", "2")),
        "storefront_poll_every": float(env.get("STOREFRONT_POLL_EVERY", "10")),
        "store_delay": float(env.get("STORE_DELAY", "15")),
        "settle_every": float(env.get("SETTLE_EVERY", "2")),
        "listing_lag": float(env.get("LISTING_LAG", "120")),
        "low_stock_buffer": int(env.get("LOW_STOCK_BUFFER", "2")),
        "fulfilment_location": env.get("FULFILMENT_LOCATION", "WH-1"),
    }
    integration = Integration(env, defects, settings)
    pos_url = env.get("OMNICHAOS_POS_WEBHOOK_URL", f"http://127.0.0.1:{port}/webhooks/pos")
    pos_key = env.get("OMNICHAOS_POS_WEBHOOK_SIGNATURE_KEY", "")
    wms_secret = env.get("OMNICHAOS_WMS_WEBHOOK_SECRET", "")
    shop_secret = env.get("OMNICHAOS_STOREFRONT_API_SECRET", "")
    trusting = "no-signature-check" in defects
    # `skips-shopify-hmac`: the storefront came later, and its webhook handler was
    # written without the check the other two have
    trusting_shop = trusting or "skips-shopify-hmac" in defects
    seen = Seen()
    ready = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt: str, *args: Any) -> None:  # quiet: one line per problem only
            pass

        def reply(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path == "/health":
                ok = ready.is_set()
                self.reply(200 if ok else 503, {"status": "ok" if ok else "starting"})
            else:
                self.reply(404, {"error": "not found"})

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length") or 0))
            if not self.path.startswith("/webhooks/"):
                return self.reply(404, {"error": "not found"})
            system = self.path[len("/webhooks/"):].split("?")[0]
            if system == "pos":
                signed = square_signature_ok(pos_key, pos_url, raw,
                                             self.headers.get("x-square-hmacsha256-signature"))
            elif system == "wms":
                signed = standard_webhook_ok(wms_secret, self.headers, raw)
            elif system == "storefront":
                signed = shopify_signature_ok(shop_secret, raw, self.headers.get("x-shopify-hmac-sha256"))
            else:
                signed = True  # SP-API notifications are SQS messages: unsigned
            if not signed and not (trusting_shop if system == "storefront" else trusting):
                return self.reply(401, {"error": "bad signature"})
            try:
                event = json.loads(raw or b"{}")
            except ValueError:
                return self.reply(400, {"error": "not JSON"})
            if system == "pos":
                event_id = event.get("event_id")
            elif system == "wms":
                event_id = self.headers.get("webhook-id")
            elif system == "storefront":  # the event id names the event across its deliveries
                event_id = self.headers.get("x-shopify-event-id") or self.headers.get("x-shopify-webhook-id")
            else:
                event_id = ((event.get("NotificationMetadata") or event.get("notificationMetadata") or {})
                            .get("NotificationId") or (event.get("notificationMetadata") or {}).get("notificationId"))
            # ack first, work after: a slow answer makes the sender retry
            self.reply(200, {"ok": True})
            if event_id and not seen.first_time(f"{system}:{event_id}"):
                return
            try:
                if system == "pos":
                    integration.on_pos_event(event)
                elif system == "wms":
                    integration.on_wms_event(event)
                elif system == "marketplace":
                    integration.on_marketplace_event(event)
                elif system == "storefront" and integration.shop_flows:
                    integration.shop_flows.on_event(self.headers.get("x-shopify-topic") or "", event)
            except Exception as err:  # a webhook is a hint: polling catches up
                log(f"webhook {system}: {err!r}")

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            # a sender that gave up (reset) mid-request: it retries with the same event id
            err = sys.exc_info()[1]
            if not isinstance(err, (ConnectionError, TimeoutError)):
                log(f"webhook server: {err!r}")

    server = Server(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    threading.Thread(target=server.serve_forever, daemon=True, name="http").start()
    log(f"listening on http://127.0.0.1:{port} (defects: {', '.join(sorted(defects)) or 'none'})")
    try:
        integration.load()
    except RuntimeError as err:
        log(str(err))
        os._exit(1)
    integration.start()
    ready.set()  # scenario time starts with the first 200 from /health
    threading.Event().wait()


if __name__ == "__main__":
    main()
