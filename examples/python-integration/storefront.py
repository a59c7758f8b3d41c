"""The storefront: Shopify's Admin GraphQL API 2025-01, as docs/dialects/storefront.md describes it.

One POST endpoint, so the client is small; what makes it polite is the cost bucket. Every answer
reports `extensions.cost.throttleStatus` (bucket size, points left, points restored per second).
Before a call we wait until the bucket — as last reported, refilled since, less what our own
calls in flight asked for — covers the call's requested cost; a THROTTLED answer is retried once
the bucket has refilled that far (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits).
A 429 with Retry-After holds back every storefront call until it has passed.

The flows around it (docs/dialects/storefront.md, "Orders in the ERP"):

- order-to-erp: the signed `orders/create` webhook, and a reconciliation poll of
  `orders(query: "updated_at:>…")` page by page → a NetSuite salesOrder with
  `otherRefNum` = the order's numeric id and `externalId` = `shopify-<id>`;
- fulfillment: a ShipBob order with `reference_id` = the numeric id; when it ships,
  `fulfillmentCreate` on the order's open fulfillment orders with ShipBob's tracking;
- inventory-sync: the storefront's `available` set with `inventorySetQuantities`,
  compare-and-set against what it showed (a checkout in between: read again, try again).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import threading
import time
from typing import Any

from resilience import Later, Refused, Retryable, System
from vendors import cents_of

# Costs as Shopify calculates them: an object 1, a connection 2 + page size × one node, a
# mutation 10 (docs/dialects/storefront.md, "Limits").
MUTATION_COST = 10
ORDER_NODE_COST = 1 + (2 + 5 * 3)  # the order + lineItems(first: 5) of (line + price set + money)
ITEM_NODE_COST = 5  # item + inventoryLevel + quantities + variant + product

# The reconciliation poll reads ids only (one point an order): the webhook brought nearly every
# order already, and only one it did not is read in full.
ORDER_IDS = """query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes { legacyResourceId updatedAt cancelledAt }
    pageInfo { hasNextPage endCursor }
  }
}"""

ORDER = """query Order($id: ID!) {
  order(id: $id) { legacyResourceId updatedAt cancelledAt
    lineItems(first: 5) { nodes { id sku quantity originalUnitPriceSet { shopMoney { amount } } } } }
}"""

ITEMS = """query Items($first: Int!, $after: String, $loc: ID!) {
  inventoryItems(first: $first, after: $after) {
    nodes { id sku inventoryLevel(locationId: $loc) { quantities(names: ["available"]) { quantity } }
      variant { id product { id } } }
    pageInfo { hasNextPage endCursor }
  }
}"""

SET_AVAILABLE = """mutation Set($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) { userErrors { code field message } }
}"""

FULFILLMENT_ORDERS = """query FO($id: ID!) {
  order(id: $id) { fulfillmentOrders(first: 5) { nodes { id status } } }
}"""

FULFIL = """mutation Ship($f: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { field message } }
}"""

PRICES = """mutation Prices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) {
    productVariants { id } userErrors { field message code }
  }
}"""


def is_storefront_order(order_id: str) -> bool:
    """Shopify order ids are plain numbers; Amazon's read 3-7-7 digits with dashes."""
    return order_id.isdigit()


def erp_external_id(order_id: str) -> str:
    """The ERP external id of a sales order: the Amazon order id, or `shopify-<id>` (namespaced,
    so it never meets an Amazon order id in the ERP's external-id space)."""
    return f"shopify-{order_id}" if is_storefront_order(order_id) else order_id


def shopify_signature_ok(secret: str, raw: bytes, header: str | None) -> bool:
    """Shopify: base64(HMAC-SHA256(app secret, raw body)), compared in constant time
    (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries)."""
    if not header or not secret:
        return False
    expected = base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest())
    return hmac.compare_digest(expected, header.strip().encode())


def order_from_webhook(payload: dict[str, Any]) -> dict[str, Any] | None:
    """An `orders/create` body (REST representation) as the flows carry an order."""
    if payload.get("id") is None or not isinstance(payload.get("line_items"), list):
        return None
    return {"order_id": str(payload["id"]), "updated_at": str(payload.get("updated_at") or ""),
            "cancelled": payload.get("cancelled_at") is not None,
            "lines": [{"order_item_id": str(l.get("id")), "sku": str(l.get("sku")),
                       "quantity": int(l.get("quantity", 0)),
                       "amount_cents": int(l.get("quantity", 0)) * cents_of(l.get("price", 0))}
                      for l in payload["line_items"]]}


class Storefront:
    """Shopify Admin GraphQL: one endpoint, `X-Shopify-Access-Token`, the cost bucket."""

    def __init__(self, env: dict[str, str], timeout: float | None):
        token = env["OMNICHAOS_STOREFRONT_ACCESS_TOKEN"]
        self.system = System("storefront", env["OMNICHAOS_STOREFRONT_GRAPHQL_URL"], timeout=timeout,
                             max_in_flight=4,
                             auth=lambda method, url: {"x-shopify-access-token": token})
        self.lock = threading.Lock()
        # the bucket as last reported (unknown until the first answer)
        self.maximum = float("inf")
        self.available = float("inf")
        self.restore = 50.0
        self.at = time.time()
        self.not_before = 0.0  # a 429's Retry-After holds back every call
        self.location: str | None = None
        self.item_of: dict[str, str] = {}  # sku -> inventory item gid
        self.variant_of: dict[str, tuple[str, str]] = {}  # sku -> (variant gid, product gid)
        self.shown: dict[str, int] = {}  # sku -> `available` as the storefront last showed it

    # ---- the cost bucket ---------------------------------------------------------------------

    def _estimate(self, now: float) -> float:
        return min(self.maximum, self.available + (now - self.at) * self.restore)

    def _reserve(self, cost: float, low: bool, patient: bool) -> None:
        """Wait until the bucket can cover `cost` (never more than it can hold), then take it.
        A `low` priority call (the reconciliation poll) waits until the bucket is half full
        again: while price updates or stock writes drain it, they go first. An impatient call
        (a job: it must not hold a worker) raises Later with the wait instead."""
        while True:
            with self.lock:
                now = time.time()
                wait = self.not_before - now
                if wait <= 0:
                    need = min(cost + (self.maximum / 2 if low else 0), self.maximum)
                    have = self._estimate(now)
                    if have >= need:
                        self.available = have - cost
                        self.at = now
                        return
                    wait = (need - have) / self.restore
            if not patient and wait > 0.25:
                raise Later(wait)
            time.sleep(min(max(wait, 0.01), 1.0))

    def _learn(self, body: dict[str, Any]) -> None:
        status = ((body.get("extensions") or {}).get("cost") or {}).get("throttleStatus")
        if not status:
            return
        with self.lock:
            self.maximum = float(status.get("maximumAvailable") or self.maximum)
            self.available = float(status.get("currentlyAvailable") or 0)
            self.restore = max(1.0, float(status.get("restoreRate") or self.restore))
            self.at = time.time()

    def page_size(self, node_cost: int, most: int, share: float = 0.5) -> int:
        """A page whose requested cost takes at most `share` of the bucket."""
        room = (self.maximum if self.maximum != float("inf") else 1000) * share - 2
        return max(1, min(most, int(room // node_cost)))

    def gql(self, query: str, variables: dict[str, Any], cost: int, low: bool = False,
            patient: bool = True) -> dict[str, Any]:
        """One GraphQL call, `cost` its requested cost; returns `data`. THROTTLED and 429 are
        retried here after the wait they name (at most 30 times; an impatient caller gets
        Later for the bucket, Retryable with the 429's Retry-After); other top-level errors are
        refusals."""
        body: dict[str, Any] = {}
        for _ in range(30):
            self._reserve(cost, low, patient)
            try:
                res = self.system.call("POST", "", {"query": query, "variables": variables})
            except Retryable as err:
                if err.status == 429:
                    with self.lock:
                        self.not_before = max(self.not_before,
                                              time.time() + (err.retry_after or 1.0) + 0.05)
                    if patient:
                        continue
                raise
            body = res.json()
            self._learn(body)
            errors = body.get("errors") or []
            if any((e.get("extensions") or {}).get("code") == "THROTTLED" for e in errors):
                continue  # _learn put the bucket where Shopify says it is: wait for the refill
            if errors:
                raise Refused(f"storefront GraphQL: {errors[0].get('message')}", 400, res)
            return body.get("data") or {}
        raise Retryable(f"storefront: still throttled after 30 attempts ({body.get('errors')})")

    # ---- reads -------------------------------------------------------------------------------

    def load(self) -> None:
        """The location, and every inventory item: its SKU, variant, product and `available`."""
        if self.location is None:
            self.location = str(self.gql("query { location { id } }", {}, 1)["location"]["id"])
        after = None
        for _ in range(10_000):
            first = self.page_size(ITEM_NODE_COST, 100)
            page = self.gql(ITEMS, {"first": first, "after": after, "loc": self.location},
                            2 + first * ITEM_NODE_COST)["inventoryItems"]
            for item in page["nodes"]:
                sku = str(item.get("sku"))
                self.item_of[sku] = str(item["id"])
                variant = item.get("variant") or {}
                if variant.get("id"):
                    self.variant_of[sku] = (str(variant["id"]), str((variant.get("product") or {}).get("id")))
                self.shown[sku] = available_of(item)
            if not page["pageInfo"]["hasNextPage"]:
                return
            after = page["pageInfo"]["endCursor"]

    def read_available(self, skus: list[str]) -> dict[str, int]:
        """`available` of a few SKUs, one query (an aliased `inventoryItem` per SKU)."""
        out: dict[str, int] = {}
        skus = [s for s in skus if s in self.item_of]
        step = self.page_size(3, 50)
        for i in range(0, len(skus), step):
            part = skus[i:i + step]
            fields = " ".join(
                f'i{n}: inventoryItem(id: "{self.item_of[s]}") {{ sku inventoryLevel(locationId: $loc) '
                f'{{ quantities(names: ["available"]) {{ quantity }} }} }}' for n, s in enumerate(part))
            data = self.gql(f"query Read($loc: ID!) {{ {fields} }}", {"loc": self.location},
                            3 * len(part))
            for n, sku in enumerate(part):
                item = data.get(f"i{n}")
                if item:
                    out[sku] = available_of(item)
        return out

    def orders_updated_since(self, since: str) -> list[dict[str, Any]]:
        """Orders changed after `since` (ISO), oldest change first, every page: id, updatedAt,
        cancelled (low priority: it waits for a half-full bucket)."""
        out: list[dict[str, Any]] = []
        after = None
        for _ in range(10_000):
            first = self.page_size(1, 250, share=0.25)
            page = self.gql(ORDER_IDS, {"first": first, "after": after,
                                        "query": f"updated_at:>'{since}'"},
                            2 + first, low=True)["orders"]
            for o in page["nodes"]:
                out.append({"order_id": str(o["legacyResourceId"]), "updated_at": str(o["updatedAt"]),
                            "cancelled": o.get("cancelledAt") is not None})
            if not page["pageInfo"]["hasNextPage"]:
                return out
            after = page["pageInfo"]["endCursor"]
        return out

    def order(self, order_id: str) -> dict[str, Any] | None:
        """One order with its lines."""
        o = self.gql(ORDER, {"id": f"gid://shopify/Order/{order_id}"}, ORDER_NODE_COST).get("order")
        if not o:
            return None
        return {"order_id": str(o["legacyResourceId"]), "updated_at": str(o["updatedAt"]),
                "cancelled": o.get("cancelledAt") is not None,
                "lines": [{"order_item_id": str(l["id"]), "sku": str(l.get("sku")),
                           "quantity": int(l["quantity"]),
                           "amount_cents": int(l["quantity"]) * cents_of(
                               l["originalUnitPriceSet"]["shopMoney"]["amount"])}
                          for l in o["lineItems"]["nodes"]]}

    # ---- writes ------------------------------------------------------------------------------

    def fulfil(self, order_id: str, company: str, number: str) -> bool:
        """Fulfil every remaining unit with its tracking; False when nothing was left to fulfil
        (fulfillmentCreate takes no idempotency key: a retry after a lost answer looks first)."""
        data = self.gql(FULFILLMENT_ORDERS, {"id": f"gid://shopify/Order/{order_id}"}, 1 + 2 + 5,
                        patient=False)
        if not data.get("order"):
            raise Retryable(f"storefront order {order_id} not found")
        open_ones = [fo for fo in data["order"]["fulfillmentOrders"]["nodes"]
                     if fo["status"] not in ("CLOSED", "CANCELLED")]
        if not open_ones:
            return False
        result = self.gql(FULFIL, {"f": {
            "lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": fo["id"]} for fo in open_ones],
            "trackingInfo": {"company": company, "number": number},
            "notifyCustomer": False,
        }}, MUTATION_COST, patient=False)
        errors = (result.get("fulfillmentCreate") or {}).get("userErrors") or []
        if errors:
            raise Retryable(f"fulfillmentCreate {order_id}: {errors[0].get('message')}")
        return True

    def set_available(self, changes: list[tuple[str, int, int]]) -> list[str]:
        """Set `available` per (sku, quantity, what the storefront showed), compare-and-set:
        Shopify refuses a SKU that sold in between (COMPARE_QUANTITY_STALE) and then applies
        none of the batch, so the stale SKUs are taken out and the rest sent again. Returns the
        stale SKUs (read them again and retry)."""
        batch = [c for c in changes if c[0] in self.item_of]
        stale: list[str] = []
        for _ in range(5):
            if not batch:
                break
            part = batch[:250]
            data = self.gql(SET_AVAILABLE, {"input": {
                "name": "available", "reason": "correction",
                "referenceDocumentUri": "omnichaos://python-integration/stock-sync",
                "quantities": [{"inventoryItemId": self.item_of[sku], "locationId": self.location,
                                "quantity": q, "compareQuantity": was} for sku, q, was in part],
            }}, MUTATION_COST)
            errors = (data.get("inventorySetQuantities") or {}).get("userErrors") or []
            if not errors:
                for sku, q, _ in part:
                    self.shown[sku] = q
                batch = batch[250:]
                continue
            refused: set[int] = set()
            for e in errors:
                field = e.get("field") or []  # ["input", "quantities", "<index>", ...]
                if e.get("code") != "COMPARE_QUANTITY_STALE" or len(field) < 3 or not str(field[2]).isdigit():
                    raise Retryable(f"inventorySetQuantities: {e.get('message')}")
                refused.add(int(field[2]))
            stale += [part[i][0] for i in sorted(refused)]
            batch = [c for i, c in enumerate(part) if i not in refused] + batch[250:]
        return stale

    def set_prices(self, product_id: str, variants: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """One productVariantsBulkUpdate for one product's variants; returns its userErrors."""
        data = self.gql(PRICES, {"productId": product_id, "variants": variants}, MUTATION_COST)
        payload = data.get("productVariantsBulkUpdate")
        if payload is None:
            raise Retryable(f"productVariantsBulkUpdate {product_id}: no answer")
        return payload.get("userErrors") or []


def available_of(item: dict[str, Any]) -> int:
    quantities = ((item.get("inventoryLevel") or {}).get("quantities") or [])
    return int(quantities[0].get("quantity") or 0) if quantities else 0


class StorefrontFlows:
    """Storefront orders in, stock out; the ERP, WMS and shipment jobs are the Integration's."""

    def __init__(self, integration: Any):
        self.i = integration
        self.shop: Storefront = integration.shop
        self.taken: set[str] = set()
        self.cursor: str | None = None

    def start(self) -> None:
        from flows import every  # flows imports this module: import its helper when running

        s = self.i.settings
        # the webhook brings orders within a second; the poll is the reconciliation
        # (`storefront-webhooks-only`: "Shopify retries a failed delivery for hours", so an
        # order whose every delivery was lost is never seen)
        if "storefront-webhooks-only" not in self.i.defects:
            every(s["storefront_poll_every"], self.poll, name="storefront-poll")
        # `leaves-storefront-stock`: "Shopify counts its own sales" — it does, and only those, so
        # the units Amazon sold stay on offer on the storefront
        if self.i.wms and "leaves-storefront-stock" not in self.i.defects:
            every(3600.0 if "stale-inventory" in self.i.defects else s["inventory_every"],
                  self.sync_stock, name="storefront-stock")

    def take(self, order: dict[str, Any]) -> None:
        """A storefront order seen (webhook or poll): book it and route it, once."""
        if order["cancelled"] or not order["lines"]:
            return
        with self.i.lock:
            if order["order_id"] in self.taken:
                return
            self.taken.add(order["order_id"])
            # the storefront lowered `available` for it at checkout
            for l in order["lines"]:
                if l["sku"] in self.shop.shown:
                    self.shop.shown[l["sku"]] -= l["quantity"]
        self.i.take_lines(order["order_id"], order["lines"])
        if self.i.listing_sync:  # the listing's patches must outlast this channel's pace too
            self.i.listing_sync.sold_elsewhere(order["lines"])

    def on_event(self, topic: str, payload: dict[str, Any]) -> None:
        if topic == "orders/create":
            order = order_from_webhook(payload)
            if order:
                self.take(order)

    def poll(self) -> None:
        since = self.cursor or "2000-01-01T00:00:00Z"
        # half a minute back (storefront time): an order committed late must not fall behind
        after = _minus(since, 30)
        newest = since
        for seen in self.shop.orders_updated_since(after):
            if seen["updated_at"] > newest:
                newest = seen["updated_at"]
            with self.i.lock:
                known = seen["order_id"] in self.taken
            if not known and not seen["cancelled"]:
                order = self.shop.order(seen["order_id"])  # its webhook never came: read it
                if order:
                    self.take(order)
        self.cursor = newest

    def sync_stock(self) -> None:
        """The storefront's `available` = what the marketplace listing gets (WMS fulfillable −
        units sold but not in the WMS yet − a few held back when low); only SKUs that differ from
        what it shows, compare-and-set; SKUs that sold in between are read again and retried."""
        read_at = time.time()
        stock = {level["sku"]: level for level in self.i.wms.stock()}
        pending = self.i.pending_units(read_at)
        skus: list[str] | None = None
        for _ in range(3):
            changes = []
            for sku, level in stock.items():
                shown = self.shop.shown.get(sku)
                if shown is None or (skus is not None and sku not in skus):
                    continue
                quantity = self.i.sellable(level, pending, "storefront")
                if quantity != shown:
                    changes.append((sku, quantity, shown))
            if not changes:
                return
            skus = self.shop.set_available(changes)
            if not skus:
                return
            fresh = self.shop.read_available(skus)
            with self.i.lock:
                self.shop.shown.update(fresh)
            pending = self.i.pending_units(read_at)


def _minus(value: str, seconds: float) -> str:
    at = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) - dt.timedelta(seconds=seconds)
    return at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
