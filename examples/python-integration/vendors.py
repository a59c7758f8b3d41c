"""Thin clients for the four vendor APIs, written from the omnichaos dialect pages
(docs/dialects/*.md): NetSuite REST (ERP), Square (POS), ShipBob 2026-01 (WMS), Amazon SP-API
(marketplace). Each method is one request; retrying is the job queue's business (jobs.py).
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from typing import Any

from jobs import AlreadyDone, NotYet
from resilience import Pace, Refused, Response, Retryable, System


def error_code(res: Response) -> str:
    """The vendor's error code from its error body ('' if none)."""
    try:
        body = res.json()
    except ValueError:
        return ""
    if isinstance(body, dict):
        details = body.get("o:errorDetails")  # NetSuite
        if isinstance(details, list) and details:
            return str(details[0].get("o:errorCode", ""))
        errors = body.get("errors")  # Square, SP-API
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            return str(errors[0].get("code", ""))
    return ""


def dollars(cents: int) -> float:
    return round(cents / 100, 2)


def cents_of(amount: Any) -> int:
    """'12.34' or 12.34 (schema drift retypes amounts) -> 1234, without float drift."""
    from decimal import Decimal

    return int((Decimal(str(amount)) * 100).to_integral_value())


class Erp:
    """NetSuite REST: records under /services/rest/record/v1, OAuth 2 bearer token."""

    def __init__(self, env: dict[str, str], timeout: float | None):
        token = env["OMNICHAOS_ERP_ACCESS_TOKEN"]
        # NetSuite allows 15 requests in flight per account (docs/dialects/erp.md): stay under it.
        self.system = System("erp", env["OMNICHAOS_ERP_URL"], timeout=timeout, max_in_flight=10,
                             auth=lambda method, url: {"authorization": f"Bearer {token}"})

    def create(self, record_type: str, body: dict[str, Any]) -> None:
        """POST a record; a duplicate external id (DUP_RCRD) means an earlier attempt landed."""
        try:
            self.system.call("POST", f"/services/rest/record/v1/{record_type}", body,
                             {"prefer": "transient"})
        except Refused as err:
            if error_code(err.response) == "DUP_RCRD":
                raise AlreadyDone() from err
            raise

    def fulfil(self, sales_order_eid: str, body: dict[str, Any]) -> None:
        """salesOrder → itemFulfillment (the transform relieves the stock the order committed)."""
        path = (f"/services/rest/record/v1/salesOrder/eid:{urllib.parse.quote(sales_order_eid)}"
                "/!transform/itemFulfillment")
        try:
            self.system.call("POST", path, body, {"prefer": "transient"})
        except Refused as err:
            code = error_code(err.response)
            if code == "DUP_RCRD":
                raise AlreadyDone() from err
            if err.status == 404:
                raise NotYet(f"sales order {sales_order_eid} is not in the ERP yet") from err
            raise

    def exists(self, record_type: str, external_id: str) -> bool:
        """Is there a `record_type` with this external id? (GET …/eid:<id>: 200 or 404)"""
        try:
            self.system.call("GET", f"/services/rest/record/v1/{record_type}/eid:"
                             f"{urllib.parse.quote(external_id)}?fields=externalId")
        except Refused as err:
            if err.status == 404:
                return False
            raise
        return True


class Pos:
    """Square Connect v2 (snake_case wire names, money in cents)."""

    def __init__(self, env: dict[str, str], timeout: float | None):
        token = env["OMNICHAOS_POS_ACCESS_TOKEN"]
        self.system = System("pos", env["OMNICHAOS_POS_URL"], timeout=timeout, max_in_flight=4,
                             auth=lambda method, url: {"authorization": f"Bearer {token}",
                                                       "square-version": "2025-01-23"})
        self.store_of: dict[str, str] = {}  # Square location id -> world store id (ST-001)
        self.sku_of: dict[str, str] = {}  # catalog variation id -> SKU

    def load(self) -> None:
        res = self.system.call("GET", "/v2/locations").json()
        for loc in res.get("locations", []):
            self.store_of[loc["id"]] = loc.get("description") or loc["id"]
        cursor = None
        for _ in range(10_000):
            q = "/v2/catalog/list?types=ITEM_VARIATION"
            if cursor:
                q += "&cursor=" + urllib.parse.quote(cursor)
            page = self.system.call("GET", q).json()
            for obj in page.get("objects", []):
                sku = (obj.get("item_variation_data") or {}).get("sku")
                if sku:
                    self.sku_of[obj["id"]] = sku
            cursor = page.get("cursor")
            if not cursor:
                break

    def search_completed(self, location_ids: list[str], field: str, start_at: str,
                         cursor: str | None) -> dict[str, Any]:
        """SearchOrders: COMPLETED orders whose `field` (updated_at / created_at) is >= start_at."""
        sort_field = "UPDATED_AT" if field == "updated_at" else "CREATED_AT"
        body: dict[str, Any] = {
            "location_ids": location_ids,
            "query": {
                "filter": {"state_filter": {"states": ["COMPLETED"]},
                           "date_time_filter": {field: {"start_at": start_at}}},
                # Square: filtering on a time range requires sorting on the same field
                "sort": {"sort_field": sort_field, "sort_order": "ASC"},
            },
            "limit": 500,
        }
        if cursor:
            body["cursor"] = cursor
        return self.system.call("POST", "/v2/orders/search", body).json()


class Wms:
    """ShipBob 2026-01."""

    def __init__(self, env: dict[str, str], timeout: float | None):
        token = env["OMNICHAOS_WMS_TOKEN"]
        self.system = System("wms", env["OMNICHAOS_WMS_URL"], timeout=timeout, max_in_flight=8,
                             auth=lambda method, url: {"authorization": f"Bearer {token}"})
        self.channel_id: str | None = None

    def load(self) -> None:
        res = self.system.call("GET", "/2026-01/channel").json()
        items = res.get("items", res) if isinstance(res, dict) else res
        self.channel_id = str(items[0]["id"])

    def create_order(self, reference_id: str, lines: list[dict[str, Any]]) -> dict[str, Any]:
        body = {
            "reference_id": reference_id,
            "shipping_method": "Standard",
            "type": "DTC",
            # SP-API withholds buyer addresses without a restricted-data token: a placeholder.
            "recipient": {"name": "Marketplace customer",
                          "address": {"address1": "1 Fulfilment Way", "city": "Springfield",
                                      "state": "IL", "zip_code": "62701", "country": "US"}},
            # ShipBob names a product by reference_id (our SKU); `sku` alone is refused.
            "products": [{"reference_id": l["sku"], "quantity": l["quantity"]}
                         for l in lines],
        }
        try:
            return self.system.call("POST", "/2026-01/order", body,
                                    {"shipbob_channel_id": self.channel_id or ""}).json()
        except Refused as err:
            if err.status == 422 and "existing referenceid" in err.response.text.lower():
                raise AlreadyDone() from err
            raise

    def orders_by_reference(self, refs: list[str]) -> list[dict[str, Any]]:
        q = ",".join(urllib.parse.quote(r) for r in refs)
        res = self.system.call("GET", f"/2026-01/order?ReferenceIds={q}&Limit=250").json()
        return res if isinstance(res, list) else res.get("items", [])

    def stock(self) -> list[dict[str, Any]]:
        """Every inventory level: sku, fulfillable, on hand (cursor paging)."""
        out: list[dict[str, Any]] = []
        cursor = None
        for _ in range(10_000):
            q = "/2026-01/inventory-level?PageSize=250"
            if cursor:
                q += "&Cursor=" + urllib.parse.quote(cursor)
            page = self.system.call("GET", q).json()
            for item in page.get("items", []):
                out.append({"sku": str(item.get("sku")),
                            "fulfillable": int(item.get("total_fulfillable_quantity") or 0),
                            "on_hand": int(item.get("total_on_hand_quantity") or 0)})
            nxt = page.get("next")
            cursor = None
            if isinstance(nxt, str) and nxt:
                qs = urllib.parse.parse_qs(urllib.parse.urlsplit(nxt).query)
                cursor = (qs.get("Cursor") or qs.get("cursor") or [None])[0]
            if not cursor:
                break
        return out


# SP-API usage plans (docs/dialects/marketplace.md); the real rate comes back in a header.
PLANS = {
    "getOrders": (0.0167, 20),
    "getOrder": (0.5, 30),
    "getOrderItems": (0.5, 30),
    "confirmShipment": (2, 10),
    "patchListingsItem": (5, 5),
}


class Marketplace:
    """Amazon SP-API: LWA tokens, Orders v0, Listings 2021-08-01."""

    def __init__(self, env: dict[str, str], timeout: float | None, paced: bool):
        self.env = env
        self.seller_id = env["OMNICHAOS_MARKETPLACE_SELLER_ID"]
        self.marketplace_id = env["OMNICHAOS_MARKETPLACE_MARKETPLACE_ID"]
        self.token: str | None = None
        self.token_lock = threading.Lock()
        self.system = System("marketplace", env["OMNICHAOS_MARKETPLACE_URL"], timeout=timeout,
                             max_in_flight=6,
                             auth=lambda method, url: {"x-amz-access-token": self.token or ""})
        lwa = urllib.parse.urlsplit(env["OMNICHAOS_MARKETPLACE_LWA_URL"])
        self.lwa = System("lwa", f"{lwa.scheme}://{lwa.netloc}", timeout=timeout, max_in_flight=2)
        self.lwa_path = lwa.path or "/auth/o2/token"
        self.paced = paced
        self.pace = {op: Pace(rate, burst) for op, (rate, burst) in PLANS.items()}

    def refresh_token(self, stale: str | None = None) -> None:
        with self.token_lock:
            if stale is not None and self.token != stale:
                return  # another thread refreshed it meanwhile
            form = urllib.parse.urlencode({
                "grant_type": "refresh_token",
                "refresh_token": self.env["OMNICHAOS_MARKETPLACE_REFRESH_TOKEN"],
                "client_id": self.env["OMNICHAOS_MARKETPLACE_CLIENT_ID"],
                "client_secret": self.env["OMNICHAOS_MARKETPLACE_CLIENT_SECRET"],
            }).encode()
            res = self.lwa.call("POST", self.lwa_path, raw_body=form,
                                headers={"content-type": "application/x-www-form-urlencoded"})
            self.token = res.json()["access_token"]

    def call(self, op: str, method: str, path: str, body: Any = None, query: str = "",
             patient: bool = True) -> Response:
        """One SP-API call, paced per operation; an expired token is refreshed once. Jobs call
        impatiently: rather than hold a worker for a token they get Later (resilience.py)."""
        pace = self.pace.get(op)
        for attempt in range(2):
            if pace and self.paced:
                pace.take(None if patient else 0.25)
            used = self.token
            try:
                res = self.system.call(method, path + query, body)
            except Retryable as err:
                if err.status == 429 and pace:
                    pace.drain()
                    if err.response is not None:
                        pace.learn(err.response.header("x-amzn-ratelimit-limit"))
                raise
            except Refused as err:
                if err.status in (401, 403) and attempt == 0:
                    self.refresh_token(stale=used)
                    continue
                raise
            if pace:
                pace.learn(res.header("x-amzn-ratelimit-limit"))
            return res
        raise Retryable("marketplace: token refresh did not help")

    def orders_updated_since(self, since: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        next_token = None
        for _ in range(10_000):
            params = {"MarketplaceIds": self.marketplace_id, "MaxResultsPerPage": "100"}
            if next_token:
                params["NextToken"] = next_token
            else:
                params["LastUpdatedAfter"] = since
            res = self.call("getOrders", "GET", "/orders/v0/orders",
                            query="?" + urllib.parse.urlencode(params)).json()
            payload = res.get("payload", {})
            out.extend(payload.get("Orders", []))
            next_token = payload.get("NextToken")
            if not next_token:
                break
        return out

    def order_items(self, order_id: str) -> list[dict[str, Any]]:
        res = self.call("getOrderItems", "GET", f"/orders/v0/orders/{order_id}/orderItems",
                        patient=False).json()
        lines = []
        for item in res.get("payload", {}).get("OrderItems", []):
            price = item.get("ItemPrice") or {}
            lines.append({"order_item_id": str(item["OrderItemId"]), "sku": str(item["SellerSKU"]),
                          "quantity": int(item.get("QuantityOrdered", 0)),
                          "amount_cents": cents_of(price.get("Amount", 0))})
        return lines

    def order_status(self, order_id: str) -> str:
        res = self.call("getOrder", "GET", f"/orders/v0/orders/{order_id}", patient=False).json()
        order = res.get("payload", {})
        return str(order.get("OrderStatus") or order.get("Status") or "")

    def confirm_shipment(self, order_id: str, lines: list[dict[str, Any]], carrier: str,
                         tracking: str, ship_date: str) -> None:
        known = carrier in ("UPS", "USPS", "FedEx", "DHL")
        package = {
            "packageReferenceId": "1",  # positive numeric, one package per order
            "carrierCode": carrier if known else "Other",
            "trackingNumber": tracking,
            "shipDate": ship_date,
            "orderItems": [{"orderItemId": l["order_item_id"], "quantity": l["quantity"]}
                           for l in lines],
        }
        if not known:
            package["carrierName"] = carrier or "Other"
        try:
            self.call("confirmShipment", "POST", f"/orders/v0/orders/{order_id}/shipmentConfirmation",
                      {"marketplaceId": self.marketplace_id, "packageDetail": package}, patient=False)
        except Refused as err:
            # A confirmation whose answer was lost: Amazon refuses the second one (the order
            # is Shipped already). Ask the order: shipped means our first attempt landed.
            if err.status == 400 and self.order_status(order_id) == "Shipped":
                raise AlreadyDone() from err
            raise

    def set_quantity(self, sku: str, quantity: int) -> None:
        body = {"productType": "PRODUCT",
                "patches": [{"op": "replace", "path": "/attributes/fulfillment_availability",
                             "value": [{"fulfillment_channel_code": "DEFAULT",
                                        "quantity": quantity}]}]}
        self.call("patchListingsItem", "PATCH",
                  f"/listings/2021-08-01/items/{self.seller_id}/{urllib.parse.quote(sku)}",
                  body, query="?marketplaceIds=" + self.marketplace_id)


def iso_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time()))
