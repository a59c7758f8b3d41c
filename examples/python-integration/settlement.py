"""settlement: each marketplace payout booked once in the ERP, to the cent.

Written from docs/dialects/marketplace.md ("Finances") and docs/dialects/erp.md ("Journal
entries"):

- SP-API Finances v0 moves the seller's money in settlement periods (financial event groups).
  A group that is `Closed` and has a `FundTransferStatus` is a payout: its balance went to the
  bank. A closed group with no transfer (nothing or less than nothing to pay) carries its
  balance into the next group's `BeginningBalance`, and is booked there.
- A closed group takes no more events, so its own events (`listFinancialEventsByGroupId`) are
  the payout's final content. Events are released late: one posted in an earlier period can
  land in a later group (a late adjustment), and it belongs to the payout it was paid in —
  never book by posted-date windows.
- One balanced NetSuite `journalEntry` per payout, `externalId` = the group id: a retry after a
  lost answer meets `DUP_RCRD`, which means "already booked". Lines by purpose (the chart the
  ERP seeds): bank 1000 (the net, debit), sales 4000 (charges, credit), returns 4100 (refunded
  charges), fees 6100, adjustments 6150, clearing 1210 (the balance carried in).

Money is added up in integer cents, never in floats.

Defect `books-gross`: books the gross charges as the payout (bank debit = sales credit),
leaving out fees, refunds, adjustments and the carried balance.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from jobs import Job, Jobs, log
from resilience import Pace
from vendors import Erp, Marketplace, cents_of

ACCOUNT = {
    "bank": "ACCT-1000",
    "clearing": "ACCT-1210",
    "sales": "ACCT-4000",
    "returns": "ACCT-4100",
    "fees": "ACCT-6100",
    "adjustments": "ACCT-6150",
}

# Finances v0 usage plan (docs/dialects/marketplace.md, "Limits"): 0.5 requests/s, burst 30.
FINANCES_PLAN = (0.5, 30)
FINANCES_OPS = ("listFinancialEventGroups", "listFinancialEventsByGroupId")


def money(value: Any) -> int:
    """A Finances `Currency` ({CurrencyCode, CurrencyAmount}) in cents (0 when absent)."""
    if not isinstance(value, dict) or value.get("CurrencyAmount") is None:
        return 0
    return cents_of(value["CurrencyAmount"])


def summed(lines: Any, key: str) -> int:
    return sum(money(line.get(key)) for line in (lines or []) if isinstance(line, dict))


def totals(events: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """A group's events by purpose, in signed cents from the seller's side (fees < 0)."""
    charges = fees = refunds = adjustments = 0
    for event in events["ShipmentEventList"]:
        for item in event.get("ShipmentItemList") or []:
            charges += summed(item.get("ItemChargeList"), "ChargeAmount")
            fees += summed(item.get("ItemFeeList"), "FeeAmount")
    for event in events["RefundEventList"]:
        for item in event.get("ShipmentItemAdjustmentList") or []:
            refunds += summed(item.get("ItemChargeAdjustmentList"), "ChargeAmount")
            fees += summed(item.get("ItemFeeAdjustmentList"), "FeeAmount")
    for event in events["AdjustmentEventList"]:
        adjustments += money(event.get("AdjustmentAmount"))
    return {"charges": charges, "fees": fees, "refunds": refunds, "adjustments": adjustments}


def journal_lines(group_id: str, t: dict[str, int], beginning: int,
                  gross: bool = False) -> list[dict[str, Any]]:
    """Balanced journal lines. `signed` is credit − debit per account (seller's side); the bank
    takes the net as a debit, so debits equal credits by construction."""
    if gross:
        signed = [("sales", t["charges"])]
    else:
        signed = [("sales", t["charges"]), ("returns", t["refunds"]), ("fees", t["fees"]),
                  ("adjustments", t["adjustments"]), ("clearing", beginning)]
    net = sum(v for _, v in signed)
    signed.insert(0, ("bank", -net))
    lines = []
    for purpose, v in signed:
        if v == 0:
            continue
        side = "credit" if v > 0 else "debit"
        lines.append({"account": {"externalId": ACCOUNT[purpose]}, side: abs(v) / 100,
                      "memo": f"Marketplace settlement {group_id}"})
    return lines


class Settlement:
    def __init__(self, mkt: Marketplace, erp: Erp, jobs: Jobs, defects: set[str]):
        self.mkt = mkt
        self.erp = erp
        self.jobs = jobs
        self.gross = "books-gross" in defects
        for op in FINANCES_OPS:
            mkt.pace.setdefault(op, Pace(*FINANCES_PLAN))
        jobs.on("payout", self.book)

    # ---- SP-API Finances -----------------------------------------------------------------

    def _pages(self, op: str, path: str, params: dict[str, str], key: str) -> list[Any]:
        """Every page of a Finances listing (a NextToken page carries nothing else)."""
        out: list[Any] = []
        query = dict(params)
        for _ in range(10_000):
            res = self.mkt.call(op, "GET", path, query="?" + urllib.parse.urlencode(query)).json()
            payload = res.get("payload") or {}
            out.append(payload.get(key) or {})
            token = payload.get("NextToken")
            if not token:
                break
            query = {"NextToken": token}
        return out

    def groups(self) -> list[dict[str, Any]]:
        pages = self._pages("listFinancialEventGroups", "/finances/v0/financialEventGroups",
                            {"MaxResultsPerPage": "100"}, "FinancialEventGroupList")
        return [g for page in pages for g in (page or [])]

    def group_events(self, group_id: str) -> dict[str, list[dict[str, Any]]]:
        path = f"/finances/v0/financialEventGroups/{urllib.parse.quote(group_id)}/financialEvents"
        events: dict[str, list[dict[str, Any]]] = {
            "ShipmentEventList": [], "RefundEventList": [], "AdjustmentEventList": []}
        for page in self._pages("listFinancialEventsByGroupId", path, {"MaxResultsPerPage": "100"},
                                "FinancialEvents"):
            for kind, items in events.items():
                items.extend(page.get(kind) or [])
        return events

    # ---- the flow ---------------------------------------------------------------------------

    def poll(self) -> None:
        """Queue a booking for every payout; the job id is the group id, so once is enough."""
        for g in self.groups():
            if g.get("ProcessingStatus") != "Closed" or not g.get("FundTransferStatus"):
                continue
            group_id = str(g["FinancialEventGroupId"])
            self.jobs.add(f"payout:{group_id}", "payout", {
                "group_id": group_id, "beginning_cents": money(g.get("BeginningBalance")),
                "total_cents": money(g.get("OriginalTotal"))})

    def book(self, job: Job) -> None:
        p = job.payload
        group_id = p["group_id"]
        t = totals(self.group_events(group_id))
        net = p["beginning_cents"] + sum(t.values())
        if net != p["total_cents"] and not self.gross:
            # the group's total is its beginning balance plus its events: a difference means
            # an event we did not read; say so (the booking still follows the events read)
            log(f"settlement {group_id}: events add up to {net} cents, the group says "
                f"{p['total_cents']}")
        lines = journal_lines(group_id, t, p["beginning_cents"], gross=self.gross)
        if not lines:
            return  # nothing moved in this period
        # externalId = the group id: a retry after a lost answer is refused as DUP_RCRD, which
        # Erp.create turns into AlreadyDone
        self.erp.create("journalEntry", {
            "externalId": group_id,
            "memo": f"Marketplace settlement {group_id}",
            "line": {"items": lines},
        })
