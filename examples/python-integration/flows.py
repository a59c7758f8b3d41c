"""The four flows (docs/target-contract.md, "Cross-system references the oracle links by"):

- order-to-erp:   SP-API order -> NetSuite salesOrder, externalId = otherRefNum = AmazonOrderId
- fulfillment:    SP-API order -> ShipBob order (reference_id = AmazonOrderId); ShipBob shipment ->
                  SP-API confirmShipment (ShipBob's tracking number) + NetSuite itemFulfillment
                  transformed from the sales order
- inventory-sync: ShipBob fulfillable units - units sold but not yet in ShipBob -> listing quantity
- pos-to-erp:     Square COMPLETED order -> NetSuite cashSale (externalId = Square order id);
                  Square refund -> NetSuite cashRefund (externalId = refund id)

Storefront orders, stock and prices live in storefront.py and pricing.py; their orders go through
the same salesOrder / wmsOrder / confirmShipment / itemFulfillment jobs as marketplace orders.

Polling is the record, webhooks are hints: every channel is polled with an overlapping cursor,
and a webhook only makes the next poll come sooner (or, for a signed ShipBob shipment, hands over
the shipment at once).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal
from typing import Any, Callable

from jobs import AlreadyDone, Job, Jobs, log
from resilience import Refused, Retryable, backoff
from pricing import Pricing
from storefront import Storefront, StorefrontFlows, erp_external_id, is_storefront_order
from settlement import Settlement
from listing_sync import ListingSync
from vendors import Erp, Marketplace, Pos, Wms, dollars, error_code

# The NetSuite customer every web and store sale is booked to: seeded in every account
# (docs/dialects/erp.md, "Seeded customers").
CUSTOMER = {"externalId": "OMNI-WEB"}
LOW_STOCK = 10
PATCHES_PER_PASS = 50  # listing patches per inventory pass while the storefront sells too


def parse_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def format_time(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def minus(value: str, seconds: float) -> str:
    return format_time(parse_time(value) - dt.timedelta(seconds=seconds))


def every(seconds: float, task: Callable[[], None], wake: threading.Event | None = None,
          name: str = "loop") -> threading.Thread:
    """Run `task` every `seconds` (sooner when `wake` is set); back off while it fails."""

    def loop() -> None:
        failures = 0
        while True:
            try:
                task()
                failures = 0
                delay = seconds
            except (Retryable, Refused) as err:
                failures += 1
                retry_after = getattr(err, "retry_after", None)
                delay = max(seconds, backoff(failures, retry_after, base=0.5, cap=10.0))
                if failures in (1, 10) or failures % 50 == 0:
                    log(f"{name}: {err}")
            except Exception as err:  # keep the loop alive; say what broke
                failures += 1
                delay = 5.0
                log(f"{name}: unexpected {err!r}")
            if wake is not None:
                # a hint (webhook) cuts the wait short, but polls stay at least 0.25 s apart
                time.sleep(min(delay, 0.25))
                wake.wait(max(0.0, delay - 0.25))
                wake.clear()
            else:
                time.sleep(delay)

    thread = threading.Thread(target=loop, daemon=True, name=name)
    thread.start()
    return thread


class Integration:
    def __init__(self, env: dict[str, str], defects: set[str], settings: dict[str, Any]):
        self.defects = defects
        self.settings = settings
        timeout = None if "no-client-timeouts" in defects else settings["timeout"]
        self.erp = Erp(env, timeout) if env.get("OMNICHAOS_ERP_URL") else None
        self.pos = Pos(env, timeout) if env.get("OMNICHAOS_POS_URL") else None
        self.wms = Wms(env, timeout) if env.get("OMNICHAOS_WMS_URL") else None
        self.mkt = (Marketplace(env, timeout, paced="ignore-retry-after" not in defects)
                    if env.get("OMNICHAOS_MARKETPLACE_URL") else None)
        self.shop = (Storefront(env, timeout) if env.get("OMNICHAOS_STOREFRONT_GRAPHQL_URL")
                     else None)
        if "no-backoff" in defects:  # a hand-rolled loop: no breaker either
            for system in self.systems():
                system.breaker.enabled = False
        self.jobs = Jobs(workers=settings["workers"], log=log, policy={
            "no_backoff": "no-backoff" in defects,
            "ignore_retry_after": "ignore-retry-after" in defects,
            "dead_letter_every": 5.0,
        }, limits={"confirmShipment": 4})  # storefront fulfilments wait for its cost bucket
        for kind, handler in {
            "marketplaceOrder": self.read_order, "salesOrder": self.book_order,
            "wmsOrder": self.route_order, "confirmShipment": self.confirm,
            "itemFulfillment": self.fulfil, "cashSale": self.book_sale,
            "cashRefund": self.book_refund,
        }.items():
            self.jobs.on(kind, handler)
        self.listing_sync = (ListingSync(self.mkt, LOW_STOCK, settings["low_stock_buffer"],
                                         settings["listing_lag"], "syncs-on-hand" in defects)
                             if self.mkt else None)
        self.settlement = Settlement(self.mkt, self.erp, self.jobs, defects) if self.mkt and self.erp else None
        self.lock = threading.Lock()
        self.lines: dict[str, list[dict[str, Any]]] = {}
        self.unrouted: dict[str, dict[str, int]] = {}
        self.recently_routed: list[tuple[float, dict[str, int]]] = []
        self.awaiting_shipment: set[str] = set()
        self.mkt_cursor: str | None = None
        self.mkt_polled_at = 0.0
        self.pos_cursor: str | None = None
        self.wake_mkt = threading.Event()
        self.wake_pos = threading.Event()
        self.shop_flows = StorefrontFlows(self) if self.shop else None
        self.pricing = Pricing(self) if self.erp and (self.shop or self.mkt) else None

    def systems(self) -> list[Any]:
        return [c.system for c in (self.erp, self.pos, self.wms, self.mkt, self.shop)
                if c is not None]

    # ---- start-up -------------------------------------------------------------------------

    def load(self) -> None:
        """What must be known before scenario time starts (health turns 200 after this)."""
        for attempt in range(60):
            try:
                if self.pos:
                    self.pos.load()
                if self.wms:
                    self.wms.load()
                if self.mkt:
                    self.mkt.refresh_token()
                if self.shop:
                    self.shop.load()
                return
            except (Retryable, Refused) as err:
                log(f"start-up: {err}")
                time.sleep(min(5.0, 0.25 * (attempt + 1)))
        raise RuntimeError("could not load the POS catalog / WMS channel / LWA token / storefront items")

    def start(self) -> None:
        self.jobs.start()
        poll = self.settings["poll_every"]
        if self.pos and self.erp:
            every(poll, self.poll_pos, self.wake_pos, name="pos-poll")
        if self.mkt:
            every(poll, self.poll_marketplace, self.wake_mkt, name="marketplace-poll")
            if self.wms:
                inventory_every = 3600.0 if "stale-inventory" in self.defects else self.settings["inventory_every"]
                every(inventory_every, self.sync_inventory, name="inventory-sync")
                every(poll * 8, self.reconcile_shipments, name="shipment-reconcile")
        if self.shop_flows:
            self.shop_flows.start()
        if self.pricing:
            # `hourly-price-sync`: the price book is read once an hour
            self.pricing.start(every, 3600.0 if "hourly-price-sync" in self.defects
                               else self.settings["price_every"])
        if self.settlement:
            # payouts come every few days: Finances is polled rarely, keeping to its quota
            every(self.settings["settle_every"], self.settlement.poll, name="settlement-poll")

    # ---- order-to-erp and fulfillment -----------------------------------------------------

    def poll_marketplace(self) -> None:
        started = time.time()
        since = self.mkt_cursor or "2000-01-01T00:00:00Z"
        # Poll again 2 minutes back: an order can commit late and appear behind the cursor.
        newest = since
        for order in self.mkt.orders_updated_since(minus(since, 120)):
            updated = str(order.get("LastUpdateDate") or order.get("PurchaseDate") or "")
            if updated and parse_time(updated) > parse_time(newest):
                newest = updated
            # schema drift renames OrderStatus; an order is taken unless it says it is not ready
            status = order.get("OrderStatus") or order.get("Status") or ""
            if status in ("Pending", "Canceled"):
                continue
            self.take_order(str(order["AmazonOrderId"]))
        self.mkt_cursor = newest
        self.mkt_polled_at = started

    def take_order(self, order_id: str) -> None:
        self.jobs.add(f"mkt:{order_id}", "marketplaceOrder", {"order_id": order_id})

    def read_order(self, job: Job) -> None:
        order_id = job.payload["order_id"]
        lines = self.mkt.order_items(order_id)
        self.take_lines(order_id, lines)
        if self.listing_sync:
            self.listing_sync.sold(lines)  # Amazon lowered the listing itself

    def take_lines(self, order_id: str, lines: list[dict[str, Any]]) -> None:
        """An order with its lines, from either channel: the ERP and WMS jobs."""
        with self.lock:
            self.lines[order_id] = lines
            if self.wms:
                units: dict[str, int] = {}
                for l in lines:
                    units[l["sku"]] = units.get(l["sku"], 0) + l["quantity"]
                self.unrouted[order_id] = units
        payload = {"order_id": order_id, "lines": lines}
        if self.erp:
            self.jobs.add(f"salesOrder:{order_id}", "salesOrder", payload)
        if self.wms:
            self.jobs.add(f"wmsOrder:{order_id}", "wmsOrder", payload)

    def external_id(self, source_id: str, job: Job) -> str:
        """The id a retry carries: the source's own, so the ERP recognises a write that landed.
        `new-external-id-on-retry` makes each retry look new ("to avoid duplicate errors")."""
        if "new-external-id-on-retry" in self.defects and job.attempt > 0:
            return f"{source_id}-R{job.attempt}"
        return source_id

    def amount(self, cents: int) -> float:
        if "rounds-prices" in self.defects:
            return float(round(cents / 100))  # whole dollars: totals drift by cents
        return dollars(cents)

    def book_order(self, job: Job) -> None:
        order_id = job.payload["order_id"]
        self.erp.create("salesOrder", {
            "externalId": self.external_id(erp_external_id(order_id), job),
            "otherRefNum": order_id,
            "entity": CUSTOMER,
            # the order commits stock at the 3PL's warehouse, where its fulfillment relieves it
            "location": {"externalId": self.settings["fulfilment_location"]},
            "item": {"items": [{"item": {"externalId": l["sku"]}, "quantity": l["quantity"],
                                "amount": self.amount(l["amount_cents"])}
                               for l in job.payload["lines"]]},
        })

    def route_order(self, job: Job) -> None:
        order_id = job.payload["order_id"]
        try:
            created = self.wms.create_order(order_id, job.payload["lines"])
        except AlreadyDone:
            created = None
        with self.lock:
            self.awaiting_shipment.add(order_id)
            units = self.unrouted.pop(order_id, None)
            if units:
                self.recently_routed.append((time.time(), units))
        if "confirms-early" in self.defects:
            # The mistake: tell the marketplace "shipped" as soon as the warehouse has the order,
            # with the warehouse order id standing in for a tracking number.
            wms_id = str((created or {}).get("id", order_id))
            self.jobs.add(f"confirm:{order_id}", "confirmShipment", {
                "order_id": order_id, "carrier": "UPS", "tracking": f"1Z{wms_id}",
                "ship_date": format_time(dt.datetime.now(dt.timezone.utc))})

    def shipped(self, order: dict[str, Any]) -> None:
        """A ShipBob order has shipped (webhook or reconcile): confirm it and fulfil it."""
        order_id = order.get("reference_id")
        shipments = order.get("shipments") or []
        tracking = (shipments[0].get("tracking") if shipments else None) or {}
        number = tracking.get("tracking_number")
        if not order_id or not number:
            return
        with self.lock:
            self.awaiting_shipment.discard(order_id)
        ship = {"order_id": order_id, "carrier": tracking.get("carrier") or "Other",
                "tracking": number,
                "ship_date": tracking.get("shipping_date") or format_time(dt.datetime.now(dt.timezone.utc))}
        self.jobs.add(f"confirm:{order_id}", "confirmShipment", ship)
        if self.erp:
            self.jobs.add(f"fulfil:{order_id}", "itemFulfillment", ship)

    def confirm(self, job: Job) -> None:
        p = job.payload
        if is_storefront_order(p["order_id"]):
            if self.shop and not self.shop.fulfil(p["order_id"], p["carrier"], p["tracking"]):
                raise AlreadyDone()  # an earlier attempt landed: nothing left to fulfil
            return
        lines = self.lines.get(p["order_id"]) or self.mkt.order_items(p["order_id"])
        self.mkt.confirm_shipment(p["order_id"], lines, p["carrier"], p["tracking"], p["ship_date"])

    def fulfil(self, job: Job) -> None:
        p = job.payload
        ours = f"FUL-{p['order_id']}"
        try:
            self.erp.fulfil(erp_external_id(p["order_id"]), {"externalId": ours,
                                            "memo": f"{p['carrier']} {p['tracking']}"})
        except Refused as err:
            # "no items to fulfill": after a lost answer, our own fulfillment may have taken them
            # — done only if it is there. Otherwise the ERP has nothing committed to ship (its
            # stock ran out before the order): a refusal, left in the dead letters and retried
            # (a receipt may still come), never taken as done.
            if (err.status == 400 and "no items to fulfill" in err.response.text.lower()
                    and self.erp.exists("itemFulfillment", ours)):
                raise AlreadyDone() from err
            raise

    def reconcile_shipments(self) -> None:
        """Webhooks can be lost: ask ShipBob about orders still waiting for a shipment."""
        with self.lock:
            refs = sorted(self.awaiting_shipment)
        for i in range(0, len(refs), 100):
            for order in self.wms.orders_by_reference(refs[i:i + 100]):
                if order.get("status") in ("Fulfilled", "Completed"):
                    self.shipped(order)

    # ---- inventory-sync ---------------------------------------------------------------------

    def sync_inventory(self) -> None:
        read_at = time.time()
        stock = self.wms.stock()
        if "stale-inventory" not in self.defects:
            # Wait (up to 10 s) until order intake has caught up with the stock read: a whole
            # marketplace poll started after it and nothing waits to be itemised.
            deadline = time.time() + 10
            while time.time() < deadline and (self.mkt_polled_at < read_at - 1.0
                                               or self.jobs.pending("marketplaceOrder") > 0):
                time.sleep(0.05)
        pending = self.pending_units(read_at)
        wanted = [(self.sellable(level, pending), level["sku"], self.available(level, pending))
                  for level in stock]
        budget = None
        if self.storefront_sells():
            # the storefront sells the same units: the SKUs closest to selling out first, and a
            # bounded pass, so the next one starts from a fresh stock read
            wanted.sort()
            budget = PATCHES_PER_PASS
        for quantity, sku, available in wanted:
            if budget is not None and budget <= 0:
                break
            # patches land minutes after ACCEPTED: listing_sync.py decides what to send
            if self.listing_sync.publish(sku, quantity, available) and budget is not None:
                budget -= 1

    def storefront_sells(self) -> bool:
        return bool(self.shop_flows and self.shop_flows.taken)

    def listing_may_show(self, sku: str) -> int | None:
        """The most the marketplace listing may show now (None: not read yet, its opening
        stock)."""
        return self.listing_sync.may_show(sku)

    def pending_units(self, read_at: float) -> dict[str, int]:
        """Units sold (either channel) but not in a stock read made at `read_at`: still
        unrouted, or routed while it ran."""
        with self.lock:
            self.recently_routed = [r for r in self.recently_routed if r[0] >= time.time() - 60]
            pending: dict[str, int] = {}
            for units in list(self.unrouted.values()) + [u for at, u in self.recently_routed if at >= read_at]:
                for sku, q in units.items():
                    pending[sku] = pending.get(sku, 0) + q
        return pending

    def available(self, level: dict[str, Any], pending: dict[str, int]) -> int:
        """Fulfillable units less those sold but not in the stock read."""
        if "syncs-on-hand" in self.defects:
            # the mistake: the warehouse's shelf count is what may be sold — units promised to
            # orders (in the warehouse or still on their way to it) are on the shelf too
            return level["on_hand"]
        return level["fulfillable"] - pending.get(level["sku"], 0)

    def sellable(self, level: dict[str, Any], pending: dict[str, int],
                 channel: str = "marketplace") -> int:
        """What a channel may offer of a SKU: fulfillable − pending − a few held back when low."""
        available = self.available(level, pending)
        # `syncs-on-hand` sees no orders on their way, so nothing to hold back for them
        buffer = 0 if "syncs-on-hand" in self.defects else self.settings["low_stock_buffer"]
        held = buffer if available <= LOW_STOCK else 0
        quantity = max(0, available - held)
        # (`leaves-storefront-stock` keeps no units for a storefront whose stock it never writes)
        sharing = "leaves-storefront-stock" not in self.defects
        if available <= LOW_STOCK and self.mkt and self.storefront_sells() and sharing:
            # Near a stock-out two channels showing the same last units sell them twice (each
            # lowers only its own count). The last units go to the storefront alone: its orders
            # come by webhook within a second and its writes are compare-and-set. The listing
            # shows 0, the storefront what is left beyond what the listing may still show.
            if channel == "marketplace":
                return 0
            shown = self.listing_may_show(level["sku"])
            return 0 if shown is None else max(0, quantity - shown)
        return quantity

    # ---- pos-to-erp -------------------------------------------------------------------------

    def poll_pos(self) -> None:
        by_created = "polls-by-created-at" in self.defects
        field = "created_at" if by_created else "updated_at"
        since = self.pos_cursor or "1970-01-01T00:00:00.000Z"
        # updated_at with a 10 s overlap: offline tills upload old sales with a new updated_at
        start_at = since if by_created else minus(since, 10)
        newest = since
        ids = sorted(self.pos.store_of)
        for i in range(0, len(ids), 10):
            cursor = None
            for _ in range(10_000):
                page = self.pos.search_completed(ids[i:i + 10], field, start_at, cursor)
                for order in page.get("orders", []):
                    at = order.get(field) or since
                    if parse_time(at) > parse_time(newest):
                        newest = at
                    self.take_sale(order)
                cursor = page.get("cursor")
                if not cursor:
                    break
        self.pos_cursor = newest

    def take_sale(self, order: dict[str, Any]) -> None:
        store = self.pos.store_of.get(order.get("location_id", ""), order.get("location_id", ""))
        lines = []
        for l in order.get("line_items", []):
            lines.append({
                "sku": self.pos.sku_of.get(l.get("catalog_object_id", ""), l.get("name", "UNKNOWN")),
                "quantity": int(Decimal(str(l.get("quantity", "1")))),
                "amount_cents": int((l.get("total_money") or {}).get("amount", 0)),
                "unit_cents": int((l.get("base_price_money") or {}).get("amount", 0)),
            })
        # `delays-store-sales`: each sale waits STORE_DELAY seconds before it is booked
        delay = self.settings["store_delay"] if "delays-store-sales" in self.defects else 0.0
        self.jobs.add(f"cashSale:{order['id']}", "cashSale",
                      {"order_id": order["id"], "store": store, "lines": lines}, delay=delay)
        if "skips-refunds" in self.defects:
            return
        for refund in order.get("refunds", []) or []:
            if refund.get("status") in ("REJECTED", "FAILED"):
                continue
            amount = int((refund.get("amount_money") or {}).get("amount", 0))
            # Square's order refund names no line; a till refund is one line: the line whose
            # unit price divides the amount.
            line = next((l for l in lines if l["unit_cents"] > 0 and amount % l["unit_cents"] == 0),
                        lines[0] if lines else None)
            if line is None:
                continue
            quantity = max(1, amount // line["unit_cents"]) if line["unit_cents"] > 0 else 1
            self.jobs.add(f"cashRefund:{refund['id']}", "cashRefund", {
                "refund_id": refund["id"], "order_id": order["id"], "store": store,
                "sku": line["sku"], "quantity": quantity, "amount_cents": amount})

    def book_sale(self, job: Job) -> None:
        p = job.payload
        self.erp.create("cashSale", {
            "externalId": self.external_id(p["order_id"], job),
            "otherRefNum": p["order_id"],
            "entity": CUSTOMER,
            "location": {"externalId": p["store"]},
            "item": {"items": [{"item": {"externalId": l["sku"]}, "quantity": l["quantity"],
                                "amount": self.amount(l["amount_cents"])} for l in p["lines"]]},
        })

    def book_refund(self, job: Job) -> None:
        p = job.payload
        self.erp.create("cashRefund", {
            "externalId": self.external_id(p["refund_id"], job),
            "otherRefNum": p["refund_id"],
            "entity": CUSTOMER,
            "location": {"externalId": p["store"]},
            "item": {"items": [{"item": {"externalId": p["sku"]}, "quantity": p["quantity"],
                                "amount": self.amount(p["amount_cents"])}]},
        })

    # ---- webhooks (already verified and de-duplicated by the server) -----------------------

    def on_pos_event(self, event: dict[str, Any]) -> None:
        self.wake_pos.set()

    def on_wms_event(self, event: dict[str, Any]) -> None:
        topic = event.get("topic")
        if topic == "order.shipped":
            self.shipped(event)

    def on_marketplace_event(self, event: dict[str, Any]) -> None:
        change = ((event.get("Payload") or {}).get("OrderChangeNotification") or {})
        order_id = change.get("AmazonOrderId")
        status = (change.get("Summary") or {}).get("OrderStatus")
        if order_id and status in ("Unshipped", "PartiallyShipped", "Shipped"):
            self.take_order(str(order_id))
        self.wake_mkt.set()


__all__ = ["Integration", "error_code"]
