"""The pricing flow: the ERP keeps the price book; this carries it to the channels.

The price book is NetSuite's (docs/dialects/erp.md, "Prices"): one price per item and price level
— `Online Price` is what the storefront sells at, `Marketplace` the Amazon offer — and promotion
codes, a percentage off a level's price for some items between a start and an end. Every tick
asks the ERP by SuiteQL, on the ERP's own clock, which level prices changed since the last tick
and which promotions are live now, works out each SKU's price per channel (the level price less
a live promotion's rate, rounded half up to the cent; while a promotion runs the level price is
shown as the "was" price) and sends only what differs from what it last sent:

- storefront: one `productVariantsBulkUpdate` per product (all its changed variants in one
  call), keeping to the cost bucket (storefront.py);
- marketplace: a `purchasable_offer` listing patch per SKU, paced like every SP-API call.

Sending runs in a thread of its own, so a slow channel never holds back reading the ERP. The
defect `hourly-price-sync` reads the ERP once an hour.
"""

from __future__ import annotations

import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jobs import log
from resilience import Refused, Retryable

# ERP price level name -> the channel that sells at it (docs/dialects/erp.md, "Prices")
LEVEL_CHANNEL = {"Online Price": "storefront", "Marketplace": "marketplace"}


def suiteql(erp: Any, q: str) -> list[dict[str, Any]]:
    """One SuiteQL query, every page (`Prefer: transient` is required)."""
    rows: list[dict[str, Any]] = []
    offset = 0
    for _ in range(1000):
        page = erp.system.call("POST", f"/services/rest/query/v1/suiteql?limit=1000&offset={offset}",
                               {"q": q}, {"prefer": "transient"}).json()
        rows.extend(page.get("items") or [])
        if not page.get("hasMore"):
            break
        offset += 1000
    return rows


def cents(value: Any) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def decimal_text(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"


class Pricing:
    def __init__(self, integration: Any):
        self.i = integration
        self.erp = integration.erp
        self.shop = integration.shop
        self.mkt = integration.mkt
        self.levels: dict[int, str] = {}  # ERP level id -> channel
        self.list: dict[tuple[str, str], int] = {}  # (channel, sku) -> level price, cents
        self.active: dict[tuple[str, str], float] = {}  # (channel, sku) -> live promotion rate (%)
        self.sent: dict[tuple[str, str], tuple[int, int | None]] = {}  # what we last set
        self.pending: set[tuple[str, str]] = set()  # to send (kept until a send succeeds)
        self.lock = threading.Lock()
        self.wake = {c: threading.Event() for c in ("storefront", "marketplace")}
        self.watermark = "1970-01-01 00:00:00"

    def channels(self) -> set[str]:
        return {c for c, client in (("storefront", self.shop), ("marketplace", self.mkt)) if client}

    def load(self) -> None:
        """Price levels, the ERP's clock (the first watermark) and the price book as it stands:
        the channels already sell at it, so nothing is sent for it."""
        if self.levels and self.list:
            return
        for row in suiteql(self.erp, "SELECT id, name FROM pricelevel"):
            channel = LEVEL_CHANNEL.get(str(row.get("name")))
            if channel in self.channels():
                self.levels[int(row["id"])] = channel
        if not self.levels:
            return
        now = suiteql(self.erp, "SELECT TO_CHAR(SYSDATE, 'YYYY-MM-DD HH24:MI:SS') AS now "
                                "FROM pricelevel WHERE id = 1")
        watermark = str(now[0]["now"]) if now else self.watermark
        book = suiteql(self.erp, "SELECT i.itemid AS sku, p.pricelevel AS level, p.unitprice AS price "
                                 "FROM pricing p INNER JOIN item i ON i.id = p.item "
                                 f"WHERE p.pricelevel IN ({self.level_list()})")
        for r in book:
            self.list[(self.levels[int(r["level"])], str(r["sku"]))] = cents(r["price"])
        self.watermark = watermark

    def level_list(self) -> str:
        return ", ".join(str(level) for level in sorted(self.levels))

    def start(self, every_fn: Any, seconds: float) -> None:
        every_fn(seconds, self.tick, name="price-sync")
        # one sender per channel: a storefront waiting for its cost bucket holds back no offer
        for channel in self.channels():
            threading.Thread(target=self.send_loop, args=(channel,), daemon=True,
                             name=f"price-send-{channel}").start()

    def tick(self) -> None:
        """Read what changed in the ERP and which promotions are live; queue the differences."""
        self.load()
        if not self.levels:
            return
        dirty: set[tuple[str, str]] = set()
        changed = suiteql(self.erp, (
            "SELECT i.itemid AS sku, p.pricelevel AS level, p.unitprice AS price, "
            "TO_CHAR(p.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS modified "
            "FROM pricing p INNER JOIN item i ON i.id = p.item "
            f"WHERE p.pricelevel IN ({self.level_list()}) "
            f"AND p.lastmodifieddate >= TO_DATE('{self.watermark}', 'YYYY-MM-DD HH24:MI:SS')"))
        live = suiteql(self.erp, (
            "SELECT pc.rate AS rate, pc.pricelevel AS level, i.itemid AS sku, p.unitprice AS price "
            "FROM promotioncode pc "
            "INNER JOIN promotioncodeitem pci ON pci.promotioncode = pc.id "
            "INNER JOIN item i ON i.id = pci.item "
            "INNER JOIN pricing p ON p.item = pci.item AND p.pricelevel = pc.pricelevel "
            "WHERE pc.startdate <= SYSDATE AND pc.enddate > SYSDATE AND pc.isinactive = 'F'"))
        with self.lock:
            mark = self.watermark
            for r in changed:
                key = (self.levels[int(r["level"])], str(r["sku"]))
                price = cents(r["price"])
                if self.list.get(key) != price:
                    dirty.add(key)
                self.list[key] = price
                mark = max(mark, str(r.get("modified") or mark))
            self.watermark = mark
            now_active: dict[tuple[str, str], float] = {}
            for r in live:
                channel = self.levels.get(int(r["level"]))
                if not channel:
                    continue
                key = (channel, str(r["sku"]))
                now_active[key] = max(now_active.get(key, 0.0), float(r["rate"]))
                self.list.setdefault(key, cents(r["price"]))
            for key, rate in now_active.items():
                if self.active.get(key) != rate:
                    dirty.add(key)
            dirty.update(k for k in self.active if k not in now_active)  # ended: back to list
            self.active = now_active
            self.pending.update(dirty)
        if dirty:
            for wake in self.wake.values():
                wake.set()

    def want(self, key: tuple[str, str]) -> tuple[int, int | None] | None:
        """(price, was price or None) in cents."""
        price = self.list.get(key)
        if price is None:
            return None
        rate = self.active.get(key)
        if not rate:
            return (price, None)
        off = (Decimal(price) * (Decimal(100) - Decimal(str(rate))) / 100)
        return (int(off.to_integral_value(rounding=ROUND_HALF_UP)), price)

    def send_loop(self, channel: str) -> None:
        while True:
            self.wake[channel].wait(1.0)
            self.wake[channel].clear()
            try:
                self.send(channel)
            except Exception as err:  # keep the sender alive; what failed stays pending
                log(f"price-send {channel}: {err!r}")

    def send(self, only: str) -> None:
        store: dict[str, list[tuple[tuple[str, str], tuple[int, int | None], str]]] = {}
        offers: list[tuple[tuple[str, str], tuple[int, int | None]]] = []
        with self.lock:
            for key in list(self.pending):
                channel, sku = key
                if channel != only:
                    continue
                want = self.want(key)
                if want is None or self.sent.get(key) == want:
                    self.pending.discard(key)
                    continue
                if channel == "storefront":
                    variant = self.shop.variant_of.get(sku)
                    if not variant:
                        self.pending.discard(key)
                        continue
                    store.setdefault(variant[1], []).append((key, want, variant[0]))
                else:
                    offers.append((key, want))
        if store:
            self.send_storefront(store)
        if offers:
            # a few patches in flight at once: SP-API paces each call (vendors.py)
            with ThreadPoolExecutor(max_workers=4) as pool:
                list(pool.map(self.send_offer, offers))

    def done(self, key: tuple[str, str], want: tuple[int, int | None]) -> None:
        with self.lock:
            self.sent[key] = want
            # a newer change read meanwhile stays pending
            if self.want(key) == want:
                self.pending.discard(key)

    def send_storefront(self, store: dict[str, list[Any]]) -> None:
        """One productVariantsBulkUpdate per product: all its changed variants in one call."""
        for product_id, group in store.items():
            variants = [{"id": variant_id, "price": decimal_text(want[0]),
                         "compareAtPrice": None if want[1] is None else decimal_text(want[1])}
                        for _, want, variant_id in group]
            try:
                errors = self.shop.set_prices(product_id, variants)
            except (Retryable, Refused) as err:
                log(f"price-send storefront {product_id}: {err}")
                continue
            if errors:
                log(f"price-send storefront {product_id} refused: {errors}")
                continue
            for key, want, _ in group:
                self.done(key, want)

    def send_offer(self, offer: Any) -> None:
        """A `purchasable_offer` patch for one SKU (docs/dialects/marketplace.md)."""
        key, want = offer
        sku = key[1]
        body = {"productType": "PRODUCT", "patches": [{
            "op": "replace", "path": "/attributes/purchasable_offer",
            "value": [{"marketplace_id": self.mkt.marketplace_id, "currency": "USD",
                       "our_price": [{"schedule": [{"value_with_tax": float(decimal_text(want[0]))}]}]}],
        }]}
        try:
            res = self.mkt.call(
                "patchListingsItem", "PATCH",
                f"/listings/2021-08-01/items/{self.mkt.seller_id}/{urllib.parse.quote(sku)}",
                body, query="?marketplaceIds=" + self.mkt.marketplace_id).json()
        except (Retryable, Refused) as err:
            log(f"price-send marketplace {sku}: {err}")
            return
        if res.get("status") == "INVALID":
            log(f"price-send marketplace {sku} refused: {res.get('issues')}")
            return
        self.done(key, want)
