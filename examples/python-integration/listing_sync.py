"""Marketplace listing quantities, with SP-API's asynchronous listing processing in mind.

docs/dialects/marketplace.md: `patchListingsItem` answers `ACCEPTED` at once, but the new quantity
shows only once Amazon has processed the submission ("Accepted does not mean the process is
complete", https://developer-docs.amazon.com/sp-api/docs/manage-listings-issues; the simulator's
default is a guess of two minutes). Meanwhile the listing keeps selling at its old quantity,
lowering it with each order; when the patch lands it sets the quantity we sent, so every order
placed while it was on its way is written over: the listing then offers units that are gone.
So:

1. **Do not patch what Amazon does itself.** Amazon lowers a listing for each of its own orders.
   We keep what we believe each listing shows (read with `getListingsItem`, lowered by each
   marketplace order we see) and patch only when stock moved for another reason (write-offs,
   restocks, another channel's sales).
2. **Send what will still be true when it lands.** Near a stock-out, hold back the units the
   SKU sold over the last processing time (its recent pace, on every channel: a storefront
   sale does not lower the listing, but it takes a unit the patch still offers), plus the
   low-stock buffer. A
   listing already between that and the true quantity is left alone: patching it would only
   race Amazon's own counting.
3. **Never raise over a patch still on its way**: wait for it to land, then decide again.
4. **Know when a patch landed.** A patch is in flight until a read of the listing no longer
   matches "old quantity minus the orders since": then it has been applied, and the time it
   took is the processing time we plan with (a first guess until one is measured).
"""

from __future__ import annotations

import collections
import threading
import time
import urllib.parse
from typing import Any

from resilience import Pace
from vendors import Marketplace


class ListingSync:
    def __init__(self, mkt: Marketplace, low_stock: int, buffer: int, lag_guess: float,
                 on_hand: bool = False):
        self.mkt = mkt
        # `syncs-on-hand` takes the shelf count for what may be sold: it holds nothing back for
        # orders on their way (no buffer, no pace)
        self.on_hand = on_hand
        self.low_stock = low_stock
        self.buffer = 0 if on_hand else buffer
        # seconds Amazon takes to apply a patch, on our clock: a guess until measured
        self.lag = lag_guess
        self.measured: collections.deque[float] = collections.deque(maxlen=10)
        self.believed: dict[str, int] = {}  # what each listing shows once in-flight patches land
        self.inflight: dict[str, dict[str, Any]] = {}
        self.sales: collections.deque[tuple[float, str, int]] = collections.deque()
        self.lock = threading.Lock()
        mkt.pace.setdefault("getListingsItem", Pace(5, 10))  # SP-API usage plan (dialect page)

    # ---- what we learn from orders --------------------------------------------------------

    def sold(self, lines: list[dict[str, Any]]) -> None:
        """A marketplace order we have read: Amazon lowered the listing by its units."""
        now = time.time()
        with self.lock:
            for line in lines:
                sku, units = line["sku"], int(line["quantity"])
                self.sales.append((now, sku, units))
                flight = self.inflight.get(sku)
                if flight is not None:
                    flight["sold"] += units  # written over when the patch lands
                elif sku in self.believed:
                    self.believed[sku] = max(0, self.believed[sku] - units)

    def sold_elsewhere(self, lines: list[dict[str, Any]]) -> None:
        """An order on another channel (the storefront): the listing does not move, but the
        units are gone from the same stock, so they count in the pace a patch must outlast."""
        now = time.time()
        with self.lock:
            for line in lines:
                self.sales.append((now, line["sku"], int(line["quantity"])))

    def pace_of(self, sku: str) -> int:
        """Units of `sku` sold over the last processing time: what may sell before a patch lands."""
        horizon = time.time() - self.lag
        with self.lock:
            while self.sales and self.sales[0][0] < time.time() - max(self.lag, 1.0) * 4:
                self.sales.popleft()
            return sum(u for at, s, u in self.sales if s == sku and at >= horizon)

    # ---- the listing itself -----------------------------------------------------------------

    def shown(self, sku: str) -> int:
        res = self.mkt.call(
            "getListingsItem", "GET",
            f"/listings/2021-08-01/items/{self.mkt.seller_id}/{urllib.parse.quote(sku)}",
            query=f"?marketplaceIds={self.mkt.marketplace_id}&includedData=fulfillmentAvailability",
        ).json()
        for entry in res.get("fulfillmentAvailability") or []:
            if entry.get("fulfillmentChannelCode") == "DEFAULT":
                return int(entry.get("quantity") or 0)
        return 0

    def _landed(self, sku: str) -> None:
        """Has the patch in flight for `sku` been applied? Read the listing and see."""
        flight = self.inflight[sku]
        quantity = self.shown(sku)
        waited = time.time() - flight["sent_at"]
        unapplied = max(0, flight["before"] - flight["sold"])
        if quantity != unapplied or waited > 4 * self.lag:
            if quantity != unapplied:
                self.measured.append(waited)
                self.lag = max(self.measured)
            with self.lock:
                self.inflight.pop(sku, None)
                self.believed[sku] = quantity

    def may_show(self, sku: str) -> int | None:
        """The most the listing may show now (None: not read yet): a patch on its way may or
        may not have landed."""
        with self.lock:
            flight = self.inflight.get(sku)
            believed = self.believed.get(sku)
            if flight is None:
                return believed
            return max(flight["value"], max(0, flight["before"] - flight["sold"]))

    def publish(self, sku: str, safe: int, available: int) -> bool:
        """Bring the listing of `sku` within [what is safe, what is true] by the rules above:
        `safe` is what the flows would offer (`sellable`), `available` the true quantity
        (fulfillable − units sold, not yet routed). True when a patch was sent."""
        if sku in self.inflight:
            self._landed(sku)
        if sku not in self.believed and sku not in self.inflight:
            quantity = self.shown(sku)
            with self.lock:
                self.believed.setdefault(sku, quantity)
        expected = 0 if self.on_hand else self.pace_of(sku)
        low = available <= self.low_stock + expected
        want = max(0, min(safe, available - (self.buffer + expected) if low else safe))
        with self.lock:
            flight = self.inflight.get(sku)
            # what the listing will show once the patch in flight lands (it writes over sales)
            future = flight["value"] if flight else self.believed[sku]
        if flight and want > flight["value"]:
            return False  # never raise over a patch still on its way: wait for it to land
        if want <= future <= max(0, available):
            return False  # between what is safe and what is true: a patch would only race Amazon
        before = self.believed.get(sku, 0) if flight is None else flight["before"]
        self.mkt.set_quantity(sku, want)
        with self.lock:
            self.inflight[sku] = {"value": want, "sent_at": time.time(), "before": before,
                                  "sold": 0 if flight is None else flight["sold"]}
        return True
